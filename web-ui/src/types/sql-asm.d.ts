/** sql.js's asm.js build (no WebAssembly) has the same API as the default entry point. */
declare module 'sql.js/dist/sql-asm.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}

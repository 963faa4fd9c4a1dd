import type { SqlJsStatic } from 'sql.js';

/**
 * Loads sql.js's asm.js build (the WebView has no WebAssembly) only when rollback mode needs it: the
 * build copies it beside the bundle as assets/sql-asm.js (vite.config.ts), a classic script that
 * defines the global initSqlJs. The native path never downloads or parses its 1.4 MB.
 */

export const SQL_ASM_PATH = 'assets/sql-asm.js';

type InitSqlJs = (config?: object) => Promise<SqlJsStatic>;

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(doc: Document = document): Promise<SqlJsStatic> {
  if (loading) return loading;
  loading = new Promise<InitSqlJs>((resolve, reject) => {
    const existing = (globalThis as { initSqlJs?: InitSqlJs }).initSqlJs;
    if (existing) {
      resolve(existing);
      return;
    }
    const script = doc.createElement('script');
    script.src = new URL(SQL_ASM_PATH, doc.baseURI).href;
    script.onload = () => {
      const init = (globalThis as { initSqlJs?: InitSqlJs }).initSqlJs;
      if (init) resolve(init);
      else reject(new Error('sql-asm.js loaded but did not define initSqlJs'));
    };
    script.onerror = () => reject(new Error(`could not load ${SQL_ASM_PATH}`));
    doc.head.appendChild(script);
  }).then((init) => init());
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

import type { Database, SqlJsStatic } from 'sql.js';

/** Opens rollback export bytes in sql.js and checks that they are one (the FTS4 index and rollback_meta). */
export function openRollbackDb(SQL: SqlJsStatic, bytes: Uint8Array): Database {
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (e) {
    throw new Error(`not a database file (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    const found = db.exec(`SELECT name FROM sqlite_master WHERE name IN ('cards', 'cards_fts', 'rollback_meta')`);
    const names = new Set((found[0]?.values ?? []).map((r) => String(r[0])));
    for (const needed of ['cards', 'cards_fts', 'rollback_meta']) {
      if (!names.has(needed)) throw new Error(`not a rollback export (it has no ${needed} table)`);
    }
  } catch (e) {
    db.close();
    throw e instanceof Error && e.message.startsWith('not a') ? e : new Error('not a database file (file is not a database)');
  }
  return db;
}

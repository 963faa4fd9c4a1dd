import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import initSqlJs from 'sql.js/dist/sql-asm.js';
import type { Database } from 'sql.js';

// vitest runs in web-ui/ (npm test, Maven); import.meta.url is not a file URL under happy-dom.
const RESOURCES = resolve(process.cwd(), '../src/main/resources/db') + '/';

/** Objects of the native schema that a rollback export does not have (FTS5 and the tables its indexing uses). */
const NOT_EXPORTED = /^(cards_fts|fts_deferred|fts_batch|fts_pending)/;

/**
 * An empty rollback export built the way the exporter builds one: the native schema of the newest
 * snapshot (db/schema/vN.schema, generated from the migrations) without its FTS5 objects, then the
 * rollback format's own script (db/rollback/fts4.sql) — one definition of the format.
 */
export async function emptyRollbackDb(): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  const newest = Math.max(...readdirSync(RESOURCES + 'schema').map((f) => /^v(\d+)\.schema$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined).map(Number));
  const rows = readFileSync(RESOURCES + `schema/v${newest}.schema`, 'utf8').split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [type, name, , ...sql] = l.split('|');
      return { type: type!, name: name!, sql: sql.join('|') };
    });
  for (const type of ['table', 'index', 'trigger']) {
    for (const r of rows) if (r.type === type && !NOT_EXPORTED.test(r.name)) db.run(r.sql);
  }
  db.run(readFileSync(RESOURCES + 'rollback/fts4.sql', 'utf8'));
  db.run("INSERT INTO rollback_meta (key, value) VALUES ('format', '1'), ('source', 'test fixture')");
  db.run(`PRAGMA user_version = ${newest}`);
  return db;
}

/** A clock that moves one millisecond per reading, so modification order is deterministic. */
export function steppingClock(start = Date.parse('2026-01-01T00:00:00.000Z')): () => number {
  let t = start;
  return () => (t += 1);
}

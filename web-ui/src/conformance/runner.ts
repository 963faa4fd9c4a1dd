import type { Provider } from '../data/provider';
import { SqlJsProvider } from '../data/sqljs-provider';
import { fetchBytes, fromBase64, toBase64 } from '../rollback/bytes';
import { loadSqlJs } from '../rollback/load-sqljs';
import { openRollbackDb } from '../rollback/open-db';
import { archiveText, runScenarios, type ConformanceResult } from './scenarios';

export interface RunOptions {
  run?: string;
  only?: string[];
  /** Native: the path of a file holding archive(run), for the import scenario. */
  archivePath?: string;
  /** sqljs: a rollback export (base64) to open in a fresh SqlJsProvider, apart from the app's own. */
  dbBase64?: string;
  /** sqljs: or the URL to fetch it from, as rollback mode does. */
  dbUrl?: string;
}

/** Where a sqljs run spent its time before the scenarios (ms). */
export interface SqlJsTimings {
  loadSql: number;
  fetch: number;
  open: number;
  bytes: number;
}

export type RunStatus =
  | { status: 'running' }
  | { status: 'done'; results: ConformanceResult[]; ms: number; sqljs?: SqlJsTimings }
  | { status: 'measured'; figures: Record<string, number | boolean> }
  | { status: 'error'; message: string };

export interface ConformanceRunner {
  /** Runs the scenarios on 'native' (the app's provider) or 'sqljs'; also leaves the outcome in `last`. */
  run(kind: 'native' | 'sqljs', options?: RunOptions): Promise<RunStatus>;
  /** The archive text the import scenario imports for this run (the native run needs it as a file). */
  archive(run: string): string;
  /**
   * What entering and saving rollback mode costs for the export at `dbUrl` (ms): loading sql-asm,
   * fetching, opening and reading the first page of cards; then, unless `enterOnly`, db.export() and
   * base64 of the result, as a save does. Leaves the outcome in `last`.
   */
  measure(dbUrl: string, enterOnly?: boolean): Promise<RunStatus>;
  last: RunStatus | null;
  /** `last` as JSON, for executeScript. */
  lastJson(): string;
}

/**
 * `window.__isometryConformance`: the conformance scenarios in the real page, so a TestFX test can run
 * them against the native store (through the bridge) and against sql.js in the same WebView and
 * compare. Nothing in the app calls it.
 */
export function installConformance(win: Window, appProvider: Provider): ConformanceRunner {
  const runner: ConformanceRunner = {
    last: null,
    archive: archiveText,
    lastJson: () => JSON.stringify(runner.last),
    async measure(dbUrl, enterOnly = false) {
      runner.last = { status: 'running' };
      try {
        const t = [performance.now()];
        const SQL = await loadSqlJs(win.document);
        t.push(performance.now());
        const bytes = await fetchBytes(dbUrl, win as Window & typeof globalThis);
        t.push(performance.now());
        const p = new SqlJsProvider(openRollbackDb(SQL, bytes));
        await p.listCards({ limit: 200 });
        t.push(performance.now());
        const ms = (i: number) => Math.round(t[i + 1]! - t[i]!);
        const enter = { bytes: bytes.byteLength, loadSqlMs: ms(0), fetchMs: ms(1), openAndFirstListMs: ms(2) };
        if (enterOnly) {
          runner.last = { status: 'measured', figures: enter };
        } else {
          const exported = p.exportBytes();
          t.push(performance.now());
          const b64 = toBase64(exported);
          t.push(performance.now());
          runner.last = { status: 'measured', figures: { ...enter, exportMs: ms(3), base64Ms: ms(4), base64Chars: b64.length } };
        }
        p.db.close();
      } catch (e) {
        runner.last = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
      return runner.last;
    },
    async run(kind, options = {}) {
      runner.last = { status: 'running' };
      const started = performance.now();
      try {
        const run = options.run ?? 'r1';
        let provider: Provider;
        let stageArchive: (text: string) => Promise<string>;
        let sqljs: SqlJsTimings | undefined;
        if (kind === 'sqljs') {
          const t0 = performance.now();
          const SQL = await loadSqlJs(win.document);
          const t1 = performance.now();
          const bytes = options.dbUrl !== undefined ? await fetchBytes(options.dbUrl, win as Window & typeof globalThis)
            : options.dbBase64 !== undefined ? fromBase64(options.dbBase64) : null;
          if (bytes === null) throw new Error('dbUrl or dbBase64 is required for a sqljs run');
          const t2 = performance.now();
          const sql = openRollbackDb(SQL, bytes);
          const p = new SqlJsProvider(sql);
          await p.listCards({ limit: 50 });
          sqljs = { loadSql: Math.round(t1 - t0), fetch: Math.round(t2 - t1), open: Math.round(performance.now() - t2),
            bytes: bytes.byteLength };
          provider = p;
          stageArchive = async (text) => p.stageImport([{ path: 'archive.json', text }]);
        } else {
          provider = appProvider;
          stageArchive = async () => options.archivePath ?? 'archivePath was not given';
        }
        const results = await runScenarios({ provider, run, stageArchive }, options.only);
        runner.last = { status: 'done', results, ms: Math.round(performance.now() - started), ...(sqljs ? { sqljs } : {}) };
      } catch (e) {
        runner.last = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
      return runner.last;
    },
  };
  (win as { __isometryConformance?: ConformanceRunner }).__isometryConformance = runner;
  return runner;
}

import type { Provider } from '../data/provider';
import { SqlJsProvider } from '../data/sqljs-provider';
import { fromBase64 } from '../rollback/bytes';
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
}

export type RunStatus =
  | { status: 'running' }
  | { status: 'done'; results: ConformanceResult[]; ms: number }
  | { status: 'error'; message: string };

export interface ConformanceRunner {
  /** Runs the scenarios on 'native' (the app's provider) or 'sqljs'; also leaves the outcome in `last`. */
  run(kind: 'native' | 'sqljs', options?: RunOptions): Promise<RunStatus>;
  /** The archive text the import scenario imports for this run (the native run needs it as a file). */
  archive(run: string): string;
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
    async run(kind, options = {}) {
      runner.last = { status: 'running' };
      const started = performance.now();
      try {
        const run = options.run ?? 'r1';
        let provider: Provider;
        let stageArchive: (text: string) => Promise<string>;
        if (kind === 'sqljs') {
          if (options.dbBase64 === undefined) throw new Error('dbBase64 is required for a sqljs run');
          const sql = openRollbackDb(await loadSqlJs(win.document), fromBase64(options.dbBase64));
          const p = new SqlJsProvider(sql);
          provider = p;
          stageArchive = async (text) => p.stageImport([{ path: 'archive.json', text }]);
        } else {
          provider = appProvider;
          stageArchive = async () => options.archivePath ?? 'archivePath was not given';
        }
        const results = await runScenarios({ provider, run, stageArchive }, options.only);
        runner.last = { status: 'done', results, ms: Math.round(performance.now() - started) };
      } catch (e) {
        runner.last = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
      return runner.last;
    },
  };
  (win as { __isometryConformance?: ConformanceRunner }).__isometryConformance = runner;
  return runner;
}

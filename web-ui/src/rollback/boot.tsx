import { render } from 'preact';
import type { SqlJsStatic } from 'sql.js';
import type { IsometryApi } from '../bridge/api';
import { connectBridge } from '../bridge/connect';
import type { KeyValueStorage } from '../bridge/outbox';
import { installConformance } from '../conformance/runner';
import type { Provider } from '../data/provider';
import { SqlJsProvider } from '../data/sqljs-provider';
import { mountApp } from '../mount';
import { RollbackBanner } from '../views/RollbackBanner';
import { RollbackOpen } from '../views/RollbackOpen';
import { fetchBytes, sha256Hex, toBase64 } from './bytes';
import { loadSqlJs } from './load-sqljs';
import { openRollbackDb } from './open-db';
import { downloadBytes, pickFilesInPage } from './pick-files';
import { RollbackSaver, SAVE_DEBOUNCE_MS, type SaveOutcome } from './saver';

/** True for a page URL asking for rollback mode (`?mode=rollback`). */
export function isRollbackUrl(href: string): boolean {
  try {
    return new URL(href).searchParams.get('mode') === 'rollback';
  } catch {
    return false;
  }
}

/** True when the page runs inside the app (the bridge is there, or will be: JavaFX's WebKit). */
export function insideApp(win: Window): boolean {
  return (win as { isometryHost?: unknown }).isometryHost !== undefined || /\bJavaFX\//.test(win.navigator.userAgent);
}

/** Milliseconds since navigation at each step of entering rollback mode (read by tests and bench). */
export interface RollbackTimings {
  session?: number;
  fetched?: number;
  sqlLoaded?: number;
  opened?: number;
  ready?: number;
  bytes?: number;
}

export interface RollbackRuntime {
  provider: SqlJsProvider;
  saver: RollbackSaver;
  timings: RollbackTimings;
}

export interface RollbackDeps {
  loadSql?: () => Promise<SqlJsStatic>;
  /** Connects to the app (tests pass a fake API). */
  connect?: (win: Window) => IsometryApi;
  fetch?: (url: string) => Promise<Uint8Array>;
}

/**
 * `window.isometryRollback`, for the app around the page: whether there are changes not yet saved, and
 * a way to save them now (before returning to native or closing the window).
 */
export interface RollbackHostHooks {
  /** True while changes are not yet saved (or a save is in flight). */
  unsaved(): boolean;
  /** Saves now; `state()` then says how it went. */
  flush(): void;
  /** The save status as JSON: {dirty, saving, last: {where, sha256, savedAt} | null, error}. */
  state(): string;
}

function hostHooks(runtime: RollbackRuntime): RollbackHostHooks {
  return {
    unsaved: () => runtime.saver.status.value.dirty || runtime.saver.status.value.saving,
    flush: () => void runtime.saver.flush(),
    state: () => JSON.stringify(runtime.saver.status.value),
  };
}

const since = (): number => Math.round(performance.now() * 10) / 10;

function banner(win: Window, runtime: RollbackRuntime, mode: 'host' | 'browser', source: string | null): void {
  const doc = win.document;
  doc.body.classList.add('rollback');
  const host = doc.createElement('div');
  host.id = 'rollback-banner';
  doc.body.insertBefore(host, doc.body.firstChild);
  render(<RollbackBanner status={runtime.saver.status} mode={mode} source={source} debounceMs={SAVE_DEBOUNCE_MS}
    onSave={() => void runtime.saver.flush()} />, host);
}

function start(win: Window, root: HTMLElement, runtime: RollbackRuntime): void {
  (win as { __isometryRollback?: RollbackRuntime }).__isometryRollback = runtime;
  (win as { isometryRollback?: RollbackHostHooks }).isometryRollback = hostHooks(runtime);
  runtime.provider.onWrite(() => runtime.saver.changed());
  installConformance(win, runtime.provider);
  const readyObserver = new MutationObserver(() => {
    if (root.getAttribute('data-ready') === 'true') {
      runtime.timings.ready = since();
      readyObserver.disconnect();
    }
  });
  readyObserver.observe(root, { attributes: true, attributeFilter: ['data-ready'] });
  mountApp(root, runtime.provider as Provider);
}

/**
 * Rollback mode: the views run on SqlJsProvider over a rollback export. Inside the app the export
 * comes from `rollback:session` (fetched by URL) and saves go back through `rollback:save`; in an
 * ordinary browser the person chooses the file and saves by download. `fallback` boots the native
 * app when the host says this window is not in rollback mode.
 */
export async function bootRollback(win: Window & typeof globalThis, root: HTMLElement, fallback: () => void,
  deps: RollbackDeps = {}): Promise<RollbackRuntime | null> {
  const loadSql = deps.loadSql ?? (() => loadSqlJs(win.document));
  if (!insideApp(win) && deps.connect === undefined) {
    return new Promise((resolve) => {
      render(<RollbackOpen onOpen={async (file) => {
        const [SQL, bytes] = await Promise.all([loadSql(), file.arrayBuffer().then((b) => new Uint8Array(b))]);
        const db = openRollbackDb(SQL, bytes);
        render(null, root);
        const provider = new SqlJsProvider(db, { pickFiles: (f) => pickFilesInPage(f, win.document), source: file.name });
        const saver = new RollbackSaver({ auto: false, snapshot: () => provider.exportBytes(), write: async (b) => {
          const name = file.name.replace(/\.db$/i, '') + `-edited-${new Date().toISOString().replace(/[:.]/g, '-')}.db`;
          downloadBytes(b, name, win.document);
          return { where: name, sha256: await sha256Hex(b), savedAt: new Date().toISOString() };
        } });
        win.addEventListener('beforeunload', (e) => {
          if (saver.status.value.dirty) e.preventDefault();
        });
        const runtime = { provider, saver, timings: { opened: since(), bytes: bytes.byteLength } };
        banner(win, runtime, 'browser', file.name);
        start(win, root, runtime);
        resolve(runtime);
      }} />, root);
    });
  }

  try {
    return await bootInApp(win, root, fallback, loadSql, deps);
  } catch (e) {
    // Nothing else would show: say what failed, in the page, instead of a blank window.
    const reason = e instanceof Error ? e.message : String(e);
    render(<div class="rollback-open" role="alert" data-testid="rollback-error">
      <h1>Rollback mode could not start</h1>
      <p>{reason}</p>
      <p>Your data has not been changed. Close this window and start the app again, or ask support to check the
        rollback export.</p>
    </div>, root);
    return null;
  }
}

async function bootInApp(win: Window & typeof globalThis, root: HTMLElement, fallback: () => void,
  loadSql: () => Promise<SqlJsStatic>, deps: RollbackDeps): Promise<RollbackRuntime | null> {
  const timings: RollbackTimings = {};
  const api = deps.connect ? deps.connect(win) : connectBridge(win, { storage: memoryStorage() }).api;
  const session = await api.rollbackSession();
  timings.session = since();
  if (!session.active || session.dbUrl === null || session.exportId === null) {
    fallback();
    return null;
  }
  const exportId = session.exportId;
  const sqlLoading = loadSql().then((s) => {
    timings.sqlLoaded = since();
    return s;
  });
  const bytes = await (deps.fetch ?? ((u: string) => fetchBytes(u, win)))(session.dbUrl);
  timings.fetched = since();
  timings.bytes = bytes.byteLength;
  const db = openRollbackDb(await sqlLoading, bytes);
  timings.opened = since();
  const provider = new SqlJsProvider(db, {
    source: session.source ?? undefined,
    pickFiles: (f) => pickFilesInPage(f, win.document),
    openExternal: async (url) => {
      await api.openExternal(url);
    },
    reportReady: async (ms) => {
      await api.ready(ms);
    },
  });
  const saver = new RollbackSaver({
    snapshot: () => provider.exportBytes(),
    write: async (b): Promise<SaveOutcome> => {
      // No sha256 here: in the WebView it runs at ~10 MB/s, twice the whole save's budget. Java checks
      // the byte count, the file's integrity and its export id, and hashes what it keeps (decision 47).
      const saved = await api.rollbackSave({ exportId, data: toBase64(b), bytes: b.length });
      return { where: saved.file, sha256: saved.sha256, savedAt: saved.savedAt };
    },
  });
  const runtime: RollbackRuntime = { provider, saver, timings };
  banner(win, runtime, 'host', session.source);
  start(win, root, runtime);
  return runtime;
}

/**
 * Storage for the bridge's outbox that lives in memory: a snapshot is megabytes, too big for
 * localStorage, and after a reload the saver has nothing newer to send than what was saved.
 */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import initSqlJs from 'sql.js/dist/sql-asm.js';
import type { IsometryApi, RollbackSaveArgs, RollbackSession } from '../src/bridge/api';
import { bootRollback, insideApp, isRollbackUrl, type RollbackHostHooks, type RollbackRuntime } from '../src/rollback/boot';
import { fromBase64, sha256Js } from '../src/rollback/bytes';
import { emptyRollbackDb } from './sqljs-fixture';

let root: HTMLElement | null = null;

afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
  document.getElementById('rollback-banner')?.remove();
  document.body.classList.remove('rollback');
});

async function seededExport(): Promise<Uint8Array> {
  const db = await emptyRollbackDb();
  db.run(`INSERT INTO cards (id, card_type, name, content, created_at, modified_at)
    VALUES ('c1', 'note', 'Seeded card', 'from the native store', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
  return db.export();
}

function fakeApi(session: Partial<RollbackSession>, saves: RollbackSaveArgs[]): IsometryApi {
  const api = {
    rollbackSession: vi.fn(async () => ({ active: true, dbUrl: 'file:///data/rollback/x.db', exportId: 'e1',
      schemaVersion: 4, exportedAt: '2026-01-01T00:00:00.000Z', source: 'isometry.db', snapshotSha256: 'abc', ...session })),
    rollbackSave: vi.fn(async (args: RollbackSaveArgs) => {
      saves.push(args);
      // Java hashes what it keeps and answers with that hash
      return { file: 'rollback/snap-2.db', sha256: sha256Js(fromBase64(args.data)), bytes: args.bytes,
        savedAt: '2026-01-01T00:00:05.000Z' };
    }),
    openExternal: vi.fn(async () => ({})),
    ready: vi.fn(async () => ({})),
  };
  return api as unknown as IsometryApi;
}

function mountRoot(): HTMLElement {
  root = document.createElement('div');
  document.body.appendChild(root);
  return root;
}

describe('rollback boot', () => {
  it('recognises rollback URLs and the app around the page', () => {
    expect(isRollbackUrl('file:///x/index.html?mode=rollback')).toBe(true);
    expect(isRollbackUrl('jar:file:/a.jar!/web/index.html?mode=native')).toBe(false);
    expect(isRollbackUrl('file:///x/index.html')).toBe(false);
    const win = (ua: string, host?: object) => ({ navigator: { userAgent: ua }, isometryHost: host }) as unknown as Window;
    expect(insideApp(win('Mozilla/5.0 AppleWebKit/619.1 (KHTML, like Gecko) JavaFX/21 Safari/619.1'))).toBe(true);
    expect(insideApp(win('Mozilla/5.0 Firefox/130'))).toBe(false);
    expect(insideApp(win('Mozilla/5.0 Firefox/130', {}))).toBe(true);
  });

  it('inside the app: opens the session export, shows the banner and the cards, saves edits through rollback:save', async () => {
    const saves: RollbackSaveArgs[] = [];
    const bytes = await seededExport();
    const fetch = vi.fn(async () => bytes);
    let runtime: RollbackRuntime | null = null;
    await act(async () => {
      runtime = await bootRollback(window, mountRoot(), () => {}, {
        connect: () => fakeApi({}, saves), fetch, loadSql: () => initSqlJs() });
    });
    expect(fetch).toHaveBeenCalledWith('file:///data/rollback/x.db');
    await vi.waitFor(() => expect(root!.getAttribute('data-ready')).toBe('true'));
    expect(root!.textContent).toContain('Seeded card');
    const banner = document.querySelector('[data-testid="rollback-banner"]')!;
    expect(banner.textContent).toContain('Rollback mode');
    expect(banner.textContent).toContain('File → Return to Native…');
    expect(banner.textContent).toContain('isometry.db');
    expect(document.body.firstElementChild?.id).toBe('rollback-banner');

    const rt = runtime as unknown as RollbackRuntime;
    const hooks = (window as unknown as { isometryRollback: RollbackHostHooks }).isometryRollback;
    expect(hooks.unsaved()).toBe(false);
    await rt.provider.createCard({ cardType: 'note', name: 'Edited in rollback' });
    expect(rt.saver.status.value.dirty).toBe(true);
    expect(hooks.unsaved()).toBe(true);
    await act(async () => {
      hooks.flush();
    });
    await vi.waitFor(() => expect(hooks.unsaved()).toBe(false));
    expect(JSON.parse(hooks.state())).toMatchObject({ error: null, last: { where: 'rollback/snap-2.db' } });
    expect(saves).toHaveLength(1);
    expect(saves[0]!.exportId).toBe('e1');
    const data = fromBase64(saves[0]!.data);
    expect(saves[0]!.bytes).toBe(data.length);
    expect(saves[0]!.sha256).toBeUndefined(); // the WebView cannot afford it; Java hashes
    const SQL = await initSqlJs();
    const reopened = new SQL.Database(data);
    expect(reopened.exec("SELECT count(*) FROM cards WHERE name = 'Edited in rollback'")[0]!.values[0]![0]).toBe(1);
    expect(document.querySelector('[data-testid="rollback-save-status"]')!.getAttribute('data-sha256')).toBe(sha256Js(data));
  });

  it('falls back to the native app when the host has no rollback session', async () => {
    const fallback = vi.fn();
    const runtime = await bootRollback(window, mountRoot(), fallback, {
      connect: () => fakeApi({ active: false, dbUrl: null, exportId: null }, []), loadSql: () => initSqlJs() });
    expect(runtime).toBeNull();
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('says why when rollback mode cannot start (here the export cannot be read)', async () => {
    const el = mountRoot();
    const runtime = await bootRollback(window, el, () => {}, { connect: () => fakeApi({}, []),
      fetch: async () => {
        throw new Error('reading file:///data/rollback/x.db failed');
      }, loadSql: () => initSqlJs() });
    expect(runtime).toBeNull();
    expect(el.querySelector('[data-testid="rollback-error"]')!.textContent).toContain('reading file:///data/rollback/x.db failed');
  });

  it('in an ordinary browser: opens the chosen export, shows the banner with Download, and downloads on click', async () => {
    const el = mountRoot();
    const booting = bootRollback(window, el, () => {}, { loadSql: () => initSqlJs() });
    await act(async () => {});
    const input = el.querySelector('[data-testid="rollback-file"]') as HTMLInputElement;
    const file = new File([(await seededExport()) as Uint8Array<ArrayBuffer>], 'isometry-rollback.db');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const runtime = (await booting)!;
    await vi.waitFor(() => expect(el.textContent).toContain('Seeded card'));
    const banner = document.querySelector('[data-testid="rollback-banner"]')!;
    expect(banner.textContent).toContain('Download');
    await runtime.provider.createCard({ cardType: 'note', name: 'Browser edit' });
    expect(runtime.saver.status.value.dirty).toBe(true);
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await act(async () => {
      (document.querySelector('[data-testid="rollback-download"]') as HTMLButtonElement).click();
    });
    await vi.waitFor(() => expect(runtime.saver.status.value.dirty).toBe(false));
    expect(created).toHaveBeenCalledTimes(1);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(runtime.saver.status.value.last?.where).toMatch(/^isometry-rollback-edited-.*\.db$/);
  });

  it('in an ordinary browser: asks for a rollback export file and refuses one that is not', async () => {
    const el = mountRoot();
    void bootRollback(window, el, () => {}, { loadSql: () => initSqlJs() });
    await act(async () => {});
    expect(el.querySelector('[data-testid="rollback-open"]')).not.toBeNull();
    const input = el.querySelector('[data-testid="rollback-file"]') as HTMLInputElement;
    const notDb = new File([new Uint8Array([1, 2, 3])], 'notes.txt');
    Object.defineProperty(input, 'files', { value: [notDb], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(el.querySelector('[data-testid="rollback-open-error"]')?.textContent).toMatch(/not a/));
  });
});

import { describe, expect, it, vi } from 'vitest';
import { createApi, type BridgeCaller } from '../src/bridge/api';
import { BridgeClient } from '../src/bridge/client';
import { FakeTransport, silentLogger } from './fake-transport';

function recordingCaller() {
  const call = vi.fn((..._args: Parameters<BridgeCaller['call']>) => Promise.resolve({} as never));
  return { call: call as unknown as BridgeCaller['call'], mock: call };
}

describe('api', () => {
  const card = { cardType: 'note' as const, name: 'Hello', content: 'body' };

  it.each([
    ['ping', (api: ReturnType<typeof createApi>) => api.ping(), 'system:ping', {}, 'read'],
    ['info', (api: ReturnType<typeof createApi>) => api.info(), 'system:info', {}, 'read'],
    ['ready', (api: ReturnType<typeof createApi>) => api.ready(812.5), 'system:ready', { sinceNavigationMs: 812.5 }, 'write'],
    ['openExternal', (api: ReturnType<typeof createApi>) => api.openExternal('https://example.org/'), 'system:openExternal', { url: 'https://example.org/' }, 'write'],
    ['createCard', (api: ReturnType<typeof createApi>) => api.createCard(card), 'cards:create', { card }, 'write'],
    ['getCard', (api: ReturnType<typeof createApi>) => api.getCard('id-1'), 'cards:get', { id: 'id-1' }, 'read'],
    ['listCards', (api: ReturnType<typeof createApi>) => api.listCards({ limit: 20, offset: 40, cardType: 'task' }), 'cards:list', { limit: 20, offset: 40, cardType: 'task' }, 'read'],
    ['listCards (no args)', (api: ReturnType<typeof createApi>) => api.listCards(), 'cards:list', {}, 'read'],
    ['updateCard', (api: ReturnType<typeof createApi>) => api.updateCard({ id: 'id-1', baseVersion: 3, changes: { name: 'New' }, editedAt: '2026-11-22T05:00:00.000Z' }), 'cards:update', { id: 'id-1', baseVersion: 3, changes: { name: 'New' }, editedAt: '2026-11-22T05:00:00.000Z' }, 'write'],
    ['cardHistory', (api: ReturnType<typeof createApi>) => api.cardHistory('id-1'), 'cards:history', { id: 'id-1' }, 'read'],
    ['deleteCard', (api: ReturnType<typeof createApi>) => api.deleteCard('id-1'), 'cards:delete', { id: 'id-1' }, 'write'],
    ['searchCards', (api: ReturnType<typeof createApi>) => api.searchCards({ query: 'harbor', limit: 20 }), 'cards:search', { query: 'harbor', limit: 20 }, 'read'],
    ['searchCards (no limit)', (api: ReturnType<typeof createApi>) => api.searchCards({ query: 'harbor' }), 'cards:search', { query: 'harbor' }, 'read'],
    ['searchCards (filters)', (api: ReturnType<typeof createApi>) => api.searchCards({ query: 'har', cardType: 'person', folder: 'Work', tag: 'x', limit: undefined }), 'cards:search', { query: 'har', cardType: 'person', folder: 'Work', tag: 'x' }, 'read'],
    ['listCards (filters)', (api: ReturnType<typeof createApi>) => api.listCards({ folder: 'Work', tag: 'x' }), 'cards:list', { folder: 'Work', tag: 'x' }, 'read'],
    ['restoreCard', (api: ReturnType<typeof createApi>) => api.restoreCard('id-1'), 'cards:restore', { id: 'id-1' }, 'write'],
    ['purgeCard', (api: ReturnType<typeof createApi>) => api.purgeCard('id-1'), 'cards:purge', { id: 'id-1' }, 'write'],
    ['findCardByName', (api: ReturnType<typeof createApi>) => api.findCardByName('Ada'), 'cards:findByName', { name: 'Ada' }, 'read'],
    ['facets', (api: ReturnType<typeof createApi>) => api.facets(), 'cards:facets', {}, 'read'],
    ['listTrash', (api: ReturnType<typeof createApi>) => api.listTrash({ limit: 50 }), 'trash:list', { limit: 50 }, 'read'],
    ['emptyTrash', (api: ReturnType<typeof createApi>) => api.emptyTrash(), 'trash:empty', {}, 'write'],
    ['listConnections', (api: ReturnType<typeof createApi>) => api.listConnections('c1'), 'connections:list', { cardId: 'c1' }, 'read'],
    ['createConnection', (api: ReturnType<typeof createApi>) => api.createConnection({ sourceId: 'a', targetId: 'b', label: 'knows', weight: 0.5 }), 'connections:create', { sourceId: 'a', targetId: 'b', label: 'knows', weight: 0.5 }, 'write'],
    ['updateConnection', (api: ReturnType<typeof createApi>) => api.updateConnection('k1', { weight: 0.25 }), 'connections:update', { id: 'k1', weight: 0.25 }, 'write'],
    ['deleteConnection', (api: ReturnType<typeof createApi>) => api.deleteConnection('k1'), 'connections:delete', { id: 'k1' }, 'write'],
    ['getSettings', (api: ReturnType<typeof createApi>) => api.getSettings(), 'settings:get', {}, 'read'],
    ['updateSettings', (api: ReturnType<typeof createApi>) => api.updateSettings({ trashRetentionDays: null }), 'settings:update', { trashRetentionDays: null }, 'write'],
    ['removeSamples', (api: ReturnType<typeof createApi>) => api.removeSamples(), 'sample:remove', {}, 'write'],
    ['chooseImport', (api: ReturnType<typeof createApi>) => api.chooseImport('markdown'), 'import:choose', { format: 'markdown' }, 'read'],
    ['chooseExport', (api: ReturnType<typeof createApi>) => api.chooseExport('json'), 'export:choose', { format: 'json' }, 'read'],
    ['startImport', (api: ReturnType<typeof createApi>) => api.startImport('csv', '/x.csv'), 'import:start', { format: 'csv', path: '/x.csv' }, 'write'],
    ['startExport', (api: ReturnType<typeof createApi>) => api.startExport('json', '/x.json'), 'export:start', { format: 'json', path: '/x.json' }, 'write'],
    ['cancelJob', (api: ReturnType<typeof createApi>) => api.cancelJob('j1'), 'jobs:cancel', { jobId: 'j1' }, 'write'],
  ] as const)('%s sends %s', async (_name, invoke, cmd, args, kind) => {
    const caller = recordingCaller();
    const api = createApi({ call: caller.call });
    await invoke(api);
    expect(caller.mock).toHaveBeenCalledOnce();
    const [sentCmd, sentArgs, options] = caller.mock.mock.calls[0]!;
    expect(sentCmd).toBe(cmd);
    expect(sentArgs).toEqual(args);
    expect(options).toMatchObject({ kind });
  });

  it('gives a person an hour to answer a file chooser', async () => {
    const caller = recordingCaller();
    await createApi({ call: caller.call }).chooseImport('json');
    expect(caller.mock.mock.calls[0]![2]).toMatchObject({ timeoutMs: 3_600_000 });
  });

  it('delivers typed job events and drops malformed ones', () => {
    const transport = new FakeTransport(true);
    const api = createApi(new BridgeClient(transport, { logger: silentLogger }));
    const seen: unknown[] = [];
    const off = api.onJob((p) => seen.push(p));
    const push = (data: unknown) => transport.deliver({ v: 1, event: 'job', seq: seen.length + 1, data });
    push({ jobId: 'j1', kind: 'import', phase: 'reading', done: 3, total: 10, finished: false, cancelled: false, failed: null, imported: 2, updated: 1, errors: [{ file: 'a.md', message: 'bad front matter' }] });
    push({ nope: true });
    off();
    push({ jobId: 'j1', kind: 'import', phase: 'late', done: 10, total: 10, finished: true });
    expect(seen).toEqual([{ jobId: 'j1', kind: 'import', phase: 'reading', done: 3, total: 10, finished: false, cancelled: false, failed: null, imported: 2, updated: 1, errors: [{ file: 'a.md', message: 'bad front matter' }] }]);
  });

  it('hands on backup events and drops malformed ones', () => {
    const transport = new FakeTransport(true);
    const api = createApi(new BridgeClient(transport, { logger: silentLogger }));
    const seen: unknown[] = [];
    api.onBackup((n) => seen.push(n));
    let seq = 0;
    const push = (data: unknown) => transport.deliver({ v: 1, event: 'backup', seq: ++seq, data });
    push({ kind: 'daily', ok: false, message: 'The disk is full.' });
    push({ kind: 'daily', ok: 'yes' });
    push({ kind: 'weekly', ok: true });
    push({ kind: 'daily', ok: true, file: 'daily-1.db' });
    expect(seen).toEqual([
      { kind: 'daily', ok: false, message: 'The disk is full.' },
      { kind: 'daily', ok: true, file: 'daily-1.db' },
    ]);
  });

  it('puts the exact envelope on the wire through a real client', async () => {
    const transport = new FakeTransport(true);
    const api = createApi(new BridgeClient(transport, { logger: silentLogger }));
    const result = api.updateCard({ id: 'c1', baseVersion: 2, changes: { tags: ['a'] } });
    const sent = transport.last();
    // The edit time is taken when the write is asked for, so a copy replayed from the outbox later keeps it.
    expect(sent).toEqual({ v: 1, id: sent.id, cmd: 'cards:update', args: { id: 'c1', baseVersion: 2, changes: { tags: ['a'] }, editedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) } });
    transport.replyOk(sent.id, { id: 'c1', version: 3 });
    await expect(result).resolves.toEqual({ id: 'c1', version: 3 });
  });
});

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
    ['updateCard', (api: ReturnType<typeof createApi>) => api.updateCard({ id: 'id-1', baseVersion: 3, changes: { name: 'New' } }), 'cards:update', { id: 'id-1', baseVersion: 3, changes: { name: 'New' } }, 'write'],
    ['deleteCard', (api: ReturnType<typeof createApi>) => api.deleteCard('id-1'), 'cards:delete', { id: 'id-1' }, 'write'],
    ['searchCards', (api: ReturnType<typeof createApi>) => api.searchCards({ query: 'harbor', limit: 20 }), 'cards:search', { query: 'harbor', limit: 20 }, 'read'],
    ['searchCards (no limit)', (api: ReturnType<typeof createApi>) => api.searchCards({ query: 'harbor' }), 'cards:search', { query: 'harbor' }, 'read'],
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

  it('puts the exact envelope on the wire through a real client', async () => {
    const transport = new FakeTransport(true);
    const api = createApi(new BridgeClient(transport, { logger: silentLogger }));
    const result = api.updateCard({ id: 'c1', baseVersion: 2, changes: { tags: ['a'] } });
    const sent = transport.last();
    expect(sent).toEqual({ v: 1, id: sent.id, cmd: 'cards:update', args: { id: 'c1', baseVersion: 2, changes: { tags: ['a'] } } });
    transport.replyOk(sent.id, { id: 'c1', version: 3 });
    await expect(result).resolves.toEqual({ id: 'c1', version: 3 });
  });
});

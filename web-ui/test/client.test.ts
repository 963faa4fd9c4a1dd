import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeClient, type CallPolicy } from '../src/bridge/client';
import { BridgeError, ERROR_KINDS } from '../src/bridge/errors';
import { FakeTransport, silentLogger } from './fake-transport';

function setup(ready = true, config: ConstructorParameters<typeof BridgeClient>[1] = {}) {
  const transport = new FakeTransport(ready);
  const client = new BridgeClient(transport, { logger: silentLogger, ...config });
  return { transport, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BridgeClient correlation', () => {
  it('sends v1 envelopes with a uuid id, the command and args', () => {
    const { transport, client } = setup();
    void client.call('cards:get', { id: 'abc' });
    const request = transport.last();
    expect(request.v).toBe(1);
    expect(request.cmd).toBe('cards:get');
    expect(request.args).toEqual({ id: 'abc' });
    expect(request.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('resolves out-of-order replies to the right callers', async () => {
    const { transport, client } = setup();
    const first = client.call<string>('system:ping', {});
    const second = client.call<string>('system:ping', {});
    const third = client.call<string>('system:ping', {});
    const [a, b, c] = transport.sent.map((r) => r.id);
    transport.deliver(
      { v: 1, id: c, ok: true, result: 'third' },
      { v: 1, id: a, ok: true, result: 'first' },
    );
    transport.replyOk(b!, 'second');
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
    await expect(third).resolves.toBe('third');
    expect(client.stats()).toMatchObject({ pending: 0, sent: 3, received: 3, lateReplies: 0 });
  });

  it('uses unique ids per call', () => {
    const { transport, client } = setup();
    for (let i = 0; i < 50; i++) void client.call('system:ping', {});
    expect(new Set(transport.sent.map((r) => r.id)).size).toBe(50);
  });
});

describe('BridgeClient timeouts', () => {
  it('rejects with TIMEOUT after the read timeout and forgets the call', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup(true, { readTimeoutMs: 1000 });
    const call = client.call('cards:get', { id: 'x' });
    const assertion = expect(call).rejects.toMatchObject({ kind: 'TIMEOUT', retryable: true, command: 'cards:get' });
    vi.advanceTimersByTime(999);
    expect(client.stats().pending).toBe(1);
    vi.advanceTimersByTime(1);
    await assertion;
    await expect(call).rejects.toBeInstanceOf(BridgeError);
    expect(client.stats()).toMatchObject({ pending: 0, timeouts: 1 });

    // A reply arriving after the timeout is ignored and counted.
    transport.replyOk(transport.last().id, { late: true });
    expect(client.stats()).toMatchObject({ lateReplies: 1, pending: 0 });
  });

  it('gives writes the longer default timeout (15 s) and reads 10 s', async () => {
    vi.useFakeTimers();
    const { client } = setup();
    const read = client.call('cards:list', {}, { kind: 'read' });
    const write = client.call('cards:create', {}, { kind: 'write' });
    const readFailed = vi.fn();
    const writeFailed = vi.fn();
    read.catch(readFailed);
    write.catch(writeFailed);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(readFailed).toHaveBeenCalledOnce();
    expect(writeFailed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writeFailed).toHaveBeenCalledOnce();
  });

  it('honours a per-call timeout', async () => {
    vi.useFakeTimers();
    const { client } = setup();
    const call = client.call('system:ping', {}, { timeoutMs: 50 });
    const assertion = expect(call).rejects.toMatchObject({ kind: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(50);
    await assertion;
  });

  it('drops a request that timed out while still queued', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup(false, { readTimeoutMs: 100 });
    const call = client.call('system:ping', {});
    const assertion = expect(call).rejects.toMatchObject({ kind: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
    transport.becomeReady();
    expect(transport.sent).toHaveLength(0);
    expect(client.stats().queued).toBe(0);
  });

  it('clears the timer when the reply arrives in time', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup(true, { readTimeoutMs: 100 });
    const call = client.call('system:ping', {});
    transport.replyOk(transport.last().id, {});
    await expect(call).resolves.toEqual({});
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.stats().timeouts).toBe(0);
  });
});

describe('BridgeClient error mapping', () => {
  it.each(ERROR_KINDS.map((kind, i) => [kind, i % 2 === 0] as const))(
    'maps %s to a BridgeError with kind and retryable=%s',
    async (kind, retryable) => {
      const { transport, client } = setup();
      const call = client.call('cards:update', {});
      transport.replyError(transport.last().id, { kind, message: `boom ${kind}`, retryable });
      const error = await call.then(
        () => {
          throw new Error('expected a rejection');
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BridgeError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ kind, retryable, message: `boom ${kind}`, command: 'cards:update', name: 'BridgeError' });
    },
  );

  it('maps an unknown kind to INTERNAL', async () => {
    const { transport, client } = setup();
    const call = client.call('cards:get', {});
    transport.replyError(transport.last().id, { kind: 'EXPLODED', message: 'odd', retryable: true });
    await expect(call).rejects.toMatchObject({ kind: 'INTERNAL', message: 'odd', retryable: true });
  });

  it('tolerates a missing error payload', async () => {
    const { transport, client } = setup();
    const call = client.call('cards:get', {});
    transport.deliver({ v: 1, id: transport.last().id, ok: false });
    await expect(call).rejects.toMatchObject({ kind: 'INTERNAL', retryable: false });
  });

  it('rejects a reply without a boolean ok as INTERNAL', async () => {
    const { transport, client } = setup();
    const call = client.call('cards:get', {});
    transport.deliver({ v: 1, id: transport.last().id, result: {} });
    await expect(call).rejects.toMatchObject({ kind: 'INTERNAL' });
    expect(client.stats().malformed).toBe(1);
  });

  it('rejects with UNAVAILABLE when sending throws', async () => {
    const transport = new FakeTransport(true);
    transport.send = () => {
      throw new Error('host gone');
    };
    const client = new BridgeClient(transport, { logger: silentLogger });
    await expect(client.call('system:ping', {})).rejects.toMatchObject({ kind: 'UNAVAILABLE', retryable: true });
    expect(client.stats().pending).toBe(0);
  });
});

describe('BridgeClient queue until ready', () => {
  it('queues while the host is missing and flushes in order when it appears', async () => {
    const { transport, client } = setup(false);
    expect(client.isReady()).toBe(false);
    const calls = [
      client.call('cards:create', { n: 1 }, { kind: 'write' }),
      client.call('cards:create', { n: 2 }, { kind: 'write' }),
      client.call('cards:list', { n: 3 }),
    ];
    expect(transport.sent).toHaveLength(0);
    expect(client.stats()).toMatchObject({ queued: 3, pending: 3, sent: 0 });

    const ready = client.whenReady();
    transport.becomeReady();
    await ready;
    expect(transport.sent.map((r) => r.args['n'])).toEqual([1, 2, 3]);
    expect(client.stats()).toMatchObject({ queued: 0, sent: 3 });

    for (const request of transport.sent) transport.replyOk(request.id, request.args['n']);
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3]);
  });

  it('sends queued requests before a new one when the host shows up without an event', () => {
    const transport = new FakeTransport(false);
    const client = new BridgeClient(transport, { logger: silentLogger });
    void client.call('system:ping', { n: 1 });
    // Host installed, but the ready event was missed: the next call flushes first.
    (transport as unknown as { ready: boolean }).ready = true;
    void client.call('system:ping', { n: 2 });
    expect(transport.sent.map((r) => r.args['n'])).toEqual([1, 2]);
  });

  it('whenReady resolves at once when the host is already there', async () => {
    const { client } = setup(true);
    await expect(client.whenReady()).resolves.toBeUndefined();
  });
});

describe('BridgeClient robustness', () => {
  it.each([
    ['not JSON', '{nope'],
    ['not an array', '{"v":1,"id":"x","ok":true}'],
    ['null', 'null'],
    ['garbage envelopes', '[1, "two", null, {"v":2,"id":"x","ok":true}, {"v":1}]'],
  ])('does not throw on a malformed batch (%s)', (_label, raw) => {
    const { transport, client } = setup();
    expect(() => transport.deliverRaw(raw)).not.toThrow();
    expect(client.stats().malformed).toBeGreaterThan(0);
  });

  it('does not throw when given a non-string', () => {
    const { transport, client } = setup();
    expect(() => transport.deliverRaw(42 as unknown as string)).not.toThrow();
    expect(client.stats().malformed).toBe(1);
  });

  it('still handles the good envelopes of a partly malformed batch', async () => {
    const { transport, client } = setup();
    const call = client.call('system:ping', {});
    transport.deliver('junk', { v: 1, id: transport.last().id, ok: true, result: 7 });
    await expect(call).resolves.toBe(7);
  });
});

describe('BridgeClient events', () => {
  it('routes events to their subscribers and supports unsubscribe', () => {
    const { transport, client } = setup();
    const changes = vi.fn();
    const other = vi.fn();
    const off = client.on('changes', changes);
    client.on('other', other);
    transport.deliver({ v: 1, event: 'changes', seq: 1, data: { ids: ['a'] } });
    expect(changes).toHaveBeenCalledWith({ ids: ['a'] }, { v: 1, event: 'changes', seq: 1, data: { ids: ['a'] } });
    expect(other).not.toHaveBeenCalled();
    off();
    transport.deliver({ v: 1, event: 'changes', seq: 2, data: {} });
    expect(changes).toHaveBeenCalledTimes(1);
    expect(client.stats().events).toBe(2);
  });

  it('isolates a throwing subscriber', () => {
    const { transport, client } = setup();
    const good = vi.fn();
    client.on('changes', () => {
      throw new Error('bad handler');
    });
    client.on('changes', good);
    expect(() => transport.deliver({ v: 1, event: 'changes', seq: 1, data: null })).not.toThrow();
    expect(good).toHaveBeenCalledOnce();
  });

  it('delivers events and replies from one batch', async () => {
    const { transport, client } = setup();
    const seen = vi.fn();
    client.on('changes', seen);
    const call = client.call('system:ping', {});
    transport.deliver(
      { v: 1, event: 'changes', seq: 5, data: 'x' },
      { v: 1, id: transport.last().id, ok: true, result: {} },
    );
    await expect(call).resolves.toEqual({});
    expect(seen).toHaveBeenCalledOnce();
  });
});

describe('BridgeClient policy seam', () => {
  it('lets a policy retry an attempt with the same request id', async () => {
    const retryOnce: CallPolicy = {
      async execute(attempt) {
        try {
          return await attempt();
        } catch {
          return attempt();
        }
      },
    };
    const { transport, client } = setup(true, { policy: retryOnce });
    const call = client.call('cards:create', {}, { kind: 'write' });
    const firstId = transport.last().id;
    transport.replyError(firstId, { kind: 'BUSY', message: 'busy', retryable: true });
    await vi.waitFor(() => expect(transport.sent).toHaveLength(2));
    expect(transport.last().id).toBe(firstId);
    transport.replyOk(firstId, 'done');
    await expect(call).resolves.toBe('done');
  });
});

describe('BridgeClient settling writes that got no answer', () => {
  it('resolves a timed-out write with its own reply when Java says it was applied', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup(true, { writeTimeoutMs: 1000 });
    const asked: string[] = [];
    client.setSettler(async (requestId) => {
      asked.push(requestId);
      return { outcome: 'applied', result: { id: 'card-1' } };
    });
    const write = client.call('cards:create', { card: { name: 'x' } }, { kind: 'write' });
    const id = transport.last().id;
    vi.advanceTimersByTime(1000);
    await expect(write).resolves.toEqual({ id: 'card-1' });
    expect(asked).toEqual([id]);
  });

  it('reports the write failed only once Java has made sure it will never be applied', async () => {
    vi.useFakeTimers();
    const { client } = setup(true, { writeTimeoutMs: 1000 });
    client.setSettler(async () => ({ outcome: 'abandoned', result: null }));
    const write = client.call('cards:create', { card: { name: 'x' } }, { kind: 'write' });
    const assertion = expect(write).rejects.toMatchObject({ kind: 'TIMEOUT' });
    vi.advanceTimersByTime(1000);
    await assertion;
  });

  it('keeps the write and sends it again with the same id when the answer cannot be had', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup(true, { writeTimeoutMs: 1000 });
    let calls = 0;
    client.setSettler(async () => {
      calls++;
      if (calls === 1) throw new Error('no answer');
      return { outcome: 'applied', result: 'saved' };
    });
    const write = client.call('cards:create', { card: { name: 'x' } }, { kind: 'write' });
    const id = transport.last().id;
    await vi.advanceTimersByTimeAsync(1000); // timed out; the settle fails
    await vi.advanceTimersByTimeAsync(600); // resent after a short wait
    const resentWithSameId = transport.sent.filter((r) => r.id === id).length;
    expect(resentWithSameId).toBeGreaterThanOrEqual(2);
    transport.replyOk(id, 'saved');
    await expect(write).resolves.toBe('saved');
  });
});

describe('BridgeClient settling writes that failed', () => {
  it('asks before reporting a failure reply too, since a retried copy may have been applied', async () => {
    const { transport, client } = setup(true, { writeTimeoutMs: 1000 });
    client.setSettler(async () => ({ outcome: 'applied', result: 'saved by the retry' }));
    const write = client.call('cards:create', { card: { name: 'x' } }, { kind: 'write' });
    const id = transport.last().id;
    transport.deliver({ v: 1, id, ok: false, error: { kind: 'INTERNAL', message: 'boom', retryable: false } });
    await expect(write).resolves.toBe('saved by the retry');
  });

  it('reports a failure reply once Java has made sure the write will never be applied', async () => {
    const { transport, client } = setup(true, { writeTimeoutMs: 1000 });
    client.setSettler(async () => ({ outcome: 'abandoned', result: null }));
    const write = client.call('cards:create', { card: { name: '' } }, { kind: 'write' });
    const id = transport.last().id;
    transport.deliver({ v: 1, id, ok: false, error: { kind: 'INVALID', message: 'name must not be empty', retryable: false } });
    await expect(write).rejects.toMatchObject({ kind: 'INVALID', message: 'name must not be empty' });
  });
});

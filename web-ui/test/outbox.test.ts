import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeClient, type RecoveredOutcome } from '../src/bridge/client';
import { readTuning, TUNING_KEY } from '../src/bridge/connect';
import { MemoryStorage, OUTBOX_KEY_PREFIX, StorageOutbox } from '../src/bridge/outbox';
import { FakeTransport, silentLogger } from './fake-transport';

afterEach(() => {
  vi.useRealTimers();
});

/** localStorage as the page sees it; survives a "reload" because the test keeps it. */
class MapStorage extends MemoryStorage {
  quota = Infinity;

  override setItem(key: string, value: string): void {
    if (this.map.size >= this.quota) throw new Error('QuotaExceededError');
    super.setItem(key, value);
  }
}

/** One page: a transport, an outbox over the shared storage, a client. */
function page(storage: MapStorage, ready: boolean, capacity = 100) {
  const transport = new FakeTransport(ready);
  const outbox = new StorageOutbox(storage, capacity);
  const client = new BridgeClient(transport, { outbox, logger: silentLogger, replayWindow: 1 });
  return { transport, outbox, client };
}

describe('persisted outbox', () => {
  it('keeps queued writes across a reload and replays them in order, one at a time, with their ids', async () => {
    const storage = new MapStorage();
    const first = page(storage, false);
    const lost = [1, 2, 3, 4, 5].map((n) => first.client.call('cards:create', { n }, { kind: 'write' }));
    lost.forEach((p) => void p.catch(() => {}));
    expect(first.client.stats()).toMatchObject({ queued: 5, unsettled: 5 });
    expect(storage.map.size).toBe(5);
    const ids = first.outbox.entries().map((e) => e.id);

    // The page reloads: the first page's client and its promises are gone; storage stays.
    const second = page(storage, false);
    const outcomes: RecoveredOutcome[] = [];
    second.client.onRecovered((o) => outcomes.push(o));
    expect(second.client.stats()).toMatchObject({ recovered: 5, queued: 5, unsettled: 5 });

    second.transport.becomeReady();
    for (let n = 1; n <= 5; n++) {
      // replayWindow 1: the next write goes out only once the one before is settled
      expect(second.transport.sent).toHaveLength(n);
      const request = second.transport.last();
      expect(request.args['n']).toBe(n);
      expect(request.id).toBe(ids[n - 1]);
      if (n === 3) second.transport.replyError(request.id, { kind: 'CONFLICT', message: 'stale', retryable: false });
      else second.transport.replyOk(request.id, { saved: n });
      await vi.waitFor(() => expect(outcomes).toHaveLength(n));
    }
    expect(outcomes.map((o) => [(o.args as { n: number }).n, o.ok])).toEqual([
      [1, true], [2, true], [3, false], [4, true], [5, true],
    ]);
    expect(outcomes[2]?.error).toMatchObject({ kind: 'CONFLICT' });
    await vi.waitFor(() => expect(storage.map.size).toBe(0));
    expect(second.client.stats()).toMatchObject({ unsettled: 0, queued: 0 });
  });

  it('keeps writes that were sent but not answered when the page reloaded', async () => {
    const storage = new MapStorage();
    const first = page(storage, true);
    void first.client.call('cards:create', { n: 1 }, { kind: 'write' }).catch(() => {});
    const sentId = first.transport.last().id;
    expect(storage.map.size).toBe(1);

    const second = page(storage, true);
    expect(second.transport.last().id).toBe(sentId);
    const outcome = new Promise<RecoveredOutcome>((resolve) => second.client.onRecovered(resolve));
    second.transport.replyOk(sentId, { id: 'card-1' });
    await expect(outcome).resolves.toMatchObject({ id: sentId, ok: true, result: { id: 'card-1' } });
    await vi.waitFor(() => expect(storage.map.size).toBe(0));
  });

  it('delivers outcomes that settled before anyone subscribed', async () => {
    const storage = new MapStorage();
    page(storage, false).client.call('cards:create', { n: 1 }, { kind: 'write' }).catch(() => {});
    const second = page(storage, true);
    second.transport.replyOk(second.transport.last().id, {});
    await vi.waitFor(() => expect(storage.map.size).toBe(0));
    const seen: RecoveredOutcome[] = [];
    second.client.onRecovered((o) => seen.push(o));
    expect(seen).toHaveLength(1);
  });

  it('forgets a write once it is answered, and a failed one once the failure is reported', async () => {
    const storage = new MapStorage();
    const { transport, client } = page(storage, true);
    const ok = client.call('cards:create', {}, { kind: 'write' });
    transport.replyOk(transport.last().id, {});
    await ok;
    const bad = client.call('cards:create', {}, { kind: 'write' });
    transport.replyError(transport.last().id, { kind: 'INVALID', message: 'no', retryable: false });
    await expect(bad).rejects.toMatchObject({ kind: 'INVALID' });
    await vi.waitFor(() => expect(storage.map.size).toBe(0));
  });

  it('removes settled writes from storage after a burst, in chunks, and never a write kept again', () => {
    vi.useFakeTimers();
    const storage = new MapStorage();
    const outbox = new StorageOutbox(storage, 100, OUTBOX_KEY_PREFIX, { idleMs: 100, maxDelayMs: 1_000, chunk: 2 });
    for (let i = 0; i < 5; i++) outbox.add({ seq: i, id: `w${i}`, command: 'cards:create', json: '{}', at: 0 });
    for (let i = 0; i < 4; i++) outbox.remove(`w${i}`);
    expect(outbox.size).toBe(1);
    expect(storage.map.size).toBe(5); // still there while the burst goes on

    vi.advanceTimersByTime(100);
    expect(storage.map.size).toBe(3); // the first chunk
    vi.advanceTimersByTime(1); // the next turn
    expect(storage.map.size).toBe(1);
    expect([...storage.map.keys()]).toEqual([`${OUTBOX_KEY_PREFIX}w4`]);

    // A key kept again before its cleanup stays.
    outbox.remove('w4');
    outbox.add({ seq: 9, id: 'w4', command: 'cards:create', json: '{}', at: 0 });
    vi.advanceTimersByTime(1_000);
    expect(storage.map.size).toBe(1);
  });

  it('cleans up even while writes keep settling, no later than the longest delay', () => {
    vi.useFakeTimers();
    const storage = new MapStorage();
    const outbox = new StorageOutbox(storage, 1_000, OUTBOX_KEY_PREFIX, { idleMs: 100, maxDelayMs: 500, chunk: 1_000 });
    for (let i = 0; i < 20; i++) {
      outbox.add({ seq: i, id: `w${i}`, command: 'cards:create', json: '{}', at: 0 });
      outbox.remove(`w${i}`);
      vi.advanceTimersByTime(50); // never 100 ms quiet
    }
    expect(storage.map.size).toBeLessThan(20);
  });

  it('refuses new writes visibly when full, and keeps what it has', async () => {
    const storage = new MapStorage();
    const { transport, client } = page(storage, false, 3);
    const kept = [1, 2, 3].map((n) => client.call('cards:create', { n }, { kind: 'write' }));
    await expect(client.call('cards:create', { n: 4 }, { kind: 'write' })).rejects.toMatchObject({
      kind: 'BUSY',
      retryable: false,
      message: expect.stringContaining('not saved'),
    });
    expect(client.stats()).toMatchObject({ refused: 1, unsettled: 3 });
    transport.becomeReady();
    for (const n of [1, 2, 3]) {
      await vi.waitFor(() => expect(transport.sent).toHaveLength(n));
      transport.replyOk(transport.last().id, n);
    }
    await expect(Promise.all(kept)).resolves.toEqual([1, 2, 3]);
  });

  it('refuses a write the storage will not take (quota) instead of losing it later', async () => {
    const storage = new MapStorage();
    storage.quota = 1;
    const { client } = page(storage, false);
    void client.call('cards:create', { n: 1 }, { kind: 'write' }).catch(() => {});
    await expect(client.call('cards:create', { n: 2 }, { kind: 'write' })).rejects.toMatchObject({
      kind: 'BUSY',
      message: expect.stringContaining('storage refused'),
    });
  });

  it('drops entries it cannot read back and counts them', () => {
    const storage = new MapStorage();
    storage.setItem(`${OUTBOX_KEY_PREFIX}x`, '{broken');
    storage.setItem(`${OUTBOX_KEY_PREFIX}y`, JSON.stringify({ seq: 1, id: 'other', command: 'c', json: '{}', at: 0 }));
    storage.setItem('unrelated', 'kept');
    const outbox = new StorageOutbox(storage);
    expect(outbox.size).toBe(0);
    expect(outbox.unreadable).toBe(2);
    expect([...storage.map.keys()]).toEqual(['unrelated']);
  });

  it('does not journal reads', () => {
    const storage = new MapStorage();
    const { client } = page(storage, true);
    void client.call('cards:list', {}).catch(() => {});
    expect(storage.map.size).toBe(0);
  });
});

describe('tuning', () => {
  it('reads numbers from storage and clamps them; ignores junk', () => {
    const storage = new MapStorage();
    storage.setItem(
      TUNING_KEY,
      JSON.stringify({ writeTimeoutMs: 1, heartbeatMs: 'soon', retry: { maxAttempts: 1e9 }, breaker: { halfOpenTrials: 2 } }),
    );
    expect(readTuning(storage)).toEqual({ writeTimeoutMs: 10, retry: { maxAttempts: 50 }, breaker: { halfOpenTrials: 2 } });
    storage.setItem(TUNING_KEY, '{nope');
    expect(readTuning(storage)).toEqual({ retry: {}, breaker: {} });
  });
});

describe('persisted outbox when the page goes away', () => {
  it('removes the keys of settled writes at pagehide, so the next page does not replay them', async () => {
    const { connectBridge } = await import('../src/bridge/connect');
    const storage = new MapStorage();
    storage.setItem(`${OUTBOX_KEY_PREFIX}left`, JSON.stringify({ seq: 1, id: 'left', command: 'cards:create', json: '{}', at: 0 }));
    const bridge = connectBridge(window, { storage, tuning: { heartbeatMs: 0 } });
    bridge.outbox.remove('left'); // settled: its key waits for the cleanup
    expect(storage.map.size).toBeGreaterThan(0);
    window.dispatchEvent(new Event('pagehide'));
    expect([...storage.map.keys()].filter((k) => k.startsWith(OUTBOX_KEY_PREFIX))).toEqual([]);
    bridge.heartbeat.stop();
  });
});

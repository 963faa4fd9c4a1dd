import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_MIN_MS, RollbackSaver, SAVE_DEBOUNCE_MS, type SaveOutcome } from '../src/rollback/saver';
import { fromBase64, sha256Hex, sha256Js, toBase64 } from '../src/rollback/bytes';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('RollbackSaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  let state = 0;
  const outcome = (n: number): SaveOutcome => ({ where: `snap-${n}.db`, sha256: `sha${n}`, savedAt: '2026-01-01T00:00:00.000Z' });

  it('debounces: many changes make one save, after the interval from the last one', async () => {
    const write = vi.fn(async (b: Uint8Array) => outcome(b[0]!));
    const saver = new RollbackSaver({ snapshot: () => new Uint8Array([state]), write });
    state = 1;
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 100);
    state = 2;
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 100);
    expect(write).not.toHaveBeenCalled();
    expect(saver.status.value.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]![0][0]).toBe(2);
    expect(saver.status.value).toMatchObject({ dirty: false, saving: false, error: null, last: { sha256: 'sha2' } });
  });

  it('never has two saves in flight, and the latest state ends up saved', async () => {
    const pending: Array<ReturnType<typeof deferred<SaveOutcome>>> = [];
    let inFlight = 0;
    let most = 0;
    const saved: number[] = [];
    const write = vi.fn((b: Uint8Array) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const d = deferred<SaveOutcome>();
      pending.push(d);
      return d.promise.then((o) => {
        inFlight--;
        saved.push(b[0]!);
        return o;
      });
    });
    const saver = new RollbackSaver({ snapshot: () => new Uint8Array([state]), write });
    state = 1;
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
    expect(write).toHaveBeenCalledTimes(1);
    state = 2;
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 3);
    state = 3;
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 3);
    expect(write).toHaveBeenCalledTimes(1);
    pending[0]!.resolve(outcome(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(2);
    pending[1]!.resolve(outcome(3));
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS * 3);
    expect(saved).toEqual([1, 3]);
    expect(most).toBe(1);
    expect(saver.status.value).toMatchObject({ dirty: false, saving: false, last: { sha256: 'sha3' } });
  });

  it('shows a failed save and retries it with backoff until it succeeds', async () => {
    let fail = 2;
    const write = vi.fn(async () => {
      if (fail-- > 0) throw new Error('disk full');
      return outcome(9);
    });
    const saver = new RollbackSaver({ snapshot: () => new Uint8Array([1]), write });
    saver.changed();
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
    expect(saver.status.value).toMatchObject({ error: 'disk full', saving: false });
    await vi.advanceTimersByTimeAsync(RETRY_MIN_MS - 1);
    expect(write).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(write).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(RETRY_MIN_MS);
    expect(write).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(RETRY_MIN_MS);
    expect(write).toHaveBeenCalledTimes(3);
    expect(saver.status.value).toMatchObject({ error: null, last: { sha256: 'sha9' }, dirty: false });
  });

  it('without auto-save only marks changes, and flush saves now', async () => {
    const write = vi.fn(async () => outcome(4));
    const saver = new RollbackSaver({ auto: false, snapshot: () => new Uint8Array([4]), write });
    saver.changed();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(write).not.toHaveBeenCalled();
    expect(saver.status.value.dirty).toBe(true);
    await saver.flush();
    expect(write).toHaveBeenCalledTimes(1);
    expect(saver.status.value.dirty).toBe(false);
  });
});

describe('bytes', () => {
  it('hashes like WebCrypto and the standard vectors', async () => {
    expect(sha256Js(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Js(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const big = new Uint8Array(200_003).map((_, i) => (i * 31) & 0xff);
    expect(sha256Js(big)).toBe(await sha256Hex(big));
  });

  it('round-trips base64 over chunk boundaries', () => {
    const data = new Uint8Array(100_001).map((_, i) => (i * 7) & 0xff);
    expect(fromBase64(toBase64(data))).toEqual(data);
  });
});

describe('sliced sha256', () => {
  it('gives the same digest and yields between slices', async () => {
    const { sha256JsSliced, SLICE_BYTES } = await import('../src/rollback/bytes');
    const data = new Uint8Array(SLICE_BYTES * 2 + 1234).map((_, i) => (i * 17) & 0xff);
    let pauses = 0;
    const digest = await sha256JsSliced(data, async () => {
      pauses++;
    });
    expect(digest).toBe(sha256Js(data));
    expect(pauses).toBe(2);
  });
});

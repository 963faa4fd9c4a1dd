import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../src/bridge/api';
import { BridgeClient, type CircuitName } from '../src/bridge/client';
import { Heartbeat } from '../src/bridge/heartbeat';
import { DEFAULT_RESILIENCE, ResiliencePolicy, type ResilienceConfig } from '../src/bridge/resilience';
import { FakeTransport, silentLogger } from './fake-transport';

afterEach(() => {
  vi.useRealTimers();
});

function config(overrides: {
  retry?: Partial<ResilienceConfig['retry']>;
  breaker?: Partial<ResilienceConfig['breaker']>;
}): ResilienceConfig {
  return {
    retry: { ...DEFAULT_RESILIENCE.retry, ...overrides.retry },
    breaker: { ...DEFAULT_RESILIENCE.breaker, ...overrides.breaker },
  };
}

const BUSY = { kind: 'BUSY', message: 'busy', retryable: true };
const INVALID = { kind: 'INVALID', message: 'bad', retryable: false };

type Answer = 'ok' | typeof BUSY | typeof INVALID | 'drop';

/** Replies to every request as `answer` says, right after it is sent; returns a function to change it. */
function autoReply(transport: FakeTransport, first: Answer): (next: Answer) => void {
  let answer = first;
  const send = transport.send.bind(transport);
  transport.send = (json: string) => {
    send(json);
    const request = transport.last();
    const a = answer;
    if (a === 'drop') return;
    queueMicrotask(() => (a === 'ok' ? transport.replyOk(request.id, {}) : transport.replyError(request.id, a)));
  };
  return (next) => {
    answer = next;
  };
}

describe('circuit breaker', () => {
  function setup() {
    vi.useFakeTimers();
    const transport = new FakeTransport(true);
    const policy = new ResiliencePolicy(
      config({
        retry: { maxAttempts: 1 },
        breaker: {
          consecutiveFailures: 3,
          failureRate: 0.99,
          windowCalls: 100,
          minimumCalls: 100,
          halfOpenAfterMs: 1_000,
          maxHalfOpenAfterMs: 1_000,
          halfOpenTrials: 2,
        },
      }),
    );
    const client = new BridgeClient(transport, { policy, logger: silentLogger });
    const api = createApi(client);
    const heartbeat = new Heartbeat(client, () => api.heartbeat(), policy.trials, { everyMs: 60_000, tickMs: 100 });
    const states: CircuitName[] = [];
    policy.onCircuitChange((s) => states.push(s));
    return { transport, policy, client, api, heartbeat, states };
  }

  const pings = (t: FakeTransport) => t.sent.filter((r) => r.cmd === 'system:ping');

  it('opens after N failures in a row, fails reads fast and queues writes while open', async () => {
    const { transport, client, states } = setup();
    for (let i = 0; i < 3; i++) {
      const call = client.call('cards:get', { id: 'x' });
      transport.replyError(transport.last().id, BUSY);
      await expect(call).rejects.toMatchObject({ kind: 'BUSY' });
    }
    expect(states).toEqual(['open']);
    expect(client.circuit()).toBe('open');

    const sentBefore = transport.sent.length;
    await expect(client.call('cards:get', { id: 'y' })).rejects.toMatchObject({ kind: 'UNAVAILABLE', notSent: true });
    const write = client.call('cards:create', { n: 1 }, { kind: 'write' });
    expect(transport.sent.length).toBe(sentBefore);
    expect(client.stats()).toMatchObject({ queued: 1, unsettled: 1 });
    expect(client.status()).toMatchObject({ circuit: 'open', queuedWrites: 1 });
    void write.catch(() => {});
  });

  it('opens on a failure rate over the window even without N in a row', async () => {
    vi.useFakeTimers();
    const transport = new FakeTransport(true);
    const policy = new ResiliencePolicy(
      config({ retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 100, failureRate: 0.4, windowCalls: 10, minimumCalls: 10 } }),
    );
    const client = new BridgeClient(transport, { policy, logger: silentLogger });
    for (let i = 0; i < 10 && client.circuit() === 'closed'; i++) {
      const call = client.call('cards:get', {});
      if (i % 2 === 1) transport.replyError(transport.last().id, BUSY);
      else transport.replyOk(transport.last().id, {});
      await call.catch(() => {});
    }
    expect(client.circuit()).toBe('open');
  });

  it('does not count answers about the request itself (INVALID) against the circuit', async () => {
    const { transport, client } = setup();
    for (let i = 0; i < 10; i++) {
      const call = client.call('cards:get', {});
      transport.replyError(transport.last().id, INVALID);
      await expect(call).rejects.toMatchObject({ kind: 'INVALID' });
    }
    expect(client.circuit()).toBe('closed');
  });

  it('half-opens after the cool-down with exactly the trial count, then closes and replays the queue in order', async () => {
    const { transport, client, api, heartbeat, states } = setup();
    for (let i = 0; i < 3; i++) {
      const call = client.call('cards:get', {});
      transport.replyError(transport.last().id, BUSY);
      await call.catch(() => {});
    }
    const writes = [1, 2, 3].map((n) => client.call('cards:create', { n }, { kind: 'write' }));
    heartbeat.start();

    // Within the cool-down (at least half of 1 s with jitter) no trial goes out.
    await vi.advanceTimersByTimeAsync(450);
    expect(pings(transport)).toHaveLength(0);

    // After it, the heartbeat sends the trial count of pings and the breaker admits no more.
    await vi.advanceTimersByTimeAsync(650);
    expect(states).toEqual(['open', 'half-open']);
    expect(pings(transport)).toHaveLength(2);
    const extra = api.heartbeat();
    await vi.advanceTimersByTimeAsync(500);
    expect(pings(transport)).toHaveLength(2);
    await expect(client.call('cards:get', {})).rejects.toMatchObject({ notSent: true });
    expect(transport.sent.filter((r) => r.cmd === 'cards:create')).toHaveLength(0);

    // Both trials succeed: closed, and the queued writes go out in the order they were made.
    for (const p of pings(transport)) transport.replyOk(p.id, {});
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    const creates = transport.sent.filter((r) => r.cmd === 'cards:create');
    expect(creates.map((r) => r.args['n'])).toEqual([1, 2, 3]);
    for (const r of creates) transport.replyOk(r.id, r.args['n']);
    await expect(Promise.all(writes)).resolves.toEqual([1, 2, 3]);
    transport.replyOk(transport.last().id, {});
    await extra.catch(() => {});
    heartbeat.stop();
  });

  it('re-opens when a half-open trial fails', async () => {
    const { transport, client, heartbeat, states } = setup();
    for (let i = 0; i < 3; i++) {
      const call = client.call('cards:get', {});
      transport.replyError(transport.last().id, BUSY);
      await call.catch(() => {});
    }
    heartbeat.start();
    await vi.advanceTimersByTimeAsync(1_100);
    const trials = pings(transport);
    expect(trials).toHaveLength(2);
    transport.replyOk(trials[0]!.id, {});
    transport.replyError(trials[1]!.id, { kind: 'UNAVAILABLE', message: 'paused', retryable: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['open', 'half-open', 'open']);
    heartbeat.stop();
  });
});

describe('retry with jittered backoff', () => {
  it('retries only retryable failures, with the same request id, up to maxAttempts', async () => {
    vi.useFakeTimers();
    const transport = new FakeTransport(true);
    const answer = autoReply(transport, BUSY);
    const policy = new ResiliencePolicy(config({ retry: { maxAttempts: 4, initialDelayMs: 10 }, breaker: { consecutiveFailures: 1_000, failureRate: 0.999, windowCalls: 1_000, minimumCalls: 1_000 } }));
    const client = new BridgeClient(transport, { policy, logger: silentLogger });
    const call = client.call('cards:create', {}, { kind: 'write' });
    const settled = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await settled).toMatchObject({ kind: 'BUSY' });
    expect(transport.sent).toHaveLength(4);
    expect(new Set(transport.sent.map((r) => r.id)).size).toBe(1);
    expect(client.stats()).toMatchObject({ retries: 3, unsettled: 0 });

    answer(INVALID);
    const invalid = client.call('cards:create', {}, { kind: 'write' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await invalid).toMatchObject({ kind: 'INVALID' });
    expect(transport.sent).toHaveLength(5);
  });

  it('stops retrying once the total retry time is spent', async () => {
    vi.useFakeTimers();
    const transport = new FakeTransport(true);
    autoReply(transport, 'drop');
    const policy = new ResiliencePolicy(
      config({ retry: { maxAttempts: 50, initialDelayMs: 1, maxDelayMs: 1, maxRetryTimeMs: 1_000 }, breaker: { consecutiveFailures: 1_000, failureRate: 0.999, windowCalls: 1_000, minimumCalls: 1_000 } }),
    );
    const client = new BridgeClient(transport, { policy, logger: silentLogger, readTimeoutMs: 300 });
    const call = client.call('cards:get', {}).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await call).toMatchObject({ kind: 'TIMEOUT' });
    // attempts start at 0, ~300, ~600, ~900 ms; the one due after 1 s never starts
    expect(transport.sent).toHaveLength(4);
  });

  it('draws each delay uniformly from [0, base * 2^(k-1)) (full jitter), over a distribution', async () => {
    vi.useFakeTimers();
    const transport = new FakeTransport(true);
    autoReply(transport, BUSY);
    const policy = new ResiliencePolicy(
      config({ retry: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 10_000, maxRetryTimeMs: 600_000 }, breaker: { consecutiveFailures: 100_000, failureRate: 0.999, windowCalls: 100_000, minimumCalls: 100_000 } }),
    );
    const delays = new Map<number, number[]>([[1, []], [2, []], [3, []]]);
    policy.onRetry((delay, attempt) => delays.get(attempt)?.push(delay));
    const client = new BridgeClient(transport, { policy, logger: silentLogger });
    const calls = Array.from({ length: 600 }, () => client.call('cards:get', {}).catch(() => undefined));
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(calls);

    for (const [attempt, cap] of [[1, 100], [2, 200], [3, 400]] as const) {
      const d = delays.get(attempt) ?? [];
      expect(d).toHaveLength(600);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...d)).toBeLessThan(cap);
      // Uniform on [0, cap): mean cap/2 (standard error cap/sqrt(12*600) ≈ 1.2% of cap) ...
      const mean = d.reduce((a, b) => a + b, 0) / d.length;
      expect(Math.abs(mean - cap / 2)).toBeLessThan(cap * 0.06);
      // ... every quarter of the range holds about a quarter of the draws ...
      const quarters = [0, 0, 0, 0];
      for (const x of d) quarters[Math.min(3, Math.floor((x / cap) * 4))]! += 1;
      for (const q of quarters) expect(q).toBeGreaterThan(600 * 0.17);
      // ... and the delays are spread out, not a handful of repeated values.
      expect(new Set(d).size).toBeGreaterThan(cap * 0.6);
    }
  });
});

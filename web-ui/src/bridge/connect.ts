import { createApi, type IsometryApi } from './api';
import { BridgeClient, type BridgeClientConfig } from './client';
import type { BridgeHealth } from './health';
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatConfig } from './heartbeat';
import { DEFAULT_OUTBOX_CAPACITY, MemoryOutbox, StorageOutbox, type KeyValueStorage, type Outbox } from './outbox';
import { DEFAULT_RESILIENCE, ResiliencePolicy, type BreakerConfig, type RetryConfig } from './resilience';
import { WebViewTransport, type Transport } from './transport';

/**
 * Overrides of the bridge's timings and bounds. The app reads them from localStorage under
 * {@link TUNING_KEY} at start (tests and the soak run set it; nobody else does); every number is
 * clamped to a sane range.
 */
export interface BridgeTuning {
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
  probeTimeoutMs?: number;
  replayWindow?: number;
  outboxCapacity?: number;
  heartbeatMs?: number;
  tickMs?: number;
  retry?: Partial<RetryConfig>;
  breaker?: Partial<BreakerConfig>;
}

export const TUNING_KEY = 'isometry.bridge.tuning';

function num(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : undefined;
}

function pick<T extends object>(raw: unknown, ranges: Record<keyof T, [number, number]>): Partial<T> {
  const out: Record<string, number> = {};
  if (typeof raw !== 'object' || raw === null) return out as Partial<T>;
  for (const [key, [min, max]] of Object.entries(ranges) as Array<[string, [number, number]]>) {
    const v = num((raw as Record<string, unknown>)[key], min, max);
    if (v !== undefined) out[key] = v;
  }
  return out as Partial<T>;
}

/** Reads and clamps the tuning kept in storage; anything unreadable is ignored. */
export function readTuning(storage: Pick<KeyValueStorage, 'getItem'> | undefined): BridgeTuning {
  let raw: unknown;
  try {
    const text = storage?.getItem(TUNING_KEY);
    raw = text ? JSON.parse(text) : {};
  } catch {
    raw = {};
  }
  const top = pick<Omit<BridgeTuning, 'retry' | 'breaker'>>(raw, {
    readTimeoutMs: [10, 600_000],
    writeTimeoutMs: [10, 600_000],
    probeTimeoutMs: [10, 60_000],
    replayWindow: [1, 1_000],
    outboxCapacity: [1, 100_000],
    heartbeatMs: [0, 600_000],
    tickMs: [10, 60_000],
  });
  const r = (raw ?? {}) as Record<string, unknown>;
  return {
    ...top,
    retry: pick<RetryConfig>(r['retry'], {
      maxAttempts: [1, 50],
      initialDelayMs: [0, 60_000],
      maxDelayMs: [0, 600_000],
      maxRetryTimeMs: [0, 3_600_000],
    }),
    breaker: pick<BreakerConfig>(r['breaker'], {
      consecutiveFailures: [1, 10_000],
      failureRate: [0.01, 1],
      windowCalls: [1, 10_000],
      minimumCalls: [1, 10_000],
      halfOpenAfterMs: [1, 600_000],
      maxHalfOpenAfterMs: [1, 600_000],
      halfOpenTrials: [1, 100],
    }),
  };
}

/** Everything the page needs to talk to Java, wired once per page. */
export interface Bridge {
  readonly client: BridgeClient;
  readonly api: IsometryApi;
  readonly policy: ResiliencePolicy;
  readonly heartbeat: Heartbeat;
  readonly outbox: Outbox;
  /** The page's figures and Java's, in one object (Java's are null when it cannot be asked). */
  health(): Promise<BridgeHealth>;
}

function localStorageOf(win: Window): Storage | undefined {
  try {
    return win.localStorage ?? undefined;
  } catch {
    return undefined; // storage disabled: the outbox then lives in memory only
  }
}

/**
 * The production bridge: retries with jittered backoff and a circuit breaker (cockatiel), an outbox
 * kept in localStorage, and a heartbeat.
 */
export function connectBridge(
  win: Window,
  options: { transport?: Transport; storage?: KeyValueStorage; outboxPrefix?: string; tuning?: BridgeTuning } = {},
): Bridge {
  const storage = options.storage ?? localStorageOf(win);
  const tuning = options.tuning ?? readTuning(storage);
  const capacity = tuning.outboxCapacity ?? DEFAULT_OUTBOX_CAPACITY;
  const stored = storage ? new StorageOutbox(storage, capacity, options.outboxPrefix) : null;
  const outbox: Outbox = stored ?? new MemoryOutbox(capacity);
  // Settled writes' keys are removed after a burst (decision 21); a page going away removes them now,
  // so the next page does not replay, and report again, writes already answered.
  if (stored) win.addEventListener('pagehide', () => stored.flush());
  const policy = new ResiliencePolicy({
    retry: { ...DEFAULT_RESILIENCE.retry, ...tuning.retry },
    breaker: { ...DEFAULT_RESILIENCE.breaker, ...tuning.breaker },
  });
  const config: Partial<BridgeClientConfig> = { policy, outbox };
  if (tuning.readTimeoutMs !== undefined) Object.assign(config, { readTimeoutMs: tuning.readTimeoutMs });
  if (tuning.writeTimeoutMs !== undefined) Object.assign(config, { writeTimeoutMs: tuning.writeTimeoutMs });
  if (tuning.probeTimeoutMs !== undefined) Object.assign(config, { probeTimeoutMs: tuning.probeTimeoutMs });
  if (tuning.replayWindow !== undefined) Object.assign(config, { replayWindow: tuning.replayWindow });
  const client = new BridgeClient(options.transport ?? new WebViewTransport(win), config);
  const api = createApi(client);
  client.setSettler((requestId) => api.settleRequest(requestId));
  const beat: HeartbeatConfig = {
    everyMs: tuning.heartbeatMs ?? DEFAULT_HEARTBEAT.everyMs,
    tickMs: tuning.tickMs ?? DEFAULT_HEARTBEAT.tickMs,
  };
  const heartbeat = new Heartbeat(client, () => api.heartbeat(), policy.trials, beat);
  heartbeat.start();
  return {
    client,
    api,
    policy,
    heartbeat,
    outbox,
    async health(): Promise<BridgeHealth> {
      const page = {
        ...client.status(),
        outboxCapacity: outbox.capacity,
        stats: client.stats(),
        heartbeat: heartbeat.health(),
      };
      try {
        return { ...page, host: await api.hostHealth() };
      } catch (e) {
        return { ...page, host: null, hostError: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

import { createApi, type IsometryApi } from './bridge/api';
import { BridgeClient } from './bridge/client';
import { connectBridge } from './bridge/connect';
import { MemoryStorage, StorageOutbox } from './bridge/outbox';
import { WebViewTransport, type Transport } from './bridge/transport';

/**
 * In-page benchmarks, started by Java (`isometry bench`) with executeScript. Each function returns
 * a promise and also leaves its outcome in window.isometryBenchResult, which Java polls:
 * { status: 'running' }, then { status: 'done', ...figures } or { status: 'error', message }.
 * They use the same BridgeClient and api the UI uses. Figures are numbers only.
 */

/** A finished run: `status` plus numeric figures such as p50Us or perSecond. */
export interface BenchDone {
  status: 'done';
  [figure: string]: number | string;
}

export type BenchResult = { status: 'running' } | BenchDone | { status: 'error'; message: string };

export interface IsometryBench {
  rtt(n: number, warmup?: number): Promise<BenchResult>;
  throughput(n: number, concurrency?: number): Promise<BenchResult>;
  create(n: number, concurrency?: number): Promise<BenchResult>;
  search(queries: string[], repeats?: number): Promise<BenchResult>;
  autosave(n: number): Promise<BenchResult>;
  /** Like rtt, through a bare client: no retry, breaker, outbox or heartbeat (the baseline). */
  rttBare(n: number, warmup?: number): Promise<BenchResult>;
  /**
   * n writes queued while disconnected, then the time from reconnect until all are settled; with
   * `inMemory` the outbox is kept in memory instead of localStorage (to tell the two costs apart).
   */
  replay(n: number, inMemory?: boolean): Promise<BenchResult>;
  /**
   * While on, every `changes` event is answered at once with a ping, so Java can time commit → page
   * by the ping's arrival; counts the events and the rows they carried (window.isometryFeed).
   */
  feedAck(on: boolean): Promise<BenchResult>;
  /** Subscribes a live card list with this filter, answering each push with a ping; off with null. */
  liveAck(filter: Record<string, string> | null): Promise<BenchResult>;
  /** Java's health figures (the live view count, for leak checks). */
  health(): Promise<BenchResult>;
}

declare global {
  interface Window {
    isometryBench?: IsometryBench;
    isometryBenchResult?: BenchResult;
    isometryFeed?: { events: number; rows: number; pushes: number };
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

function positiveInt(value: unknown, name: string, fallback?: number): number {
  const n = value === undefined && fallback !== undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight. */
async function runPool(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, n)) }, worker));
}

const WORDS = ['alpha', 'harbor', 'lantern', 'meadow', 'quartz', 'signal', 'timber', 'violet', 'willow', 'zephyr'];

function benchText(i: number, words: number): string {
  const out: string[] = [];
  for (let k = 0; k < words; k++) out.push(WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'word');
  return out.join(' ');
}

/** A transport that reports "not connected" until opened (the replay benchmark's disconnect). */
class GatedTransport implements Transport {
  private open = false;
  private readonly callbacks: Array<() => void> = [];

  constructor(private readonly inner: Transport) {
    inner.onReady(() => {
      if (this.open) this.announce();
    });
  }

  send(json: string): void {
    this.inner.send(json);
  }

  onReceive(handler: (batchJson: string) => void): void {
    this.inner.onReceive(handler);
  }

  isReady(): boolean {
    return this.open && this.inner.isReady();
  }

  onReady(callback: () => void): void {
    this.callbacks.push(callback);
  }

  connect(): void {
    this.open = true;
    this.announce();
  }

  private announce(): void {
    for (const cb of this.callbacks) cb();
  }
}

/**
 * Runs `body` with its own transport attached to the page's receiver, then gives the receiver back
 * to the app's client (a second transport replaces window.isometryReceive while it exists).
 */
async function withOwnTransport<T>(win: Window, body: (transport: WebViewTransport) => Promise<T>): Promise<T> {
  const saved = win.isometryReceive;
  try {
    return await body(new WebViewTransport(win));
  } finally {
    win.isometryReceive = saved;
  }
}

async function pingLoop(api: IsometryApi, count: number, warmup: number): Promise<Record<string, number>> {
  for (let i = 0; i < warmup; i++) await api.ping();
  const samples = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await api.ping();
    samples[i] = (performance.now() - start) * 1000;
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, x) => sum + x, 0) / Math.max(1, count);
  return {
    p50Us: round1(percentile(samples, 50)),
    p99Us: round1(percentile(samples, 99)),
    meanUs: round1(mean),
    n: count,
  };
}

export function createBench(win: Window, api: IsometryApi): IsometryBench {
  const run = async (body: () => Promise<Record<string, number>>): Promise<BenchResult> => {
    win.isometryBenchResult = { status: 'running' };
    try {
      const figures = await body();
      const result: BenchResult = { status: 'done', ...figures };
      win.isometryBenchResult = result;
      return result;
    } catch (e) {
      const result: BenchResult = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      win.isometryBenchResult = result;
      return result;
    }
  };

  let stopFeed: (() => void) | null = null;
  let stopLive: (() => void) | null = null;
  const feed = (): { events: number; rows: number; pushes: number } =>
    (win.isometryFeed ??= { events: 0, rows: 0, pushes: 0 });
  return {
    feedAck: (on) =>
      run(async () => {
        stopFeed?.();
        stopFeed = null;
        if (on) {
          stopFeed = api.onChanges((change) => {
            void api.ping();
            feed().events++;
            feed().rows += change.rows;
          });
        }
        return { events: feed().events };
      }),

    liveAck: (filter) =>
      run(async () => {
        if (stopLive) await api.unsubscribeLive('bench-live');
        stopLive?.();
        stopLive = null;
        if (filter === null) return { seq: -1, pushes: feed().pushes };
        stopLive = api.onLive((push) => {
          if (push.id !== 'bench-live') return;
          void api.ping();
          feed().pushes++;
        });
        const first = await api.subscribeLive({ id: 'bench-live', query: 'cards', limit: 200, ...filter });
        return { seq: first.seq, pushes: feed().pushes };
      }),

    health: () =>
      run(async () => {
        const h = await api.hostHealth();
        return { liveViews: h.liveViews };
      }),

    rtt: (n, warmup = 100) =>
      run(() => pingLoop(api, positiveInt(n, 'n'), positiveInt(warmup, 'warmup', 100))),

    rttBare: (n, warmup = 100) =>
      run(() =>
        withOwnTransport(win, (transport) =>
          pingLoop(createApi(new BridgeClient(transport)), positiveInt(n, 'n'), positiveInt(warmup, 'warmup', 100)),
        ),
      ),

    replay: (n, inMemory = false) =>
      run(() =>
        withOwnTransport(win, async (inner) => {
          const count = positiveInt(n, 'n');
          const gate = new GatedTransport(inner);
          const bridge = connectBridge(win, {
            transport: gate,
            storage: inMemory ? new MemoryStorage() : win.localStorage,
            outboxPrefix: 'isometry.bench.outbox.',
            tuning: { heartbeatMs: 0, outboxCapacity: Math.max(count, 1) },
          });
          try {
            const stamp = Date.now().toString(36);
            if (bridge.outbox.size !== 0) throw new Error(`${bridge.outbox.size} writes of an earlier replay are still kept`);
            const writes: Array<Promise<unknown>> = [];
            for (let i = 0; i < count; i++) {
              writes.push(bridge.api.createCard({ cardType: 'note', name: `Replay ${stamp} #${i}`, tags: ['bench'] }));
            }
            if (bridge.client.stats().queued !== count) throw new Error('the writes were not queued');
            const start = performance.now();
            gate.connect();
            const settled = await Promise.allSettled(writes);
            const ms = performance.now() - start;
            const failures = settled.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
            if (failures.length > 0) {
              throw new Error(`${failures.length} of ${count} replayed writes failed: ${[...new Set(failures)].slice(0, 3).join(' / ')}`);
            }
            return { ms: round1(ms), n: count, failed: 0, left: bridge.outbox.size };
          } finally {
            bridge.heartbeat.stop();
            // What the page does when it goes away: the keys of settled writes leave storage now, so
            // the next replay does not find them and send them again.
            if (bridge.outbox instanceof StorageOutbox) bridge.outbox.flush();
          }
        }),
      ),

    throughput: (n, concurrency = 64) =>
      run(async () => {
        const count = positiveInt(n, 'n');
        const start = performance.now();
        await runPool(count, positiveInt(concurrency, 'concurrency', 64), () => api.ping());
        const seconds = (performance.now() - start) / 1000;
        return { perSecond: round1(count / Math.max(seconds, 1e-6)), n: count };
      }),

    create: (n, concurrency = 8) =>
      run(async () => {
        const count = positiveInt(n, 'n');
        const stamp = Date.now().toString(36);
        const start = performance.now();
        await runPool(count, positiveInt(concurrency, 'concurrency', 8), (i) =>
          api.createCard({
            cardType: 'note',
            name: `Bench ${stamp} #${i} ${benchText(i, 3)}`,
            content: `# Bench note ${i}\n\n${benchText(i, 60)}`,
            tags: ['bench'],
          }),
        );
        const seconds = (performance.now() - start) / 1000;
        return { perSecond: round1(count / Math.max(seconds, 1e-6)), n: count };
      }),

    // What autosave does once its debounce fires: send the changed content with the last version and
    // wait for the store to commit it. Each save adds a few characters, as typing does.
    autosave: (n) =>
      run(async () => {
        const count = positiveInt(n, 'n');
        let card = await api.createCard({ cardType: 'note', name: `Autosave ${Date.now().toString(36)}`, content: benchText(1, 300) });
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          const start = performance.now();
          card = await api.updateCard({ id: card.id, baseVersion: card.version, changes: { content: `${card.content} w${i}` } });
          times.push(performance.now() - start);
        }
        times.sort((a, b) => a - b);
        return { p50Ms: round2(percentile(times, 50)), p99Ms: round2(percentile(times, 99)), n: times.length };
      }),

    search: (queries, repeats = 1) =>
      run(async () => {
        if (!Array.isArray(queries) || queries.length === 0) throw new Error('queries must be a non-empty array');
        const times: number[] = [];
        for (let r = 0; r < positiveInt(repeats, 'repeats', 1); r++) {
          for (const query of queries) {
            const start = performance.now();
            await api.searchCards({ query: String(query), limit: 20 });
            times.push(performance.now() - start);
          }
        }
        times.sort((a, b) => a - b);
        return {
          p50Ms: round2(percentile(times, 50)),
          p99Ms: round2(percentile(times, 99)),
          n: times.length,
        };
      }),
  };
}

export function installBench(win: Window, api: IsometryApi): void {
  win.isometryBench = createBench(win, api);
}

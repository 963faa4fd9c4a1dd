import type { IsometryApi } from './bridge/api';

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
}

declare global {
  interface Window {
    isometryBench?: IsometryBench;
    isometryBenchResult?: BenchResult;
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

  return {
    rtt: (n, warmup = 100) =>
      run(async () => {
        const count = positiveInt(n, 'n');
        for (let i = 0; i < positiveInt(warmup, 'warmup', 100); i++) await api.ping();
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
      }),

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

import { describe, expect, it } from 'vitest';
import { createBench, percentile } from '../src/bench';
import type { IsometryApi } from '../src/bridge/api';
import { newRequestId, uuidFromRandomValues } from '../src/bridge/uuid';
import { externalUrl } from '../src/links';
import { relativeTime } from '../src/views/format';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('builds v4 UUIDs from getRandomValues when randomUUID is missing', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newRequestId({ getRandomValues: (a) => crypto.getRandomValues(a) });
      expect(id).toMatch(V4);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
    expect(uuidFromRandomValues({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => a })).toBe(
      '00000000-0000-4000-8000-000000000000',
    );
  });

  it('prefers crypto.randomUUID', () => {
    expect(newRequestId({ randomUUID: () => 'fixed', getRandomValues: (a) => a })).toBe('fixed');
  });
});

describe('externalUrl', () => {
  const base = 'jar:file:/opt/isometry.jar!/web/index.html';
  it.each([
    ['https://example.org/x', 'https://example.org/x'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:someone@example.org', 'mailto:someone@example.org'],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['#section', null],
  ])('%s -> %s', (href, expected) => {
    expect(externalUrl(href, base)).toBe(expected);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2025-06-10T12:00:00.000Z');
  it.each([
    ['2025-06-10T11:59:30.000Z', 'just now'],
    ['2025-06-10T11:55:00.000Z', '5 min ago'],
    ['2025-06-10T09:00:00.000Z', '3 h ago'],
    ['2025-06-09T06:00:00.000Z', 'yesterday'],
    ['2025-06-06T12:00:00.000Z', '4 days ago'],
    ['not a date', ''],
  ])('%s -> %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});

describe('bench', () => {
  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });

  it('publishes running, then done with figures, in window.isometryBenchResult', async () => {
    let pings = 0;
    const api = { ping: async () => { pings++; return {}; } } as unknown as IsometryApi;
    const bench = createBench(window, api);
    const running = bench.rtt(20, 5);
    expect(window.isometryBenchResult).toEqual({ status: 'running' });
    const result = await running;
    expect(result).toMatchObject({ status: 'done', n: 20 });
    expect(window.isometryBenchResult).toBe(result);
    expect(pings).toBe(25);
    const tp = await bench.throughput(50, 8);
    expect(tp).toMatchObject({ status: 'done', n: 50 });
    expect(pings).toBe(75);
  });

  it('reports failures as status error with a message', async () => {
    const api = { searchCards: async () => { throw new Error('store down'); } } as unknown as IsometryApi;
    const result = await createBench(window, api).search(['a'], 1);
    expect(result).toEqual({ status: 'error', message: 'store down' });
    expect(window.isometryBenchResult).toEqual(result);
  });
});

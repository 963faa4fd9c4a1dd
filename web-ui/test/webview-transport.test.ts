import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeClient, WebViewTransport } from '../src/bridge/client';
import { HOST_READY_EVENT, NUDGE_EVENT } from '../src/bridge/transport';
import { silentLogger } from './fake-transport';

afterEach(() => {
  delete window.isometryHost;
  delete window.isometryReceive;
});

describe('WebViewTransport', () => {
  it('queues until window.isometryHost appears and isometry:host-ready fires, then flushes in order', async () => {
    const client = new BridgeClient(new WebViewTransport(window), { logger: silentLogger });
    const first = client.call('system:ping', { n: 1 });
    const second = client.call('system:info', { n: 2 });

    const posted: string[] = [];
    window.isometryHost = { postMessage: (json) => posted.push(json) };
    document.dispatchEvent(new Event(HOST_READY_EVENT));

    const requests = posted.map((json) => JSON.parse(json) as { id: string; cmd: string });
    expect(requests.map((r) => r.cmd)).toEqual(['system:ping', 'system:info']);

    // Java answers through the global function with a JSON array, then nudges.
    window.isometryReceive!(JSON.stringify([
      { v: 1, id: requests[1]!.id, ok: true, result: { cardCount: 0 } },
      { v: 1, id: requests[0]!.id, ok: true, result: {} },
    ]));
    document.dispatchEvent(new Event(NUDGE_EVENT));
    await expect(first).resolves.toEqual({});
    await expect(second).resolves.toEqual({ cardCount: 0 });
  });

  it('sends at once when the host is installed before the page starts', async () => {
    const postMessage = vi.fn();
    window.isometryHost = { postMessage };
    const client = new BridgeClient(new WebViewTransport(window), { logger: silentLogger });
    void client.call('system:ping', {});
    expect(postMessage).toHaveBeenCalledOnce();
    expect(JSON.parse(postMessage.mock.calls[0]![0] as string)).toMatchObject({ v: 1, cmd: 'system:ping', args: {} });
  });

  it('registers a listener for the nudge event', () => {
    const add = vi.spyOn(document, 'addEventListener');
    new WebViewTransport(window);
    expect(add.mock.calls.map((c) => c[0])).toContain(NUDGE_EVENT);
    expect(add.mock.calls.map((c) => c[0])).toContain(HOST_READY_EVENT);
  });

  it('isometryReceive never throws, even on garbage', () => {
    new BridgeClient(new WebViewTransport(window), { logger: silentLogger });
    expect(() => window.isometryReceive!('][')).not.toThrow();
    expect(() => window.isometryReceive!(undefined as unknown as string)).not.toThrow();
  });

  it('keeps batches that arrive before a receiver is registered', async () => {
    window.isometryHost = { postMessage: () => {} };
    const transport = new WebViewTransport(window);
    window.isometryReceive!('[{"v":1,"event":"changes","seq":1,"data":1}]');
    const client = new BridgeClient(transport, { logger: silentLogger });
    expect(client.stats().events).toBe(1);
  });
});

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus as Status, RecoveredOutcome } from '../src/bridge/client';
import { BridgeError } from '../src/bridge/errors';
import { ConnectionStatus, type ConnectionSource } from '../src/views/ConnectionStatus';

let host: HTMLElement | null = null;

/** A source the test drives: current status and recovered outcomes, as the client would report them. */
class FakeSource implements ConnectionSource {
  private statusListener: ((s: Status) => void) | null = null;
  private recoveredListener: ((o: RecoveredOutcome) => void) | null = null;
  status: Status = { hostReady: true, circuit: 'closed', queuedWrites: 0, unsettledWrites: 0 };

  onStatus(listener: (s: Status) => void): () => void {
    this.statusListener = listener;
    listener(this.status);
    return () => {
      this.statusListener = null;
    };
  }

  onRecovered(listener: (o: RecoveredOutcome) => void): () => void {
    this.recoveredListener = listener;
    return () => {
      this.recoveredListener = null;
    };
  }

  set(status: Partial<Status>): void {
    this.status = { ...this.status, ...status };
    act(() => this.statusListener?.(this.status));
  }

  recover(outcome: RecoveredOutcome): void {
    act(() => this.recoveredListener?.(outcome));
  }
}

function mount(source: FakeSource): HTMLElement {
  host = document.createElement('div');
  document.body.appendChild(host);
  act(() => render(<ConnectionStatus source={source} />, host as HTMLElement));
  return host;
}

afterEach(() => {
  if (host) {
    render(null, host);
    host.remove();
    host = null;
  }
});

describe('connection status', () => {
  it('shows nothing while all is well, a discreet reconnecting line, and a clear message when open', () => {
    const source = new FakeSource();
    const el = mount(source);
    expect(el.textContent).toBe('');

    source.set({ circuit: 'half-open' });
    expect(el.querySelector('[data-testid="connection-status"]')?.textContent).toContain('Reconnecting');

    source.set({ circuit: 'open', queuedWrites: 3 });
    const open = el.querySelector('[data-testid="connection-status"]');
    expect(open?.getAttribute('role')).toBe('alert');
    expect(open?.textContent).toContain('interrupted');
    expect(open?.textContent).toContain('3 changes will be saved');

    source.set({ circuit: 'closed', queuedWrites: 0 });
    expect(el.textContent).toBe('');
  });

  it('reports what happened to changes an earlier page left unconfirmed', () => {
    const source = new FakeSource();
    const el = mount(source);
    source.recover({ id: 'a', command: 'cards:create', args: {}, ok: true, result: {} });
    source.recover({ id: 'b', command: 'cards:create', args: {}, ok: true, result: {} });
    source.recover({
      id: 'c',
      command: 'cards:update',
      args: {},
      ok: false,
      error: new BridgeError({ kind: 'CONFLICT', message: 'the card changed meanwhile', retryable: false, command: 'cards:update' }),
    });
    const notice = el.querySelector('[data-testid="recovered-notice"]');
    expect(notice?.textContent).toContain('2 changes made before the page reloaded were saved');
    expect(notice?.textContent).toContain('1 change made before the page reloaded could not be saved: the card changed meanwhile');
  });
});

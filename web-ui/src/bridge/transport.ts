/**
 * The wire under the bridge client. The production implementation talks to the JavaFX host; tests
 * substitute a fake. A transport moves opaque JSON strings and reports readiness; it knows nothing
 * about envelopes, ids or timeouts.
 */
export interface Transport {
  /** Sends one request envelope. Only called while isReady(); may throw if the host vanished. */
  send(json: string): void;
  /** Registers the single receiver of incoming batches (a JSON array of envelopes). */
  onReceive(handler: (batchJson: string) => void): void;
  /** True once the host can accept messages. */
  isReady(): boolean;
  /** Called whenever the host announces itself (possibly more than once). */
  onReady(callback: () => void): void;
}

/** The object Java installs with setMember; it deliberately has exactly one method. */
export interface IsometryHost {
  postMessage(json: string): void;
}

declare global {
  interface Window {
    isometryHost?: IsometryHost | null;
    isometryReceive?: (batchJson: string) => void;
  }
}

/** Dispatched on document by Java right after it installs window.isometryHost. */
export const HOST_READY_EVENT = 'isometry:host-ready';
/**
 * Dispatched on document by Java after each delivered batch. The listener does nothing; its
 * existence makes WebKit run the microtasks of resolved promises now instead of on the next pulse
 * (~16.7 ms later).
 */
export const NUDGE_EVENT = 'isometry:nudge';

const noop = (): void => {};

/**
 * Transport over the JavaFX WebView globals: window.isometryHost (outgoing), window.isometryReceive
 * (incoming) and the two DOM events above. Create one per page.
 */
export class WebViewTransport implements Transport {
  private receiver: ((batchJson: string) => void) | null = null;
  /** Batches that arrived before the client registered its receiver. */
  private early: string[] = [];
  private readonly readyCallbacks: Array<() => void> = [];

  constructor(private readonly win: Window = window) {
    win.isometryReceive = (batchJson: string): void => {
      try {
        if (this.receiver) this.receiver(batchJson);
        else this.early.push(batchJson);
      } catch (e) {
        // Never throw into Java's executeScript.
        console.error('[bridge] receive failed', e);
      }
    };
    win.document.addEventListener(NUDGE_EVENT, noop);
    win.document.addEventListener(HOST_READY_EVENT, () => this.announceReady());
  }

  send(json: string): void {
    const host = this.win.isometryHost;
    if (host === undefined || host === null) {
      throw new Error('The Isometry host is not installed');
    }
    host.postMessage(json);
  }

  onReceive(handler: (batchJson: string) => void): void {
    this.receiver = handler;
    const early = this.early;
    this.early = [];
    for (const batch of early) handler(batch);
  }

  isReady(): boolean {
    const host = this.win.isometryHost;
    return host !== undefined && host !== null;
  }

  onReady(callback: () => void): void {
    this.readyCallbacks.push(callback);
  }

  private announceReady(): void {
    if (!this.isReady()) return;
    for (const cb of this.readyCallbacks) {
      try {
        cb();
      } catch (e) {
        console.error('[bridge] ready callback failed', e);
      }
    }
  }
}

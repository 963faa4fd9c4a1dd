import type { Transport } from '../src/bridge/transport';

export interface SentRequest {
  v: number;
  id: string;
  cmd: string;
  args: Record<string, unknown>;
}

/** An in-memory Transport: records what is sent and lets the test deliver batches. */
export class FakeTransport implements Transport {
  readonly sent: SentRequest[] = [];
  private receiver: ((batchJson: string) => void) | null = null;
  private readonly readyCallbacks: Array<() => void> = [];

  constructor(private ready = true) {}

  send(json: string): void {
    if (!this.ready) throw new Error('send while not ready');
    this.sent.push(JSON.parse(json) as SentRequest);
  }

  onReceive(handler: (batchJson: string) => void): void {
    this.receiver = handler;
  }

  isReady(): boolean {
    return this.ready;
  }

  onReady(callback: () => void): void {
    this.readyCallbacks.push(callback);
  }

  becomeReady(): void {
    this.ready = true;
    for (const cb of this.readyCallbacks) cb();
  }

  /** Delivers a raw batch string, as Java does through isometryReceive. */
  deliverRaw(batchJson: string): void {
    if (!this.receiver) throw new Error('no receiver registered');
    this.receiver(batchJson);
  }

  deliver(...envelopes: unknown[]): void {
    this.deliverRaw(JSON.stringify(envelopes));
  }

  replyOk(id: string, result: unknown): void {
    this.deliver({ v: 1, id, ok: true, result });
  }

  replyError(id: string, error: unknown): void {
    this.deliver({ v: 1, id, ok: false, error });
  }

  last(): SentRequest {
    const request = this.sent[this.sent.length - 1];
    if (!request) throw new Error('nothing sent');
    return request;
  }
}

export const silentLogger = { warn: (): void => {} };

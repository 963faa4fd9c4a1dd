/**
 * Requests waiting for the host. The in-memory outbox is enough while the page and Java share a
 * process; a persisted outbox (surviving a page reload) can implement the same interface later.
 */
export interface OutboundRequest {
  readonly id: string;
  readonly command: string;
  readonly json: string;
}

export interface Outbox {
  readonly size: number;
  enqueue(request: OutboundRequest): void;
  /** Removes a request that no longer needs sending (e.g. it timed out while queued). */
  remove(id: string): boolean;
  /** Returns every queued request in FIFO order and empties the outbox. */
  drain(): OutboundRequest[];
}

export class MemoryOutbox implements Outbox {
  private items: OutboundRequest[] = [];

  get size(): number {
    return this.items.length;
  }

  enqueue(request: OutboundRequest): void {
    this.items.push(request);
  }

  remove(id: string): boolean {
    const index = this.items.findIndex((r) => r.id === id);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  drain(): OutboundRequest[] {
    const drained = this.items;
    this.items = [];
    return drained;
  }
}

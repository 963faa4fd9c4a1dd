import type { IsometryApi, LiveQueryArgs, LivePush } from '../bridge/api';
import type { Card, CardConnections, CardPage, CardSummary, ChangeNotice, ListOptions } from '../model';
import type { LiveSource, Unwatch } from './live';

interface Subscription {
  args: LiveQueryArgs;
  /** The result last handed to the listener, and the feed sequence it reflects. */
  result: unknown;
  seq: number;
  listener: (result: unknown) => void;
  active: boolean;
}

export interface NativeLiveOptions {
  /** Wait before asking again when a subscription could not be made (bridge down, breaker open). */
  retryMs?: number;
}

let counter = 0;

/**
 * Live views over the bridge: Java keeps each query and pushes `live` events with new results (card
 * lists as diffs keyed by id). Results are applied in feed-sequence order, so a push that overtakes
 * the subscription's first result, or an older one arriving late, never shows stale data. A
 * subscription that fails is asked for again until it is stopped. Single-threaded like the page.
 */
export class NativeLive implements LiveSource {
  private readonly subs = new Map<string, Subscription>();
  private readonly retryMs: number;
  private listening = false;

  constructor(
    private readonly api: IsometryApi,
    private readonly available: () => Promise<void>,
    options: NativeLiveOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1_000;
  }

  watchCards(options: ListOptions, listener: (page: CardPage) => void): Unwatch {
    return this.watch({ query: 'cards', ...options }, listener as (r: unknown) => void);
  }

  watchCard(id: string, listener: (card: Card | null) => void): Unwatch {
    return this.watch({ query: 'card', cardId: id }, listener as (r: unknown) => void);
  }

  watchConnections(cardId: string, listener: (links: CardConnections) => void): Unwatch {
    return this.watch({ query: 'connections', cardId }, listener as (r: unknown) => void);
  }

  onChanges(listener: (change: ChangeNotice) => void): Unwatch {
    return this.api.onChanges(listener);
  }

  /** Open live views (tests, diagnostics). */
  get size(): number {
    return this.subs.size;
  }

  private watch(args: Omit<LiveQueryArgs, 'id'>, listener: (result: unknown) => void): Unwatch {
    this.listen();
    const id = `live-${++counter}`;
    const sub: Subscription = { args: { ...args, id }, result: undefined, seq: -1, listener, active: true };
    this.subs.set(id, sub);
    void this.subscribe(sub);
    return () => {
      if (!sub.active) return;
      sub.active = false;
      this.subs.delete(id);
      this.api.unsubscribeLive(id).catch(() => {
        // the page's views all go with it when it reloads; a lost unsubscribe costs nothing more
      });
    };
  }

  private async subscribe(sub: Subscription): Promise<void> {
    while (sub.active) {
      try {
        await this.available();
        const first = await this.api.subscribeLive(sub.args);
        if (sub.active) this.apply(sub, first.seq, first.result, null);
        return;
      } catch (e) {
        if (!sub.active) return;
        if (isRefused(e)) {
          console.warn('[isometry] live view refused', sub.args.query, e);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
    }
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.api.onLive((push) => {
      const sub = this.subs.get(push.id);
      if (sub) this.apply(sub, push.seq, push.result, push.diff);
    });
  }

  private apply(sub: Subscription, seq: number, result: unknown, diff: LivePush['diff']): void {
    if (seq < sub.seq) return; // older than what is shown
    let next: unknown = result;
    if (diff) {
      if (sub.result === undefined) return; // the first result is on its way and will be newer
      next = applyDiff(sub.result as CardPage, diff);
    }
    sub.seq = seq;
    sub.result = next;
    try {
      sub.listener(next);
    } catch (e) {
      console.warn('[isometry] a live view listener failed', e);
    }
  }
}

function isRefused(e: unknown): boolean {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return kind === 'INVALID' || kind === 'TOO_LARGE' || kind === 'NOT_FOUND';
}

/** A card list after a diff: rows replaced or added by id, removed ones dropped, in the new order. */
export function applyDiff(page: CardPage, diff: NonNullable<LivePush['diff']>): CardPage {
  const byId = new Map<string, CardSummary>(page.items.map((c) => [c.id, c]));
  for (const c of diff.upserts) byId.set(c.id, c);
  for (const id of diff.removed) byId.delete(id);
  const order = diff.order ?? page.items.map((c) => c.id).filter((id) => byId.has(id));
  const items = order.map((id) => byId.get(id)).filter((c): c is CardSummary => c !== undefined);
  return { items, total: diff.total };
}

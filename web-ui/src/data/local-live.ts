import type { Card, CardConnections, CardPage, ChangeNotice, ListOptions } from '../model';
import type { LiveSource, Unwatch } from './live';

/** The reads a local provider answers live views with. */
export interface LiveReads {
  listCards(options: ListOptions): Promise<CardPage>;
  getCard(id: string): Promise<Card>;
  listConnections(cardId: string): Promise<CardConnections>;
}

/**
 * Live views for a provider that holds the store in the page itself (rollback mode's sql.js, test
 * doubles): the provider calls {@link changed} after each write it commits, and every view runs its
 * read again — coalesced, so a burst of writes in one task costs one run per view. Results that did
 * not change are not handed on. Single-threaded like the page.
 */
export class LocalLive implements LiveSource {
  private readonly views = new Set<() => Promise<void>>();
  private readonly changeListeners = new Set<(change: ChangeNotice) => void>();
  private seq = 0;
  private pending: { cardIds: Set<string>; tables: Set<string> } | null = null;

  constructor(private readonly reads: LiveReads) {}

  watchCards(options: ListOptions, listener: (page: CardPage) => void): Unwatch {
    return this.view(() => this.reads.listCards(options), listener);
  }

  watchCard(id: string, listener: (card: Card | null) => void): Unwatch {
    return this.view(() => this.reads.getCard(id).catch((e: unknown) => {
      if ((e as { kind?: unknown } | null)?.kind === 'NOT_FOUND') return null;
      throw e;
    }), listener);
  }

  watchConnections(cardId: string, listener: (links: CardConnections) => void): Unwatch {
    return this.view(() => this.reads.listConnections(cardId), listener);
  }

  onChanges(listener: (change: ChangeNotice) => void): Unwatch {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Says a write committed (which cards it touched, when known); views update shortly after. */
  changed(cardIds: string[] = [], tables: string[] = ['cards', 'connections']): void {
    if (this.pending === null) {
      this.pending = { cardIds: new Set(), tables: new Set() };
      queueMicrotask(() => this.flush());
    }
    cardIds.forEach((id) => this.pending?.cardIds.add(id));
    tables.forEach((t) => this.pending?.tables.add(t));
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return;
    const notice: ChangeNotice = {
      seq: ++this.seq, external: false, tables: [...pending.tables], cardIds: [...pending.cardIds],
      connectionIds: [], rows: pending.cardIds.size, complete: false,
    };
    for (const run of [...this.views]) void run();
    for (const l of [...this.changeListeners]) {
      try {
        l(notice);
      } catch (e) {
        console.warn('[isometry] a change listener failed', e);
      }
    }
  }

  private view<T>(read: () => Promise<T>, listener: (result: T) => void): Unwatch {
    let last = '';
    let runSeq = 0;
    let active = true;
    const run = async (): Promise<void> => {
      const mine = ++runSeq;
      try {
        const result = await read();
        const key = JSON.stringify(result);
        if (!active || mine !== runSeq || key === last) return;
        last = key;
        listener(result);
      } catch (e) {
        console.warn('[isometry] a live view could not be read', e);
      }
    };
    this.views.add(run);
    void run();
    return () => {
      active = false;
      this.views.delete(run);
    };
  }
}

import { batch, signal } from '@preact/signals';
import type { Unwatch } from '../data/live';
import type { Provider } from '../data/provider';
import type { CardSummary, ConnectionChanges, ConnectionView } from '../model';
import { describeError } from './format';

/**
 * The connections of the open card: outgoing ones and backlinks, and the actions on them. A live
 * view: a connection made or removed anywhere (a `[[Name]]` link typed in another window, say) shows
 * at once.
 */
export class ConnectionsState {
  readonly cardId = signal<string | null>(null);
  readonly outgoing = signal<ConnectionView[]>([]);
  readonly incoming = signal<ConnectionView[]>([]);
  readonly loading = signal(false);
  readonly loaded = signal(false);
  /** The last failure of an action on a connection, shown in the panel. */
  readonly error = signal<string | null>(null);
  private seq = 0;
  private unwatch: Unwatch | null = null;

  constructor(private readonly provider: Provider) {}

  /** Shows the connections of this card (null: none open), kept live until another card opens. */
  load(cardId: string | null): Promise<void> {
    if (cardId !== this.cardId.peek()) {
      this.unwatch?.();
      this.unwatch = null;
      batch(() => {
        this.cardId.value = cardId;
        this.outgoing.value = [];
        this.incoming.value = [];
        this.loaded.value = false;
        this.error.value = null;
      });
      if (cardId !== null) {
        this.unwatch = this.provider.live.watchConnections(cardId, (links) => {
          if (cardId !== this.cardId.peek()) return;
          this.seq++; // newer than any one-off read still on its way
          batch(() => {
            this.outgoing.value = links.outgoing;
            this.incoming.value = links.incoming;
            this.loaded.value = true;
          });
        });
      }
    }
    return this.refresh();
  }

  async refresh(): Promise<void> {
    const cardId = this.cardId.peek();
    const seq = ++this.seq;
    if (cardId === null) return;
    this.loading.value = true;
    try {
      const result = await this.provider.listConnections(cardId);
      if (seq !== this.seq) return;
      batch(() => {
        this.outgoing.value = result.outgoing;
        this.incoming.value = result.incoming;
        this.loaded.value = true;
      });
    } catch (e) {
      if (seq === this.seq) this.error.value = describeError(e, 'load the connections');
    } finally {
      if (seq === this.seq) this.loading.value = false;
    }
  }

  /** Cards to offer when connecting: a search, or the most recent ones; never the open card. */
  async candidates(query: string): Promise<CardSummary[]> {
    const self = this.cardId.peek();
    const q = query.trim();
    const items = q === ''
      ? (await this.provider.listCards({ limit: 9 })).items
      : (await this.provider.searchCards(q, { limit: 9 })).items;
    return items.filter((c) => c.id !== self).slice(0, 8);
  }

  async connect(targetId: string, label: string): Promise<boolean> {
    const sourceId = this.cardId.peek();
    if (sourceId === null) return false;
    const trimmed = label.trim();
    return this.act('connect the cards', () =>
      this.provider.createConnection(trimmed === '' ? { sourceId, targetId } : { sourceId, targetId, label: trimmed }));
  }

  update(id: string, changes: ConnectionChanges): Promise<boolean> {
    return this.act('change the connection', () => this.provider.updateConnection(id, changes));
  }

  remove(id: string): Promise<boolean> {
    return this.act('remove the connection', () => this.provider.deleteConnection(id));
  }

  private async act(doing: string, run: () => Promise<unknown>): Promise<boolean> {
    this.error.value = null;
    try {
      await run();
      await this.refresh();
      return true;
    } catch (e) {
      this.error.value = describeError(e, doing);
      return false;
    }
  }
}

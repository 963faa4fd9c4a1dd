import { signal } from '@preact/signals';
import type { Provider } from '../data/provider';
import type { CardVersionEntry } from '../model';
import { describeError } from './format';

/**
 * The history shown for the open card: its kept versions, newest first, with the merge resolutions that
 * produced them. Loaded when the person opens it and again after each save while it is open. One per app.
 */
export class CardHistoryState {
  readonly open = signal(false);
  readonly cardId = signal<string | null>(null);
  readonly versions = signal<CardVersionEntry[]>([]);
  readonly error = signal<string | null>(null);
  private request = 0;

  constructor(private readonly provider: Provider) {}

  async show(cardId: string): Promise<void> {
    this.open.value = true;
    this.cardId.value = cardId;
    await this.reload();
  }

  hide(): void {
    this.open.value = false;
    this.request++;
  }

  /** Reloads if the history of this card is showing (after a save). */
  async refresh(cardId: string): Promise<void> {
    if (this.open.peek() && this.cardId.peek() === cardId) await this.reload();
  }

  private async reload(): Promise<void> {
    const id = this.cardId.peek();
    if (id === null) return;
    const request = ++this.request;
    try {
      const versions = await this.provider.cardHistory(id);
      if (request !== this.request) return;
      this.versions.value = versions;
      this.error.value = null;
    } catch (e) {
      if (request === this.request) this.error.value = describeError(e, 'read the card\u2019s history');
    }
  }
}

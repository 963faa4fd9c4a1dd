import { batch, signal } from '@preact/signals';
import type { Provider } from '../data/provider';
import type { Card, TrashedCard } from '../model';
import { describeError } from './format';

export interface TrashHooks {
  /** Cards came back or went for good: the list, facets and links need a refresh. */
  changed(): void;
  restored(card: Card): void;
  error(message: string): void;
}

const PAGE = 200;

/** The trash view: trashed cards, restore, delete forever, empty, and the auto-purge setting. */
export class TrashState {
  readonly items = signal<TrashedCard[]>([]);
  readonly total = signal(0);
  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly confirmingEmpty = signal(false);
  /** The id of the card whose "delete forever" waits for confirmation. */
  readonly confirmingPurge = signal<string | null>(null);
  /** Days a trashed card is kept; null keeps it forever; undefined until read. */
  readonly retentionDays = signal<number | null | undefined>(undefined);
  readonly busy = signal(false);

  constructor(
    private readonly provider: Provider,
    private readonly hooks: TrashHooks,
  ) {}

  async load(more = false): Promise<void> {
    this.loading.value = true;
    try {
      const offset = more ? this.items.peek().length : 0;
      const page = await this.provider.listTrash({ limit: PAGE, offset });
      batch(() => {
        this.items.value = more ? [...this.items.peek(), ...page.items] : page.items;
        this.total.value = page.total;
        this.loaded.value = true;
      });
    } catch (e) {
      this.hooks.error(describeError(e, 'load the trash'));
    } finally {
      this.loading.value = false;
    }
  }

  async restore(id: string): Promise<Card | null> {
    try {
      const card = await this.provider.restoreCard(id);
      this.drop(id);
      this.hooks.changed();
      this.hooks.restored(card);
      return card;
    } catch (e) {
      this.hooks.error(describeError(e, 'restore the card'));
      void this.load();
      return null;
    }
  }

  askPurge(id: string | null): void {
    this.confirmingPurge.value = id;
  }

  async purge(id: string): Promise<void> {
    this.confirmingPurge.value = null;
    try {
      await this.provider.purgeCard(id);
      this.drop(id);
      this.hooks.changed();
    } catch (e) {
      this.hooks.error(describeError(e, 'delete the card forever'));
      void this.load();
    }
  }

  askEmpty(asking: boolean): void {
    this.confirmingEmpty.value = asking;
  }

  async empty(): Promise<number> {
    this.confirmingEmpty.value = false;
    this.busy.value = true;
    try {
      const purged = await this.provider.emptyTrash();
      batch(() => {
        this.items.value = [];
        this.total.value = 0;
      });
      this.hooks.changed();
      return purged;
    } catch (e) {
      this.hooks.error(describeError(e, 'empty the trash'));
      void this.load();
      return 0;
    } finally {
      this.busy.value = false;
    }
  }

  async loadSettings(): Promise<void> {
    try {
      this.retentionDays.value = (await this.provider.getSettings()).trashRetentionDays;
    } catch (e) {
      console.warn('[isometry] settings:get failed', e);
    }
  }

  async setRetention(days: number | null): Promise<void> {
    const before = this.retentionDays.peek();
    this.retentionDays.value = days;
    try {
      this.retentionDays.value = (await this.provider.updateSettings({ trashRetentionDays: days })).trashRetentionDays;
    } catch (e) {
      this.retentionDays.value = before;
      this.hooks.error(describeError(e, 'change how long the trash keeps cards'));
    }
  }

  private drop(id: string): void {
    batch(() => {
      this.items.value = this.items.peek().filter((c) => c.id !== id);
      this.total.value = Math.max(0, this.total.peek() - 1);
    });
  }
}

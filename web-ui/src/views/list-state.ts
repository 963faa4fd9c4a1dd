import { batch, computed, signal } from '@preact/signals';
import type { Unwatch } from '../data/live';
import type { Provider } from '../data/provider';
import type { CardFilter, CardPage, CardSummary, ChangeNotice, Facets, SearchHit } from '../model';
import { describeError } from './format';

export type ListItem = CardSummary | SearchHit;

export interface ListOptions {
  searchDebounceMs?: number;
  /** The most rows the plain list holds (it says so past them). */
  listLimit?: number;
  /** Rows the plain list keeps live at first; doubled, up to `listLimit`, each time it is scrolled to its end. */
  liveRows?: number;
  searchLimit?: number;
  /** Quiet time after a change before searches and facets are read again. */
  changeDebounceMs?: number;
  /** A live list is shown again at most this often while it keeps changing (a burst of writes). */
  liveRepaintMs?: number;
}

const NO_FACETS: Facets = { folders: [], tags: [], types: [] };

/**
 * The card list: the plain list or a search, narrowed by type, folder and tag, and the facets the
 * filter pickers offer. The plain list is a live view (a change made in any window or process shows at
 * once); a search and the facets are read again shortly after each change. Stale answers (an older
 * query) are dropped. One instance per app.
 */
export class ListState {
  readonly query = signal('');
  readonly filter = signal<CardFilter>({});
  readonly items = signal<ListItem[]>([]);
  readonly total = signal(0);
  /** The search matched more than the store ranks; total is a floor. */
  readonly windowed = signal(false);
  /** Set when the query's advanced syntax was malformed and plain words were searched. */
  readonly hint = signal<string | null>(null);
  readonly searching = signal(false);
  readonly loading = signal(false);
  /** True once the first list (or search) result has been applied. */
  readonly loaded = signal(false);
  readonly facets = signal<Facets>(NO_FACETS);

  readonly filtered = computed(() => Object.keys(this.filter.value).length > 0);

  private readonly debounceMs: number;
  private readonly listLimit: number;
  private readonly firstLiveRows: number;
  /** Rows of the plain list kept live now: re-running a list costs in proportion to it on every change. */
  private liveRows: number;
  private readonly searchLimit: number;
  private seq = 0;
  private facetSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changeDebounceMs: number;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private facetTimer: ReturnType<typeof setTimeout> | undefined;
  private unwatch: Unwatch | null = null;
  private watchKey = '';
  private stopChanges: Unwatch | null = null;
  private readonly liveRepaintMs: number;
  private livePending: { key: string; page: CardPage } | null = null;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private lastLiveShown = 0;

  constructor(
    private readonly provider: Provider,
    private readonly onError: (message: string) => void,
    options: ListOptions = {},
  ) {
    this.debounceMs = options.searchDebounceMs ?? 120;
    this.listLimit = options.listLimit ?? 500;
    this.firstLiveRows = Math.min(this.listLimit, options.liveRows ?? 120);
    this.liveRows = this.firstLiveRows;
    this.searchLimit = options.searchLimit ?? 100;
    this.changeDebounceMs = options.changeDebounceMs ?? 250;
    this.liveRepaintMs = options.liveRepaintMs ?? 150;
  }

  /** Follows the store's changes from now on (searches and facets are read again after each). */
  follow(): void {
    if (this.stopChanges) return;
    this.stopChanges = this.provider.live.onChanges((change) => this.onChange(change));
  }

  /** Stops following changes and the live list. */
  dispose(): void {
    this.stopChanges?.();
    this.stopChanges = null;
    this.unwatch?.();
    this.unwatch = null;
    this.watchKey = '';
    clearTimeout(this.changeTimer);
    clearTimeout(this.facetTimer);
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.livePending = null;
  }

  private onChange(change: ChangeNotice): void {
    if (!change.tables.includes('cards')) return;
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      if (this.query.peek().trim() !== '') void this.refresh();
    }, this.changeDebounceMs);
    // Facets count every live card's folder and tags (hundreds of ms over 100,000 cards): they wait for
    // a longer quiet, so an import or a replay is not slowed by recounting after each batch.
    clearTimeout(this.facetTimer);
    this.facetTimer = setTimeout(() => void this.refreshFacets(), this.changeDebounceMs * 8);
  }

  /**
   * Keeps the plain list for this filter live (one live view at a time): its first rows, more once they
   * have been scrolled through (`showMore`).
   */
  private watchList(filter: CardFilter): void {
    const options = { ...filter, limit: this.liveRows };
    const key = JSON.stringify(options);
    if (key === this.watchKey) return;
    this.unwatch?.();
    this.watchKey = key;
    this.unwatch = this.provider.live.watchCards(options, (page) => this.onLivePage(key, page));
  }

  /**
   * A new live result: shown as soon as the list has been quiet, else with the next repaint (at most
   * one per `liveRepaintMs`), always the newest — so a burst of writes (another window importing, a
   * replay) does not repaint the list on every commit and starve the page of time for its bridge.
   * Never inside the push's own dispatch: the repaint is a task of its own, queued behind what the
   * bridge has already delivered (the same commit's `changes` event, other views' pushes, replies), so
   * those are answered before the list is rendered and laid out again.
   */
  private onLivePage(key: string, page: CardPage): void {
    this.livePending = { key, page };
    if (this.liveTimer !== undefined) return;
    const wait = Math.max(0, this.lastLiveShown + this.liveRepaintMs - Date.now());
    this.liveTimer = setTimeout(() => this.showLive(), wait);
  }

  private showLive(): void {
    this.liveTimer = undefined;
    const pending = this.livePending;
    this.livePending = null;
    if (pending === null) return;
    const { key, page } = pending;
    if (key !== this.watchKey || this.query.peek().trim() !== '' || this.searching.peek()) return;
    this.lastLiveShown = Date.now();
    batch(() => {
      this.items.value = page.items;
      this.total.value = page.total;
    });
  }

  /** The most rows the plain list holds. */
  get limit(): number {
    return this.listLimit;
  }

  /**
   * The plain list was scrolled to the end of its rows: keeps twice as many live, up to `limit`. Nothing
   * happens while a larger list is on its way, for a search, or when every row is there.
   */
  showMore(): void {
    if (this.searching.peek() || this.query.peek().trim() !== '') return;
    const have = this.items.peek().length;
    if (have < this.liveRows || this.liveRows >= this.listLimit || have >= this.total.peek()) return;
    this.liveRows = Math.min(this.listLimit, this.liveRows * 2);
    this.watchList(this.filter.peek());
  }

  setQuery(query: string): void {
    this.query.value = query;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), this.debounceMs);
  }

  /** Narrows by one more part (undefined removes that part) and reloads at once. */
  setFilter(patch: CardFilter): void {
    const next: CardFilter = { ...this.filter.peek(), ...patch };
    for (const key of Object.keys(next) as Array<keyof CardFilter>) {
      if (next[key] === undefined || next[key] === '') delete next[key];
    }
    this.useFilter(next);
  }

  clearFilter(): void {
    this.useFilter({});
  }

  /** Lists by `next` at once; another filter than before starts from the first live rows again. */
  private useFilter(next: CardFilter): void {
    if (JSON.stringify(next) !== JSON.stringify(this.filter.peek())) this.liveRows = this.firstLiveRows;
    this.filter.value = next;
    void this.refresh();
  }

  /** Reloads for the current query and filter. */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const query = this.query.peek().trim();
    const filter = this.filter.peek();
    this.loading.value = true;
    try {
      if (query === '') {
        this.watchList(filter);
        const page = await this.provider.listCards({ ...filter, limit: this.liveRows });
        if (seq !== this.seq) return;
        batch(() => {
          this.items.value = page.items;
          this.total.value = page.total;
          this.windowed.value = false;
          this.hint.value = null;
          this.searching.value = false;
        });
      } else {
        const result = await this.provider.searchCards(query, { ...filter, limit: this.searchLimit });
        if (seq !== this.seq) return;
        batch(() => {
          this.items.value = result.items;
          this.total.value = result.total;
          this.windowed.value = result.windowed;
          this.hint.value = result.hint;
          this.searching.value = true;
        });
      }
      this.loaded.value = true;
    } catch (e) {
      if (seq !== this.seq) return;
      this.onError(describeError(e, query === '' ? 'load the cards' : 'search'));
    } finally {
      if (seq === this.seq) this.loading.value = false;
    }
  }

  /** Reloads the filter pickers' values; a filter whose value is gone stays until cleared. */
  async refreshFacets(): Promise<void> {
    const seq = ++this.facetSeq;
    try {
      const facets = await this.provider.facets();
      if (seq === this.facetSeq) this.facets.value = facets;
    } catch (e) {
      console.warn('[isometry] cards:facets failed', e);
    }
  }
}

import { batch, computed, signal } from '@preact/signals';
import { isBridgeError } from '../bridge/errors';
import type { Provider } from '../data/provider';
import type { Card, CardSummary, SearchHit } from '../model';
import {
  changesFromDraft,
  draftFromCard,
  emptyDraft,
  inputFromDraft,
  isBlankDraft,
  type Draft,
} from './draft';
import { describeError } from './format';

export type ListItem = CardSummary | SearchHit;

export interface BannerAction {
  label: string;
  run: () => void;
}

export interface Banner {
  /** 'unreachable' is sticky and cleared when the store appears; 'error' can be dismissed. */
  kind: 'unreachable' | 'error';
  message: string;
  action?: BannerAction;
}

export type Phase = 'idle' | 'loading' | 'saving' | 'saved' | 'deleting' | 'failed';

type Navigation = { kind: 'select'; id: string } | { kind: 'new' };

export interface AppStateOptions {
  searchDebounceMs?: number;
  unreachableAfterMs?: number;
  listLimit?: number;
  searchLimit?: number;
}

const UNREACHABLE =
  'Cannot reach the Isometry store. The app is still waiting for it; if this does not clear, restart Isometry.';

/**
 * The application's state and actions, as signals. Views read the signals and call the actions;
 * all store access goes through the Provider. One instance per page.
 */
export class AppState {
  readonly query = signal('');
  readonly items = signal<ListItem[]>([]);
  readonly total = signal(0);
  readonly searching = signal(false);
  readonly listLoading = signal(false);
  /** True once the first card list (or search) result has been applied. */
  readonly listLoaded = signal(false);

  readonly selectedId = signal<string | null>(null);
  /** The card as last read from or written to the store; null for a new, unsaved card. */
  readonly card = signal<Card | null>(null);
  readonly editing = signal(false);
  readonly draft = signal<Draft>(emptyDraft());
  readonly phase = signal<Phase>('idle');
  readonly banner = signal<Banner | null>(null);
  readonly confirmingDelete = signal(false);
  readonly pendingNavigation = signal<Navigation | null>(null);
  /** Bumped when the name field should take focus (new card). */
  readonly focusNameToken = signal(0);

  readonly dirty = computed(() => {
    if (!this.editing.value) return false;
    const card = this.card.value;
    if (card === null) return !isBlankDraft(this.draft.value);
    return Object.keys(changesFromDraft(card, this.draft.value)).length > 0;
  });

  readonly statusText = computed(() => {
    const phase = this.phase.value;
    if (phase === 'loading') return 'Loading…';
    if (phase === 'saving') return 'Saving…';
    if (phase === 'deleting') return 'Moving to trash…';
    const card = this.card.value;
    if (this.dirty.value) return phase === 'failed' ? 'Unsaved changes — not saved' : 'Unsaved changes';
    if (phase === 'saved') return card ? `Saved · version ${card.version}` : 'Saved';
    if (card === null) return 'New card — not saved yet';
    return `Up to date · version ${card.version}`;
  });

  private readonly debounceMs: number;
  private readonly unreachableAfterMs: number;
  private readonly listLimit: number;
  private readonly searchLimit: number;
  private listSeq = 0;
  private selectSeq = 0;
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly provider: Provider,
    options: AppStateOptions = {},
  ) {
    this.debounceMs = options.searchDebounceMs ?? 120;
    this.unreachableAfterMs = options.unreachableAfterMs ?? 10_000;
    this.listLimit = options.listLimit ?? 500;
    this.searchLimit = options.searchLimit ?? 100;
  }

  /** Waits for the store (warning after a while), then loads the first list. */
  async start(): Promise<void> {
    const timer = setTimeout(() => {
      this.banner.value = { kind: 'unreachable', message: UNREACHABLE };
    }, this.unreachableAfterMs);
    await this.provider.whenAvailable();
    clearTimeout(timer);
    if (this.banner.peek()?.kind === 'unreachable') this.banner.value = null;
    await this.refreshList();
  }

  // ---- list and search ----

  setQuery(query: string): void {
    this.query.value = query;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.refreshList(), this.debounceMs);
  }

  /** Reloads the list for the current query; stale answers are dropped. */
  async refreshList(): Promise<void> {
    clearTimeout(this.debounceTimer);
    const seq = ++this.listSeq;
    const query = this.query.peek().trim();
    this.listLoading.value = true;
    try {
      if (query === '') {
        const page = await this.provider.listCards({ limit: this.listLimit });
        if (seq !== this.listSeq) return;
        batch(() => {
          this.items.value = page.items;
          this.total.value = page.total;
          this.searching.value = false;
        });
      } else {
        const result = await this.provider.searchCards(query, { limit: this.searchLimit });
        if (seq !== this.listSeq) return;
        batch(() => {
          this.items.value = result.items;
          this.total.value = result.items.length;
          this.searching.value = true;
        });
      }
      this.listLoaded.value = true;
    } catch (e) {
      if (seq !== this.listSeq) return;
      this.showError(describeError(e, query === '' ? 'load the cards' : 'search'));
    } finally {
      if (seq === this.listSeq) this.listLoading.value = false;
    }
  }

  // ---- navigation (guarded by unsaved changes) ----

  requestSelect(id: string): void {
    if (id === this.selectedId.peek() && this.editing.peek()) return;
    this.navigate({ kind: 'select', id });
  }

  requestNew(): void {
    this.navigate({ kind: 'new' });
  }

  private navigate(target: Navigation): void {
    if (this.dirty.peek()) {
      this.pendingNavigation.value = target;
      return;
    }
    this.go(target);
  }

  private go(target: Navigation): void {
    this.pendingNavigation.value = null;
    this.confirmingDelete.value = false;
    if (target.kind === 'new') this.startNew();
    else void this.select(target.id);
  }

  discardAndContinue(): void {
    const target = this.pendingNavigation.peek();
    if (target) this.go(target);
  }

  async saveAndContinue(): Promise<void> {
    const target = this.pendingNavigation.peek();
    this.pendingNavigation.value = null;
    if (await this.save()) {
      if (target) this.go(target);
    }
  }

  cancelNavigation(): void {
    this.pendingNavigation.value = null;
  }

  private startNew(): void {
    this.selectSeq++;
    batch(() => {
      this.selectedId.value = null;
      this.card.value = null;
      this.draft.value = emptyDraft();
      this.editing.value = true;
      this.phase.value = 'idle';
      this.focusNameToken.value++;
    });
  }

  async select(id: string): Promise<void> {
    const seq = ++this.selectSeq;
    batch(() => {
      this.selectedId.value = id;
      this.phase.value = 'loading';
    });
    try {
      const card = await this.provider.getCard(id);
      if (seq !== this.selectSeq) return;
      this.showCard(card, 'idle');
    } catch (e) {
      if (seq !== this.selectSeq) return;
      if (isBridgeError(e) && e.kind === 'NOT_FOUND') {
        this.closeEditor();
        this.showError('That card no longer exists. The list has been refreshed.');
        void this.refreshList();
      } else {
        this.phase.value = 'idle';
        this.showError(describeError(e, 'open the card'));
      }
    }
  }

  private showCard(card: Card, phase: Phase): void {
    batch(() => {
      this.selectedId.value = card.id;
      this.card.value = card;
      this.draft.value = draftFromCard(card);
      this.editing.value = true;
      this.phase.value = phase;
    });
  }

  private closeEditor(): void {
    batch(() => {
      this.selectedId.value = null;
      this.card.value = null;
      this.editing.value = false;
      this.draft.value = emptyDraft();
      this.phase.value = 'idle';
      this.confirmingDelete.value = false;
    });
  }

  // ---- editing ----

  updateDraft(patch: Partial<Draft>): void {
    this.draft.value = { ...this.draft.peek(), ...patch };
  }

  /** Creates or updates the card in the editor. Resolves true when the store has it. */
  async save(): Promise<boolean> {
    if (!this.editing.peek()) return false;
    const phase = this.phase.peek();
    if (phase === 'saving' || phase === 'deleting' || phase === 'loading') return false;
    const draft = this.draft.peek();
    if (draft.name.trim() === '') {
      this.phase.value = 'failed';
      this.showError('A card needs a name before it can be saved.');
      this.focusNameToken.value++;
      return false;
    }
    const existing = this.card.peek();
    const seq = this.selectSeq;
    this.phase.value = 'saving';
    try {
      let saved: Card;
      if (existing === null) {
        saved = await this.provider.createCard(inputFromDraft(draft));
      } else {
        const changes = changesFromDraft(existing, draft);
        saved =
          Object.keys(changes).length === 0
            ? existing
            : await this.provider.updateCard(existing.id, existing.version, changes);
      }
      if (seq === this.selectSeq) {
        const typedMeanwhile = this.draft.peek() !== draft;
        batch(() => {
          this.selectedId.value = saved.id;
          this.card.value = saved;
          if (!typedMeanwhile) this.draft.value = draftFromCard(saved);
          this.phase.value = 'saved';
          if (this.banner.peek()?.kind === 'error') this.banner.value = null;
        });
      }
      void this.refreshList();
      return true;
    } catch (e) {
      if (seq === this.selectSeq) this.phase.value = 'failed';
      if (isBridgeError(e) && e.kind === 'CONFLICT' && existing !== null) {
        this.showError(
          'This card was changed elsewhere since you opened it, so your edits were not saved. ' +
            'They are still in the editor; load the latest version to start again from it.',
          { label: 'Load latest version', run: () => void this.select(existing.id) },
        );
      } else {
        this.showError(describeError(e, 'save the card'));
      }
      return false;
    }
  }

  askDelete(): void {
    if (this.card.peek() !== null) this.confirmingDelete.value = true;
  }

  cancelDelete(): void {
    this.confirmingDelete.value = false;
  }

  /** Moves the open card to the trash and selects its neighbour in the list. */
  async confirmDelete(): Promise<void> {
    const card = this.card.peek();
    this.confirmingDelete.value = false;
    if (card === null) return;
    const items = this.items.peek();
    const index = items.findIndex((item) => item.id === card.id);
    const neighbour = index >= 0 ? (items[index + 1] ?? items[index - 1]) : undefined;
    this.phase.value = 'deleting';
    try {
      await this.provider.deleteCard(card.id);
    } catch (e) {
      this.phase.value = 'idle';
      this.showError(describeError(e, 'move the card to the trash'));
      return;
    }
    if (this.card.peek()?.id === card.id) {
      this.closeEditor();
      if (neighbour) void this.select(neighbour.id);
    }
    await this.refreshList();
  }

  // ---- banner ----

  showError(message: string, action?: BannerAction): void {
    this.banner.value = action ? { kind: 'error', message, action } : { kind: 'error', message };
  }

  dismissBanner(): void {
    if (this.banner.peek()?.kind === 'error') this.banner.value = null;
  }

  /** Opens an external link through the provider, reporting failures in the banner. */
  openExternal(url: string): void {
    this.provider.openExternal(url).catch((e: unknown) => this.showError(describeError(e, 'open the link')));
  }

  reportReady(sinceNavigationMs: number): void {
    this.provider.reportReady(sinceNavigationMs).catch((e: unknown) => {
      console.warn('[isometry] system:ready failed', e);
    });
  }
}

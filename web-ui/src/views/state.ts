import { batch, signal } from '@preact/signals';
import { isBridgeError } from '../bridge/errors';
import type { Provider } from '../data/provider';
import { CardHistoryState } from './card-history-state';
import type { BackupNotice, Card, CardChanges, JobProgress } from '../model';
import { ConnectionsState } from './connections-state';
import { EditorState } from './editor-state';
import { describeError } from './format';
import { JobsState } from './jobs-state';
import { LinkResolver } from './link-resolver';
import { ListState, type ListItem } from './list-state';
import { MergeSettingsState } from './merge-settings-state';
import { TrashState } from './trash-state';

export type { ListItem } from './list-state';

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

/** A short confirmation at the bottom of the window, optionally with one action (Undo, Open). */
export interface Toast {
  message: string;
  action?: BannerAction;
}

export type View = 'cards' | 'trash' | 'settings';

type Navigation =
  | { kind: 'select'; id: string }
  | { kind: 'new'; name?: string }
  | { kind: 'close' }
  | { kind: 'trash' }
  | { kind: 'settings' };

export interface AppStateOptions {
  searchDebounceMs?: number;
  autosaveMs?: number;
  unreachableAfterMs?: number;
  listLimit?: number;
  searchLimit?: number;
  toastMs?: number;
}

const UNREACHABLE =
  'Cannot reach the Isometry store. The app is still waiting for it; if this does not clear, restart Isometry.';

/**
 * The application's state and actions, as signals. Views read the signals and call the actions;
 * all store access goes through the Provider. One instance per page. The parts live in their own
 * classes: list, editor, connections, trash, jobs, link resolver; this one navigates between them.
 */
export class AppState {
  readonly view = signal<View>('cards');
  readonly banner = signal<Banner | null>(null);
  readonly toast = signal<Toast | null>(null);
  readonly confirmingDelete = signal(false);
  readonly deleting = signal(false);
  /** Where the person wanted to go when the open card could not be saved. */
  readonly pendingNavigation = signal<Navigation | null>(null);
  readonly selectedId = signal<string | null>(null);
  /** How many first-run sample cards exist (the banner offers to remove them). */
  readonly sampleCards = signal(0);
  readonly sampleBannerDismissed = signal(false);
  readonly removingSamples = signal(false);
  /** Bumped when the search box should take focus. */
  readonly focusSearchToken = signal(0);

  readonly list: ListState;
  readonly editor: EditorState;
  readonly connections: ConnectionsState;
  /** The open card's history (versions and merge resolutions), when the person shows it. */
  readonly cardHistory: CardHistoryState;
  readonly trash: TrashState;
  readonly jobs: JobsState;
  readonly mergeSettings: MergeSettingsState;
  readonly links: LinkResolver;

  private readonly unreachableAfterMs: number;
  private readonly toastMs: number;
  private selectSeq = 0;
  private unwatchCard: (() => void) | null = null;
  private trashTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly provider: Provider,
    options: AppStateOptions = {},
  ) {
    this.unreachableAfterMs = options.unreachableAfterMs ?? 10_000;
    this.toastMs = options.toastMs ?? 6_000;
    const listOptions = {
      ...(options.searchDebounceMs !== undefined && { searchDebounceMs: options.searchDebounceMs }),
      ...(options.listLimit !== undefined && { listLimit: options.listLimit }),
      ...(options.searchLimit !== undefined && { searchLimit: options.searchLimit }),
    };
    this.list = new ListState(provider, (m) => this.showError(m), listOptions);
    this.editor = new EditorState(provider, {
      saved: (card, created, changes) => this.onSaved(card, created, changes),
      error: (m) => this.showError(m),
    }, options.autosaveMs !== undefined ? { autosaveMs: options.autosaveMs } : {});
    this.connections = new ConnectionsState(provider);
    this.cardHistory = new CardHistoryState(provider);
    this.links = new LinkResolver(provider);
    this.trash = new TrashState(provider, {
      changed: () => this.cardsChanged(),
      restored: (card) => this.notify(`Restored “${card.name}”.`, { label: 'Open', run: () => this.openRestored(card.id) }),
      error: (m) => this.showError(m),
    });
    this.jobs = new JobsState(provider, (p) => this.onJobFinished(p));
    this.mergeSettings = new MergeSettingsState(provider, (m) => this.showError(m));
  }

  /** Waits for the store (warning after a while), then loads the first list. */
  async start(): Promise<void> {
    const timer = setTimeout(() => {
      this.banner.value = { kind: 'unreachable', message: UNREACHABLE };
    }, this.unreachableAfterMs);
    await this.provider.whenAvailable();
    clearTimeout(timer);
    if (this.banner.peek()?.kind === 'unreachable') this.banner.value = null;
    this.list.follow();
    this.provider.onBackup((notice) => this.onBackup(notice));
    this.provider.live.onChanges((change) => {
      if (this.view.peek() !== 'trash' || !change.tables.includes('cards')) return;
      clearTimeout(this.trashTimer);
      this.trashTimer = setTimeout(() => void this.trash.load(), 250);
    });
    void this.list.refreshFacets();
    void this.refreshSettings();
    await this.list.refresh();
  }

  private async refreshSettings(): Promise<void> {
    try {
      const settings = await this.provider.getSettings();
      batch(() => {
        this.sampleCards.value = settings.sampleCards;
        this.trash.retentionDays.value = settings.trashRetentionDays;
      });
    } catch (e) {
      console.warn('[isometry] settings:get failed', e);
    }
  }

  /** Something changed many cards (restore, purge, import, samples): reload what shows them. */
  private cardsChanged(): void {
    this.links.invalidate();
    void this.list.refresh();
    void this.list.refreshFacets();
    if (this.editor.card.peek()) void this.connections.refresh();
  }

  private onSaved(card: Card, created: boolean, changes: CardChanges): void {
    void this.cardHistory.refresh(card.id);
    this.selectedId.value = card.id;
    if (this.banner.peek()?.kind === 'error') this.banner.value = null;
    if (created || 'name' in changes) this.links.invalidate();
    if (created) {
      this.watchOpenCard(card.id);
      void this.connections.load(card.id);
    }
    // The list and the connections are live views: the save's own change reaches them like any other.
    if (created || 'folder' in changes || 'tags' in changes || 'cardType' in changes) void this.list.refreshFacets();
  }

  // ---- navigation: the open card is saved first; if it cannot be, the person decides ----

  requestSelect(id: string): void {
    if (id === this.selectedId.peek() && this.editor.open.peek() && this.view.peek() === 'cards') return;
    void this.navigate({ kind: 'select', id });
  }

  requestNew(name?: string): void {
    void this.navigate(name === undefined ? { kind: 'new' } : { kind: 'new', name });
  }

  requestClose(): void {
    if (this.editor.open.peek()) void this.navigate({ kind: 'close' });
  }

  showCards(): void {
    this.view.value = 'cards';
  }

  showTrash(): void {
    void this.navigate({ kind: 'trash' });
  }

  showSettings(): void {
    void this.navigate({ kind: 'settings' });
  }

  focusSearch(): void {
    this.view.value = 'cards';
    this.focusSearchToken.value++;
  }

  private async navigate(target: Navigation): Promise<void> {
    this.pendingNavigation.value = null;
    if (!(await this.editor.flush())) {
      this.pendingNavigation.value = target;
      return;
    }
    this.go(target);
  }

  private go(target: Navigation): void {
    batch(() => {
      this.pendingNavigation.value = null;
      this.confirmingDelete.value = false;
    });
    switch (target.kind) {
      case 'new':
        this.selectSeq++;
        batch(() => {
          this.view.value = 'cards';
          this.selectedId.value = null;
          this.editor.startNew(target.name);
        });
        this.watchOpenCard(null);
        void this.connections.load(null);
        break;
      case 'select':
        this.view.value = 'cards';
        void this.select(target.id);
        break;
      case 'close':
        this.closeEditor();
        break;
      case 'trash':
        this.closeEditor();
        this.view.value = 'trash';
        void this.trash.load();
        void this.trash.loadSettings();
        break;
      case 'settings':
        this.closeEditor();
        this.view.value = 'settings';
        void this.mergeSettings.load();
        break;
    }
  }

  discardAndContinue(): void {
    const target = this.pendingNavigation.peek();
    if (target) this.go(target);
  }

  cancelNavigation(): void {
    this.pendingNavigation.value = null;
  }

  async select(id: string): Promise<void> {
    const seq = ++this.selectSeq;
    this.selectedId.value = id;
    this.editor.loading();
    try {
      const card = await this.provider.getCard(id);
      if (seq !== this.selectSeq) return;
      this.editor.show(card);
      this.watchOpenCard(card.id);
      void this.connections.load(card.id);
    } catch (e) {
      if (seq !== this.selectSeq) return;
      if (isBridgeError(e) && e.kind === 'NOT_FOUND') {
        this.closeEditor();
        this.showError('That card no longer exists. The list has been refreshed.');
        void this.list.refresh();
      } else {
        this.editor.phase.value = 'idle';
        this.showError(describeError(e, 'open the card'));
      }
    }
  }

  /** Keeps the open card current with changes made elsewhere (another window, the CLI). */
  private watchOpenCard(id: string | null): void {
    this.unwatchCard?.();
    this.unwatchCard = id === null ? null : this.provider.live.watchCard(id, (card) => {
      if (this.editor.card.peek()?.id === id) this.editor.storedChanged(card);
    });
  }

  /** Follows a `[[Name]]` link: opens that card, or starts a new card with that name. */
  async openCardByName(name: string): Promise<void> {
    const wanted = name.trim();
    if (wanted === '') return;
    try {
      const card = await this.provider.findCardByName(wanted);
      if (card) this.requestSelect(card.id);
      else this.requestNew(wanted);
    } catch (e) {
      this.showError(describeError(e, `open “${wanted}”`));
    }
  }

  private closeEditor(): void {
    this.selectSeq++;
    batch(() => {
      this.selectedId.value = null;
      this.confirmingDelete.value = false;
      this.editor.close();
    });
    this.watchOpenCard(null);
    void this.connections.load(null);
  }

  // ---- delete, with Undo ----

  /** The card the editor shows is the one selected (not while another is still opening). */
  private showsSelected(): boolean {
    const card = this.editor.card.peek();
    return card !== null && card.id === this.selectedId.peek() && this.editor.phase.peek() !== 'loading';
  }

  askDelete(): void {
    // Never the card still shown while another one opens: Delete acts on what the person chose.
    if (this.showsSelected()) this.confirmingDelete.value = true;
  }

  cancelDelete(): void {
    this.confirmingDelete.value = false;
  }

  /** Moves the open card to the trash and selects its neighbour in the list. */
  async confirmDelete(): Promise<void> {
    this.confirmingDelete.value = false;
    const card = this.editor.card.peek();
    if (card === null || !this.showsSelected()) return;
    const items: ListItem[] = this.list.items.peek();
    const index = items.findIndex((item) => item.id === card.id);
    const neighbour = index >= 0 ? (items[index + 1] ?? items[index - 1]) : undefined;
    this.deleting.value = true;
    try {
      await this.editor.flush();
      await this.provider.deleteCard(card.id);
    } catch (e) {
      this.showError(describeError(e, 'move the card to the trash'));
      return;
    } finally {
      this.deleting.value = false;
    }
    if (this.editor.card.peek()?.id === card.id) {
      this.closeEditor();
      if (neighbour) void this.select(neighbour.id);
    }
    this.notify(`Moved “${card.name}” to the trash.`, { label: 'Undo', run: () => void this.undoDelete(card.id) });
    this.cardsChanged();
  }

  private async undoDelete(id: string): Promise<void> {
    this.dismissToast();
    const card = await this.trash.restore(id);
    if (card) this.openRestored(card.id);
  }

  private openRestored(id: string): void {
    this.dismissToast();
    this.view.value = 'cards';
    this.requestSelect(id);
  }

  // ---- sample cards ----

  async removeSamples(): Promise<void> {
    this.removingSamples.value = true;
    try {
      const removed = await this.provider.removeSampleCards();
      this.sampleCards.value = 0;
      this.notify(removed === 1 ? 'Removed the sample card.' : `Removed ${removed} sample cards.`);
      const open = this.editor.card.peek();
      if (open) {
        try {
          await this.provider.getCard(open.id);
        } catch {
          this.closeEditor();
        }
      }
      this.cardsChanged();
    } catch (e) {
      this.showError(describeError(e, 'remove the sample cards'));
    } finally {
      this.removingSamples.value = false;
    }
  }

  dismissSampleBanner(): void {
    this.sampleBannerDismissed.value = true;
  }

  /** The banner that says the daily backup failed, while it shows. */
  private backupBanner: Banner | null = null;

  /**
   * A daily backup that could not be made is said in the banner until one is made: a person who relies
   * on backups must know they stopped. A backup made takes that banner away (and no other).
   */
  private onBackup(notice: BackupNotice): void {
    if (notice.ok) {
      if (this.backupBanner !== null && this.banner.peek() === this.backupBanner) this.banner.value = null;
      this.backupBanner = null;
      return;
    }
    const why = notice.message ?? 'the reason was not given';
    this.backupBanner = {
      kind: 'error',
      message: `Today's backup could not be made: ${why} Your cards are safe in the store; Isometry tries again every hour.`,
    };
    this.banner.value = this.backupBanner;
  }

  private onJobFinished(p: JobProgress): void {
    if (p.kind === 'import' && (p.imported > 0 || p.updated > 0)) {
      this.cardsChanged();
      const open = this.editor.card.peek();
      if (open && !this.editor.dirty.peek()) void this.select(open.id);
    }
  }

  // ---- banner and toast ----

  showError(message: string, action?: BannerAction): void {
    this.banner.value = action ? { kind: 'error', message, action } : { kind: 'error', message };
  }

  dismissBanner(): void {
    if (this.banner.peek()?.kind === 'error') this.banner.value = null;
  }

  notify(message: string, action?: BannerAction): void {
    clearTimeout(this.toastTimer);
    this.toast.value = action ? { message, action } : { message };
    this.toastTimer = setTimeout(() => this.dismissToast(), this.toastMs);
  }

  dismissToast(): void {
    clearTimeout(this.toastTimer);
    this.toast.value = null;
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

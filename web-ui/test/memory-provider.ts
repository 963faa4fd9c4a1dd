import { vi } from 'vitest';
import { BridgeError } from '../src/bridge/errors';
import type { ErrorKind } from '../src/bridge/errors';
import { LocalLive } from '../src/data/local-live';
import type { Provider } from '../src/data/provider';
import { checkStrategies, policyFromSetting, strategiesByField } from '../src/data/sqljs/merge';
import type {
  BackupNotice,
  Card,
  CardChanges,
  CardConnections,
  CardInput,
  CardPage,
  CardSummary,
  CardVersionEntry,
  ConflictResolution,
  Connection,
  ConnectionChanges,
  ConnectionInput,
  Facets,
  FacetCount,
  JobProgress,
  ListOptions,
  PageOptions,
  SearchOptions,
  SearchResult,
  Settings,
  SettingsChanges,
  SystemInfo,
  TransferFormat,
  TrashPage,
} from '../src/model';

const LINK = /\[\[([^\]|\n]+)(?:\|[^\]\n]*)?\]\]/g;

function fail(kind: ErrorKind, message: string, command: string): never {
  throw new BridgeError({ kind, message, retryable: false, command });
}

/**
 * An in-memory Provider for view and state tests. It behaves like the Java store where the UI can
 * tell: versions and CONFLICT, the trash, `[[Name]]` link connections kept in step with content,
 * links rewritten on rename, facets, settings, sample cards. Jobs are driven by the test (emitJob).
 */
export class MemoryProvider implements Provider {
  readonly cards = new Map<string, Card>();
  readonly connections = new Map<string, Connection>();
  readonly updates: Array<{ id: string; baseVersion: number; changes: CardChanges }> = [];
  readonly opened: string[] = [];
  readonly samples = new Set<string>();
  readonly jobs: Array<{ jobId: string; kind: 'import' | 'export'; format: TransferFormat; path: string }> = [];
  /** Live views re-read after every write (as rollback mode's provider does). */
  readonly live = new LocalLive(this);

  readonly cancelled: string[] = [];
  settings: Settings = { trashRetentionDays: 30, sampleCards: 0, mergeStrategies: strategiesByField(policyFromSetting(null)) };
  /** What the choosers answer. */
  chosenPath: string | null = '/home/someone/notes';
  private clock = Date.parse('2025-01-01T00:00:00.000Z');
  private nextId = 1;
  private readonly jobListeners = new Set<(p: JobProgress) => void>();
  available: Promise<void> = Promise.resolve();

  whenAvailable = vi.fn(() => this.available);
  reportReady = vi.fn(async (_ms: number) => {});

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  seed(input: CardInput): Card {
    const now = this.tick();
    const card: Card = {
      id: `card-${this.nextId++}`,
      cardType: input.cardType,
      name: input.name,
      content: input.content ?? '',
      summary: input.summary ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      locationName: input.locationName ?? null,
      createdAt: now,
      modifiedAt: now,
      dueAt: input.dueAt ?? null,
      completedAt: input.completedAt ?? null,
      eventStart: input.eventStart ?? null,
      eventEnd: input.eventEnd ?? null,
      folder: input.folder ?? null,
      tags: input.tags ?? [],
      status: input.status ?? null,
      priority: input.priority ?? null,
      sortOrder: null,
      url: input.url ?? null,
      source: null,
      sourceId: null,
      deletedAt: null,
      version: 1,
    };
    this.cards.set(card.id, card);
    this.syncLinks(card);
    this.live.changed();
    return card;
  }

  /** Adds a sample card (as the first run does). */
  seedSample(input: CardInput): Card {
    const card = this.seed(input);
    this.samples.add(card.id);
    return card;
  }

  private check(card: Card, command: string): void {
    if (card.name.trim() === '') fail('INVALID', 'name must not be empty', command);
    if (card.eventStart && card.eventEnd && card.eventEnd < card.eventStart) {
      fail('INVALID', 'the event ends before it starts', command);
    }
  }

  private liveCards(): Card[] {
    return [...this.cards.values()]
      .filter((c) => c.deletedAt === null)
      .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  summary(c: Card): CardSummary {
    return { id: c.id, cardType: c.cardType, name: c.name, summary: c.summary, folder: c.folder, tags: c.tags, modifiedAt: c.modifiedAt, version: c.version };
  }

  private filtered(options: ListOptions | SearchOptions): Card[] {
    return this.liveCards().filter((c) =>
      (options.cardType === undefined || c.cardType === options.cardType) &&
      (options.folder === undefined || c.folder === options.folder) &&
      (options.tag === undefined || c.tags.includes(options.tag)));
  }

  async listCards(options: ListOptions = {}): Promise<CardPage> {
    const all = this.filtered(options);
    const offset = options.offset ?? 0;
    const items = all.slice(offset, offset + (options.limit ?? all.length));
    return { items: items.map((c) => this.summary(c)), total: all.length };
  }

  async getCard(id: string): Promise<Card> {
    const card = this.cards.get(id);
    if (!card || card.deletedAt !== null) fail('NOT_FOUND', 'No such card', 'cards:get');
    return card;
  }

  async createCard(input: CardInput): Promise<Card> {
    if (input.name.trim() === '') fail('INVALID', 'name must not be empty', 'cards:create');
    return this.seed(input);
  }

  async updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card> {
    this.updates.push({ id, baseVersion, changes });
    const card = await this.getCard(id);
    if (card.version !== baseVersion) fail('CONFLICT', 'the card changed since version ' + baseVersion, 'cards:update');
    const updated: Card = { ...card, ...changes, modifiedAt: this.tick(), version: card.version + 1 };
    this.check(updated, 'cards:update');
    this.cards.set(id, updated);
    if (changes.name !== undefined && changes.name !== card.name) this.rewriteLinks(card.name, updated.name);
    if (changes.content !== undefined) this.syncLinks(updated);
    this.live.changed();
    return updated;
  }

  /** Every resolution written, with the version it produced (cardHistory shows them). */
  readonly resolutions: Array<{ id: string; version: number; resolution: ConflictResolution }> = [];

  /** Like the Java store: refused unless still at theirsVersion; non-conflicting changes apply, picks decide the rest. */
  async resolveConflict(id: string, resolution: ConflictResolution): Promise<Card> {
    const card = await this.getCard(id);
    if (card.version !== resolution.theirsVersion) fail('CONFLICT', 'the card changed again', 'cards:resolve');
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(resolution.changes)) {
      const pick = resolution.choices[field];
      if (pick === 'theirs') continue;
      changes[field] = pick === 'edited' ? resolution.edited[field] : value;
    }
    const updated: Card = { ...card, ...(changes as CardChanges), modifiedAt: this.tick(), version: card.version + 1 };
    this.check(updated, 'cards:resolve');
    this.cards.set(id, updated);
    this.resolutions.push({ id, version: updated.version, resolution });
    return updated;
  }

  async cardHistory(id: string): Promise<CardVersionEntry[]> {
    const card = await this.getCard(id);
    const versions: CardVersionEntry[] = [];
    for (let v = card.version; v >= 1; v--) {
      const resolved = this.resolutions.filter((r) => r.id === id && r.version === v);
      versions.push({
        version: v,
        changedAt: v === card.version ? card.modifiedAt : null,
        origin: 'ui',
        kept: true,
        resolutions: resolved.flatMap((r) =>
          Object.entries(r.resolution.choices).map(([field, chosen]) => ({
            field, strategy: 'person' as const, chosen, baseKnown: true, base: null,
            mine: (r.resolution.changes as Record<string, unknown>)[field] ?? null, theirs: null,
            result: chosen === 'edited' ? r.resolution.edited[field] : null, baseVersion: r.resolution.baseVersion,
            theirsVersion: r.resolution.theirsVersion, resolvedAt: card.modifiedAt, origin: 'ui',
          })),
        ),
      });
    }
    return versions;
  }

  /** Changes a card as another window or device would: bumps its version. */
  changeElsewhere(id: string, changes: CardChanges): Card {
    const card = this.cards.get(id)!;
    const updated = { ...card, ...changes, modifiedAt: this.tick(), version: card.version + 1 };
    this.cards.set(id, updated);
    this.live.changed();
    return updated;
  }

  private byName(name: string): Card | undefined {
    const wanted = name.trim().toLowerCase();
    return this.liveCards().find((c) => c.name.toLowerCase() === wanted);
  }

  private syncLinks(card: Card): void {
    const targets = new Set<string>();
    for (const m of card.content.matchAll(LINK)) {
      const target = this.byName(m[1]!);
      if (target && target.id !== card.id) targets.add(target.id);
    }
    for (const [id, c] of this.connections) {
      if (c.sourceId === card.id && c.origin === 'link' && !targets.has(c.targetId)) this.connections.delete(id);
    }
    for (const targetId of targets) {
      const exists = [...this.connections.values()].some((c) => c.sourceId === card.id && c.targetId === targetId && c.origin === 'link');
      if (!exists) this.addConnection({ sourceId: card.id, targetId }, 'link');
    }
  }

  private rewriteLinks(oldName: string, newName: string): void {
    const pattern = new RegExp(`\\[\\[${oldName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\|[^\\]]*)?\\]\\]`, 'gi');
    for (const card of this.liveCards()) {
      if (!pattern.test(card.content)) continue;
      pattern.lastIndex = 0;
      const content = card.content.replace(pattern, (_m, alias: string | undefined) => `[[${newName}${alias ?? ''}]]`);
      this.cards.set(card.id, { ...card, content, modifiedAt: this.tick(), version: card.version + 1 });
    }
  }

  async deleteCard(id: string): Promise<void> {
    const card = await this.getCard(id);
    this.cards.set(id, { ...card, deletedAt: this.tick() });
    this.live.changed();
  }

  async searchCards(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const q = query.toLowerCase().replace(/["*]/g, '').trim();
    const hint = /\(\s*$|^\s*(AND|OR|NOT)\b/.test(query)
      ? 'The search words were used as plain words: check the brackets and the AND, OR, NOT around them.'
      : null;
    const all = this.filtered(options)
      .filter((c) => c.name.toLowerCase().includes(q) || c.content.toLowerCase().includes(q));
    const items = all.slice(0, options.limit ?? all.length).map((c) => ({ ...this.summary(c), snippet: null }));
    return { items, total: all.length, windowed: false, hint };
  }

  async findCardByName(name: string): Promise<CardSummary | null> {
    const card = this.byName(name);
    return card ? this.summary(card) : null;
  }

  async facets(): Promise<Facets> {
    const count = <T extends string>(values: T[]): FacetCount<T>[] => {
      const map = new Map<T, number>();
      for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
      return [...map].map(([name, n]) => ({ name, count: n })).sort((a, b) => a.name.localeCompare(b.name));
    };
    const live = this.liveCards();
    return {
      folders: count(live.flatMap((c) => (c.folder ? [c.folder] : []))),
      tags: count(live.flatMap((c) => c.tags)),
      types: count(live.map((c) => c.cardType)),
    };
  }

  async listTrash(options: PageOptions = {}): Promise<TrashPage> {
    const trashed = [...this.cards.values()]
      .filter((c) => c.deletedAt !== null)
      .sort((a, b) => b.deletedAt!.localeCompare(a.deletedAt!));
    const offset = options.offset ?? 0;
    const items = trashed.slice(offset, offset + (options.limit ?? trashed.length));
    return { items: items.map((c) => ({ ...this.summary(c), deletedAt: c.deletedAt! })), total: trashed.length };
  }

  async restoreCard(id: string): Promise<Card> {
    const card = this.cards.get(id);
    if (!card || card.deletedAt === null) fail('NOT_FOUND', 'No such card in the trash', 'cards:restore');
    const restored = { ...card, deletedAt: null, modifiedAt: this.tick(), version: card.version + 1 };
    this.cards.set(id, restored);
    this.live.changed();
    return restored;
  }

  private purge(id: string): void {
    this.cards.delete(id);
    this.samples.delete(id);
    for (const [cid, c] of this.connections) {
      if (c.sourceId === id || c.targetId === id) this.connections.delete(cid);
    }
  }

  async purgeCard(id: string): Promise<void> {
    const card = this.cards.get(id);
    if (!card || card.deletedAt === null) fail('NOT_FOUND', 'No such card in the trash', 'cards:purge');
    this.purge(id);
    this.live.changed();
  }

  async emptyTrash(): Promise<number> {
    const trashed = [...this.cards.values()].filter((c) => c.deletedAt !== null);
    for (const c of trashed) this.purge(c.id);
    this.live.changed();
    return trashed.length;
  }

  private view(c: Connection, otherId: string) {
    return { ...c, other: this.summary(this.cards.get(otherId)!) };
  }

  async listConnections(cardId: string): Promise<CardConnections> {
    const all = [...this.connections.values()];
    const alive = (id: string) => this.cards.get(id)?.deletedAt === null;
    return {
      outgoing: all.filter((c) => c.sourceId === cardId && alive(c.targetId)).map((c) => this.view(c, c.targetId)),
      incoming: all.filter((c) => c.targetId === cardId && alive(c.sourceId)).map((c) => this.view(c, c.sourceId)),
    };
  }

  private addConnection(input: ConnectionInput, origin: 'manual' | 'link'): Connection {
    const c: Connection = {
      id: `conn-${this.nextId++}`,
      sourceId: input.sourceId,
      targetId: input.targetId,
      viaCardId: null,
      label: input.label ?? null,
      weight: input.weight ?? 1,
      createdAt: this.tick(),
      origin,
    };
    this.connections.set(c.id, c);
    return c;
  }

  async createConnection(input: ConnectionInput): Promise<Connection> {
    if (input.weight !== undefined && (input.weight < 0 || input.weight > 1)) {
      fail('INVALID', 'weight must be between 0 and 1', 'connections:create');
    }
    await this.getCard(input.sourceId);
    await this.getCard(input.targetId);
    this.live.changed();
    return this.addConnection(input, 'manual');
  }

  async updateConnection(id: string, changes: ConnectionChanges): Promise<Connection> {
    const c = this.connections.get(id);
    if (!c) fail('NOT_FOUND', 'No such connection', 'connections:update');
    if (changes.weight !== undefined && (changes.weight < 0 || changes.weight > 1)) {
      fail('INVALID', 'weight must be between 0 and 1', 'connections:update');
    }
    const label = changes.label === undefined ? c.label : changes.label.trim() === '' ? null : changes.label;
    const updated = { ...c, label, weight: changes.weight ?? c.weight };
    this.connections.set(id, updated);
    this.live.changed();
    return updated;
  }

  async deleteConnection(id: string): Promise<void> {
    if (!this.connections.delete(id)) fail('NOT_FOUND', 'No such connection', 'connections:delete');
    this.live.changed();
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings, sampleCards: this.samples.size };
  }

  async updateSettings(changes: SettingsChanges): Promise<Settings> {
    if (changes.mergeStrategies !== undefined) checkStrategies(changes.mergeStrategies, 'settings:update');
    if (changes.trashRetentionDays !== undefined) this.settings.trashRetentionDays = changes.trashRetentionDays;
    if (changes.mergeStrategies !== undefined) {
      this.settings.mergeStrategies = strategiesByField(policyFromSetting(changes.mergeStrategies));
    }
    return this.getSettings();
  }

  async removeSampleCards(): Promise<number> {
    const n = this.samples.size;
    for (const id of [...this.samples]) this.purge(id);
    this.live.changed();
    return n;
  }

  async chooseImportPath(_format: TransferFormat): Promise<string | null> {
    return this.chosenPath;
  }

  async chooseExportPath(_format: TransferFormat): Promise<string | null> {
    return this.chosenPath;
  }

  async startImport(format: TransferFormat, path: string): Promise<string> {
    const jobId = `job-${this.nextId++}`;
    this.jobs.push({ jobId, kind: 'import', format, path });
    return jobId;
  }

  async startExport(format: TransferFormat, path: string): Promise<string> {
    const jobId = `job-${this.nextId++}`;
    this.jobs.push({ jobId, kind: 'export', format, path });
    return jobId;
  }

  async cancelJob(jobId: string): Promise<void> {
    this.cancelled.push(jobId);
  }

  onJob(listener: (progress: JobProgress) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  private readonly backupListeners = new Set<(notice: BackupNotice) => void>();

  onBackup(listener: (notice: BackupNotice) => void): () => void {
    this.backupListeners.add(listener);
    return () => this.backupListeners.delete(listener);
  }

  /** Pushes a backup event, as the store does after each daily backup. */
  emitBackup(notice: BackupNotice): void {
    for (const l of this.backupListeners) l(notice);
  }

  /** Pushes a job event, as the store does while an import or export runs. */
  emitJob(progress: Partial<JobProgress> & { jobId: string }): void {
    const full: JobProgress = {
      kind: 'import', phase: '', done: 0, total: 0, finished: false, cancelled: false, failed: null,
      imported: 0, updated: 0, errors: [], ...progress,
    };
    for (const listener of this.jobListeners) listener(full);
  }

  async info(): Promise<SystemInfo> {
    return { appVersion: 'test', dataDir: '/tmp', schemaVersion: 1, cardCount: this.liveCards().length };
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

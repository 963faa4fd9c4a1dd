import type {
  BackupNotice,
  Card,
  CardChanges,
  CardConnections,
  CardFilter,
  CardInput,
  CardPage,
  CardSummary,
  ChangeNotice,
  CardVersionEntry,
  ConflictResolution,
  Connection,
  ConnectionChanges,
  ConnectionInput,
  Facets,
  JobError,
  JobProgress,
  PageOptions,
  SearchResult,
  Settings,
  SettingsChanges,
  SystemInfo,
  TransferFormat,
  TrashPage,
} from '../model';
import type { BridgeClient, CallOptions, SettleOutcome } from './client';
import type { HostHealth } from './health';

/**
 * The typed bridge API: the only place on the TypeScript side where command names appear, mirroring
 * Java's BridgeCommands one function per command. Everything else uses these functions (through a
 * Provider, for views).
 */

/** The part of the client the API needs; tests pass a fake. Without `on`, event subscriptions are inert. */
export type BridgeCaller = Pick<BridgeClient, 'call'> & Partial<Pick<BridgeClient, 'on'>>;

/** Empty result of commands that only acknowledge. */
export type Empty = Record<string, never>;

const READ: CallOptions = { kind: 'read' };
const WRITE: CallOptions = { kind: 'write' };

export interface ListCardsArgs extends CardFilter {
  limit?: number;
  offset?: number;
}

export interface SearchCardsArgs extends CardFilter {
  query: string;
  limit?: number;
}

export interface UpdateCardArgs {
  id: string;
  baseVersion: number;
  changes: CardChanges;
  /** When the change was made; defaults to the time of asking, so a write replayed later competes with its own time. */
  editedAt?: string;
}

/** A live view's query (live:subscribe); `id` is the page's own name for it. */
export interface LiveQueryArgs extends CardFilter {
  id: string;
  query: 'cards' | 'card' | 'connections' | 'trash';
  limit?: number;
  offset?: number;
  cardId?: string;
}

/** A live view's first result, and the change-feed sequence number it reflects. */
export interface LiveSubscribed {
  id: string;
  seq: number;
  result: unknown;
}

/** A `live` event: a view's new result, or for card lists the changes keyed by card id. */
export interface LivePush {
  id: string;
  seq: number;
  result: unknown;
  diff: { total: number; upserts: CardSummary[]; removed: string[]; order: string[] | null } | null;
}

export interface IsometryApi {
  /** live:subscribe — results follow as `live` events until live:unsubscribe or the page goes. */
  subscribeLive(args: LiveQueryArgs): Promise<LiveSubscribed>;
  /** live:unsubscribe */
  unsubscribeLive(id: string): Promise<{ removed: boolean }>;
  /** `live` events. */
  onLive(listener: (push: LivePush) => void): () => void;
  /** `changes` events: every committed change to the store. */
  onChanges(listener: (change: ChangeNotice) => void): () => void;
  /** system:ping — an empty round trip (benchmarks, liveness). */
  ping(): Promise<Empty>;
  /** system:info */
  info(): Promise<SystemInfo>;
  /** system:ready — once, when the first card list has rendered. */
  ready(sinceNavigationMs: number): Promise<Empty>;
  /** system:openExternal — http(s) and mailto URLs open in the system browser. */
  openExternal(url: string): Promise<Empty>;
  /** cards:create */
  createCard(card: CardInput): Promise<Card>;
  /** cards:get */
  getCard(id: string): Promise<Card>;
  /** cards:list — modifiedAt descending, trash excluded. */
  listCards(args?: ListCardsArgs): Promise<CardPage>;
  /**
   * cards:update — only the changed fields, on top of baseVersion. A stale base is merged field by field in
   * Java; CONFLICT (with ConflictDetails in the error's details) when a field needs a person.
   */
  updateCard(args: UpdateCardArgs): Promise<Card>;
  /** cards:resolve — a person's choices for a conflict; CONFLICT again (with details) if the card moved on. */
  resolveCard(id: string, resolution: ConflictResolution): Promise<Card>;
  /** cards:history — kept versions, newest first, each with the merge resolutions that produced it. */
  cardHistory(id: string): Promise<{ versions: CardVersionEntry[] }>;
  /** cards:delete — moves the card to the trash. */
  deleteCard(id: string): Promise<Empty>;
  /** cards:search — full-text; snippets mark matches with U+0002 ... U+0003. */
  searchCards(args: SearchCardsArgs): Promise<SearchResult>;

  // ---- cards, connections, trash, settings, import and export (issue 3) ----

  /** cards:restore — brings a trashed card back. */
  restoreCard(id: string): Promise<Card>;
  /** cards:purge — deletes one trashed card forever. */
  purgeCard(id: string): Promise<Empty>;
  /** cards:findByName — case-insensitive exact name among live cards ([[Name]] links). */
  findCardByName(name: string): Promise<{ card: CardSummary | null }>;
  /** cards:facets — folders, tags and types with their card counts, for filter pickers. */
  facets(): Promise<Facets>;
  /** trash:list — trashed cards, most recently deleted first. */
  listTrash(args?: PageOptions): Promise<TrashPage>;
  /** trash:empty — deletes every trashed card forever. */
  emptyTrash(): Promise<{ purged: number }>;
  /** connections:list — outgoing connections and backlinks of a card. */
  listConnections(cardId: string): Promise<CardConnections>;
  /** connections:create — weight 0..1. */
  createConnection(input: ConnectionInput): Promise<Connection>;
  /** connections:update — label and/or weight. */
  updateConnection(id: string, changes: ConnectionChanges): Promise<Connection>;
  /** connections:delete */
  deleteConnection(id: string): Promise<Empty>;
  /** settings:get */
  getSettings(): Promise<Settings>;
  /** settings:update */
  updateSettings(changes: SettingsChanges): Promise<Settings>;
  /** sample:remove — removes the first-run sample cards. */
  removeSamples(): Promise<{ removed: number }>;
  /** import:choose — the host's file or folder chooser; path null when cancelled. */
  chooseImport(format: TransferFormat): Promise<{ path: string | null }>;
  /** export:choose — the host's save chooser; path null when cancelled. */
  chooseExport(format: TransferFormat): Promise<{ path: string | null }>;
  /** import:start — progress arrives as `job` events (see onJob). */
  startImport(format: TransferFormat, path: string): Promise<{ jobId: string }>;
  /** export:start — progress arrives as `job` events (see onJob). */
  startExport(format: TransferFormat, path: string): Promise<{ jobId: string }>;
  /** jobs:cancel */
  cancelJob(jobId: string): Promise<Empty>;
  /** Subscribes to pushed `job` events; malformed ones are dropped. Returns the unsubscribe function. */
  onJob(listener: (progress: JobProgress) => void): () => void;
  /** Subscribes to pushed `backup` events; malformed ones are dropped. Returns the unsubscribe function. */
  onBackup(listener: (notice: BackupNotice) => void): () => void;

  // ---- bridge health (issue 4) ----

  /** system:ping as a probe: one attempt, no retry, allowed while the circuit is open (heartbeat, trials). */
  heartbeat(): Promise<Empty>;
  /** system:health — Java's half of the health figures (per-command latency, errors, handler queue). */
  hostHealth(): Promise<HostHealth>;
  /**
   * requests:settle as a probe — for a write that got no reply: its own reply if it was applied,
   * otherwise "abandoned" (Java then refuses any late copy of it, so it is never applied).
   */
  settleRequest(requestId: string): Promise<Settlement>;

  // ---- rollback mode (issue 7) ----

  /** rollback:session — the rollback export this window runs on, or `active: false` outside rollback mode. */
  rollbackSession(): Promise<RollbackSession>;
  /** rollback:save — writes the page's database as a new rollback snapshot; INVALID on a hash mismatch, TOO_LARGE. */
  rollbackSave(args: RollbackSaveArgs): Promise<RollbackSaved>;
}

/** What rollback:session answers. Outside rollback mode `active` is false and the rest null. */
export interface RollbackSession {
  active: boolean;
  /** Where the page fetches the export from (XHR, arraybuffer). */
  dbUrl: string | null;
  exportId: string | null;
  schemaVersion: number | null;
  exportedAt: string | null;
  /** What the export was made from, in words (a store, a backup file). */
  source: string | null;
  snapshotSha256: string | null;
}

export interface RollbackSaveArgs {
  exportId: string;
  /** The database file, base64. */
  data: string;
  /** How many bytes `data` encodes (Java checks it, and the file's integrity, and hashes what it keeps). */
  bytes: number;
  /** sha256 of the bytes, lower-case hex, when the page can afford one (checked by Java when sent). */
  sha256?: string;
}

/** A rollback snapshot written by rollback:save. */
export interface RollbackSaved {
  file: string;
  sha256: string;
  bytes: number;
  savedAt: string;
}

/** The final answer about a write that got no reply. */
export type Settlement = SettleOutcome;

/** Health probes: one attempt, answered even while the circuit is open. */
const PROBE: CallOptions = { kind: 'read', probe: true };

/** A snapshot of 10 MB or more is 13 MB of base64 and an atomic write with fsync on the Java side. */
const ROLLBACK_SAVE: CallOptions = { kind: 'write', timeoutMs: 60_000 };

/** Choosers wait on a person, not on the store. */
const CHOOSER: CallOptions = { kind: 'read', timeoutMs: 60 * 60 * 1000 };

/** The args without undefined members: an absent option is left out of the envelope, never sent as null. */
function defined<T extends object>(args: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(args) as Array<[keyof T, T[keyof T]]>) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The data of a `backup` event as a BackupNotice, or null when it is not one. */
export function parseBackupNotice(data: unknown): BackupNotice | null {
  if (!isRecord(data) || data['kind'] !== 'daily' || typeof data['ok'] !== 'boolean') return null;
  const notice: BackupNotice = { kind: 'daily', ok: data['ok'] };
  if (typeof data['file'] === 'string') notice.file = data['file'];
  if (typeof data['message'] === 'string') notice.message = data['message'];
  return notice;
}

/** The data of a `job` event as a JobProgress, or null when it is not one. */
export function parseJobProgress(data: unknown): JobProgress | null {
  if (!isRecord(data) || typeof data['jobId'] !== 'string') return null;
  const kind = data['kind'] === 'export' ? 'export' : 'import';
  const errors: JobError[] = Array.isArray(data['errors'])
    ? data['errors'].filter(isRecord).map((e) => ({ file: String(e['file'] ?? ''), message: String(e['message'] ?? '') }))
    : [];
  return {
    jobId: data['jobId'],
    kind,
    phase: typeof data['phase'] === 'string' ? data['phase'] : '',
    done: num(data['done']),
    total: num(data['total']),
    finished: data['finished'] === true,
    cancelled: data['cancelled'] === true,
    failed: typeof data['failed'] === 'string' ? data['failed'] : null,
    imported: num(data['imported']),
    updated: num(data['updated']),
    errors,
  };
}

export function createApi(client: BridgeCaller): IsometryApi {
  return {
    ping: async () => client.call<Empty>('system:ping', {}, READ),
    info: async () => client.call<SystemInfo>('system:info', {}, READ),
    ready: async (sinceNavigationMs) => client.call<Empty>('system:ready', { sinceNavigationMs }, WRITE),
    openExternal: async (url) => client.call<Empty>('system:openExternal', { url }, WRITE),
    createCard: async (card) => client.call<Card>('cards:create', { card }, WRITE),
    getCard: async (id) => client.call<Card>('cards:get', { id }, READ),
    listCards: async (args = {}) => client.call<CardPage>('cards:list', args, READ),
    updateCard: async ({ id, baseVersion, changes, editedAt }) =>
      client.call<Card>('cards:update', { id, baseVersion, changes, editedAt: editedAt ?? new Date().toISOString() }, WRITE),
    resolveCard: async (id, { baseVersion, theirsVersion, changes, choices, edited }) =>
      client.call<Card>(
        'cards:resolve',
        { id, baseVersion, theirsVersion, changes, choices, edited, editedAt: new Date().toISOString() },
        WRITE,
      ),
    cardHistory: async (id) => client.call<{ versions: CardVersionEntry[] }>('cards:history', { id }, READ),
    deleteCard: async (id) => client.call<Empty>('cards:delete', { id }, WRITE),
    searchCards: async (args) => client.call<SearchResult>('cards:search', defined(args), READ),

    restoreCard: async (id) => client.call<Card>('cards:restore', { id }, WRITE),
    purgeCard: async (id) => client.call<Empty>('cards:purge', { id }, WRITE),
    findCardByName: async (name) => client.call<{ card: CardSummary | null }>('cards:findByName', { name }, READ),
    facets: async () => client.call<Facets>('cards:facets', {}, READ),
    listTrash: async (args = {}) => client.call<TrashPage>('trash:list', defined(args), READ),
    emptyTrash: async () => client.call<{ purged: number }>('trash:empty', {}, WRITE),
    listConnections: async (cardId) => client.call<CardConnections>('connections:list', { cardId }, READ),
    createConnection: async (input) => client.call<Connection>('connections:create', defined(input), WRITE),
    updateConnection: async (id, changes) =>
      client.call<Connection>('connections:update', defined({ id, ...changes }), WRITE),
    deleteConnection: async (id) => client.call<Empty>('connections:delete', { id }, WRITE),
    getSettings: async () => client.call<Settings>('settings:get', {}, READ),
    updateSettings: async (changes) => client.call<Settings>('settings:update', defined(changes), WRITE),
    removeSamples: async () => client.call<{ removed: number }>('sample:remove', {}, WRITE),
    chooseImport: async (format) => client.call<{ path: string | null }>('import:choose', { format }, CHOOSER),
    chooseExport: async (format) => client.call<{ path: string | null }>('export:choose', { format }, CHOOSER),
    startImport: async (format, path) => client.call<{ jobId: string }>('import:start', { format, path }, WRITE),
    startExport: async (format, path) => client.call<{ jobId: string }>('export:start', { format, path }, WRITE),
    cancelJob: async (jobId) => client.call<Empty>('jobs:cancel', { jobId }, WRITE),
    subscribeLive: async (args) => client.call<LiveSubscribed>('live:subscribe', defined(args), READ),
    unsubscribeLive: async (id) => client.call<{ removed: boolean }>('live:unsubscribe', { id }, READ),
    onLive: (listener) => {
      if (!client.on) return () => {};
      return client.on('live', (data) => {
        if (isRecord(data) && typeof data['id'] === 'string' && typeof data['seq'] === 'number') {
          listener(data as unknown as LivePush);
        }
      });
    },
    onChanges: (listener) => {
      if (!client.on) return () => {};
      return client.on('changes', (data) => {
        if (isRecord(data) && typeof data['seq'] === 'number') listener(data as unknown as ChangeNotice);
      });
    },
    onJob: (listener) => {
      if (!client.on) return () => {};
      return client.on('job', (data) => {
        const progress = parseJobProgress(data);
        if (progress) listener(progress);
      });
    },
    onBackup: (listener) => {
      if (!client.on) return () => {};
      return client.on('backup', (data) => {
        const notice = parseBackupNotice(data);
        if (notice) listener(notice);
      });
    },

    // ---- bridge health (issue 4) ----
    heartbeat: async () => client.call<Empty>('system:ping', {}, PROBE),
    hostHealth: async () => client.call<HostHealth>('system:health', {}, PROBE),
    settleRequest: async (requestId) => client.call<Settlement>('requests:settle', { requestId }, PROBE),

    rollbackSession: async () => client.call<RollbackSession>('rollback:session', {}, READ),
    rollbackSave: async (args) => client.call<RollbackSaved>('rollback:save', { ...args }, ROLLBACK_SAVE),
  };
}

/**
 * Domain types shared by the bridge API, the data providers and the views.
 * They mirror the Java records in dev.isometry.model; timestamps are ISO-8601 UTC strings with
 * milliseconds (e.g. "2025-01-31T12:00:00.000Z").
 */

export const CARD_TYPES = ['note', 'person', 'event', 'resource', 'task'] as const;

export type CardType = (typeof CARD_TYPES)[number];

/** ISO-8601 UTC timestamp with milliseconds. */
export type Timestamp = string;

export interface Card {
  id: string;
  cardType: CardType;
  name: string;
  /** Markdown; never null, possibly empty. */
  content: string;
  summary: string | null;
  latitude: number | null;
  longitude: number | null;
  locationName: string | null;
  createdAt: Timestamp;
  modifiedAt: Timestamp;
  dueAt: Timestamp | null;
  completedAt: Timestamp | null;
  eventStart: Timestamp | null;
  eventEnd: Timestamp | null;
  folder: string | null;
  tags: string[];
  status: string | null;
  priority: number | null;
  sortOrder: number | null;
  url: string | null;
  source: string | null;
  sourceId: string | null;
  deletedAt: Timestamp | null;
  /** Bumped by the store on every change; sent back as baseVersion on update. */
  version: number;
}

/** Fields the page may set; the store owns id, timestamps of record, deletion and version. */
export type CardInput = {
  cardType: CardType;
  name: string;
} & Partial<
  Omit<Card, 'id' | 'cardType' | 'name' | 'createdAt' | 'modifiedAt' | 'deletedAt' | 'version'>
>;

/** A partial set of changes sent with cards:update. */
export type CardChanges = Partial<CardInput>;

export interface CardSummary {
  id: string;
  cardType: CardType;
  name: string;
  summary: string | null;
  folder: string | null;
  tags: string[];
  modifiedAt: Timestamp;
  version: number;
}

/**
 * A search result. In `snippet`, matched text is wrapped in U+0002 ... U+0003.
 */
export type SearchHit = CardSummary & { snippet: string | null };

export interface CardPage {
  items: CardSummary[];
  total: number;
}

export interface SearchResult {
  items: SearchHit[];
  /** How many cards match (at most the search window). */
  total: number;
  /** True when more cards match than the store ranks (the window, 5,000); `total` is then a floor. */
  windowed: boolean;
  /** A friendly sentence when the query's advanced syntax was malformed and plain words were searched. */
  hint: string | null;
}

export interface SystemInfo {
  appVersion: string;
  dataDir: string;
  schemaVersion: number;
  cardCount: number;
}

/** Narrows a listing or a search; absent parts do not narrow. */
export interface CardFilter {
  cardType?: CardType;
  folder?: string;
  tag?: string;
}

export interface ListOptions extends CardFilter {
  limit?: number;
  offset?: number;
}

export interface SearchOptions extends CardFilter {
  limit?: number;
}

/** A card in the trash. */
export type TrashedCard = CardSummary & { deletedAt: Timestamp };

export interface TrashPage {
  items: TrashedCard[];
  total: number;
}

export interface PageOptions {
  limit?: number;
  offset?: number;
}

/** One value of a facet and how many live cards have it. */
export interface FacetCount<T extends string = string> {
  name: T;
  count: number;
}

export interface Facets {
  folders: FacetCount[];
  tags: FacetCount[];
  types: FacetCount<CardType>[];
}

/** 'link' connections are made by the store from `[[Name]]` in a card's content; 'manual' ones by a person. */
export type ConnectionOrigin = 'manual' | 'link';

export interface Connection {
  id: string;
  sourceId: string;
  targetId: string;
  viaCardId: string | null;
  label: string | null;
  /** 0..1 */
  weight: number;
  createdAt: Timestamp;
  origin: ConnectionOrigin;
}

/** A connection seen from one of its cards, with the card at the other end. */
export type ConnectionView = Connection & { other: CardSummary };

export interface CardConnections {
  /** From this card to others. */
  outgoing: ConnectionView[];
  /** From other cards to this one (backlinks). */
  incoming: ConnectionView[];
}

export interface ConnectionInput {
  sourceId: string;
  targetId: string;
  label?: string;
  weight?: number;
}

export interface ConnectionChanges {
  label?: string;
  weight?: number;
}

/** What the merge does with a field both sides changed differently: a person chooses, or the later edit wins. */
export type MergeStrategy = 'ask' | 'last-writer-wins';

export interface Settings {
  /** Trashed cards older than this are deleted for good; null keeps them forever. */
  trashRetentionDays: number | null;
  /** How many of the first-run sample cards still exist. */
  sampleCards: number;
  /** Every card field's wire name → the strategy in force for it. */
  mergeStrategies: Record<string, MergeStrategy>;
}

export interface SettingsChanges {
  trashRetentionDays?: number | null;
  /** Field wire names (or `*` for the rest) → strategy; replaces the whole setting, `{}` restores the defaults. */
  mergeStrategies?: Record<string, MergeStrategy>;
}

export const TRANSFER_FORMATS = ['markdown', 'csv', 'json'] as const;

/** Import and export formats: a Markdown folder, a CSV file, or the lossless JSON file. */
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

export type JobKind = 'import' | 'export';

export interface JobError {
  file: string;
  message: string;
}

/** Progress of a background import or export, pushed by the store as `job` events. */
export interface JobProgress {
  jobId: string;
  kind: JobKind;
  phase: string;
  done: number;
  total: number;
  finished: boolean;
  cancelled: boolean;
  failed: string | null;
  imported: number;
  updated: number;
  errors: JobError[];
}

/** What became of the daily backup, pushed by the store as `backup` events after each attempt. */
export interface BackupNotice {
  kind: 'daily';
  ok: boolean;
  /** The backup made, when ok. */
  file?: string;
  /** Why it could not be made, in plain words, when not ok. */
  message?: string;
}

export function isCardType(value: string): value is CardType {
  return (CARD_TYPES as readonly string[]).includes(value);
}

/** What one committed transaction changed (the `changes` event), from any window or process. */
export interface ChangeNotice {
  seq: number;
  /** Written by another process: everything may have changed. */
  external: boolean;
  tables: string[];
  cardIds: string[];
  connectionIds: string[];
  rows: number;
  /** False when ids were not collected (external, or very many rows). */
  complete: boolean;
}

// ---- Merging updates based on an older version (issue 6) ----

/** One field a person must settle: its value in the base (unknown when the history no longer kept it), mine, theirs. */
export interface ConflictField {
  field: string;
  baseKnown: boolean;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

/** The `details` of a CONFLICT error from cards:update or cards:resolve: what needs a person, and the stored card. */
export interface ConflictDetails {
  cardId: string;
  baseVersion: number;
  currentVersion: number;
  fields: ConflictField[];
  card: Card;
}

export type ConflictPick = 'mine' | 'theirs' | 'edited';

/** A person's choices for a conflict: the same changes and base as the refused update, and one pick per conflicting field. */
export interface ConflictResolution {
  baseVersion: number;
  /** The stored version the person compared with (ConflictDetails.currentVersion). */
  theirsVersion: number;
  changes: CardChanges;
  choices: Record<string, ConflictPick>;
  /** The values written for `edited` picks. */
  edited: Record<string, unknown>;
}

/** How one field changed on both sides was settled, as the history keeps it. */
export interface ResolutionEntry {
  field: string;
  strategy: 'last-writer-wins' | 'person';
  chosen: ConflictPick;
  baseKnown: boolean;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  result: unknown;
  baseVersion: number;
  theirsVersion: number;
  resolvedAt: Timestamp;
  origin: string;
}

/** One version of a card in its history, with the resolutions that produced it. */
export interface CardVersionEntry {
  version: number;
  /** Null when the bounded history no longer keeps this version (only its resolutions are known). */
  changedAt: Timestamp | null;
  origin: string | null;
  kept: boolean;
  resolutions: ResolutionEntry[];
}

/** The ConflictDetails in an error's `details`, or null when they are missing or malformed. */
export function parseConflictDetails(details: unknown): ConflictDetails | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as Record<string, unknown>;
  if (typeof d['cardId'] !== 'string' || typeof d['baseVersion'] !== 'number' || typeof d['currentVersion'] !== 'number') {
    return null;
  }
  if (!Array.isArray(d['fields']) || typeof d['card'] !== 'object' || d['card'] === null) return null;
  const fields: ConflictField[] = [];
  for (const f of d['fields'] as unknown[]) {
    if (typeof f !== 'object' || f === null || typeof (f as Record<string, unknown>)['field'] !== 'string') return null;
    const r = f as Record<string, unknown>;
    fields.push({ field: r['field'] as string, baseKnown: r['baseKnown'] === true, base: r['base'] ?? null, mine: r['mine'] ?? null, theirs: r['theirs'] ?? null });
  }
  return { cardId: d['cardId'], baseVersion: d['baseVersion'], currentVersion: d['currentVersion'], fields, card: d['card'] as Card };
}

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
}

export interface SystemInfo {
  appVersion: string;
  dataDir: string;
  schemaVersion: number;
  cardCount: number;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
  cardType?: CardType;
}

export interface SearchOptions {
  limit?: number;
}

export function isCardType(value: string): value is CardType {
  return (CARD_TYPES as readonly string[]).includes(value);
}

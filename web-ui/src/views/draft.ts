import type { Card, CardChanges, CardInput, CardType } from '../model';
import { isoToLocalInput, localInputToIso } from './datetime';

/** What the editor's fields hold: plain strings, as typed. Keys are the card's field names. */
export interface Draft {
  name: string;
  cardType: CardType;
  folder: string;
  /** Comma-separated, as typed. */
  tags: string;
  summary: string;
  content: string;
  url: string;
  locationName: string;
  latitude: string;
  longitude: string;
  /** Local "YYYY-MM-DDTHH:MM" text; see datetime.ts. */
  eventStart: string;
  eventEnd: string;
  dueAt: string;
  completedAt: string;
  status: string;
  /** An integer as text, or ''. */
  priority: string;
}

export type DraftField = keyof Draft;

/** Fields only some types have; every type has the rest. */
export const TYPE_FIELDS: Record<CardType, readonly DraftField[]> = {
  note: [],
  person: [],
  event: ['eventStart', 'eventEnd'],
  resource: [],
  task: ['dueAt', 'completedAt', 'status', 'priority'],
};

const TYPED_FIELDS: readonly DraftField[] = ['eventStart', 'eventEnd', 'dueAt', 'completedAt', 'status', 'priority'];
const TIME_FIELDS = ['eventStart', 'eventEnd', 'dueAt', 'completedAt'] as const;
const TEXT_FIELDS = ['folder', 'summary', 'url', 'locationName', 'status'] as const;

export function hasField(type: CardType, field: DraftField): boolean {
  return !TYPED_FIELDS.includes(field) || TYPE_FIELDS[type].includes(field);
}

export function emptyDraft(cardType: CardType = 'note', name = ''): Draft {
  return {
    name, cardType, folder: '', tags: '', summary: '', content: '', url: '', locationName: '',
    latitude: '', longitude: '', eventStart: '', eventEnd: '', dueAt: '', completedAt: '', status: '', priority: '',
  };
}

const numberText = (n: number | null): string => (n === null ? '' : String(n));

export function draftFromCard(card: Card): Draft {
  return {
    name: card.name,
    cardType: card.cardType,
    folder: card.folder ?? '',
    tags: card.tags.join(', '),
    summary: card.summary ?? '',
    content: card.content,
    url: card.url ?? '',
    locationName: card.locationName ?? '',
    latitude: numberText(card.latitude),
    longitude: numberText(card.longitude),
    eventStart: isoToLocalInput(card.eventStart),
    eventEnd: isoToLocalInput(card.eventEnd),
    dueAt: isoToLocalInput(card.dueAt),
    completedAt: isoToLocalInput(card.completedAt),
    status: card.status ?? '',
    priority: numberText(card.priority),
  };
}

/** Splits comma-separated tags, trimming and dropping empties and duplicates (first wins). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag.length === 0 || seen.has(tag)) continue;
    seen.add(tag);
    tags.push(tag);
  }
  return tags;
}

function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed.length === 0 ? null : trimmed;
}

/** A decimal number as typed (comma accepted as the decimal mark): null when blank, NaN when not a number. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function parseInteger(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' || !/^[+-]?\d+$/.test(trimmed) ? null : Number(trimmed);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/** The card's value of each field, as the store would hold it after this draft; invalid text is left out. */
function values(draft: Draft): CardChanges {
  const v: CardChanges = {
    cardType: draft.cardType,
    name: draft.name.trim(),
    content: draft.content,
    tags: parseTags(draft.tags),
  };
  for (const f of TEXT_FIELDS) v[f] = orNull(draft[f]);
  for (const f of ['latitude', 'longitude'] as const) {
    const n = parseDecimal(draft[f]);
    if (!Number.isNaN(n)) v[f] = n;
  }
  for (const f of TIME_FIELDS) {
    const iso = localInputToIso(draft[f]);
    if (iso !== undefined) v[f] = iso;
  }
  v.priority = parseInteger(draft.priority);
  return v;
}

/** The input for cards:create: the fields this type has; empty optional fields are left out. */
export function inputFromDraft(draft: Draft): CardInput {
  const v = values(draft);
  const input: CardInput = { cardType: draft.cardType, name: draft.name.trim(), content: draft.content };
  for (const [key, value] of Object.entries(v) as Array<[DraftField, unknown]>) {
    if (key === 'cardType' || key === 'name' || key === 'content') continue;
    if (!hasField(draft.cardType, key)) continue;
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    (input as Record<string, unknown>)[key] = value;
  }
  return input;
}

/**
 * Only the fields of `card` that the draft changes, for cards:update. Time fields compare as shown
 * (to the minute), so a stored second or millisecond is not rewritten by merely opening a card. When
 * the type changes, the fields the new type does not have are cleared.
 */
export function changesFromDraft(card: Card, draft: Draft): CardChanges {
  const changes: CardChanges = {};
  const v = values(draft);
  const shown = draftFromCard(card);
  const typeChanged = draft.cardType !== card.cardType;
  if (typeChanged) changes.cardType = draft.cardType;
  if (v.name !== card.name) changes.name = v.name!;
  if (draft.content !== card.content) changes.content = draft.content;
  if (!sameTags(v.tags!, card.tags)) changes.tags = v.tags!;
  for (const f of [...TEXT_FIELDS, 'latitude', 'longitude', 'priority'] as const) {
    if (!(f in v)) continue;
    if (!hasField(draft.cardType, f)) continue;
    if (v[f] !== card[f]) (changes as Record<string, unknown>)[f] = v[f];
  }
  for (const f of TIME_FIELDS) {
    if (!hasField(draft.cardType, f) || !(f in v)) continue;
    if (draft[f].trim() !== shown[f] && v[f] !== card[f]) changes[f] = v[f]!;
  }
  if (typeChanged) {
    for (const f of TYPED_FIELDS) {
      if (!hasField(draft.cardType, f) && card[f as keyof Card] !== null) (changes as Record<string, unknown>)[f] = null;
    }
  }
  return changes;
}

export function isBlankDraft(draft: Draft): boolean {
  return (Object.keys(draft) as DraftField[]).every((k) => k === 'cardType' || draft[k].trim() === '');
}

/** The draft with the fields listed taken from `card` (after the store moved on underneath it). */
export function rebaseDraft(draft: Draft, card: Card, fields: Iterable<string>): Draft {
  const fresh = draftFromCard(card);
  const next = { ...draft };
  for (const f of fields) {
    if (f in fresh) (next as Record<string, string>)[f] = fresh[f as DraftField];
  }
  return next;
}

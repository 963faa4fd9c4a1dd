import { BridgeError } from '../../bridge/errors';
import type { ErrorKind } from '../../bridge/errors';
import type { Card, CardType } from '../../model';
import { isCardType } from '../../model';

/**
 * The card fields a person may set, typed and checked the way Java's CardField.coerce and CardRules
 * do it, so the sql.js store refuses (and accepts) the same input as the native one.
 */

export function fail(kind: ErrorKind, message: string, command: string): never {
  throw new BridgeError({ kind, message, retryable: false, command });
}

type Kind = 'type' | 'required' | 'content' | 'text' | 'number' | 'integer' | 'timestamp' | 'tags';

/** Wire name → kind, in Java's CardField order. */
export const FIELDS: ReadonlyArray<readonly [keyof Card, Kind]> = [
  ['cardType', 'type'], ['name', 'required'], ['content', 'content'], ['summary', 'text'],
  ['latitude', 'number'], ['longitude', 'number'], ['locationName', 'text'], ['dueAt', 'timestamp'],
  ['completedAt', 'timestamp'], ['eventStart', 'timestamp'], ['eventEnd', 'timestamp'], ['folder', 'text'],
  ['tags', 'tags'], ['status', 'text'], ['priority', 'integer'], ['sortOrder', 'number'], ['url', 'text'],
  ['source', 'text'], ['sourceId', 'text'],
];

const BY_NAME = new Map<string, Kind>(FIELDS.map(([k, v]) => [k as string, v]));
const SNAKE = new Map<string, string>(FIELDS.map(([k]) => [String(k).replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), String(k)]));

export const MAX_NAME = 1_000;
export const MAX_CONTENT_CHARS = 8 * 1024 * 1024;
export const MAX_TEXT = 10_000;
export const MAX_TAGS = 200;

/** UTC ISO-8601 with milliseconds, as Java's Timestamps.format. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

const ISO = /^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function coerceOne(name: string, kind: Kind, raw: unknown): unknown {
  if (typeof raw === 'string' && raw.trim() === '' && kind !== 'required' && kind !== 'content' && kind !== 'type') {
    return null;
  }
  if (raw === null || raw === undefined) {
    switch (kind) {
      case 'required': throw new Error(`${name} must not be empty`);
      case 'type': throw new Error(`${name} is required`);
      case 'content': return '';
      case 'tags': return [];
      default: return null;
    }
  }
  switch (kind) {
    case 'type': {
      if (typeof raw !== 'string' || !isCardType(raw.trim().toLowerCase())) {
        throw new Error(`${name} must be one of note, person, event, resource, task (got "${String(raw)}")`);
      }
      return raw.trim().toLowerCase() as CardType;
    }
    case 'required': {
      if (typeof raw !== 'string') throw new Error(`${name} must be text`);
      const s = raw.trim();
      if (s === '') throw new Error(`${name} must not be empty`);
      return s;
    }
    case 'content':
    case 'text':
      if (typeof raw !== 'string') throw new Error(`${name} must be text`);
      return raw;
    case 'number': {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
      if (typeof raw !== 'number' && typeof raw !== 'string') throw new Error(`${name} must be a number`);
      if (Number.isNaN(v)) throw new Error(`${name} must be a number (got "${String(raw)}")`);
      if (!Number.isFinite(v)) throw new Error(`${name} must be a finite number`);
      return v;
    }
    case 'integer': {
      if (typeof raw === 'number' && Number.isInteger(raw)) {
        if (raw < -2147483648 || raw > 2147483647) throw new Error(`${name} is out of range`);
        return raw;
      }
      if (typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)) return Number.parseInt(raw.trim(), 10);
      if (typeof raw === 'string') throw new Error(`${name} must be a whole number (got "${raw}")`);
      throw new Error(`${name} must be a whole number`);
    }
    case 'timestamp': {
      if (typeof raw !== 'string') throw new Error(`${name} must be text`);
      const s = raw.trim();
      const ms = ISO.test(s) && s.endsWith('Z') ? Date.parse(s) : NaN;
      if (Number.isNaN(ms)) {
        throw new Error(`${name} must be an ISO-8601 UTC timestamp such as 2026-01-31T09:30:00.000Z (got "${s}")`);
      }
      return formatTimestamp(ms);
    }
    case 'tags': {
      const items: unknown[] = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null as never;
      if (items === null) throw new Error(`${name} must be a list of text`);
      const out: string[] = [];
      for (const item of items) {
        if (typeof item !== 'string') throw new Error(`${name} must be a list of text`);
        const t = item.trim();
        if (t !== '' && !out.includes(t)) out.push(t);
      }
      return out;
    }
  }
}

/** Typed values keyed by wire name; unknown names and ill-typed values reject with INVALID. */
export function coerce(raw: object, command: string): Partial<Card> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const wire = BY_NAME.has(key) ? key : SNAKE.get(key);
    const kind = wire === undefined ? undefined : BY_NAME.get(wire);
    if (wire === undefined || kind === undefined) fail('INVALID', `unknown card field "${key}"`, command);
    try {
      out[wire] = coerceOne(wire, kind, value);
    } catch (e) {
      fail('INVALID', (e as Error).message, command);
    }
  }
  return out as Partial<Card>;
}

/** The rules every stored card keeps (Java's CardRules.check). */
export function check(c: Card, command: string): void {
  const bad = (m: string): never => fail('INVALID', m, command);
  if (c.name.trim() === '') bad('name must not be empty');
  if (c.name.length > MAX_NAME) bad(`name is longer than ${MAX_NAME} characters`);
  if (c.content.length > MAX_CONTENT_CHARS) {
    bad(`content is larger than ${MAX_CONTENT_CHARS / (1024 * 1024)} MiB; split it into several cards`);
  }
  for (const text of [c.summary, c.locationName, c.folder, c.status, c.url, c.source, c.sourceId]) {
    if (text !== null && text.length > MAX_TEXT) bad(`a text field is longer than ${MAX_TEXT} characters`);
  }
  if (c.tags.length > MAX_TAGS) bad(`a card can have at most ${MAX_TAGS} tags`);
  if (c.latitude !== null && (c.latitude < -90 || c.latitude > 90)) bad('latitude must be between -90 and 90');
  if (c.longitude !== null && (c.longitude < -180 || c.longitude > 180)) bad('longitude must be between -180 and 180');
  if (c.eventStart !== null && c.eventEnd !== null && c.eventEnd < c.eventStart) bad('the event ends before it starts');
  if ((c.source === null) !== (c.sourceId === null)) bad('source and sourceId go together: give both or neither');
}

/** `base` with `changes` applied, stamped with `now` and `version`, checked (CardRules.apply). */
export function applyChanges(base: Card, changes: Partial<Card>, now: string, version: number, command: string): Card {
  const next: Card = { ...base, ...changes, id: base.id, createdAt: base.createdAt, deletedAt: base.deletedAt, modifiedAt: now, version };
  check(next, command);
  return next;
}

/** A new card from typed values (CardRules.newCard). */
export function newCard(id: string, values: Partial<Card>, now: string, command: string): Card {
  if (values.cardType === undefined) fail('INVALID', 'cardType is required (note, person, event, resource or task)', command);
  if (values.name === undefined) fail('INVALID', 'name must not be empty', command);
  const empty: Card = {
    id, cardType: values.cardType, name: '', content: '', summary: null, latitude: null, longitude: null,
    locationName: null, createdAt: now, modifiedAt: now, dueAt: null, completedAt: null, eventStart: null,
    eventEnd: null, folder: null, tags: [], status: null, priority: null, sortOrder: null, url: null, source: null,
    sourceId: null, deletedAt: null, version: 1,
  };
  return applyChanges(empty, values, now, 1, command);
}

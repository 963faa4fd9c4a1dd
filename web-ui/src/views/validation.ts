import { localInputToIso } from './datetime';
import { hasField, parseDecimal, type Draft, type DraftField } from './draft';

/** The store's limits and rules (Java CardRules), checked as the person types. */
export const MAX_NAME = 1_000;
export const MAX_TEXT = 10_000;
export const MAX_TAGS = 200;

export type FieldErrors = Partial<Record<DraftField, string>>;

const TIME_EXAMPLE = 'Enter a date and time such as 2025-01-31 09:30.';

function checkRange(draft: Draft, field: 'latitude' | 'longitude', limit: number, label: string, errors: FieldErrors): void {
  const n = parseDecimal(draft[field]);
  if (n !== null && (Number.isNaN(n) || n < -limit || n > limit)) {
    errors[field] = `${label} must be a number between -${limit} and ${limit}.`;
  }
}

/** Messages for the fields that would be refused, keyed by field. Fields the type does not have are not checked. */
export function validateDraft(draft: Draft): FieldErrors {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (name === '') errors.name = 'A card needs a name.';
  else if (name.length > MAX_NAME) errors.name = `A name can be at most ${MAX_NAME.toLocaleString('en-US')} characters.`;

  for (const field of ['eventStart', 'eventEnd', 'dueAt', 'completedAt'] as const) {
    if (hasField(draft.cardType, field) && localInputToIso(draft[field]) === undefined) errors[field] = TIME_EXAMPLE;
  }
  if (hasField(draft.cardType, 'eventEnd') && !errors.eventStart && !errors.eventEnd) {
    const start = localInputToIso(draft.eventStart);
    const end = localInputToIso(draft.eventEnd);
    if (start && end && end < start) errors.eventEnd = 'The event ends before it starts.';
  }
  checkRange(draft, 'latitude', 90, 'Latitude', errors);
  checkRange(draft, 'longitude', 180, 'Longitude', errors);

  for (const field of ['folder', 'summary', 'url', 'locationName', 'status'] as const) {
    if (draft[field].trim().length > MAX_TEXT) errors[field] = `This can be at most ${MAX_TEXT.toLocaleString('en-US')} characters.`;
  }
  if (draft.tags.split(',').filter((t) => t.trim() !== '').length > MAX_TAGS) {
    errors.tags = `A card can have at most ${MAX_TAGS} tags.`;
  }
  return errors;
}

/** A connection weight as typed: the number, or a message. */
export function parseWeight(text: string): { weight: number } | { error: string } {
  const n = parseDecimal(text);
  if (n === null || Number.isNaN(n) || n < 0 || n > 1) return { error: 'Weight must be a number from 0 to 1.' };
  return { weight: n };
}

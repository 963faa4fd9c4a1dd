import type { Card, CardChanges } from '../model';
import { changesFromDraft, rebaseDraft, type Draft } from './draft';

const FIELD_LABELS: Record<string, string> = {
  cardType: 'type', name: 'name', content: 'content', tags: 'tags', folder: 'folder', summary: 'summary', url: 'link',
  locationName: 'place', latitude: 'latitude', longitude: 'longitude', eventStart: 'start', eventEnd: 'end',
  dueAt: 'due date', completedAt: 'completion', status: 'status', priority: 'priority',
};

/** The fields a person edits, in the editor's order of importance. */
export const PERSON_FIELDS: readonly string[] = Object.keys(FIELD_LABELS);

/** A card field's name as the person reads it. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields whose stored value differs between two versions of a card. */
export function changedFields(before: Card, after: Card): string[] {
  return (Object.keys(FIELD_LABELS) as Array<keyof Card>).filter((f) => !sameValue(before[f], after[f]));
}

/** A draft made on `base` set against a newer stored version `latest`. */
export interface OtherChange {
  /** The draft's own changes to `base`. */
  mine: CardChanges;
  /** Fields both sides changed, to different values (a person or the store's merge decides). */
  overlap: string[];
  /** The draft with the other side's changes to the fields it did not touch. */
  rebased: Draft;
}

export function otherChange(base: Card, draft: Draft, latest: Card): OtherChange {
  const mine = changesFromDraft(base, draft);
  const theirs = changedFields(base, latest);
  const overlap = theirs.filter((f) => f in mine && !sameValue(mine[f as keyof CardChanges], latest[f as keyof Card]));
  return { mine, overlap, rebased: rebaseDraft(draft, latest, theirs.filter((f) => !(f in mine))) };
}

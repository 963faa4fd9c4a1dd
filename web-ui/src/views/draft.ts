import type { Card, CardChanges, CardInput, CardType } from '../model';

/** What the editor's fields hold: plain strings, as typed. */
export interface Draft {
  name: string;
  cardType: CardType;
  folder: string;
  /** Comma-separated, as typed. */
  tags: string;
  summary: string;
  content: string;
}

export function emptyDraft(cardType: CardType = 'note'): Draft {
  return { name: '', cardType, folder: '', tags: '', summary: '', content: '' };
}

export function draftFromCard(card: Card): Draft {
  return {
    name: card.name,
    cardType: card.cardType,
    folder: card.folder ?? '',
    tags: card.tags.join(', '),
    summary: card.summary ?? '',
    content: card.content,
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

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/** The input for cards:create; empty optional fields are left out. */
export function inputFromDraft(draft: Draft): CardInput {
  const input: CardInput = { cardType: draft.cardType, name: draft.name.trim(), content: draft.content };
  const folder = orNull(draft.folder);
  const summary = orNull(draft.summary);
  const tags = parseTags(draft.tags);
  if (folder !== null) input.folder = folder;
  if (summary !== null) input.summary = summary;
  if (tags.length > 0) input.tags = tags;
  return input;
}

/** Only the fields of `card` that the draft changes, for cards:update. */
export function changesFromDraft(card: Card, draft: Draft): CardChanges {
  const changes: CardChanges = {};
  const name = draft.name.trim();
  if (name !== card.name) changes.name = name;
  if (draft.cardType !== card.cardType) changes.cardType = draft.cardType;
  const folder = orNull(draft.folder);
  if (folder !== card.folder) changes.folder = folder;
  const summary = orNull(draft.summary);
  if (summary !== card.summary) changes.summary = summary;
  const tags = parseTags(draft.tags);
  if (!sameTags(tags, card.tags)) changes.tags = tags;
  if (draft.content !== card.content) changes.content = draft.content;
  return changes;
}

export function isBlankDraft(draft: Draft): boolean {
  return (
    draft.name.trim() === '' &&
    draft.folder.trim() === '' &&
    draft.tags.trim() === '' &&
    draft.summary.trim() === '' &&
    draft.content.trim() === ''
  );
}

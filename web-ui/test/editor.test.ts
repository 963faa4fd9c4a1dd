import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Card, CardChanges } from '../src/model';
import { emptyDraft } from '../src/views/draft';
import { EditorState } from '../src/views/editor-state';
import { EditHistory } from '../src/views/history';
import { parseWeight, validateDraft } from '../src/views/validation';
import { MemoryProvider } from './memory-provider';

afterEach(() => {
  vi.useRealTimers();
});

function editorFor(provider: MemoryProvider) {
  const saved: Array<{ card: Card; created: boolean; changes: CardChanges }> = [];
  const errors: string[] = [];
  const editor = new EditorState(provider, {
    saved: (card, created, changes) => saved.push({ card, created, changes }),
    error: (m) => errors.push(m),
  }, { autosaveMs: 400 });
  return { editor, saved, errors };
}

/** A promise with its resolve function, to hold a provider call in flight. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('autosave', () => {
  it('saves 400 ms after the last edit, once, with only the changed fields', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Plan', content: '' });
    const { editor } = editorFor(provider);
    editor.show(card);
    editor.updateDraft({ content: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    editor.updateDraft({ content: 'ab' });
    await vi.advanceTimersByTimeAsync(399);
    expect(provider.updates).toHaveLength(0);
    expect(editor.statusText.value).toBe('Unsaved changes');
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(editor.statusText.value).toBe('Saved'));
    expect(provider.updates).toEqual([{ id: card.id, baseVersion: 1, changes: { content: 'ab' } }]);
  });

  it('does not lose keystrokes typed while a save is in flight: they follow on the returned version', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Log', content: '' });
    const { editor } = editorFor(provider);
    editor.show(card);
    const held = gate();
    const real = provider.updateCard.bind(provider);
    const spy = vi.spyOn(provider, 'updateCard').mockImplementationOnce(async (...args) => {
      await held.promise;
      return real(...args);
    });
    editor.updateDraft({ content: 'one' });
    await vi.advanceTimersByTimeAsync(400);
    expect(editor.phase.value).toBe('saving');
    // typed while the first write is still in flight
    editor.updateDraft({ content: 'one two' });
    await vi.advanceTimersByTimeAsync(400);
    editor.updateDraft({ content: 'one two three' });
    held.open();
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(editor.statusText.value).toBe('Saved'));
    expect(spy.mock.calls.map(([, base, changes]) => [base, changes])).toEqual([
      [1, { content: 'one' }],
      [2, { content: 'one two three' }],
    ]);
    expect(provider.cards.get(card.id)?.content).toBe('one two three');
    expect(editor.draft.value.content).toBe('one two three');
  });

  it('creates a new card once, then updates it, even when typing continues during the create', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const { editor, saved } = editorFor(provider);
    editor.startNew();
    editor.updateDraft({ content: 'no name yet' });
    await vi.advanceTimersByTimeAsync(400);
    expect(provider.cards.size).toBe(0);
    expect(editor.statusText.value).toBe('Name the card to save it');
    expect(editor.visibleErrors.value.name).toBeUndefined();
    editor.updateDraft({ name: 'Trip' });
    await vi.advanceTimersByTimeAsync(400);
    editor.updateDraft({ name: 'Trip to Porto' });
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(editor.statusText.value).toBe('Saved'));
    expect(provider.cards.size).toBe(1);
    expect([...provider.cards.values()][0]).toMatchObject({ name: 'Trip to Porto', content: 'no name yet' });
    expect(saved.map((s) => s.created)).toEqual([true, false]);
  });

  it('keeps a trailing space while typing (the draft is never replaced by the stored value)', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Hello' });
    const { editor } = editorFor(provider);
    editor.show(card);
    editor.updateDraft({ name: 'Hello ' });
    await vi.advanceTimersByTimeAsync(400);
    editor.updateDraft({ name: 'Hello world' });
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(provider.cards.get(card.id)?.name).toBe('Hello world'));
  });

  it('merges silently when the card changed elsewhere in other fields', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'mine', folder: 'A' });
    const { editor } = editorFor(provider);
    editor.show(card);
    provider.changeElsewhere(card.id, { folder: 'B' });
    editor.updateDraft({ content: 'mine, edited' });
    await expect(editor.save()).resolves.toBe(true);
    expect(provider.cards.get(card.id)).toMatchObject({ content: 'mine, edited', folder: 'B', version: 3 });
    expect(editor.draft.value.folder).toBe('B');
    expect(editor.conflict.value).toBeNull();
  });

  it('shows a conflict in the same field, keeps the edits, and stops autosaving until the person chooses', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'base' });
    const { editor } = editorFor(provider);
    editor.show(card);
    provider.changeElsewhere(card.id, { content: 'theirs' });
    editor.updateDraft({ content: 'mine' });
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(editor.phase.value).toBe('conflict'));
    expect(editor.conflict.value?.fields).toEqual(['content']);
    expect(editor.statusText.value).toBe('Not saved — changed elsewhere');
    expect(editor.draft.value.content).toBe('mine');
    const writes = provider.updates.length;
    editor.updateDraft({ content: 'mine!' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(provider.updates).toHaveLength(writes);

    await expect(editor.keepMine()).resolves.toBe(true);
    expect(provider.cards.get(card.id)?.content).toBe('mine!');
    expect(editor.phase.value).toBe('saved');
  });

  it('can take the other version instead, and undo brings the edits back', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'base' });
    const { editor } = editorFor(provider);
    editor.show(card);
    provider.changeElsewhere(card.id, { content: 'theirs' });
    editor.updateDraft({ content: 'mine' });
    await editor.save();
    expect(editor.phase.value).toBe('conflict');
    await expect(editor.takeTheirs()).resolves.toBe(true);
    expect(provider.resolutions[0]?.resolution.choices).toEqual({ content: 'theirs' });
    expect(editor.draft.value.content).toBe('theirs');
    expect(editor.dirty.value).toBe(false);
    editor.undo();
    expect(editor.draft.value.content).toBe('mine');
  });

  it('shows the store\u2019s message when it refuses a write', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'X' });
    vi.spyOn(provider, 'updateCard').mockRejectedValueOnce(
      Object.assign(new Error('a text field is longer than 10000 characters'), { kind: 'INVALID', retryable: false, command: 'cards:update', name: 'BridgeError' }),
    );
    const { editor } = editorFor(provider);
    editor.show(card);
    editor.updateDraft({ summary: 'long' });
    await expect(editor.save()).resolves.toBe(false);
    expect(editor.phase.value).toBe('failed');
    expect(editor.failure.value).toContain('longer than');
  });
});

describe('undo and redo', () => {
  it('steps back and forth through edits, a burst of typing in one field being one step', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'N', content: '' });
    const { editor } = editorFor(provider);
    editor.show(card);
    expect(editor.canUndo.value).toBe(false);
    editor.updateDraft({ content: 'h' });
    editor.updateDraft({ content: 'he' });
    editor.updateDraft({ content: 'hello' });
    vi.advanceTimersByTime(1500);
    editor.updateDraft({ name: 'Greeting' });
    expect(editor.canUndo.value).toBe(true);
    editor.undo();
    expect(editor.draft.value).toMatchObject({ name: 'N', content: 'hello' });
    editor.undo();
    expect(editor.draft.value).toMatchObject({ name: 'N', content: '' });
    expect(editor.canUndo.value).toBe(false);
    expect(editor.canRedo.value).toBe(true);
    editor.redo();
    expect(editor.draft.value.content).toBe('hello');
    editor.redo();
    expect(editor.draft.value.name).toBe('Greeting');
    expect(editor.canRedo.value).toBe(false);
    // an undo is an edit like any other: it is autosaved
    editor.undo();
    await vi.advanceTimersByTimeAsync(400);
    await vi.waitFor(() => expect(provider.cards.get(card.id)).toMatchObject({ name: 'N', content: 'hello' }));
  });

  it('starts a fresh history for each card', () => {
    const provider = new MemoryProvider();
    const a = provider.seed({ cardType: 'note', name: 'A' });
    const b = provider.seed({ cardType: 'note', name: 'B' });
    const { editor } = editorFor(provider);
    editor.show(a);
    editor.updateDraft({ name: 'A2' });
    editor.show(b);
    expect(editor.canUndo.value).toBe(false);
  });

  it('a new edit after undo drops the redo steps', () => {
    let t = 0;
    const h = new EditHistory<string>(10, 1000, () => t);
    h.record('a', 'x');
    t += 2000;
    h.record('b', 'x');
    expect(h.undo('c')).toBe('b');
    h.record('b', 'y');
    expect(h.canRedo()).toBe(false);
  });
});

describe('validation', () => {
  const base = { ...emptyDraft(), name: 'Valid' };

  it.each([
    [{ name: '   ' }, 'name', 'A card needs a name.'],
    [{ cardType: 'event' as const, eventStart: '2025-05-02T10:00', eventEnd: '2025-05-01T10:00' }, 'eventEnd', 'The event ends before it starts.'],
    [{ cardType: 'event' as const, eventStart: 'next tuesday' }, 'eventStart', 'Enter a date and time such as 2025-01-31 09:30.'],
    [{ cardType: 'task' as const, dueAt: '2025-02-30T10:00' }, 'dueAt', 'Enter a date and time such as 2025-01-31 09:30.'],
    [{ latitude: '91' }, 'latitude', 'Latitude must be a number between -90 and 90.'],
    [{ latitude: 'north' }, 'latitude', 'Latitude must be a number between -90 and 90.'],
    [{ longitude: '-180.5' }, 'longitude', 'Longitude must be a number between -180 and 180.'],
  ] as const)('%o -> %s: %s', (patch, field, message) => {
    expect(validateDraft({ ...base, ...patch })).toEqual({ [field]: message });
  });

  it('accepts a valid card, and ignores fields the type does not have', () => {
    expect(validateDraft({ ...base, latitude: '-90', longitude: '180', eventStart: 'junk' })).toEqual({});
    expect(validateDraft({ ...base, cardType: 'event', eventStart: '2025-05-01 10:00', eventEnd: '2025-05-01' })).toEqual({
      eventEnd: 'The event ends before it starts.',
    });
  });

  it('checks connection weights are 0..1', () => {
    expect(parseWeight('0.5')).toEqual({ weight: 0.5 });
    expect(parseWeight('1')).toEqual({ weight: 1 });
    expect(parseWeight('1.5')).toEqual({ error: 'Weight must be a number from 0 to 1.' });
    expect(parseWeight('-0.1')).toEqual({ error: 'Weight must be a number from 0 to 1.' });
    expect(parseWeight('')).toEqual({ error: 'Weight must be a number from 0 to 1.' });
  });

  it('blocks the save and shows the missing name only after an explicit save', async () => {
    const provider = new MemoryProvider();
    const { editor } = editorFor(provider);
    editor.startNew();
    editor.updateDraft({ summary: 'something' });
    expect(editor.visibleErrors.value).toEqual({});
    await expect(editor.save()).resolves.toBe(false);
    expect(editor.visibleErrors.value).toEqual({ name: 'A card needs a name.' });
    expect(provider.cards.size).toBe(0);
  });
});

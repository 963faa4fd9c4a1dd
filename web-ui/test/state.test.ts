import { afterEach, describe, expect, it, vi } from 'vitest';
import { changesFromDraft, draftFromCard, emptyDraft, inputFromDraft, parseTags } from '../src/views/draft';
import { AppState } from '../src/views/state';
import { MemoryProvider } from './memory-provider';

afterEach(() => {
  vi.useRealTimers();
});

async function started(provider = new MemoryProvider()) {
  const state = new AppState(provider, { searchDebounceMs: 120 });
  await state.start();
  return { state, provider };
}

describe('draft helpers', () => {
  it('parses comma-separated tags, trimming and de-duplicating', () => {
    expect(parseTags(' a, b ,,a, c d ')).toEqual(['a', 'b', 'c d']);
  });

  it('computes only the changed fields, with blanks as null', () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'N', folder: 'F', tags: ['x'], content: 'c' });
    const draft = { ...draftFromCard(card), folder: '  ', tags: 'x, y', content: 'c' };
    expect(changesFromDraft(card, draft)).toEqual({ folder: null, tags: ['x', 'y'] });
    expect(changesFromDraft(card, draftFromCard(card))).toEqual({});
  });

  it('leaves empty optional fields out of a create', () => {
    expect(inputFromDraft({ ...emptyDraft('task'), name: ' Hi ' })).toEqual({ cardType: 'task', name: 'Hi', content: '' });
  });

  it('sends typed fields as the store wants them: numbers, UTC timestamps, integers', () => {
    const draft = {
      ...emptyDraft('task'), name: 'T', latitude: '38,72', longitude: '-9.14', dueAt: '2025-03-01T09:30', priority: '2', status: 'todo',
      eventStart: '2025-01-01T00:00',
    };
    const input = inputFromDraft(draft);
    expect(input).toMatchObject({ latitude: 38.72, longitude: -9.14, priority: 2, status: 'todo' });
    expect(input.dueAt).toBe(new Date(2025, 2, 1, 9, 30).toISOString());
    expect(input.dueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    // A task has no event times: they are not sent.
    expect(input).not.toHaveProperty('eventStart');
  });

  it('does not rewrite a stored time that shows the same to the minute', () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'event', name: 'E', eventStart: '2025-05-05T10:00:42.123Z' });
    expect(changesFromDraft(card, draftFromCard(card))).toEqual({});
  });

  it('clears the fields the new type does not have when the type changes', () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'task', name: 'T', status: 'todo', priority: 1 });
    expect(changesFromDraft(card, { ...draftFromCard(card), cardType: 'note' }))
      .toEqual({ cardType: 'note', status: null, priority: null });
  });
});

describe('AppState', () => {
  it('loads the list, facets and settings once the store is available', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'One', folder: 'Work' });
    provider.seedSample({ cardType: 'person', name: 'Sample person' });
    const { state } = await started(provider);
    expect(state.list.loaded.value).toBe(true);
    expect(state.list.items.value.map((i) => i.name)).toEqual(['Sample person', 'One']);
    await vi.waitFor(() => expect(state.list.facets.value.folders).toEqual([{ name: 'Work', count: 1 }]));
    await vi.waitFor(() => expect(state.sampleCards.value).toBe(1));
  });

  it('shows the unreachable banner after 10 s and clears it when the store appears', async () => {
    vi.useFakeTimers();
    const provider = new MemoryProvider();
    let appear!: () => void;
    provider.available = new Promise((resolve) => (appear = resolve));
    const state = new AppState(provider);
    const starting = state.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.banner.value?.message).toContain('Cannot reach the Isometry store');
    appear();
    await starting;
    expect(state.banner.value).toBeNull();
    expect(state.list.loaded.value).toBe(true);
  });

  it('creates a card on save, selects it and refreshes the list', async () => {
    const { state, provider } = await started();
    state.requestNew();
    await vi.waitFor(() => expect(state.editor.open.value).toBe(true));
    state.editor.updateDraft({ name: 'Fresh', tags: 'a, b' });
    expect(state.editor.statusText.value).toBe('Unsaved changes');
    await expect(state.editor.save()).resolves.toBe(true);
    const created = [...provider.cards.values()][0]!;
    expect(created).toMatchObject({ name: 'Fresh', tags: ['a', 'b'] });
    expect(state.selectedId.value).toBe(created.id);
    expect(state.editor.statusText.value).toContain('Saved');
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.id)).toEqual([created.id]));
  });

  it('updates with baseVersion and only the changed fields', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Old', content: 'body', folder: 'F' });
    const { state } = await started(provider);
    await state.select(card.id);
    state.editor.updateDraft({ name: 'New' });
    await state.editor.save();
    expect(provider.updates).toEqual([{ id: card.id, baseVersion: 1, changes: { name: 'New' } }]);
    expect(state.editor.card.value?.version).toBe(2);
    expect(state.editor.statusText.value).toContain('Saved');
  });

  it('saves the open card before opening another', async () => {
    const provider = new MemoryProvider();
    const a = provider.seed({ cardType: 'note', name: 'A' });
    const b = provider.seed({ cardType: 'note', name: 'B' });
    const { state } = await started(provider);
    await state.select(a.id);
    state.editor.updateDraft({ name: 'A2' });
    state.requestSelect(b.id);
    await vi.waitFor(() => expect(state.editor.card.value?.id).toBe(b.id));
    expect(provider.cards.get(a.id)?.name).toBe('A2');
  });

  it('asks before leaving a card that cannot be saved, and can discard it', async () => {
    const provider = new MemoryProvider();
    const a = provider.seed({ cardType: 'note', name: 'A' });
    const b = provider.seed({ cardType: 'note', name: 'B' });
    const { state } = await started(provider);
    await state.select(a.id);
    state.editor.updateDraft({ name: '' });
    state.requestSelect(b.id);
    await vi.waitFor(() => expect(state.pendingNavigation.value).toEqual({ kind: 'select', id: b.id }));
    expect(state.editor.card.value?.id).toBe(a.id);
    state.discardAndContinue();
    await vi.waitFor(() => expect(state.editor.card.value?.id).toBe(b.id));
    expect(provider.cards.get(a.id)?.name).toBe('A');
  });

  it('moves to the trash after confirmation, selects the neighbour, and Undo restores', async () => {
    const provider = new MemoryProvider();
    const older = provider.seed({ cardType: 'note', name: 'Older' });
    const newer = provider.seed({ cardType: 'note', name: 'Newer' });
    const { state } = await started(provider);
    await state.select(newer.id);
    state.askDelete();
    expect(state.confirmingDelete.value).toBe(true);
    await state.confirmDelete();
    expect(provider.cards.get(newer.id)?.deletedAt).not.toBeNull();
    await vi.waitFor(() => expect(state.editor.card.value?.id).toBe(older.id));
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.id)).toEqual([older.id]));
    expect(state.toast.value?.message).toBe('Moved “Newer” to the trash.');
    state.toast.value!.action!.run();
    await vi.waitFor(() => expect(state.editor.card.value?.id).toBe(newer.id));
    expect(provider.cards.get(newer.id)?.deletedAt).toBeNull();
  });

  it('debounces search, passes the filters and drops stale results', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'harbor lights' });
    provider.seed({ cardType: 'person', name: 'harbor master' });
    provider.seed({ cardType: 'note', name: 'meadow' });
    const { state } = await started(provider);
    vi.useFakeTimers();
    const search = vi.spyOn(provider, 'searchCards');
    state.list.setQuery('h');
    state.list.setQuery('ha');
    state.list.setQuery('harbor');
    await vi.advanceTimersByTimeAsync(119);
    expect(search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(search).toHaveBeenCalledOnce();
    expect(search.mock.calls[0]![0]).toBe('harbor');
    await vi.waitFor(() => expect(state.list.items.value).toHaveLength(2));
    expect(state.list.searching.value).toBe(true);
    state.list.setFilter({ cardType: 'person' });
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.name)).toEqual(['harbor master']));
    expect(search.mock.calls[search.mock.calls.length - 1]).toEqual(['harbor', { cardType: 'person', limit: 100 }]);
  });

  it('filters the plain list by folder and tag', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'A', folder: 'Work', tags: ['x'] });
    provider.seed({ cardType: 'note', name: 'B', folder: 'Work', tags: ['y'] });
    provider.seed({ cardType: 'note', name: 'C', folder: 'Home', tags: ['x'] });
    const { state } = await started(provider);
    state.list.setFilter({ folder: 'Work' });
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.name).sort()).toEqual(['A', 'B']));
    state.list.setFilter({ tag: 'x' });
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.name)).toEqual(['A']));
    state.list.setFilter({ folder: undefined });
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.name).sort()).toEqual(['A', 'C']));
    expect(state.list.filter.value).toEqual({ tag: 'x' });
  });

  it('shows the store\u2019s hint for malformed advanced syntax', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'alpha' });
    const { state } = await started(provider);
    state.list.setQuery('alpha (');
    await state.list.refresh();
    expect(state.list.hint.value).toMatch(/plain words/);
  });

  it('follows a [[link]] to its card, or starts a card with that name', async () => {
    const provider = new MemoryProvider();
    const ada = provider.seed({ cardType: 'person', name: 'Ada Lovelace' });
    const { state } = await started(provider);
    await state.openCardByName('ada lovelace');
    await vi.waitFor(() => expect(state.editor.card.value?.id).toBe(ada.id));
    await state.openCardByName('Charles Babbage');
    await vi.waitFor(() => expect(state.editor.card.value).toBeNull());
    expect(state.editor.draft.value.name).toBe('Charles Babbage');
  });

  it('removes the sample cards in one go', async () => {
    const provider = new MemoryProvider();
    provider.seedSample({ cardType: 'note', name: 'Welcome' });
    provider.seedSample({ cardType: 'task', name: 'Try a task' });
    provider.seed({ cardType: 'note', name: 'Mine' });
    const { state } = await started(provider);
    await vi.waitFor(() => expect(state.sampleCards.value).toBe(2));
    await state.removeSamples();
    expect(state.sampleCards.value).toBe(0);
    expect(state.toast.value?.message).toBe('Removed 2 sample cards.');
    await vi.waitFor(() => expect(state.list.items.value.map((i) => i.name)).toEqual(['Mine']));
  });
});

describe('delete acts on the card the person chose', () => {
  it('does not trash the card still shown while another one opens', async () => {
    const provider = new MemoryProvider();
    const a = provider.seed({ cardType: 'note', name: 'Shown' });
    const b = provider.seed({ cardType: 'note', name: 'Chosen' });
    const state = new AppState(provider, { searchDebounceMs: 1 });
    await state.start();
    await state.select(a.id);
    let release: () => void = () => {};
    const realGet = provider.getCard.bind(provider);
    provider.getCard = (id: string) => new Promise((resolve, reject) => {
      release = () => void realGet(id).then(resolve, reject);
    });
    const opening = state.select(b.id); // still loading
    state.askDelete();
    expect(state.confirmingDelete.value).toBe(false);
    await state.confirmDelete();
    expect((await realGet(a.id)).deletedAt).toBeNull();
    release();
    await opening;
    expect(state.editor.card.value?.id).toBe(b.id);
  });
});

describe('daily backup notices', () => {
  it('says in the banner that the backup failed, and why, until a backup is made', async () => {
    const { state, provider } = await started();
    expect(state.banner.value).toBeNull();

    provider.emitBackup({ kind: 'daily', ok: false, message: 'Not enough free disk space for a backup.' });
    expect(state.banner.value?.kind).toBe('error');
    expect(state.banner.value?.message).toContain("Today's backup could not be made: Not enough free disk space");

    provider.emitBackup({ kind: 'daily', ok: true, file: 'daily-1.db' });
    expect(state.banner.value).toBeNull();
  });

  it('leaves another message in the banner when a backup is made', async () => {
    const { state, provider } = await started();
    provider.emitBackup({ kind: 'daily', ok: false, message: 'The disk is full.' });
    state.showError('Could not save the card.');

    provider.emitBackup({ kind: 'daily', ok: true, file: 'daily-2.db' });

    expect(state.banner.value?.message).toBe('Could not save the card.');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { changesFromDraft, draftFromCard, inputFromDraft, parseTags } from '../src/views/draft';
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
    expect(inputFromDraft({ name: ' Hi ', cardType: 'task', folder: '', tags: '', summary: '', content: '' }))
      .toEqual({ cardType: 'task', name: 'Hi', content: '' });
  });
});

describe('AppState', () => {
  it('loads the list once the store is available', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'One' });
    const { state } = await started(provider);
    expect(state.listLoaded.value).toBe(true);
    expect(state.items.value.map((i) => i.name)).toEqual(['One']);
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
    expect(state.listLoaded.value).toBe(true);
  });

  it('creates a card, selects it and refreshes the list', async () => {
    const { state, provider } = await started();
    state.requestNew();
    state.updateDraft({ name: 'Fresh', tags: 'a, b' });
    expect(state.statusText.value).toBe('Unsaved changes');
    await expect(state.save()).resolves.toBe(true);
    const created = [...provider.cards.values()][0]!;
    expect(created).toMatchObject({ name: 'Fresh', tags: ['a', 'b'] });
    expect(state.selectedId.value).toBe(created.id);
    expect(state.statusText.value).toContain('Saved');
    await vi.waitFor(() => expect(state.items.value.map((i) => i.id)).toEqual([created.id]));
  });

  it('updates with baseVersion and only the changed fields', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Old', content: 'body', folder: 'F' });
    const { state } = await started(provider);
    await state.select(card.id);
    state.updateDraft({ name: 'New' });
    await state.save();
    expect(provider.updates).toEqual([{ id: card.id, baseVersion: 1, changes: { name: 'New' } }]);
    expect(state.card.value?.version).toBe(2);
    expect(state.statusText.value).toContain('Saved');
  });

  it('refuses to save a card without a name', async () => {
    const { state, provider } = await started();
    state.requestNew();
    await expect(state.save()).resolves.toBe(false);
    expect(provider.cards.size).toBe(0);
    expect(state.banner.value?.message).toMatch(/needs a name/);
  });

  it('reports a conflict in the banner and keeps the edits', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'A' });
    const { state } = await started(provider);
    await state.select(card.id);
    await provider.updateCard(card.id, 1, { name: 'Changed elsewhere' });
    state.updateDraft({ content: 'mine' });
    await expect(state.save()).resolves.toBe(false);
    expect(state.banner.value?.message).toMatch(/changed elsewhere/);
    expect(state.banner.value?.action?.label).toBe('Load latest version');
    expect(state.draft.value.content).toBe('mine');
    expect(state.statusText.value).toContain('Unsaved changes');
  });

  it('asks before leaving unsaved changes', async () => {
    const provider = new MemoryProvider();
    const a = provider.seed({ cardType: 'note', name: 'A' });
    const b = provider.seed({ cardType: 'note', name: 'B' });
    const { state } = await started(provider);
    await state.select(a.id);
    state.updateDraft({ name: 'A2' });
    state.requestSelect(b.id);
    expect(state.pendingNavigation.value).toEqual({ kind: 'select', id: b.id });
    expect(state.selectedId.value).toBe(a.id);
    state.discardAndContinue();
    await vi.waitFor(() => expect(state.card.value?.id).toBe(b.id));
  });

  it('deletes after confirmation and selects the neighbour', async () => {
    const provider = new MemoryProvider();
    const older = provider.seed({ cardType: 'note', name: 'Older' });
    const newer = provider.seed({ cardType: 'note', name: 'Newer' });
    const { state } = await started(provider);
    await state.select(newer.id);
    state.askDelete();
    expect(state.confirmingDelete.value).toBe(true);
    await state.confirmDelete();
    expect(provider.cards.get(newer.id)?.deletedAt).not.toBeNull();
    await vi.waitFor(() => expect(state.card.value?.id).toBe(older.id));
    expect(state.items.value.map((i) => i.id)).toEqual([older.id]);
  });

  it('debounces search and drops stale results', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'harbor lights' });
    provider.seed({ cardType: 'note', name: 'meadow' });
    const { state } = await started(provider);
    vi.useFakeTimers();
    const search = vi.spyOn(provider, 'searchCards');
    state.setQuery('h');
    state.setQuery('ha');
    state.setQuery('harbor');
    await vi.advanceTimersByTimeAsync(119);
    expect(search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(search).toHaveBeenCalledOnce();
    expect(search.mock.calls[0]![0]).toBe('harbor');
    await vi.waitFor(() => expect(state.items.value.map((i) => i.name)).toEqual(['harbor lights']));
    expect(state.searching.value).toBe(true);
  });
});

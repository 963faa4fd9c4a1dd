import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../src/bridge/errors';
import { App } from '../src/views/App';
import { AppState } from '../src/views/state';
import { MemoryProvider } from './memory-provider';

let host: HTMLElement | null = null;

afterEach(() => {
  if (host) {
    render(null, host);
    host.remove();
    host = null;
  }
  vi.useRealTimers();
});

const $ = (id: string): HTMLElement | null => host!.querySelector(`[data-testid="${id}"]`);
const $$ = (id: string): HTMLElement[] => Array.from(host!.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

function type(el: HTMLElement | null, value: string): void {
  if (!el) throw new Error('no such element');
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function choose(el: HTMLElement | null, value: string): void {
  if (!el) throw new Error('no such element');
  const select = el as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

async function click(el: HTMLElement | null | undefined): Promise<void> {
  if (!el) throw new Error('no such element');
  await act(async () => el.click());
}

async function settle(check: () => void): Promise<void> {
  await vi.waitFor(async () => {
    await act(async () => {});
    check();
  });
}

async function mount(provider: MemoryProvider) {
  host = document.createElement('div');
  document.body.appendChild(host);
  const state = new AppState(provider, { autosaveMs: 50 });
  await act(async () => {
    render(<App state={state} />, host!);
    await state.start();
  });
  return state;
}

const TYPED_HOOKS = ['editor-event-start', 'editor-event-end', 'editor-due', 'editor-completed', 'editor-status', 'editor-priority'];
const COMMON_HOOKS = ['editor-name', 'editor-type', 'editor-folder', 'editor-tags', 'editor-summary', 'editor-content',
  'editor-url', 'editor-location-name', 'editor-latitude', 'editor-longitude', 'preview', 'undo', 'redo', 'connections-panel'];

describe('editor fields per type', () => {
  it.each([
    ['note', []],
    ['person', []],
    ['resource', []],
    ['event', ['editor-event-start', 'editor-event-end']],
    ['task', ['editor-due', 'editor-completed', 'editor-status', 'editor-priority']],
  ] as const)('a %s shows the common fields and only %o of the typed ones', async (cardType, shown) => {
    await mount(new MemoryProvider());
    await click($('new-card'));
    await act(async () => choose($('editor-type'), cardType));
    for (const hook of COMMON_HOOKS) expect($(hook), hook).not.toBeNull();
    for (const hook of TYPED_HOOKS) expect($(hook) !== null, hook).toBe((shown as readonly string[]).includes(hook));
  });

  it('saves an event with its times as UTC and shows a clear message when it ends before it starts', async () => {
    const provider = new MemoryProvider();
    await mount(provider);
    await click($('new-card'));
    await act(async () => {
      type($('editor-name'), 'Launch party');
      choose($('editor-type'), 'event');
    });
    await act(async () => {
      type($('editor-event-start'), '2025-06-01T18:00');
      type($('editor-event-end'), '2025-06-01T17:00');
    });
    expect($('validation-error')?.textContent).toBe('The event ends before it starts.');
    expect($('editor-event-end')?.getAttribute('aria-invalid')).toBe('true');
    await act(async () => type($('editor-event-end'), '2025-06-01T23:30'));
    expect($('validation-error')).toBeNull();
    await settle(() => expect($('status')?.textContent).toContain('Saved'));
    const card = [...provider.cards.values()][0]!;
    expect(card).toMatchObject({
      cardType: 'event',
      eventStart: new Date(2025, 5, 1, 18, 0).toISOString(),
      eventEnd: new Date(2025, 5, 1, 23, 30).toISOString(),
    });
  });

  it('shows range messages for latitude and longitude and does not save them', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'person', name: 'Ada' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    await act(async () => {
      type($('editor-location-name'), 'London');
      type($('editor-latitude'), '123');
      type($('editor-longitude'), 'west');
    });
    expect($$('validation-error').map((e) => e.textContent)).toEqual([
      'Latitude must be a number between -90 and 90.',
      'Longitude must be a number between -180 and 180.',
    ]);
    await new Promise((r) => setTimeout(r, 120));
    expect(provider.updates).toHaveLength(0);
    expect($('status')?.textContent).toContain('check the highlighted field');
    await act(async () => {
      type($('editor-latitude'), '51.5');
      type($('editor-longitude'), '-0.12');
    });
    await settle(() => expect(provider.cards.get(card.id)).toMatchObject({ locationName: 'London', latitude: 51.5, longitude: -0.12 }));
  });

  it('marks a task done with one click', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'task', name: 'Ship it', status: 'todo' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    expect(($('editor-status') as HTMLSelectElement).value).toBe('todo');
    await click(Array.from(host!.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent === 'Mark done now'));
    expect(($('editor-status') as HTMLSelectElement).value).toBe('done');
    expect(($('editor-completed') as HTMLInputElement).value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await settle(() => expect(provider.cards.get(card.id)?.completedAt).not.toBeNull());
  });
});

describe('editing a card', () => {
  it('autosaves, then undo and redo through the buttons and the keyboard', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Draft', content: 'first' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    expect(($('undo') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => type($('editor-content'), 'second'));
    await settle(() => expect($('status')?.textContent).toContain('Saved'));
    expect(provider.cards.get(card.id)?.content).toBe('second');
    expect($('preview')?.textContent).toContain('second');

    await click($('undo'));
    expect(($('editor-content') as HTMLTextAreaElement).value).toBe('first');
    await settle(() => expect(provider.cards.get(card.id)?.content).toBe('first'));
    await act(async () => {
      $('editor-content')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, shiftKey: true, bubbles: true }));
    });
    expect(($('editor-content') as HTMLTextAreaElement).value).toBe('second');
    await act(async () => {
      $('editor-content')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', metaKey: true, bubbles: true }));
    });
    expect(($('editor-content') as HTMLTextAreaElement).value).toBe('first');
  });

  it('closes the editor with Escape after saving, and Ctrl+N / Ctrl+K work', async () => {
    const provider = new MemoryProvider();
    await mount(provider);
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', ctrlKey: true, bubbles: true }));
    });
    await settle(() => expect($('editor')).not.toBeNull());
    await act(async () => type($('editor-name'), 'Quick thought'));
    await act(async () => {
      $('editor-name')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await settle(() => expect($('editor')).toBeNull());
    expect([...provider.cards.values()].map((c) => c.name)).toEqual(['Quick thought']);
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
    });
    expect(document.activeElement).toBe($('search'));
  });

  it('opens a [[link]] from the preview', async () => {
    const provider = new MemoryProvider();
    const ada = provider.seed({ cardType: 'person', name: 'Ada Lovelace' });
    const note = provider.seed({ cardType: 'note', name: 'Reading', content: 'About [[Ada Lovelace]].' });
    const state = await mount(provider);
    await act(async () => state.select(note.id));
    const link = host!.querySelector<HTMLElement>('[data-testid="preview"] a[data-card-link]')!;
    expect(link.getAttribute('data-card-name')).toBe('Ada Lovelace');
    await click(link);
    await settle(() => expect(($('editor-name') as HTMLInputElement).value).toBe('Ada Lovelace'));
    expect(state.editor.card.value?.id).toBe(ada.id);
  });
});

describe('connections panel', () => {
  it('lists links from content and backlinks, adds, edits and removes a connection', async () => {
    const provider = new MemoryProvider();
    const ada = provider.seed({ cardType: 'person', name: 'Ada' });
    const charles = provider.seed({ cardType: 'person', name: 'Charles' });
    provider.seed({ cardType: 'note', name: 'Engine notes', content: 'With [[Ada]].' });
    const state = await mount(provider);
    await act(async () => state.select(ada.id));
    await settle(() => expect($$('backlink-item')).toHaveLength(1));
    expect($('backlink-item')?.textContent).toContain('Engine notes');
    expect($$('connection-item')).toHaveLength(0);

    await click($('add-connection'));
    await act(async () => type($('connection-new-label'), 'works with'));
    await act(async () => type($('connection-search'), 'Charles'));
    await settle(() => expect($$('connection-candidate').map((c) => c.textContent)).toEqual(['Charles']));
    await click($('connection-candidate'));
    await settle(() => expect($$('connection-item')).toHaveLength(1));
    const conn = [...provider.connections.values()].find((c) => c.origin === 'manual')!;
    expect(conn).toMatchObject({ sourceId: ada.id, targetId: charles.id, label: 'works with' });

    const weight = $('connection-weight') as HTMLInputElement;
    await act(async () => type(weight, '1.5'));
    await act(async () => {
      weight.dispatchEvent(new Event('blur'));
    });
    expect($('validation-error')?.textContent).toBe('Weight must be a number from 0 to 1.');
    await act(async () => type(weight, '0.4'));
    await act(async () => {
      weight.dispatchEvent(new Event('blur'));
    });
    await settle(() => expect(provider.connections.get(conn.id)?.weight).toBe(0.4));
    expect($('validation-error')).toBeNull();

    await click($('remove-connection'));
    await settle(() => expect($$('connection-item')).toHaveLength(0));
    expect(provider.connections.has(conn.id)).toBe(false);

    await click($('backlink-item')!.querySelector<HTMLElement>('.connection-card'));
    await settle(() => expect(($('editor-name') as HTMLInputElement).value).toBe('Engine notes'));
  });

  it('refreshes after content with a [[link]] is saved', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'person', name: 'Grace' });
    const note = provider.seed({ cardType: 'note', name: 'Compilers' });
    const state = await mount(provider);
    await act(async () => state.select(note.id));
    await act(async () => type($('editor-content'), 'Ask [[Grace]] about it'));
    await settle(() => expect($$('connection-item').map((c) => c.textContent)).toEqual([expect.stringContaining('Grace')]));
  });
});

describe('search and filters', () => {
  it('filters by type, folder and tag from the facets, and shows the hint', async () => {
    const provider = new MemoryProvider();
    provider.seed({ cardType: 'note', name: 'Alpha', folder: 'Work', tags: ['x'] });
    provider.seed({ cardType: 'task', name: 'Beta', folder: 'Home', tags: ['x'] });
    await mount(provider);
    await settle(() => expect(($('filter-folder') as HTMLSelectElement).options).toHaveLength(3));
    expect(Array.from(($('filter-type') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual(['All types', 'Note (1)', 'Task (1)']);
    await act(async () => choose($('filter-folder'), 'Home'));
    await settle(() => expect($$('card-item').map((e) => e.getAttribute('data-card-id'))).toHaveLength(1));
    expect($('card-item')?.textContent).toContain('Beta');
    await act(async () => choose($('filter-folder'), ''));
    await act(async () => choose($('filter-tag'), 'x'));
    await settle(() => expect($$('card-item')).toHaveLength(2));
    await act(async () => type($('search'), 'alpha ('));
    await settle(() => expect($('search-hint')?.textContent).toMatch(/plain words/));
  });
});

describe('long lists', () => {
  it('draws a screenful of rows and more as the list is scrolled to its end', async () => {
    const provider = new MemoryProvider();
    for (let i = 0; i < 150; i++) provider.seed({ cardType: 'note', name: `Card ${i}` });
    // jsdom has no layout: rows are 50 px high in a list 500 px high
    const rowsDrawn = () => $$('card-item').length;
    const list = () => $('card-list') as HTMLUListElement;
    const geometry = vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset['testid'] === 'card-list' ? this.querySelectorAll('li').length * 50 : 0;
    });
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(500);
    try {
      await mount(provider);
      await settle(() => expect(rowsDrawn()).toBe(60));
      expect($('list-count')?.textContent).toBe('150 cards');

      list().scrollTop = 1_000; // 1,000 + 500 is still more than 600 px before the end (3,000)
      await act(async () => { list().dispatchEvent(new Event('scroll')); });
      expect(rowsDrawn()).toBe(60);
      list().scrollTop = 2_000;
      await act(async () => { list().dispatchEvent(new Event('scroll')); });
      await settle(() => expect(rowsDrawn()).toBe(120));
      list().scrollTop = 5_500;
      await act(async () => { list().dispatchEvent(new Event('scroll')); });
      await settle(() => expect(rowsDrawn()).toBe(150));
    } finally {
      geometry.mockRestore();
      height.mockRestore();
    }
  });
});

describe('settings', () => {
  it('shows the merge strategy per field, changes one, goes back to the defaults, and keeps the shown value when refused', async () => {
    const provider = new MemoryProvider();
    await mount(provider);
    await click($('show-settings'));
    await settle(() => expect($('merge-strategies')).not.toBeNull());
    expect(($('merge-strategy-content') as HTMLSelectElement).value).toBe('ask');
    expect(($('merge-strategy-name') as HTMLSelectElement).value).toBe('last-writer-wins');

    await act(async () => choose($('merge-strategy-name'), 'ask'));
    await settle(() => expect(provider.settings.mergeStrategies['name']).toBe('ask'));
    expect(provider.settings.mergeStrategies['content']).toBe('ask');
    expect(provider.settings.mergeStrategies['folder']).toBe('last-writer-wins');

    await click($('merge-strategies-reset'));
    await settle(() => expect(($('merge-strategy-name') as HTMLSelectElement).value).toBe('last-writer-wins'));
    expect(provider.settings.mergeStrategies['name']).toBe('last-writer-wins');

    vi.spyOn(provider, 'updateSettings').mockRejectedValueOnce(
      new BridgeError({ kind: 'UNAVAILABLE', message: 'gone', retryable: true, command: 'settings:update' }));
    await act(async () => choose($('merge-strategy-tags'), 'ask'));
    await settle(() => expect($('error-banner')?.textContent).toContain('Could not change the merge settings'));
    expect(($('merge-strategy-tags') as HTMLSelectElement).value).toBe('last-writer-wins');
    expect(provider.settings.mergeStrategies['tags']).toBe('last-writer-wins');
  });
});

describe('trash', () => {
  it('lists trashed cards, restores one, deletes one forever, empties with a confirm step, sets retention', async () => {
    const provider = new MemoryProvider();
    const keep = provider.seed({ cardType: 'note', name: 'Keep me' });
    const purge = provider.seed({ cardType: 'note', name: 'Purge me' });
    const rest = provider.seed({ cardType: 'note', name: 'Rest' });
    for (const c of [keep, purge, rest]) await provider.deleteCard(c.id);
    await mount(provider);
    await click($('show-trash'));
    await settle(() => expect($$('trash-item')).toHaveLength(3));
    expect(($('trash-retention') as HTMLSelectElement).value).toBe('30');

    await click(host!.querySelector<HTMLElement>(`[data-card-id="${keep.id}"] [data-testid="restore-card"]`));
    await settle(() => expect($$('trash-item')).toHaveLength(2));
    expect(provider.cards.get(keep.id)?.deletedAt).toBeNull();
    expect($('toast')?.textContent).toContain('Restored “Keep me”');

    await click(host!.querySelector<HTMLElement>(`[data-card-id="${purge.id}"] [data-testid="purge-card"]`));
    expect(provider.cards.has(purge.id)).toBe(true);
    await click($('confirm-purge'));
    await settle(() => expect($$('trash-item')).toHaveLength(1));
    expect(provider.cards.has(purge.id)).toBe(false);

    await act(async () => choose($('trash-retention'), 'never'));
    await settle(() => expect(provider.settings.trashRetentionDays).toBeNull());

    await click($('empty-trash'));
    expect(provider.cards.has(rest.id)).toBe(true);
    await click($('confirm-empty-trash'));
    await settle(() => expect($('trash-empty-state')).not.toBeNull());
    expect(provider.cards.has(rest.id)).toBe(false);

    await click($('show-cards'));
    await settle(() => expect($$('card-item').map((e) => e.textContent)).toEqual([expect.stringContaining('Keep me')]));
  });
});

describe('import and export', () => {
  it('chooses a path, starts, shows progress, finishes with counts and a readable error list', async () => {
    const provider = new MemoryProvider();
    provider.chosenPath = '/data/vault';
    await mount(provider);
    await click($('open-import'));
    expect(($('job-start') as HTMLButtonElement).disabled).toBe(true);
    await click($('job-choose'));
    await settle(() => expect($('job-path')?.textContent).toBe('/data/vault'));
    await click($('job-start'));
    await settle(() => expect(provider.jobs).toHaveLength(1));
    const { jobId } = provider.jobs[0]!;
    expect(provider.jobs[0]).toMatchObject({ kind: 'import', format: 'markdown', path: '/data/vault' });

    await act(async () => provider.emitJob({ jobId, phase: 'reading files', done: 40, total: 160 }));
    expect($('job-progress')?.getAttribute('aria-valuenow')).toBe('40');
    expect($('job-progress')?.getAttribute('aria-valuetext')).toBe('40 of 160');
    expect($('job-dialog')?.textContent).toContain('Reading files');
    expect($('job-dialog')?.textContent).toContain('25%');

    provider.seed({ cardType: 'note', name: 'Imported note' });
    await act(async () => provider.emitJob({
      jobId, phase: 'done', done: 160, total: 160, finished: true, imported: 150, updated: 8,
      errors: [{ file: 'broken/front-matter.md', message: 'front matter is not valid YAML (line 3)' },
        { file: 'latin1.md', message: 'not UTF-8 text' }],
    }));
    expect($('job-progress')).toBeNull();
    expect($('job-cancel')).toBeNull();
    expect($('job-outcome')?.textContent).toContain('150 new cards, 8 updated, 2 files skipped.');
    const errors = $('job-errors')!;
    expect(errors.textContent).toContain('broken/front-matter.md');
    expect(errors.textContent).toContain('front matter is not valid YAML (line 3)');
    expect(errors.querySelectorAll('li')).toHaveLength(2);
    await settle(() => expect($$('card-item').map((e) => e.textContent)).toEqual([expect.stringContaining('Imported note')]));
    await click($('job-close'));
    expect($('job-dialog')).toBeNull();
  });

  it('cancels a running export and keeps progress that arrived before the job id', async () => {
    const provider = new MemoryProvider();
    provider.chosenPath = '/backups/cards.json';
    const state = await mount(provider);
    await click($('open-export'));
    await act(async () => ($('job-format-json') as HTMLInputElement).click());
    await click($('job-choose'));
    // The first event can beat the start reply.
    const start = provider.startExport.bind(provider);
    vi.spyOn(provider, 'startExport').mockImplementationOnce(async (format, path) => {
      const id = await start(format, path);
      provider.emitJob({ jobId: id, kind: 'export', phase: 'writing', done: 5, total: 50 });
      return id;
    });
    await click($('job-start'));
    await settle(() => expect($('job-progress')?.getAttribute('aria-valuenow')).toBe('5'));
    expect(provider.jobs[0]).toMatchObject({ kind: 'export', format: 'json', path: '/backups/cards.json' });
    await click($('job-cancel'));
    expect(provider.cancelled).toEqual([provider.jobs[0]!.jobId]);
    await act(async () => provider.emitJob({ jobId: provider.jobs[0]!.jobId, kind: 'export', done: 7, total: 50, finished: true, cancelled: true }));
    expect($('job-outcome')?.textContent).toContain('Export cancelled.');
    expect(state.jobs.running.value).toBe(false);
  });

  it('shows the job failure in words', async () => {
    const provider = new MemoryProvider();
    await mount(provider);
    await click($('open-import'));
    await click($('job-choose'));
    await click($('job-start'));
    await settle(() => expect(provider.jobs).toHaveLength(1));
    await act(async () => provider.emitJob({ jobId: provider.jobs[0]!.jobId, finished: true, failed: 'the file is not an Isometry JSON export' }));
    expect($('job-outcome')?.textContent).toBe('The import failed: the file is not an Isometry JSON export0 new cards, 0 updated.');
  });
});

describe('first run', () => {
  it('offers to remove the sample cards in one click', async () => {
    const provider = new MemoryProvider();
    provider.seedSample({ cardType: 'note', name: 'Welcome to Isometry' });
    provider.seedSample({ cardType: 'person', name: 'Ada (sample)' });
    provider.seed({ cardType: 'note', name: 'Mine' });
    await mount(provider);
    await settle(() => expect($('sample-banner')?.textContent).toContain('These are sample cards'));
    await click($('remove-samples'));
    await settle(() => expect($('sample-banner')).toBeNull());
    await settle(() => expect($$('card-item').map((e) => e.textContent)).toEqual([expect.stringContaining('Mine')]));
  });

  it('shows no banner when there are no sample cards', async () => {
    await mount(new MemoryProvider());
    await settle(() => expect($('empty-state')).not.toBeNull());
    expect($('sample-banner')).toBeNull();
  });
});

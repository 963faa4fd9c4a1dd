import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../src/bridge/api';
import { BridgeClient } from '../src/bridge/client';
import { BridgeError } from '../src/bridge/errors';
import { MemoryStorage, StorageOutbox } from '../src/bridge/outbox';
import type { Card, CardChanges, ConflictDetails } from '../src/model';
import { App } from '../src/views/App';
import { AppState } from '../src/views/state';
import { FakeTransport, silentLogger } from './fake-transport';
import { MemoryProvider } from './memory-provider';

let host: HTMLElement | null = null;

afterEach(() => {
  if (host) {
    render(null, host);
    host.remove();
    host = null;
  }
  vi.restoreAllMocks();
});

const $ = (id: string): HTMLElement | null => host!.querySelector(`[data-testid="${id}"]`);
const $$ = (id: string): HTMLElement[] => Array.from(host!.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

async function settle(check: () => void): Promise<void> {
  await vi.waitFor(async () => {
    await act(async () => {});
    check();
  });
}

async function mount(provider: MemoryProvider): Promise<AppState> {
  host = document.createElement('div');
  document.body.appendChild(host);
  const state = new AppState(provider, { autosaveMs: 20 });
  await act(async () => {
    render(<App state={state} />, host!);
    await state.start();
  });
  return state;
}

/** The CONFLICT a merging store (Java) sends when content changed on both sides. */
function conflictFrom(stored: Card, baseVersion: number, base: string, mine: string): BridgeError {
  const details: ConflictDetails = {
    cardId: stored.id, baseVersion, currentVersion: stored.version, card: stored,
    fields: [{ field: 'content', baseKnown: true, base, mine, theirs: stored.content }],
  };
  return new BridgeError({ kind: 'CONFLICT', message: 'changed elsewhere', retryable: false, command: 'cards:update', details });
}

describe('conflict dialog', () => {
  it('shows both versions with a safe text diff, writes the merged text the person typed, and shows it in the history', async () => {
    // Given a card whose content another window changed after this one opened it
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'line one' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    const theirs = provider.changeElsewhere(card.id, { content: 'line one\n<img src=x onerror="window.pwned=1">' });
    const real = provider.updateCard.bind(provider);
    vi.spyOn(provider, 'updateCard').mockImplementation(async (id, baseVersion, changes: CardChanges) => {
      if (baseVersion !== theirs.version) throw conflictFrom(provider.cards.get(id)!, baseVersion, 'line one', changes.content ?? '');
      return real(id, baseVersion, changes);
    });

    // When this window edits the same content
    await act(async () => state.editor.updateDraft({ content: 'line one\nmy line' }));

    // Then the dialog shows both sides and the diff, with the other text as text
    await settle(() => expect($('conflict-dialog')).not.toBeNull());
    expect($('conflict-mine-content')?.textContent).toBe('line one\nmy line');
    expect($('conflict-theirs-content')?.textContent).toContain('<img src=x');
    const diff = $('conflict-diff')!;
    expect(diff.querySelector('img')).toBeNull();
    expect(diff.querySelector('ins')?.textContent).toContain('my line');
    expect(diff.querySelector('del')?.textContent).toContain('<img');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();

    // When the person writes the merged text and saves their choice
    const merged = 'line one\nmy line\ntheir image';
    await act(async () => {
      const area = $('conflict-edited-content') as HTMLTextAreaElement;
      area.value = merged;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => $('conflict-apply')!.click());

    // Then it is written on top of the version compared with, recorded, and the editor shows it
    await settle(() => expect($('conflict-dialog')).toBeNull());
    expect(provider.resolutions[0]?.resolution).toMatchObject({
      baseVersion: card.version, theirsVersion: theirs.version, choices: { content: 'edited' }, edited: { content: merged },
    });
    expect(provider.cards.get(card.id)?.content).toBe(merged);
    expect(state.editor.draft.value.content).toBe(merged);
    expect(state.editor.phase.value).toBe('saved');
    await act(async () => $('show-history')!.click());
    await settle(() => expect($$('history-resolution')).toHaveLength(1));
    expect($$('history-resolution')[0]?.dataset['chosen']).toBe('edited');
  });

  it('can be put aside and reopened; picking theirs keeps the stored value', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'base' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    const theirs = provider.changeElsewhere(card.id, { content: 'theirs' });
    vi.spyOn(provider, 'updateCard').mockRejectedValueOnce(conflictFrom(theirs, card.version, 'base', 'mine'));
    await act(async () => state.editor.updateDraft({ content: 'mine' }));
    await settle(() => expect($('conflict-dialog')).not.toBeNull());

    await act(async () => $('conflict-later')!.click());
    expect($('conflict-dialog')).toBeNull();
    expect($('conflict')).not.toBeNull();
    await act(async () => $('conflict-open')!.click());
    await act(async () => ($('conflict-pick-theirs-content') as HTMLInputElement).click());
    await act(async () => $('conflict-apply')!.click());

    await settle(() => expect(state.editor.conflict.value).toBeNull());
    expect(provider.cards.get(card.id)?.content).toBe('theirs');
    expect(state.editor.draft.value.content).toBe('theirs');
    expect(state.editor.dirty.value).toBe(false);
  });
});

describe('a choice made on a version that moved on again', () => {
  it('sends the edit again when the store no longer needs a person', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', content: 'base' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    const theirs = provider.changeElsewhere(card.id, { content: 'theirs' });
    const update = vi.spyOn(provider, 'updateCard').mockRejectedValueOnce(conflictFrom(theirs, card.version, 'base', 'mine'));
    await act(async () => state.editor.updateDraft({ content: 'mine' }));
    await settle(() => expect($('conflict-dialog')).not.toBeNull());
    // Meanwhile the other window put the content back: the store answers the choice with a bare CONFLICT
    provider.changeElsewhere(card.id, { content: 'base' });
    update.mockImplementationOnce(async (id, _base, changes) => provider.changeElsewhere(id, changes));

    await act(async () => $('conflict-apply')!.click());

    await settle(() => expect(state.editor.phase.value).toBe('saved'));
    expect(state.editor.conflict.value).toBeNull();
    expect(provider.cards.get(card.id)?.content).toBe('mine');
  });
});

describe('saves the store merged', () => {
  it('show the other side\u2019s fields instead of sending the old values back', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Shared', folder: 'A', content: '' });
    const state = await mount(provider);
    await act(async () => state.select(card.id));
    // The store merges like Java: their folder stays, my content is added, two versions on
    vi.spyOn(provider, 'updateCard').mockImplementationOnce(async (id, _base, changes) => {
      provider.changeElsewhere(id, { folder: 'B' });
      return provider.changeElsewhere(id, changes);
    });
    await act(async () => state.editor.updateDraft({ content: 'mine' }));
    await settle(() => expect(state.editor.phase.value).toBe('saved'));
    expect(state.editor.draft.value.folder).toBe('B');
    expect(state.editor.dirty.value).toBe(false);
  });
});

describe('a write replayed from the outbox', () => {
  it('is the same cards:update, with its base version and the time it was made, so Java merges it like any other', async () => {
    const storage = new MemoryStorage();
    const offline = new FakeTransport(false);
    const api = createApi(new BridgeClient(offline, { outbox: new StorageOutbox(storage, 10), logger: silentLogger }));
    const asked = Date.now();
    void api.updateCard({ id: 'c1', baseVersion: 4, changes: { folder: 'Travel' } }).catch(() => {});

    // The page reloads while the bridge is down; the next page replays the write once it is up
    const transport = new FakeTransport(false);
    new BridgeClient(transport, { outbox: new StorageOutbox(storage, 10), logger: silentLogger });
    transport.becomeReady();
    await vi.waitFor(() => expect(transport.sent).toHaveLength(1));

    const replayed = transport.last();
    expect(replayed.cmd).toBe('cards:update');
    expect(replayed.args).toMatchObject({ id: 'c1', baseVersion: 4, changes: { folder: 'Travel' } });
    const editedAt = Date.parse(replayed.args['editedAt'] as string);
    expect(editedAt).toBeGreaterThanOrEqual(asked - 1000);
    expect(editedAt).toBeLessThanOrEqual(asked + 1000);
  });
});

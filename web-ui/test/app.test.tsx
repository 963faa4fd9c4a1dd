import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
});

const $ = (id: string): HTMLElement | null => host!.querySelector(`[data-testid="${id}"]`);

function type(el: HTMLElement | null, value: string): void {
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function mount(provider: MemoryProvider) {
  host = document.createElement('div');
  document.body.appendChild(host);
  const state = new AppState(provider);
  const onFirstRender = vi.fn();
  await act(async () => {
    render(<App state={state} onFirstRender={onFirstRender} />, host!);
    await state.start();
  });
  return { state, onFirstRender };
}

async function settle(check: () => void): Promise<void> {
  await vi.waitFor(async () => {
    await act(async () => {});
    check();
  });
}

describe('App', () => {
  it('shows the empty state and reports the first render', async () => {
    const { onFirstRender } = await mount(new MemoryProvider());
    expect($('empty-state')?.textContent).toContain('No cards yet');
    expect($('card-list')).not.toBeNull();
    expect($('search')).not.toBeNull();
    expect(onFirstRender).toHaveBeenCalledOnce();
  });

  it('creates, edits and deletes a card through the page hooks', async () => {
    const provider = new MemoryProvider();
    await mount(provider);

    await act(async () => $('new-card')!.click());
    expect($('editor')).not.toBeNull();
    await act(async () => {
      type($('editor-name'), 'Meeting notes');
      type($('editor-tags'), 'work, weekly');
      type($('editor-content'), '# Agenda');
    });
    expect($('status')?.textContent).toBe('Unsaved changes');
    expect(host!.querySelectorAll('.chips .chip')).toHaveLength(2);

    await act(async () => $('save')!.click());
    await settle(() => expect($('status')?.textContent).toContain('Saved'));
    await settle(() => expect(host!.querySelectorAll('[data-testid="card-item"]')).toHaveLength(1));
    const row = host!.querySelector<HTMLElement>('[data-testid="card-item"]')!;
    const id = row.getAttribute('data-card-id')!;
    expect(provider.cards.get(id)).toMatchObject({ name: 'Meeting notes', tags: ['work', 'weekly'], content: '# Agenda' });

    // Ctrl+S saves only the changed field.
    await act(async () => type($('editor-summary'), 'Weekly sync'));
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true }));
    });
    await settle(() => expect(provider.updates).toEqual([{ id, baseVersion: 1, changes: { summary: 'Weekly sync' } }]));

    await act(async () => $('delete')!.click());
    expect($('confirm-delete')).not.toBeNull();
    await act(async () => $('confirm-delete')!.click());
    await settle(() => expect($('empty-state')).not.toBeNull());
    expect(provider.cards.get(id)?.deletedAt).not.toBeNull();
    expect($('editor')).toBeNull();
  });

  it('shows store errors in the banner as a message', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'note', name: 'Gone soon' });
    await mount(provider);
    provider.cards.delete(card.id);
    await act(async () => host!.querySelector<HTMLElement>('[data-testid="card-item"]')!.click());
    await settle(() => expect($('error-banner')?.textContent).toContain('no longer exists'));
  });

  it('opens http links externally instead of navigating', async () => {
    const provider = new MemoryProvider();
    const card = provider.seed({ cardType: 'resource', name: 'Site', url: 'https://example.org/page' });
    const { state } = await mount(provider);
    await act(async () => state.select(card.id));
    const link = host!.querySelector<HTMLAnchorElement>('a.editor-link')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    await act(async () => {
      link.dispatchEvent(click);
    });
    expect(click.defaultPrevented).toBe(true);
    expect(provider.opened).toEqual(['https://example.org/page']);
  });
});

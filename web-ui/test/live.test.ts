import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IsometryApi, LivePush, LiveQueryArgs, LiveSubscribed } from '../src/bridge/api';
import { BridgeError } from '../src/bridge/errors';
import { applyDiff, NativeLive } from '../src/data/native-live';
import type { CardPage, CardSummary } from '../src/model';
import { ListState } from '../src/views/list-state';
import { AppState } from '../src/views/state';
import { MemoryProvider } from './memory-provider';

afterEach(() => {
  vi.useRealTimers();
});

function row(id: string, version = 1): CardSummary {
  return { id, cardType: 'note', name: id, summary: null, folder: null, tags: [], modifiedAt: '2026-01-01T00:00:00.000Z', version };
}

/** A bridge API double: live:subscribe answers from `first`, pushes are sent by the test. */
class FakeLiveApi {
  readonly subscribed: LiveQueryArgs[] = [];
  readonly unsubscribed: string[] = [];
  private pushListener: ((p: LivePush) => void) | null = null;
  first: (args: LiveQueryArgs) => Promise<LiveSubscribed> = async (args) => ({ id: args.id, seq: 1, result: { items: [], total: 0 } });

  api(): IsometryApi {
    return {
      subscribeLive: async (args: LiveQueryArgs) => {
        this.subscribed.push(args);
        return this.first(args);
      },
      unsubscribeLive: async (id: string) => {
        this.unsubscribed.push(id);
        return { removed: true };
      },
      onLive: (l: (p: LivePush) => void) => {
        this.pushListener = l;
        return () => { this.pushListener = null; };
      },
      onChanges: () => () => {},
    } as unknown as IsometryApi;
  }

  push(p: LivePush): void {
    this.pushListener?.(p);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('live views over the bridge', () => {
  it('shows the first result, then applies card-list diffs in order', async () => {
    const fake = new FakeLiveApi();
    fake.first = async (args) => ({ id: args.id, seq: 3, result: { items: [row('a'), row('b')], total: 2 } });
    const live = new NativeLive(fake.api(), async () => {});
    const pages: CardPage[] = [];
    live.watchCards({ cardType: 'task' }, (p) => pages.push(p));
    await flush();
    const id = fake.subscribed[0]!.id;
    expect(fake.subscribed[0]).toMatchObject({ query: 'cards', cardType: 'task' });

    fake.push({ id, seq: 4, result: null, diff: { total: 3, upserts: [row('c'), row('a', 2)], removed: ['b'], order: ['c', 'a'] } });
    fake.push({ id, seq: 2, result: null, diff: { total: 9, upserts: [row('z')], removed: [], order: ['z'] } }); // older: ignored

    expect(pages.map((p) => p.items.map((c) => `${c.id}${c.version}`))).toEqual([['a1', 'b1'], ['c1', 'a2']]);
    expect(pages[1]!.total).toBe(3);
  });

  it('drops a push that overtakes the first result, since the first result will be newer', async () => {
    const fake = new FakeLiveApi();
    let answer: (v: LiveSubscribed) => void = () => {};
    fake.first = () => new Promise((resolve) => { answer = resolve; });
    const live = new NativeLive(fake.api(), async () => {});
    const pages: CardPage[] = [];
    live.watchCards({}, (p) => pages.push(p));
    await flush();
    const id = fake.subscribed[0]!.id;
    fake.push({ id, seq: 5, result: null, diff: { total: 1, upserts: [row('x')], removed: [], order: ['x'] } });
    answer({ id, seq: 5, result: { items: [row('x')], total: 1 } });
    await flush();
    expect(pages).toEqual([{ items: [row('x')], total: 1 }]);
  });

  it('asks again until the subscription is made, and stops when the view closes', async () => {
    vi.useFakeTimers();
    const fake = new FakeLiveApi();
    let failures = 2;
    fake.first = async (args) => {
      if (failures-- > 0) throw new BridgeError({ kind: 'UNAVAILABLE', message: 'not yet', retryable: true, command: 'live:subscribe' });
      return { id: args.id, seq: 1, result: { id: 'card' } };
    };
    const live = new NativeLive(fake.api(), async () => {}, { retryMs: 100 });
    const seen: unknown[] = [];
    const stop = live.watchCard('card', (c) => seen.push(c));
    await vi.advanceTimersByTimeAsync(250);
    expect(fake.subscribed).toHaveLength(3);
    expect(seen).toEqual([{ id: 'card' }]);

    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.unsubscribed).toEqual([fake.subscribed[0]!.id]);
    expect(live.size).toBe(0);
    fake.push({ id: fake.subscribed[0]!.id, seq: 2, result: { id: 'card', later: true }, diff: null });
    expect(seen).toHaveLength(1);
  });

  it('gives up on a refused subscription instead of asking forever', async () => {
    const fake = new FakeLiveApi();
    fake.first = async () => { throw new BridgeError({ kind: 'TOO_LARGE', message: 'too many live views', retryable: false, command: 'live:subscribe' }); };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const live = new NativeLive(fake.api(), async () => {}, { retryMs: 1 });
    live.watchConnections('c', () => {});
    await flush();
    await flush();
    expect(fake.subscribed).toHaveLength(1);
    warn.mockRestore();
  });

  it('applies a diff without an order change keeping the rows in place', () => {
    const page = { items: [row('a'), row('b')], total: 2 };
    expect(applyDiff(page, { total: 2, upserts: [row('b', 3)], removed: [], order: null }).items.map((c) => c.version)).toEqual([1, 3]);
  });
});

describe('views follow changes made elsewhere', () => {
  async function started() {
    const provider = new MemoryProvider();
    const state = new AppState(provider, { searchDebounceMs: 1 });
    await state.start();
    return { state, provider };
  }

  it('the card list shows a card changed in another window without a reload', async () => {
    const { state, provider } = await started();
    const card = provider.seed({ cardType: 'note', name: 'Before' });
    await vi.waitFor(() => expect(state.list.items.value.map((c) => c.name)).toContain('Before'));
    provider.changeElsewhere(card.id, { name: 'After' });
    await vi.waitFor(() => expect(state.list.items.value.map((c) => c.name)).toEqual(['After']));
  });

  it('an open card with no unsaved edits shows the other window’s change', async () => {
    const { state, provider } = await started();
    const card = provider.seed({ cardType: 'note', name: 'N', content: 'old' });
    await state.select(card.id);
    provider.changeElsewhere(card.id, { content: 'new' });
    await vi.waitFor(() => expect(state.editor.draft.value.content).toBe('new'));
    expect(state.editor.card.value?.version).toBe(2);
  });

  it('an unsaved edit keeps its field and takes the other window’s other fields', async () => {
    const { state, provider } = await started();
    const card = provider.seed({ cardType: 'note', name: 'N', content: 'old', folder: 'A' });
    await state.select(card.id);
    state.editor.updateDraft({ content: 'mine' });
    provider.changeElsewhere(card.id, { folder: 'B' });
    await vi.waitFor(() => expect(state.editor.card.value?.version).toBe(2));
    expect(state.editor.draft.value).toMatchObject({ content: 'mine', folder: 'B' });
  });

  it('an unsaved edit of the same field keeps its base, so saving meets the conflict', async () => {
    const { state, provider } = await started();
    const card = provider.seed({ cardType: 'note', name: 'N', content: 'old' });
    await state.select(card.id);
    state.editor.updateDraft({ content: 'mine' });
    provider.changeElsewhere(card.id, { content: 'theirs' });
    await flush();
    await flush();
    expect(state.editor.card.value?.version).toBe(1);
    expect(state.editor.draft.value.content).toBe('mine');
    await state.editor.save();
    expect(state.editor.phase.value).toBe('conflict');
  });

  it('the open card’s connections follow a link made elsewhere', async () => {
    const { state, provider } = await started();
    const target = provider.seed({ cardType: 'person', name: 'Ada' });
    const source = provider.seed({ cardType: 'note', name: 'Notes', content: '' });
    await state.select(target.id);
    expect(state.connections.incoming.value).toHaveLength(0);
    await provider.updateCard(source.id, 1, { content: 'met [[Ada]]' });
    await vi.waitFor(() => expect(state.connections.incoming.value.map((c) => c.other.name)).toEqual(['Notes']));
  });
});

describe('a live list in a burst of writes', () => {
  it('repaints at most once per interval and always ends on the newest result', async () => {
    const provider = new MemoryProvider();
    const state = new AppState(provider, { searchDebounceMs: 1 });
    await state.start();
    const shown: number[] = [];
    const stop = state.list.items.subscribe((items) => shown.push(items.length));
    for (let i = 0; i < 30; i++) {
      provider.seed({ cardType: 'note', name: `Burst ${i}` });
      await flush();
    }
    await vi.waitFor(() => expect(state.list.items.value).toHaveLength(30));
    expect(shown.length).toBeLessThan(15); // far fewer repaints than the 30 changes
    stop();
  });
});

describe('a long live list', () => {
  it('keeps its first rows live, and twice as many each time it is scrolled to their end, up to its limit', async () => {
    const provider = new MemoryProvider();
    for (let i = 0; i < 200; i++) provider.seed({ cardType: i % 2 === 0 ? 'note' : 'task', name: `Card ${i}` });
    const watched = vi.spyOn(provider.live, 'watchCards');
    const list = new ListState(provider, () => {}, { liveRows: 50, listLimit: 120, liveRepaintMs: 1 });
    list.follow();
    await list.refresh();
    const limits = () => watched.mock.calls.map(([options]) => options.limit);

    // At first only the first rows are read and kept live
    expect(list.items.value).toHaveLength(50);
    expect(list.total.value).toBe(200);
    expect(limits()).toEqual([50]);

    // Scrolled to their end: twice as many
    list.showMore();
    await vi.waitFor(() => expect(list.items.value).toHaveLength(100));
    expect(limits()).toEqual([50, 100]);

    // Asked again while the larger list is on its way: asked once, and never past the limit
    list.showMore();
    list.showMore();
    await vi.waitFor(() => expect(list.items.value).toHaveLength(120));
    list.showMore();
    expect(limits()).toEqual([50, 100, 120]);

    // Another filter starts from the first rows again
    list.setFilter({ cardType: 'task' });
    await vi.waitFor(() => expect(list.total.value).toBe(100));
    expect(list.items.value).toHaveLength(50);
    expect(limits()).toEqual([50, 100, 120, 50]);
    list.dispose();
  });
});

// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { SqlJsProvider } from '../src/data/sqljs-provider';
import type { CardPage } from '../src/model';
import { emptyRollbackDb, steppingClock } from './sqljs-fixture';

const last = (pages: CardPage[]): string[] => (pages[pages.length - 1]?.items ?? []).map((c) => c.name);

async function provider(): Promise<SqlJsProvider> {
  return new SqlJsProvider(await emptyRollbackDb(), { now: steppingClock() });
}

describe('SqlJsProvider: live views and conflicts settled by a person', () => {
  it('keeps a live card list current after its own writes', async () => {
    const p = await provider();
    const pages: CardPage[] = [];
    const stop = p.live.watchCards({ cardType: 'task' }, (page) => pages.push(page));
    await vi.waitFor(() => expect(pages).toHaveLength(1));
    const t = await p.createCard({ cardType: 'task', name: 'Do it' });
    await p.createCard({ cardType: 'note', name: 'Not a task' });
    await vi.waitFor(() => expect(last(pages)).toEqual(['Do it']));
    await p.updateCard(t.id, 1, { name: 'Done it' });
    await vi.waitFor(() => expect(last(pages)).toEqual(['Done it']));
    stop();
    await p.updateCard(t.id, 2, { name: 'Ignored' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(last(pages)).toEqual(['Done it']);
  });

  it('merges a stale update field by field as the native store does, and asks about content', async () => {
    const p = await provider();
    const c = await p.createCard({ cardType: 'note', name: 'N', content: 'base', folder: 'A', summary: 's' });
    await p.updateCard(c.id, 1, { folder: 'Theirs', summary: 'theirs' });

    // a field only this side changed merges; a scalar both changed goes to the later writer (this one)
    const merged = await p.updateCard(c.id, 1, { name: 'Mine', summary: 'mine' });
    expect(merged).toMatchObject({ version: 3, name: 'Mine', folder: 'Theirs', summary: 'mine' });
    expect((await p.cardHistory(c.id))[0]!.resolutions).toEqual([expect.objectContaining({
      field: 'summary', strategy: 'last-writer-wins', chosen: 'mine', base: 's', theirs: 'theirs',
    })]);

    // content changed on both sides needs a person: CONFLICT with the details, nothing written
    await p.updateCard(c.id, 3, { content: 'theirs' });
    const e = await p.updateCard(c.id, 3, { content: 'mine' }).then(() => null, (err: unknown) => err);
    expect(e).toMatchObject({ kind: 'CONFLICT', details: { cardId: c.id, baseVersion: 3, currentVersion: 4,
      fields: [{ field: 'content', baseKnown: true, base: 'base', mine: 'mine', theirs: 'theirs' }] } });
    expect((await p.getCard(c.id)).version).toBe(4);
  });

  it('settles a conflict with the person’s picks, refuses a stale choice, and records it in the history', async () => {
    const p = await provider();
    const c = await p.createCard({ cardType: 'note', name: 'N', content: 'base', folder: 'A' });
    await p.updateCard(c.id, 1, { content: 'theirs' });
    const resolution = { baseVersion: 1, theirsVersion: 2, changes: { content: 'mine', folder: 'B' }, choices: { content: 'edited' as const }, edited: { content: 'both' } };

    const saved = await p.resolveConflict(c.id, resolution);
    expect(saved).toMatchObject({ version: 3, content: 'both', folder: 'B' });
    await expect(p.resolveConflict(c.id, resolution)).rejects.toMatchObject({ kind: 'CONFLICT' });

    const history = await p.cardHistory(c.id);
    expect(history.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(history[0]!.resolutions).toEqual([expect.objectContaining({
      field: 'content', strategy: 'person', chosen: 'edited', baseKnown: true, base: 'base', mine: 'mine', theirs: 'theirs', result: 'both',
    })]);
  });
});

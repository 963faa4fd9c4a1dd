// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { SqlJsProvider } from '../src/data/sqljs-provider';
import { toFts4, bm25 } from '../src/data/sqljs/search';
import { linkNames, renameLinks } from '../src/data/sqljs/links';
import { parseMarkdownFile } from '../src/data/sqljs/markdown-file';
import type { JobProgress } from '../src/model';
import { emptyRollbackDb, steppingClock } from './sqljs-fixture';

async function provider(): Promise<SqlJsProvider> {
  return new SqlJsProvider(await emptyRollbackDb(), { now: steppingClock() });
}

const kind = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: { kind?: string }) => e.kind ?? 'none');

describe('SqlJsProvider', () => {
  let p: SqlJsProvider;
  beforeEach(async () => {
    p = await provider();
  });

  it('creates cards typed and checked like the native store', async () => {
    const c = await p.createCard({ cardType: 'note', name: '  Hello  ', tags: ['a', ' a', 'b'], summary: '  ' });
    expect(c).toMatchObject({ name: 'Hello', tags: ['a', 'b'], summary: null, version: 1, deletedAt: null, content: '' });
    expect(c.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await p.getCard(c.id)).toEqual(c);
    expect(await kind(p.createCard({ cardType: 'note', name: ' ' }))).toBe('INVALID');
    expect(await kind(p.createCard({ cardType: 'note', name: 'x', dueAt: 'tomorrow' }))).toBe('INVALID');
    expect(await kind(p.createCard({ cardType: 'note', name: 'x', source: 'a' }))).toBe('INVALID');
    expect(await kind(p.createCard({ cardType: 'note', name: 'x', bogus: 'y' } as never))).toBe('INVALID');
    expect(await kind(p.getCard('nope'))).toBe('NOT_FOUND');
  });

  it('bumps versions, refuses stale ones with CONFLICT and keeps history rows as Java does', async () => {
    const c = await p.createCard({ cardType: 'task', name: 'T' });
    const v2 = await p.updateCard(c.id, 1, { content: 'x', dueAt: '2026-01-01T00:00:00Z' });
    expect(v2).toMatchObject({ version: 2, content: 'x', dueAt: '2026-01-01T00:00:00.000Z' });
    expect(v2.modifiedAt > c.modifiedAt).toBe(true);
    expect(await kind(p.updateCard(c.id, 1, { content: 'y' }))).toBe('CONFLICT');
    expect(await kind(p.updateCard(c.id, 5, { content: 'y' }))).toBe('INVALID');
    expect(await kind(p.updateCard(c.id, 2, {}))).toBe('INVALID');
    const rows = p.db.exec('SELECT version, origin FROM card_history WHERE card_id = ? ORDER BY version', [c.id]);
    expect(rows[0]!.values).toEqual([[1, 'rollback'], [2, 'rollback']]);
  });

  it('keeps [[links]] in step and rewrites them on rename', async () => {
    const a = await p.createCard({ cardType: 'note', name: 'Alpha' });
    const b = await p.createCard({ cardType: 'note', name: 'Beta', content: 'see [[alpha|it]] and [[Later]]' });
    expect((await p.listConnections(b.id)).outgoing.map((c) => c.other.name)).toEqual(['Alpha']);
    const later = await p.createCard({ cardType: 'note', name: 'later' });
    expect((await p.listConnections(later.id)).incoming.map((c) => c.other.name)).toEqual(['Beta']);
    await p.updateCard(a.id, 1, { name: 'Omega' });
    const b2 = await p.getCard(b.id);
    expect(b2.content).toBe('see [[Omega|it]] and [[Later]]');
    expect(b2.version).toBe(2);
    const link = (await p.listConnections(b.id)).outgoing[0]!;
    expect(await kind(p.deleteConnection(link.id))).toBe('INVALID');
  });

  it('searches FTS4 with prefixes, phrases, snippets, filters and a hint for bad syntax', async () => {
    await p.createCard({ cardType: 'note', name: 'Quartz', content: 'minerals' });
    await p.createCard({ cardType: 'person', name: 'Miner', content: 'found quartz and more quartz', folder: 'f' });
    const r = await p.searchCards('quar');
    expect(r.items.map((i) => i.name)).toEqual(['Quartz', 'Miner']);
    expect(r.items[1]!.snippet).toContain('\u0002quartz\u0003');
    expect((await p.searchCards('"and more"')).items.map((i) => i.name)).toEqual(['Miner']);
    expect((await p.searchCards('"more and"')).total).toBe(0);
    expect((await p.searchCards('quartz', { folder: 'f' })).items.map((i) => i.name)).toEqual(['Miner']);
    expect((await p.searchCards('quartz', { cardType: 'note' })).items.map((i) => i.name)).toEqual(['Quartz']);
    const bad = await p.searchCards('quartz (');
    expect(bad.hint).toMatch(/not understood/);
    expect(bad.total).toBe(2);
    expect((await p.searchCards('minerals OR found')).total).toBe(2);
    expect((await p.searchCards('')).total).toBe(0);
  });

  it('trashes, restores, purges and empties the trash, index included', async () => {
    const a = await p.createCard({ cardType: 'note', name: 'A', content: 'zebra' });
    const b = await p.createCard({ cardType: 'note', name: 'B' });
    await p.deleteCard(a.id);
    await p.deleteCard(b.id);
    expect((await p.listCards()).total).toBe(0);
    expect((await p.searchCards('zebra')).total).toBe(0);
    expect((await p.listTrash()).items.map((i) => i.name)).toEqual(['B', 'A']);
    expect(await kind(p.purgeCard('nope'))).toBe('NOT_FOUND');
    const back = await p.restoreCard(a.id);
    expect(back).toMatchObject({ deletedAt: null, version: 3 });
    expect((await p.searchCards('zebra')).total).toBe(1);
    expect(await kind(p.purgeCard(a.id))).toBe('INVALID');
    expect(await p.emptyTrash()).toBe(1);
    expect(await kind(p.getCard(b.id))).toBe('NOT_FOUND');
  });

  it('lists newest first with paging, filters and facets', async () => {
    await p.createCard({ cardType: 'note', name: 'one', folder: 'x', tags: ['t'] });
    await p.createCard({ cardType: 'task', name: 'two', folder: 'x' });
    await p.createCard({ cardType: 'note', name: 'three', tags: ['t', 'u'] });
    expect((await p.listCards()).items.map((c) => c.name)).toEqual(['three', 'two', 'one']);
    expect((await p.listCards({ limit: 1, offset: 1 })).items.map((c) => c.name)).toEqual(['two']);
    expect((await p.listCards({ tag: 't' })).items.map((c) => c.name)).toEqual(['three', 'one']);
    expect((await p.listCards({ folder: 'x', cardType: 'task' })).total).toBe(1);
    expect(await p.facets()).toEqual({
      folders: [{ name: 'x', count: 2 }],
      tags: [{ name: 't', count: 2 }, { name: 'u', count: 1 }],
      types: [{ name: 'note', count: 2 }, { name: 'task', count: 1 }],
    });
    expect(await kind(p.listCards({ limit: 1001 }))).toBe('INVALID');
  });

  it('keeps settings and notifies writers, but not readers', async () => {
    let writes = 0;
    p.onWrite(() => writes++);
    const defaults = await p.getSettings();
    expect(defaults).toMatchObject({ trashRetentionDays: 30, sampleCards: 0 });
    expect(defaults.mergeStrategies).toMatchObject({ content: 'ask', name: 'last-writer-wins', tags: 'last-writer-wins' });
    expect(await p.updateSettings({ trashRetentionDays: null })).toMatchObject({ trashRetentionDays: null });
    expect(await kind(p.updateSettings({ trashRetentionDays: 0 }))).toBe('INVALID');
    const set = await p.updateSettings({ mergeStrategies: { content: 'last-writer-wins', '*': 'ask' } });
    expect(set.mergeStrategies).toMatchObject({ content: 'last-writer-wins', name: 'ask', folder: 'ask' });
    // Refused as a whole, like Java: a bad strategy or an unknown field, even beside a good retention
    expect(await kind(p.updateSettings({ trashRetentionDays: 7, mergeStrategies: { name: 'coin' as never } }))).toBe('INVALID');
    expect(await kind(p.updateSettings({ mergeStrategies: { colour: 'ask' } }))).toBe('INVALID');
    expect(await p.getSettings()).toEqual(set);
    expect((await p.updateSettings({ mergeStrategies: {} })).mergeStrategies).toEqual(defaults.mergeStrategies);
    await p.listCards();
    expect(writes).toBe(3);
  });

  it('still works after exporting (sql.js reopens the database)', async () => {
    const a = await p.createCard({ cardType: 'note', name: 'A', content: 'alpha' });
    const bytes = p.exportBytes();
    expect(bytes.byteLength).toBeGreaterThan(1000);
    expect((await p.searchCards('alpha')).items[0]!.id).toBe(a.id);
    await p.deleteCard(a.id);
    expect(await p.emptyTrash()).toBe(1);
  });

  it('imports Markdown files chosen in the page', async () => {
    await p.createCard({ cardType: 'note', name: 'Target' });
    const events: JobProgress[] = [];
    p.onJob((e) => events.push(e));
    const path = p.stageImport([
      { path: 'vault/sub/First.md', text: '---\ntitle: First card\ntags: [a, b]\ndue: 2026-02-01\n---\nLinks to [[Target]].\n' },
      { path: 'vault/.obsidian/x.md', text: 'hidden' },
    ]);
    await p.startImport('markdown', path);
    await vi_wait(() => events.some((e) => e.finished));
    expect(events[events.length - 1]).toMatchObject({ phase: 'done', imported: 1, errors: [] });
    const card = (await p.listCards({ folder: 'sub' })).items[0]!;
    expect(card).toMatchObject({ name: 'First card', tags: ['a', 'b'] });
    expect((await p.listConnections(card.id)).outgoing.map((c) => c.other.name)).toEqual(['Target']);
    expect(await kind(p.startImport('markdown', path))).toBe('INVALID');
  });
});

async function vi_wait(done: () => boolean, deadlineMs = 2000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('search and link helpers', () => {
  it('turns typed text into FTS4 expressions', () => {
    expect(toFts4('hello wor')).toBe('"hello" "wor*"');
    expect(toFts4('"quick brown" fox ')).toBe('"quick brown" "fox"');
    expect(toFts4('a-b')).toBe('"a" "b*"');
    expect(toFts4('  !! ')).toBeNull();
  });

  it('ranks with bm25 from matchinfo: more hits in the name rank first', () => {
    const info = (hitsName: number, hitsContent: number) => {
      // p=1 c=2 n=10, a=[2, 50], l=[2, 50], x=[hits, all, docs] per column
      const v = new Uint32Array([1, 2, 10, 2, 50, 2, 50, hitsName, 3, 3, hitsContent, 5, 5]);
      return new Uint8Array(v.buffer);
    };
    expect(bm25(info(1, 0), 10, 1)).toBeLessThan(bm25(info(0, 1), 10, 1));
    expect(bm25(info(0, 2), 10, 1)).toBeLessThan(bm25(info(0, 1), 10, 1));
  });

  it('finds and renames links as LinkParser does', () => {
    expect(linkNames('[[A]] [[a|x]] [[B#h]] [[ ]]')).toEqual(['A', 'B']);
    expect(renameLinks('[[old|x]] [[Old#h]] [[other]]', 'OLD', 'New')).toBe('[[New|x]] [[New#h]] [[other]]');
  });

  it('reads Markdown front matter leniently', () => {
    const r = parseMarkdownFile('a/b/Note.md', '---\nid: 42\ntype: task\nkeywords: "#x #y"\nstart: 2026-01-01 10:30\n---\nBody\n\n');
    expect(r.sourceId).toBe('42');
    expect(r.values).toMatchObject({ cardType: 'task', name: 'Note', tags: ['x', 'y'], eventStart: '2026-01-01T10:30:00Z',
      content: 'Body\n', folder: 'a/b' });
  });
});

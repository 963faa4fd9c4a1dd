import type { Provider } from '../data/provider';
import type { CardSummary, JobProgress } from '../model';
import { highlighted, kindOf, Normalizer } from './normalize';

/**
 * The conformance scenarios: one set of steps written against the Provider interface, run against
 * the native store (through the bridge) and against sql.js, whose normalized results must be equal.
 * Every scenario keeps to cards in its own folder (and unusual words), so it can run on a store that
 * already holds other cards.
 */

export interface ScenarioContext {
  provider: Provider;
  /** Distinguishes this run's cards from others in the same store. */
  run: string;
  /** Hands the archive text to the store and resolves with the path startImport takes. */
  stageArchive: (text: string) => Promise<string>;
  /** Deadline for waiting on a job. */
  timeoutMs?: number;
}

export type Scenario = (ctx: ScenarioContext, n: Normalizer) => Promise<unknown>;

const names = (items: CardSummary[]): string[] => items.map((c) => c.name);
const sortedNames = (items: CardSummary[]): string[] => names(items).sort();
const newestFirst = (items: CardSummary[]): boolean => items.every((c, i) => i === 0 || items[i - 1]!.modifiedAt >= c.modifiedAt);

export const SCENARIOS: Record<string, Scenario> = {
  async create({ provider: p, run }, n) {
    const folder = `cf-create-${run}`;
    const card = await p.createCard({ cardType: 'event', name: '  Launch party  ', content: 'Cake.', folder,
      tags: ['fun', ' fun ', 'team'], eventStart: '2026-03-01T18:00:00Z', eventEnd: '2026-03-01T22:00:00.000Z',
      latitude: 51.5, summary: '' });
    const got = await p.getCard(card.id);
    return n.value({
      card, same: JSON.stringify(card) === JSON.stringify(got),
      emptyName: await kindOf(p.createCard({ cardType: 'note', name: '   ' })),
      badType: await kindOf(p.createCard({ cardType: 'nope' as 'note', name: 'x' })),
      badLatitude: await kindOf(p.createCard({ cardType: 'note', name: 'x', latitude: 100, folder })),
      endsBeforeStart: await kindOf(p.createCard({ cardType: 'event', name: 'x', folder,
        eventStart: '2026-01-02T00:00:00.000Z', eventEnd: '2026-01-01T00:00:00.000Z' })),
      missing: await kindOf(p.getCard('00000000-0000-4000-8000-000000000000')),
      listed: (await p.listCards({ folder })).total,
    });
  },

  async edit({ provider: p, run }, n) {
    const folder = `cf-edit-${run}`;
    const card = await p.createCard({ cardType: 'task', name: 'Write report', folder });
    const v2 = await p.updateCard(card.id, 1, { content: 'Draft', priority: 2, status: 'doing' });
    const v3 = await p.updateCard(card.id, 2, { name: 'Write the report', dueAt: '2026-05-01T09:00:00.000Z' });
    return n.value({
      v2: { version: v2.version, content: v2.content, priority: v2.priority, status: v2.status, created: v2.createdAt === card.createdAt },
      v3: { version: v3.version, name: v3.name, dueAt: v3.dueAt, content: v3.content, modifiedOrder: v3.modifiedAt >= v2.modifiedAt },
      // made on version 2, after version 3 changed other fields: merges (decision 30)
      stale: await kindOf(p.updateCard(card.id, 2, { content: 'late' })),
      staleContent: (await p.getCard(card.id)).content,
      // the same field changed differently on both sides: a person must choose
      contentTwice: await kindOf(p.updateCard(card.id, 2, { content: 'other' })),
      future: await kindOf(p.updateCard(card.id, 9, { content: 'x' })),
      empty: await kindOf(p.updateCard(card.id, 3, { name: '' })),
      clearSummary: (await p.updateCard(card.id, 3, { summary: 'a', folder })).summary,
      finalVersion: (await p.getCard(card.id)).version,
    });
  },

  async link({ provider: p, run }, n) {
    const folder = `cf-link-${run}`;
    const alpha = await p.createCard({ cardType: 'note', name: `Alpha ${run}`, folder });
    const beta = await p.createCard({ cardType: 'note', name: `Beta ${run}`, folder,
      content: `See [[alpha ${run}]] and [[Gamma ${run}|the third]].` });
    const before = await p.listConnections(beta.id);
    const gamma = await p.createCard({ cardType: 'note', name: `Gamma ${run}`, folder });
    const afterGamma = await p.listConnections(beta.id);
    await p.updateCard(alpha.id, alpha.version, { name: `Alpha Prime ${run}` });
    const betaAfterRename = await p.getCard(beta.id);
    const back = await p.listConnections(alpha.id);
    await p.updateCard(beta.id, betaAfterRename.version, { content: `Only [[Gamma ${run}#Intro]] now.` });
    const afterEdit = await p.listConnections(beta.id);
    const linkId = afterEdit.outgoing[0]?.id ?? '';
    return n.value({
      before: before.outgoing.map((c) => c.other.name),
      afterGamma: afterGamma.outgoing.map((c) => ({ name: c.other.name, origin: c.origin, weight: c.weight })),
      renamed: { content: betaAfterRename.content, version: betaAfterRename.version },
      backlinks: back.incoming.map((c) => c.other.name),
      afterEdit: afterEdit.outgoing.map((c) => c.other.name),
      deleteLink: await kindOf(p.deleteConnection(linkId)),
      byName: (await p.findCardByName(`ALPHA PRIME ${run}`))?.id === alpha.id,
      noName: await p.findCardByName(`nobody ${run}`),
      gamma: gamma.name,
    });
  },

  async search({ provider: p, run }, n) {
    const folder = `cf-search-${run}`;
    const make = (name: string, content: string, tags: string[] = []) =>
      p.createCard({ cardType: 'note', name, content, folder, tags });
    await make('Zephyrine quartz', 'Notes about minerals.');
    await make('Minerals', 'A zephyrine quartz sample from the hills; zephyrine everywhere.');
    await make('Garden', 'The quick brown fox naps in the zephyrine garden.', ['zephyrine-tag']);
    await make('Kitchen', 'A brown quick fox? No: the fox was quick and brown.');
    const s = async (q: string, extra: object = {}) => {
      const r = await p.searchCards(q, { folder, ...extra });
      // bm25 over FTS4's matchinfo is close to FTS5's, not equal: compare the best match and the set.
      return { top: r.items[0]?.name ?? null, names: sortedNames(r.items), total: r.total, hint: r.hint !== null,
        windowed: r.windowed, highlighted: r.items.map((i) => (i.snippet === null ? null : highlighted(i.snippet))) };
    };
    return n.value({
      word: await s('zephyrine'),
      prefix: await s('zephyr'),
      phrase: await s('"quick brown"'),
      twoWords: await s('brown fox'),
      nothing: await s('   '),
      badSyntax: await s('zephyrine ('),
      orQuery: await s('kitchen OR garden'),
      tagged: await s('zephyrine', { tag: 'zephyrine-tag' }),
      limited: (await p.searchCards('zephyrine', { folder, limit: 1 })).items.length,
      tooLong: await kindOf(p.searchCards('x'.repeat(1001))),
    });
  },

  async filter({ provider: p, run }, n) {
    const folder = `cf-filter-${run}`;
    const other = `cf-filter-other-${run}`;
    await p.createCard({ cardType: 'person', name: 'Ada', folder, tags: [`t1-${run}`, `t2-${run}`] });
    await p.createCard({ cardType: 'task', name: 'Build engine', folder, tags: [`t1-${run}`] });
    await p.createCard({ cardType: 'note', name: 'Loose note', folder: other, tags: [`t2-${run}`] });
    const page1 = await p.listCards({ folder, limit: 1 });
    const page2 = await p.listCards({ folder, limit: 1, offset: 1 });
    const facets = await p.facets();
    return n.value({
      folder: sortedNames((await p.listCards({ folder })).items),
      byType: sortedNames((await p.listCards({ folder, cardType: 'person' })).items),
      byTag: sortedNames((await p.listCards({ tag: `t1-${run}` })).items),
      byTagAndFolder: sortedNames((await p.listCards({ tag: `t2-${run}`, folder: other })).items),
      paging: { total: page1.total, first: page1.items.length, second: page2.items.length,
        distinct: page1.items[0]?.id !== page2.items[0]?.id },
      newestFirst: newestFirst((await p.listCards({ folder })).items),
      facetFolders: facets.folders.filter((f) => f.name.endsWith(run)),
      facetTags: facets.tags.filter((f) => f.name.endsWith(run)),
      badLimit: await kindOf(p.listCards({ limit: 0 })),
    });
  },

  async trash({ provider: p, run }, n) {
    const folder = `cf-trash-${run}`;
    const a = await p.createCard({ cardType: 'note', name: `Keep ${run}`, folder, content: 'trashworthy' });
    const b = await p.createCard({ cardType: 'note', name: `Drop ${run}`, folder, content: 'trashworthy' });
    const c = await p.createCard({ cardType: 'note', name: `Gone ${run}`, folder });
    await p.deleteCard(a.id);
    await p.deleteCard(b.id);
    await p.deleteCard(c.id);
    const trashed = await p.getCard(a.id);
    const mine = (items: CardSummary[]) => items.filter((i) => i.name.endsWith(run));
    const inTrash = mine((await p.listTrash({ limit: 1000 })).items);
    const search = await p.searchCards('trashworthy', { folder });
    const restored = await p.restoreCard(a.id);
    const purgeLive = await kindOf(p.purgeCard(a.id));
    await p.purgeCard(c.id);
    const purgedGet = await kindOf(p.getCard(c.id));
    const emptied = await p.emptyTrash();
    return n.value({
      trashed: { version: trashed.version, deleted: trashed.deletedAt !== null },
      inTrash: sortedNames(inTrash), searchWhileTrashed: search.total,
      restored: { version: restored.version, deletedAt: restored.deletedAt },
      listed: sortedNames((await p.listCards({ folder })).items),
      purgeLive, purgedGet, emptiedAtLeast: emptied >= 1,
      trashAfter: mine((await p.listTrash({ limit: 1000 })).items).length,
      restoreLive: await kindOf(p.restoreCard(a.id).then((r) => r.version)),
      searchAfterRestore: (await p.searchCards('trashworthy', { folder })).total,
    });
  },

  async connections({ provider: p, run }, n) {
    const folder = `cf-conn-${run}`;
    const a = await p.createCard({ cardType: 'person', name: 'Ada', folder });
    const b = await p.createCard({ cardType: 'person', name: 'Charles', folder });
    const c = await p.createConnection({ sourceId: a.id, targetId: b.id, label: ' mentor ', weight: 0.5 });
    const updated = await p.updateConnection(c.id, { label: 'friend', weight: 0.75 });
    const list = await p.listConnections(a.id);
    const incoming = await p.listConnections(b.id);
    const results = {
      created: c, updated,
      outgoing: list.outgoing.map((x) => ({ other: x.other.name, label: x.label, weight: x.weight, origin: x.origin })),
      incoming: incoming.incoming.map((x) => x.other.name),
      duplicate: await kindOf(p.createConnection({ sourceId: a.id, targetId: b.id, label: 'friend' })),
      self: await kindOf(p.createConnection({ sourceId: a.id, targetId: a.id })),
      heavy: await kindOf(p.createConnection({ sourceId: b.id, targetId: a.id, weight: 2 })),
      missingUpdate: await kindOf(p.updateConnection('00000000-0000-4000-8000-000000000000', { weight: 1 })),
      missingCard: await kindOf(p.listConnections('00000000-0000-4000-8000-000000000000')),
    };
    await p.deleteConnection(c.id);
    return n.value({ ...results, afterDelete: (await p.listConnections(a.id)).outgoing.length });
  },

  async import({ provider: p, run, stageArchive, timeoutMs }, n) {
    const path = await stageArchive(archiveText(run));
    const done = new Promise<JobProgress>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the import did not finish in time')), timeoutMs ?? 20_000);
      const off = p.onJob((e) => {
        if (e.finished) {
          clearTimeout(timer);
          off();
          resolve(e);
        }
      });
    });
    await p.startImport('json', path);
    const job = await done;
    const folder = `cf-import-${run}`;
    const cards = (await p.listCards({ folder })).items;
    const first = cards.find((c) => c.name === 'Imported one');
    const links = first ? await p.listConnections(first.id) : null;
    return n.value({
      job: { phase: job.phase, imported: job.imported, updated: job.updated, errors: job.errors.length, failed: job.failed },
      names: sortedNames(cards),
      first: first ? await p.getCard(first.id) : null,
      outgoing: links?.outgoing.map((x) => ({ other: x.other.name, label: x.label })) ?? null,
      found: (await p.searchCards('xylophonic', { folder })).items.map((i) => i.name),
    });
  },
};

/** A small Isometry archive with two cards and one connection (ids derived from the run). */
export function archiveText(run: string): string {
  const hex = [...run].map((ch) => ch.charCodeAt(0).toString(16)).join('').padEnd(12, '0').slice(0, 12);
  const id1 = `11111111-1111-4111-8111-${hex}`;
  const id2 = `22222222-2222-4222-8222-${hex}`;
  const card = (id: string, name: string, content: string) => ({
    id, cardType: 'note', name, content, summary: null, latitude: null, longitude: null, locationName: null,
    createdAt: '2025-06-01T10:00:00.000Z', modifiedAt: '2025-06-02T10:00:00.000Z', dueAt: null, completedAt: null,
    eventStart: null, eventEnd: null, folder: `cf-import-${run}`, tags: ['imported'], status: null, priority: null,
    sortOrder: null, url: null, source: null, sourceId: null, deletedAt: null, version: 3,
  });
  return JSON.stringify({
    format: 'isometry-archive', version: 1, exportedAt: '2025-06-03T00:00:00.000Z',
    cards: [card(id1, 'Imported one', 'A xylophonic tune.'), card(id2, 'Imported two', 'Plain.')],
    connections: [{ id: `33333333-3333-4333-8333-${hex}`, sourceId: id1, targetId: id2, viaCardId: null,
      label: 'follows', weight: 1.0, createdAt: '2025-06-01T10:00:00.000Z', origin: 'manual' }],
  });
}

export interface ConformanceResult {
  scenario: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Runs the named scenarios (all when none are named) one after another. */
export async function runScenarios(ctx: ScenarioContext, only?: string[]): Promise<ConformanceResult[]> {
  const out: ConformanceResult[] = [];
  for (const name of only ?? Object.keys(SCENARIOS)) {
    const scenario = SCENARIOS[name];
    if (!scenario) {
      out.push({ scenario: name, ok: false, error: 'no such scenario' });
      continue;
    }
    try {
      out.push({ scenario: name, ok: true, result: await scenario(ctx, new Normalizer()) });
    } catch (e) {
      out.push({ scenario: name, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  return out;
}

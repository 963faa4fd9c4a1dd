// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SqlJsProvider } from '../src/data/sqljs-provider';
import { runScenarios } from '../src/conformance/scenarios';
import { emptyRollbackDb } from './sqljs-fixture';

/**
 * The conformance scenarios on sql.js in node, checked against what the native store answers (the
 * same scenarios run on both providers in the real WebView in ProviderConformanceTest).
 */
describe('conformance scenarios on SqlJsProvider', () => {
  it('run without failures and give the results the native store gives', async () => {
    const p = new SqlJsProvider(await emptyRollbackDb());
    const results = await runScenarios({ provider: p, run: 'r1', stageArchive: async (text) =>
      p.stageImport([{ path: 'archive.json', text }]) });
    for (const r of results) expect(r, r.scenario).toMatchObject({ ok: true });
    const by = Object.fromEntries(results.map((r) => [r.scenario, r.result]));

    expect(by['create']).toMatchObject({
      card: { id: '#1', name: 'Launch party', tags: ['fun', 'team'], summary: null, latitude: 51.5, version: 1,
        eventStart: '<time>', folder: 'cf-create-r1' },
      same: true, emptyName: 'INVALID', badType: 'INVALID', badLatitude: 'INVALID', endsBeforeStart: 'INVALID',
      missing: 'NOT_FOUND', listed: 1,
    });
    expect(by['edit']).toEqual({
      v2: { version: 2, content: 'Draft', priority: 2, status: 'doing', created: true },
      v3: { version: 3, name: 'Write the report', dueAt: '<time>', content: 'Draft', modifiedOrder: true },
      stale: 'ok', staleContent: 'late', contentTwice: 'CONFLICT', future: 'INVALID', empty: 'INVALID', clearSummary: 'a',
      finalVersion: 5,
    });
    expect(by['link']).toEqual({
      before: ['Alpha r1'],
      afterGamma: [{ name: 'Alpha r1', origin: 'link', weight: 1 }, { name: 'Gamma r1', origin: 'link', weight: 1 }],
      renamed: { content: 'See [[Alpha Prime r1]] and [[Gamma r1|the third]].', version: 2 },
      backlinks: ['Beta r1'], afterEdit: ['Gamma r1'], deleteLink: 'INVALID', byName: true, noName: null,
      gamma: 'Gamma r1',
    });
    const three = ['Garden', 'Minerals', 'Zephyrine quartz'];
    expect(by['search']).toMatchObject({
      word: { top: 'Zephyrine quartz', names: three, total: 3, hint: false,
        highlighted: [['zephyrine'], ['zephyrine'], ['zephyrine']] },
      prefix: { top: 'Zephyrine quartz', names: three, total: 3 },
      phrase: { names: ['Garden'], total: 1, highlighted: [['brown', 'quick']] },
      twoWords: { top: 'Kitchen', names: ['Garden', 'Kitchen'] },
      nothing: { total: 0, names: [] },
      badSyntax: { hint: true, total: 3 },
      orQuery: { names: ['Garden', 'Kitchen'], hint: false },
      tagged: { names: ['Garden'] },
      limited: 1, tooLong: 'INVALID',
    });
    expect(by['filter']).toMatchObject({
      folder: ['Ada', 'Build engine'], byType: ['Ada'], byTag: ['Ada', 'Build engine'], byTagAndFolder: ['Loose note'],
      paging: { total: 2, first: 1, second: 1, distinct: true }, newestFirst: true,
      facetTags: [{ name: 't1-r1', count: 2 }, { name: 't2-r1', count: 2 }], badLimit: 'INVALID',
    });
    expect(by['trash']).toEqual({
      trashed: { version: 2, deleted: true }, inTrash: ['Drop r1', 'Gone r1', 'Keep r1'], searchWhileTrashed: 0,
      restored: { version: 3, deletedAt: null }, listed: ['Keep r1'], purgeLive: 'INVALID', purgedGet: 'NOT_FOUND',
      emptiedAtLeast: true, trashAfter: 0, restoreLive: 'ok', searchAfterRestore: 1,
    });
    expect(by['connections']).toMatchObject({
      created: { id: '#1', sourceId: '#2', targetId: '#3', label: 'mentor', weight: 0.5, origin: 'manual' },
      updated: { label: 'friend', weight: 0.75 },
      outgoing: [{ other: 'Charles', label: 'friend', weight: 0.75, origin: 'manual' }], incoming: ['Ada'],
      duplicate: 'INVALID', self: 'INVALID', heavy: 'INVALID', missingUpdate: 'NOT_FOUND', missingCard: 'NOT_FOUND',
      afterDelete: 0,
    });
    expect(by['import']).toMatchObject({
      job: { phase: 'done', imported: 2, updated: 0, errors: 0, failed: null },
      names: ['Imported one', 'Imported two'],
      first: { name: 'Imported one', version: 3, tags: ['imported'], createdAt: '<time>' },
      outgoing: [{ other: 'Imported two', label: 'follows' }], found: ['Imported one'],
    });
  });

  it('report a failing scenario instead of stopping the run', async () => {
    const p = new SqlJsProvider(await emptyRollbackDb());
    const results = await runScenarios({ provider: p, run: 'r2', stageArchive: async () => 'nowhere' }, ['import', 'nope']);
    expect(results[0]).toMatchObject({ scenario: 'import', ok: false });
    expect(results[0]!.error).toMatch(/nothing to import/);
    expect(results[1]).toMatchObject({ scenario: 'nope', ok: false, error: 'no such scenario' });
  });
});

import type { Database } from 'sql.js';
import type { Card, CardVersionEntry, ConflictPick, ConflictResolution, ResolutionEntry } from '../../model';
import type { CardWrites } from './cards';
import { coerce, fail } from './fields';
import { all, scalar } from './sql';

/** One settled field as `card_resolutions` keeps it (the versions, time and origin come with the write). */
export type ResolutionRow = Omit<ResolutionEntry, 'baseVersion' | 'theirsVersion' | 'resolvedAt' | 'origin'>;

/** Records settled fields with the version they produced (when the export has the table: schema v5 on). */
export function recordResolutions(db: Database, cardId: string, version: number, baseVersion: number,
                                  theirsVersion: number, at: string, origin: string, rows: ResolutionRow[]): void {
  if (rows.length === 0 || !hasTable(db)) return;
  for (const r of rows) {
    db.run(`INSERT INTO card_resolutions (card_id, version, base_version, theirs_version, field, strategy, chosen,
        base_value, mine_value, theirs_value, result_value, resolved_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      cardId, version, baseVersion, theirsVersion, r.field, r.strategy, r.chosen,
      r.baseKnown ? JSON.stringify(r.base ?? null) : null, JSON.stringify(r.mine ?? null), JSON.stringify(r.theirs ?? null),
      JSON.stringify(r.result ?? null), at, origin,
    ]);
  }
}

function hasTable(db: Database): boolean {
  return scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'card_resolutions'") === 1;
}

/**
 * A person's choices for a conflict, and a card's versions with their resolutions, over sql.js — as
 * Java's `CardService.resolve` and `history` do: the update is merged again, refused unless the card is
 * still at the version the person compared with, the person's picks settle the conflicting fields
 * (each needs one), and everything settled is recorded in `card_resolutions`.
 */
export class Resolutions {
  constructor(
    private readonly db: Database,
    private readonly cards: CardWrites,
  ) {}

  resolve(id: string, r: ConflictResolution, origin: string): Card {
    const command = 'cards:resolve';
    const current = this.cards.find(id);
    if (current === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (r.baseVersion < 1 || r.baseVersion > current.version || r.theirsVersion < r.baseVersion) {
      fail('INVALID', `version ${r.theirsVersion} is not between the base ${r.baseVersion} and the current version ${current.version}`, command);
    }
    if (current.version !== r.theirsVersion) {
      fail('CONFLICT', `Card ${id} changed again since version ${r.theirsVersion} (now version ${current.version})`, command);
    }
    const outcome = this.cards.merge(current, r.baseVersion, coerce(r.changes, command));
    const conflicting = new Set(outcome.conflicts.map((c) => c.field));
    for (const field of Object.keys(r.choices)) {
      if (!conflicting.has(field)) fail('INVALID', `the field ${field} is not in conflict; choose only for the fields that are`, command);
    }
    const changes: Record<string, unknown> = { ...outcome.changes };
    const settled: ResolutionRow[] = outcome.resolutions.map((t) => ({ ...t, strategy: 'last-writer-wins', baseKnown: true }));
    for (const c of outcome.conflicts) {
      const pick = r.choices[c.field];
      if (pick === undefined) fail('INVALID', `no choice for the conflicting field ${c.field}; nothing was written, so that neither value is lost`, command);
      if (pick === 'edited' && !(c.field in r.edited)) fail('INVALID', `an edited value for ${c.field} is required`, command);
      const result = pick === 'mine' ? c.mine : pick === 'theirs' ? c.theirs : coerce({ [c.field]: r.edited[c.field] }, command)[c.field as keyof Card];
      if (pick !== 'theirs') changes[c.field] = result;
      settled.push({ field: c.field, strategy: 'person', chosen: pick, baseKnown: c.baseKnown, base: c.base, mine: c.mine, theirs: c.theirs, result });
    }
    return this.cards.writeMerge(current, r.baseVersion, { changes: changes as Partial<Card>, resolutions: [], conflicts: [] }, origin, command, settled);
  }

  history(id: string): CardVersionEntry[] {
    const known = scalar(this.db, 'SELECT count(*) FROM cards WHERE id = ?', [id]) === 1;
    const byVersion = new Map<number, CardVersionEntry>();
    for (const h of all(this.db, "SELECT version, changed_at, origin FROM card_history WHERE card_id = ? AND origin <> 'base'", [id])) {
      const v = Number(h['version']);
      byVersion.set(v, { version: v, changedAt: String(h['changed_at']), origin: String(h['origin']), kept: true, resolutions: [] });
    }
    if (hasTable(this.db)) {
      for (const row of all(this.db, 'SELECT * FROM card_resolutions WHERE card_id = ? ORDER BY id', [id])) {
        const v = Number(row['version']);
        const entry = byVersion.get(v) ?? { version: v, changedAt: null, origin: null, kept: false, resolutions: [] };
        entry.resolutions.push(toEntry(row));
        byVersion.set(v, entry);
      }
    }
    if (!known && byVersion.size === 0) fail('NOT_FOUND', `No card with id ${id}`, 'cards:history');
    return [...byVersion.values()].sort((a, b) => b.version - a.version);
  }
}

function parse(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : null;
}

function toEntry(row: Record<string, unknown>): ResolutionEntry {
  return {
    field: String(row['field']),
    strategy: row['strategy'] === 'last-writer-wins' ? 'last-writer-wins' : 'person',
    chosen: String(row['chosen']) as ConflictPick,
    baseKnown: row['base_value'] !== null,
    base: parse(row['base_value']),
    mine: parse(row['mine_value']),
    theirs: parse(row['theirs_value']),
    result: parse(row['result_value']),
    baseVersion: Number(row['base_version']),
    theirsVersion: Number(row['theirs_version']),
    resolvedAt: String(row['resolved_at']),
    origin: String(row['origin']),
  };
}

import type { Database } from 'sql.js';
import type { Card, CardVersionEntry, ConflictPick, ConflictResolution, ResolutionEntry } from '../../model';
import type { CardWrites } from './cards';
import { coerce, fail } from './fields';
import { all, one, scalar } from './sql';

/**
 * A person's choices for a conflict, and a card's versions with their resolutions, over sql.js — as
 * Java's `CardService.resolve` and `history` do: the choice is refused unless the card is still at the
 * version the person compared with; the fields are written as one new version; each decided field is
 * recorded in `card_resolutions` (when the export has that table, from schema v5 on).
 */
export class Resolutions {
  constructor(
    private readonly db: Database,
    private readonly cards: CardWrites,
    private readonly now: () => string,
  ) {}

  resolve(id: string, r: ConflictResolution, origin: string): Card {
    const command = 'cards:resolve';
    const current = this.cards.find(id);
    if (current === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (current.version !== r.theirsVersion) {
      fail('CONFLICT', `Card ${id} changed again since version ${r.theirsVersion} (now version ${current.version})`, command);
    }
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(r.changes)) {
      const pick = r.choices[field];
      if (pick === 'theirs') continue;
      if (pick === 'edited' && !(field in r.edited)) fail('INVALID', `an edited value for ${field} is required`, command);
      changes[field] = pick === 'edited' ? r.edited[field] : value;
    }
    const base = this.snapshot(id, r.baseVersion);
    const next = Object.keys(changes).length === 0
      ? current
      : this.cards.update(id, r.theirsVersion, coerce(changes, command), origin, command);
    if (this.hasTable()) {
      const at = this.now();
      for (const [field, chosen] of Object.entries(r.choices)) {
        const mine = r.changes[field as keyof typeof r.changes] ?? null;
        const theirs = (current as unknown as Record<string, unknown>)[field] ?? null;
        const result = (next as unknown as Record<string, unknown>)[field] ?? null;
        this.db.run(`INSERT INTO card_resolutions (card_id, version, base_version, theirs_version, field, strategy, chosen,
            base_value, mine_value, theirs_value, result_value, resolved_at, origin)
            VALUES (?, ?, ?, ?, ?, 'person', ?, ?, ?, ?, ?, ?, ?)`, [
          id, next.version, r.baseVersion, r.theirsVersion, field, chosen,
          base === null ? null : JSON.stringify(base[field] ?? null), JSON.stringify(mine), JSON.stringify(theirs),
          JSON.stringify(result), at, origin,
        ]);
      }
    }
    return next;
  }

  history(id: string): CardVersionEntry[] {
    if (this.cards.find(id) === undefined) fail('NOT_FOUND', `No card with id ${id}`, 'cards:history');
    const byVersion = new Map<number, CardVersionEntry>();
    for (const h of all(this.db, 'SELECT version, changed_at, origin FROM card_history WHERE card_id = ? AND origin <> ?', [id, 'base'])) {
      const v = Number(h['version']);
      byVersion.set(v, { version: v, changedAt: String(h['changed_at']), origin: String(h['origin']), kept: true, resolutions: [] });
    }
    if (this.hasTable()) {
      for (const row of all(this.db, 'SELECT * FROM card_resolutions WHERE card_id = ? ORDER BY id', [id])) {
        const v = Number(row['version']);
        const entry = byVersion.get(v) ?? { version: v, changedAt: null, origin: null, kept: false, resolutions: [] };
        entry.resolutions.push(toEntry(row));
        byVersion.set(v, entry);
      }
    }
    return [...byVersion.values()].sort((a, b) => b.version - a.version);
  }

  private snapshot(id: string, version: number): Record<string, unknown> | null {
    const row = one(this.db, 'SELECT snapshot FROM card_history WHERE card_id = ? AND version = ?', [id, version]);
    return row === undefined ? null : (JSON.parse(String(row['snapshot'])) as Record<string, unknown>);
  }

  private hasTable(): boolean {
    return scalar(this.db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'card_resolutions'") === 1;
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

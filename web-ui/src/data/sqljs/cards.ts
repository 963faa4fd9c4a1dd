import type { Database } from 'sql.js';
import type { Card, CardSummary } from '../../model';
import { applyChanges, check, fail, newCard } from './fields';
import { linkKey, linkNames, renameLinks } from './links';
import { BridgeError } from '../../bridge/errors';
import { mergeCard, storedPolicy, type MergeOutcome } from './merge';
import { recordResolutions, type ResolutionRow } from './resolutions';
import { all, CARD_COLUMNS, cardValues, one, SUMMARY_COLUMNS, toCard, toSummary } from './sql';

/** How many versions of each card card_history keeps (Java's CardStore.HISTORY_PER_CARD). */
export const HISTORY_PER_CARD = 50;

/**
 * The card writes of the sql.js store, as Java's CardService, CardStore and LinkSync do them: versions,
 * history rows, `[[Name]]` link connections kept in step, renames rewriting links in other cards.
 * Callers wrap each public method in one transaction. Not thread-safe (nothing in the page is).
 */
export class CardWrites {
  constructor(
    private readonly db: Database,
    private readonly now: () => string,
    private readonly newId: () => string,
  ) {}

  find(id: string): Card | undefined {
    const r = one(this.db, `SELECT ${CARD_COLUMNS} FROM cards WHERE id = ?`, [id]);
    return r === undefined ? undefined : toCard(r);
  }

  findLiveByName(name: string): CardSummary | undefined {
    const r = one(this.db, `SELECT ${SUMMARY_COLUMNS} FROM cards WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL
      ORDER BY created_at LIMIT 1`, [name]);
    return r === undefined ? undefined : toSummary(r);
  }

  insert(card: Card): void {
    this.db.run(`INSERT INTO cards (${CARD_COLUMNS}) VALUES (${Array(24).fill('?').join(', ')})`, cardValues(card));
  }

  /** Writes every field of `card` when the stored version is `expected`; false when it is not. */
  updateIfVersion(card: Card, expected: number): boolean {
    const v = cardValues(card);
    const set = CARD_COLUMNS.split(', ').slice(1).map((c) => `${c} = ?`).join(', ');
    this.db.run(`UPDATE cards SET ${set} WHERE id = ? AND version = ?`, [...v.slice(1), card.id, expected]);
    return this.db.getRowsModified() === 1;
  }

  recordHistory(card: Card, origin: string): void {
    this.db.run(`INSERT INTO card_history (card_id, version, snapshot, changed_at, origin) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`, [card.id, card.version, JSON.stringify(card), card.modifiedAt, origin]);
    if (card.version > HISTORY_PER_CARD) {
      this.db.run('DELETE FROM card_history WHERE card_id = ? AND version <= ?', [card.id, card.version - HISTORY_PER_CARD]);
    }
  }

  create(values: Partial<Card>, origin: string, command: string): Card {
    const card = newCard(this.newId(), values, this.now(), command);
    this.insert(card);
    this.recordHistory(card, origin);
    this.syncLinks(card);
    this.linkNewName(card);
    return card;
  }

  update(id: string, baseVersion: number, changes: Partial<Card>, origin: string, command: string): Card {
    if (Object.keys(changes).length === 0) fail('INVALID', 'no fields to change', command);
    const current = this.find(id);
    if (current === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (baseVersion > current.version || baseVersion < 1) {
      fail('INVALID', `baseVersion ${baseVersion} does not exist for this card (current ${current.version})`, command);
    }
    if (current.version === baseVersion) return this.apply(current, changes, origin, command);
    // Stale: merged field by field against the base, as Java's CardService does (decision 30).
    const outcome = this.merge(current, baseVersion, changes);
    if (outcome.conflicts.length > 0) {
      throw new BridgeError({
        kind: 'CONFLICT', retryable: false, command,
        message: `Card ${id} changed since version ${baseVersion} (now version ${current.version}) in the same fields; `
          + 'choose which to keep',
        details: { cardId: id, baseVersion, currentVersion: current.version, fields: outcome.conflicts, card: current },
      });
    }
    return this.writeMerge(current, baseVersion, outcome, origin, command);
  }

  /** The merge of `changes`, made on `baseVersion` just now, into the stored card. */
  merge(current: Card, baseVersion: number, changes: Partial<Card>): MergeOutcome {
    const row = one(this.db, 'SELECT snapshot FROM card_history WHERE card_id = ? AND version = ?', [current.id, baseVersion]);
    const base = row === undefined ? null : (JSON.parse(String(row['snapshot'])) as Card);
    return mergeCard(base, current, changes, this.now(), storedPolicy(this.db));
  }

  /** Writes what merged (if anything) and records every resolution settled by time. */
  writeMerge(current: Card, baseVersion: number, outcome: MergeOutcome, origin: string, command: string,
             settled: ResolutionRow[] = outcome.resolutions.map((r) => ({ ...r, strategy: 'last-writer-wins', baseKnown: true }))): Card {
    const next = Object.keys(outcome.changes).length === 0 ? current : this.apply(current, outcome.changes, origin, command);
    recordResolutions(this.db, current.id, next.version, baseVersion, current.version, this.now(), origin, settled);
    return next;
  }

  private apply(current: Card, changes: Partial<Card>, origin: string, command: string): Card {
    const now = this.now();
    const next = applyChanges(current, changes, now, current.version + 1, command);
    this.write(current, next, origin, command);
    if (current.name !== next.name) this.renamed(next, current.name, now, command);
    return next;
  }

  private write(current: Card, next: Card, origin: string, command: string): void {
    this.recordHistory(current, 'base');
    if (!this.updateIfVersion(next, current.version)) {
      fail('CONFLICT', `Card ${next.id} changed since version ${current.version} (now version ${current.version + 1})`, command);
    }
    this.recordHistory(next, origin);
    if (current.content !== next.content) this.syncLinks(next);
  }

  private renamed(card: Card, oldName: string, now: string, command: string): void {
    for (const sourceId of this.linkSources(card.id)) {
      const source = this.find(sourceId);
      if (source === undefined || source.deletedAt !== null) continue;
      const content = renameLinks(source.content, oldName, card.name);
      if (content !== source.content) {
        const next = applyChanges(source, { content }, now, source.version + 1, command);
        this.write(source, next, 'rename', command);
      }
    }
    this.linkNewName(card);
  }

  trash(id: string, origin: string, command: string): Card {
    const c = this.find(id);
    if (c === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (c.deletedAt !== null) return c;
    const now = this.now();
    const trashed: Card = { ...c, deletedAt: now, modifiedAt: now, version: c.version + 1 };
    this.updateIfVersion(trashed, c.version);
    this.recordHistory(trashed, origin);
    return trashed;
  }

  restore(id: string, origin: string, command: string): Card {
    const c = this.find(id);
    if (c === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (c.deletedAt === null) return c;
    const restored: Card = { ...c, deletedAt: null, modifiedAt: this.now(), version: c.version + 1 };
    this.updateIfVersion(restored, c.version);
    this.recordHistory(restored, origin);
    this.syncLinks(restored);
    this.linkNewName(restored);
    return restored;
  }

  purge(id: string, command: string): void {
    const c = this.find(id);
    if (c === undefined) fail('NOT_FOUND', `No card with id ${id}`, command);
    if (c.deletedAt === null) fail('INVALID', 'only a card in the trash can be deleted for good; trash it first', command);
    this.db.run('DELETE FROM cards WHERE id = ?', [id]);
  }

  /** Puts a whole card in as it is (archive import), checked by the same rules. */
  insertExact(card: Card, command: string): void {
    check(card, command);
    this.insert(card);
  }

  /** Makes the link-made connections from `card` match the links in its content (LinkSync.sync). */
  syncLinks(card: Card): void {
    if (card.deletedAt !== null) return;
    const wanted = new Set<string>();
    for (const name of linkNames(card.content)) {
      const target = this.findLiveByName(name);
      if (target !== undefined && target.id !== card.id) wanted.add(target.id);
    }
    const existing = new Set(all(this.db, "SELECT target_id FROM connections WHERE source_id = ? AND origin = 'link'",
      [card.id]).map((r) => String(r['target_id'])));
    for (const stale of existing) {
      if (!wanted.has(stale)) {
        this.db.run("DELETE FROM connections WHERE source_id = ? AND target_id = ? AND origin = 'link'", [card.id, stale]);
      }
    }
    const now = this.now();
    for (const target of wanted) {
      if (!existing.has(target)) {
        this.db.run(`INSERT INTO connections (id, source_id, target_id, via_card_id, label, weight, created_at, origin)
          VALUES (?, ?, ?, NULL, NULL, 1.0, ?, 'link')`, [this.newId(), card.id, target, now]);
      }
    }
  }

  /** Cards whose content links to `card`'s name (written before it existed) get their connection. */
  linkNewName(card: Card): void {
    if (card.deletedAt !== null) return;
    const key = linkKey(card.name);
    const needle = '%[[' + card.name.toLowerCase().replace(/[%_]/g, '') + '%';
    const rows = all(this.db, `SELECT ${CARD_COLUMNS} FROM cards WHERE deleted_at IS NULL AND lower(content) LIKE ?`, [needle]);
    for (const other of rows.map(toCard)) {
      if (other.id !== card.id && linkNames(other.content).some((n) => linkKey(n) === key)) this.syncLinks(other);
    }
  }

  /** Ids of cards holding a link-made connection to `cardId`. */
  linkSources(cardId: string): string[] {
    return all(this.db, "SELECT DISTINCT source_id FROM connections WHERE target_id = ? AND origin = 'link'", [cardId])
      .map((r) => String(r['source_id']));
  }
}

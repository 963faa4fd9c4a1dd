import type { Database, SqlValue } from 'sql.js';
import type {
  BackupNotice, Card, CardChanges, CardConnections, CardInput, CardPage, CardSummary, Connection, ConnectionChanges,
  ConflictResolution, CardVersionEntry, ConnectionInput, ConnectionView, Facets, JobProgress, ListOptions, PageOptions, SearchHit, SearchOptions,
  SearchResult, Settings, SettingsChanges, SystemInfo, TransferFormat, TrashPage,
} from '../model';
import type { Provider } from './provider';
import { LocalLive } from './local-live';
import { CardWrites } from './sqljs/cards';
import { Resolutions } from './sqljs/resolutions';
import { checkStrategies, storedPolicy, strategiesByField } from './sqljs/merge';
import { coerce, fail, formatTimestamp } from './sqljs/fields';
import { ImportRunner, type ImportFile } from './sqljs/import';
import { bm25, describeSyntaxError, isSyntaxError, looksAdvanced, SYNTAX_HINT, toFts4 } from './sqljs/search';
import { all, filterSql, one, scalar, SUMMARY_COLUMNS, toConnection, toSummary, transaction } from './sqljs/sql';

export const MAX_PAGE = 1_000;
/** Matches ranked at most per search (Java's CardService.RANK_WINDOW). */
export const RANK_WINDOW = 5_000;
const SAMPLE_SOURCE = 'isometry-sample';
const ORIGIN = 'rollback';

/** What the host around the page still offers in rollback mode; every part is optional. */
export interface SqlJsHost {
  /** Clock (ms since the epoch); tests pass a fake one. */
  now?: () => number;
  newId?: () => string;
  /** Asks the person for files to import; null when they cancel. */
  pickFiles?: (format: TransferFormat) => Promise<ImportFile[] | null>;
  openExternal?: (url: string) => Promise<void>;
  reportReady?: (sinceNavigationMs: number) => Promise<void>;
  /** Shown as SystemInfo.dataDir: where the rollback snapshot came from. */
  source?: string;
  appVersion?: string;
}

function uuid(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  if (c) c.getRandomValues(b); else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The Provider of rollback mode: the store's own schema in a sql.js Database inside the page (opened
 * from a rollback export, where an FTS4 index replaces FTS5), behaving like the native store for
 * everything that makes sense without Java. Each write is one transaction; listeners of onWrite hear
 * of every change (the saver exports the file after them).
 */
export class SqlJsProvider implements Provider {
  private readonly cards: CardWrites;
  private readonly clock: () => number;
  private readonly writeListeners = new Set<() => void>();
  private readonly imports: ImportRunner;
  private readonly resolutions: Resolutions;
  /** Live views: every view reads again after each write (there is no other writer in the page). */
  readonly live = new LocalLive(this);
  private lastStamp = 0;

  constructor(readonly db: Database, private readonly host: SqlJsHost = {}) {
    this.clock = host.now ?? Date.now;
    this.cards = new CardWrites(db, () => this.stamp(), host.newId ?? uuid);
    this.imports = new ImportRunner(this.cards, db, () => this.changed(), host.pickFiles);
    this.resolutions = new Resolutions(db, this.cards);
    this.prepare();
  }

  resolveConflict(id: string, resolution: ConflictResolution): Promise<Card> {
    return this.write('cards:resolve', () => this.resolutions.resolve(id, resolution, ORIGIN));
  }

  cardHistory(id: string): Promise<CardVersionEntry[]> {
    return this.read('cards:history', () => this.resolutions.history(id));
  }

  /** Pragmas and functions, set again after db.export() (which reopens the database and drops them). */
  private prepare(): void {
    this.db.run('PRAGMA foreign_keys = ON');
    // sql.js registers a function with as many arguments as the JS function declares.
    this.db.create_function('isometry_bm25', (info: Uint8Array, w0: number, w1: number, w2: number, w3: number,
      w4: number) => bm25(info, w0, w1, w2, w3, w4));
  }

  private stamp(): string {
    // Never earlier than the last stamp, so versions and times agree even if the clock steps back.
    this.lastStamp = Math.max(this.lastStamp, this.clock());
    return formatTimestamp(this.lastStamp);
  }

  /** The database file as it is now (the rollback snapshot to save). */
  exportBytes(): Uint8Array {
    const bytes = this.db.export();
    this.prepare();
    return bytes;
  }

  /** Subscribes to changes of the data; returns the function that unsubscribes. */
  onWrite(listener: () => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  private changed(): void {
    for (const l of [...this.writeListeners]) l();
    this.live.changed();
  }

  private write<T>(command: string, work: () => T): Promise<T> {
    try {
      const result = transaction(this.db, work);
      this.changed();
      return Promise.resolve(result);
    } catch (e) {
      return Promise.reject(this.asBridgeError(e, command));
    }
  }

  private read<T>(command: string, work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (e) {
      return Promise.reject(this.asBridgeError(e, command));
    }
  }

  private asBridgeError(e: unknown, command: string): Error {
    if (e instanceof Error && 'kind' in e) return e;
    const message = e instanceof Error ? e.message : String(e);
    if (/constraint failed/i.test(message)) {
      return errorOf('INVALID', `the change breaks a rule of the store (${message})`, command);
    }
    return errorOf('INTERNAL', message, command);
  }

  whenAvailable(): Promise<void> {
    return Promise.resolve();
  }

  listCards(options: ListOptions = {}): Promise<CardPage> {
    return this.read('cards:list', () => {
      const { limit, offset } = page(options, 200, 'cards:list');
      const f = filterSql(options);
      const items = all(this.db, `SELECT ${SUMMARY_COLUMNS} FROM cards WHERE deleted_at IS NULL${f.sql}
        ORDER BY modified_at DESC, id ASC LIMIT ? OFFSET ?`, [...f.params, limit, offset]).map(toSummary);
      const total = Number(scalar(this.db, `SELECT count(*) FROM cards WHERE deleted_at IS NULL${f.sql}`, f.params));
      return { items, total };
    });
  }

  getCard(id: string): Promise<Card> {
    return this.read('cards:get', () => this.cards.find(id) ?? fail('NOT_FOUND', `No card with id ${id}`, 'cards:get'));
  }

  createCard(input: CardInput): Promise<Card> {
    return this.write('cards:create', () => this.cards.create(coerce(input, 'cards:create'), ORIGIN, 'cards:create'));
  }

  updateCard(id: string, baseVersion: number, changes: CardChanges): Promise<Card> {
    return this.write('cards:update', () =>
      this.cards.update(id, baseVersion, coerce(changes, 'cards:update'), ORIGIN, 'cards:update'));
  }

  async deleteCard(id: string): Promise<void> {
    await this.write('cards:delete', () => this.cards.trash(id, ORIGIN, 'cards:delete'));
  }

  searchCards(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return this.read('cards:search', () => {
      if (query.length > 1_000) fail('INVALID', 'the search text is longer than 1000 characters', 'cards:search');
      const limit = options.limit ?? 50;
      if (limit < 1 || limit > MAX_PAGE) fail('INVALID', `limit must be between 1 and ${MAX_PAGE}`, 'cards:search');
      const empty: SearchResult = { items: [], total: 0, windowed: false, hint: null };
      if (looksAdvanced(query)) {
        try {
          return this.search(query.trim(), options, limit);
        } catch (e) {
          if (!isSyntaxError(e)) throw e;
          const words = toFts4(query);
          const found = words === null ? empty : this.search(words, options, limit);
          return { ...found, hint: SYNTAX_HINT(describeSyntaxError(e)) };
        }
      }
      const q = toFts4(query);
      return q === null ? empty : this.search(q, options, limit);
    });
  }

  private search(match: string, filter: SearchOptions, limit: number): SearchResult {
    const f = filterSql(filter);
    const narrow = f.sql === '' ? '' : ` AND docid IN (SELECT rowid FROM cards WHERE deleted_at IS NULL${f.sql})`;
    const params: SqlValue[] = [match, ...f.params];
    const total = Number(scalar(this.db, `SELECT count(*) FROM cards_fts WHERE cards_fts MATCH ?${narrow}`, params));
    if (total === 0) return { items: [], total: 0, windowed: false, hint: null };
    const windowed = total > RANK_WINDOW;
    let floor = Number.MIN_SAFE_INTEGER;
    if (windowed) {
      floor = Number(scalar(this.db, `SELECT docid FROM cards_fts WHERE cards_fts MATCH ?${narrow}
        ORDER BY docid DESC LIMIT 1 OFFSET ?`, [...params, RANK_WINDOW - 1]));
    }
    const ranked = all(this.db, `SELECT docid AS rid, isometry_bm25(matchinfo(cards_fts, 'pcnalx'), 10.0, 1.0, 3.0, 2.0, 2.0) AS score
      FROM cards_fts WHERE cards_fts MATCH ? AND docid >= ?${narrow} ORDER BY score LIMIT ?`,
    [match, floor, ...f.params, limit]);
    const items: SearchHit[] = [];
    for (const r of ranked) {
      const rid = Number(r['rid']);
      const card = one(this.db, `SELECT ${SUMMARY_COLUMNS} FROM cards WHERE rowid = ?`, [rid]);
      if (card === undefined) continue;
      const snip = scalar(this.db, `SELECT snippet(cards_fts, char(2), char(3), '…', -1, 12) FROM cards_fts
        WHERE cards_fts MATCH ? AND docid = ?`, [match, rid]);
      items.push({ ...toSummary(card), snippet: snip === null ? null : String(snip) });
    }
    return { items, total, windowed, hint: null };
  }

  findCardByName(name: string): Promise<CardSummary | null> {
    return this.read('cards:findByName', () => {
      if (name.trim() === '') fail('INVALID', 'name is required', 'cards:findByName');
      return this.cards.findLiveByName(name.trim()) ?? null;
    });
  }

  facets(): Promise<Facets> {
    return this.read('cards:facets', () => {
      const counts = (sql: string) => all(this.db, sql).map((r) => ({ name: String(r['name']), count: Number(r['n']) }));
      return {
        folders: counts(`SELECT folder AS name, count(*) AS n FROM cards WHERE deleted_at IS NULL AND folder IS NOT NULL
          GROUP BY folder ORDER BY folder COLLATE NOCASE`),
        tags: counts(`SELECT j.value AS name, count(*) AS n FROM cards, json_each(cards.tags) AS j
          WHERE cards.deleted_at IS NULL GROUP BY j.value ORDER BY j.value COLLATE NOCASE`),
        types: counts(`SELECT card_type AS name, count(*) AS n FROM cards WHERE deleted_at IS NULL
          GROUP BY card_type ORDER BY card_type`) as Facets['types'],
      };
    });
  }

  listTrash(options: PageOptions = {}): Promise<TrashPage> {
    return this.read('trash:list', () => {
      const { limit, offset } = page(options, 200, 'trash:list');
      const items = all(this.db, `SELECT ${SUMMARY_COLUMNS}, deleted_at FROM cards WHERE deleted_at IS NOT NULL
        ORDER BY deleted_at DESC, id ASC LIMIT ? OFFSET ?`, [limit, offset])
        .map((r) => ({ ...toSummary(r), deletedAt: String(r['deleted_at']) }));
      return { items, total: Number(scalar(this.db, 'SELECT count(*) FROM cards WHERE deleted_at IS NOT NULL')) };
    });
  }

  restoreCard(id: string): Promise<Card> {
    return this.write('cards:restore', () => this.cards.restore(id, ORIGIN, 'cards:restore'));
  }

  async purgeCard(id: string): Promise<void> {
    await this.write('cards:purge', () => this.cards.purge(id, 'cards:purge'));
  }

  emptyTrash(): Promise<number> {
    return this.write('trash:empty', () => {
      const ids = all(this.db, 'SELECT id FROM cards WHERE deleted_at IS NOT NULL').map((r) => String(r['id']));
      for (const id of ids) this.db.run('DELETE FROM cards WHERE id = ?', [id]);
      return ids.length;
    });
  }

  listConnections(cardId: string): Promise<CardConnections> {
    return this.read('connections:list', () => {
      if (this.cards.find(cardId) === undefined) fail('NOT_FOUND', `No card with id ${cardId}`, 'connections:list');
      return { outgoing: this.linked('x.target_id', 'x.source_id', cardId), incoming: this.linked('x.source_id', 'x.target_id', cardId) };
    });
  }

  private linked(other: string, self: string, cardId: string): ConnectionView[] {
    return all(this.db, `SELECT x.id, x.source_id, x.target_id, x.via_card_id, x.label, x.weight, x.created_at, x.origin,
        c.id AS cid, c.card_type, c.name, c.summary, c.folder, c.tags, c.modified_at, c.version
      FROM connections x JOIN cards c ON c.id = ${other} WHERE ${self} = ? AND c.deleted_at IS NULL
      ORDER BY c.name COLLATE NOCASE, x.created_at`, [cardId])
      .map((r) => ({ ...toConnection(r), other: toSummary({ ...r, id: r['cid'] ?? null }) }));
  }

  createConnection(input: ConnectionInput): Promise<Connection> {
    const command = 'connections:create';
    return this.write(command, () => {
      const label = cleanLabel(input.label, command);
      const weight = checkWeight(input.weight ?? 1, command);
      if (input.sourceId === input.targetId) fail('INVALID', 'a card cannot be connected to itself', command);
      for (const id of [input.sourceId, input.targetId]) {
        const c = this.cards.find(id) ?? fail('NOT_FOUND', `No card with id ${id}`, command);
        if (c.deletedAt !== null) fail('INVALID', `"${c.name}" is in the trash; restore it first`, command);
      }
      const exists = one(this.db, `SELECT 1 FROM connections WHERE source_id = ? AND target_id = ? AND via_card_id IS NULL
        AND label IS ?`, [input.sourceId, input.targetId, label]);
      if (exists !== undefined) fail('INVALID', 'these cards already have this connection', command);
      const c: Connection = { id: this.host.newId?.() ?? uuid(), sourceId: input.sourceId, targetId: input.targetId,
        viaCardId: null, label, weight, createdAt: this.stamp(), origin: 'manual' };
      this.db.run(`INSERT INTO connections (id, source_id, target_id, via_card_id, label, weight, created_at, origin)
        VALUES (?, ?, ?, NULL, ?, ?, ?, 'manual')`, [c.id, c.sourceId, c.targetId, c.label, c.weight, c.createdAt]);
      return c;
    });
  }

  updateConnection(id: string, changes: ConnectionChanges): Promise<Connection> {
    const command = 'connections:update';
    return this.write(command, () => {
      const row = one(this.db, 'SELECT * FROM connections WHERE id = ?', [id]);
      if (row === undefined) fail('NOT_FOUND', `No connection with id ${id}`, command);
      const c = toConnection(row);
      const label = changes.label === undefined ? c.label : cleanLabel(changes.label, command);
      const weight = changes.weight === undefined ? c.weight : checkWeight(changes.weight, command);
      this.db.run('UPDATE connections SET label = ?, weight = ? WHERE id = ?', [label, weight, id]);
      return { ...c, label, weight };
    });
  }

  async deleteConnection(id: string): Promise<void> {
    const command = 'connections:delete';
    await this.write(command, () => {
      const row = one(this.db, 'SELECT origin FROM connections WHERE id = ?', [id]);
      if (row === undefined) fail('NOT_FOUND', `No connection with id ${id}`, command);
      if (row['origin'] === 'link') {
        fail('INVALID', "this connection comes from a [[link]] in the card's content; remove the link there", command);
      }
      this.db.run('DELETE FROM connections WHERE id = ?', [id]);
    });
  }

  getSettings(): Promise<Settings> {
    return this.read('settings:get', () => this.settings());
  }

  private settings(): Settings {
    const json = scalar(this.db, "SELECT value FROM settings WHERE key = 'trashRetentionDays'");
    const days = json === null ? 30 : json === 'null' ? null : Number(json);
    const samples = Number(scalar(this.db, 'SELECT count(*) FROM cards WHERE source = ? AND deleted_at IS NULL', [SAMPLE_SOURCE]));
    return { trashRetentionDays: days, sampleCards: samples, mergeStrategies: strategiesByField(storedPolicy(this.db)) };
  }

  updateSettings(changes: SettingsChanges): Promise<Settings> {
    return this.write('settings:update', () => {
      const days = changes.trashRetentionDays;
      if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 1 || days > 3_650)) {
        fail('INVALID', 'the trash keeps cards for 1 to 3650 days, or forever', 'settings:update');
      }
      const strategies = changes.mergeStrategies;
      if (strategies !== undefined) checkStrategies(strategies, 'settings:update');
      const put = (key: string, value: string) => this.db.run(`INSERT INTO settings (key, value) VALUES (?, ?)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
      if (days !== undefined) put('trashRetentionDays', days === null ? 'null' : String(days));
      if (strategies !== undefined) put('mergeStrategies', JSON.stringify(strategies));
      return this.settings();
    });
  }

  removeSampleCards(): Promise<number> {
    return this.write('sample:remove', () => {
      const ids = all(this.db, 'SELECT id FROM cards WHERE source = ? AND deleted_at IS NULL', [SAMPLE_SOURCE]).map((r) => String(r['id']));
      for (const id of ids) this.db.run('DELETE FROM cards WHERE id = ?', [id]);
      return ids.length;
    });
  }

  chooseImportPath(format: TransferFormat): Promise<string | null> {
    return this.imports.choose(format);
  }

  chooseExportPath(_format: TransferFormat): Promise<string | null> {
    return Promise.reject(errorOf('UNAVAILABLE',
      'Export is not available in rollback mode; the whole store is saved as the rollback snapshot.', 'export:choose'));
  }

  startImport(format: TransferFormat, path: string): Promise<string> {
    return this.imports.start(format, path);
  }

  /** Stages files for an import (in the page there are no paths); resolves with the "path" startImport takes. */
  stageImport(files: ImportFile[]): string {
    return this.imports.stage(files);
  }

  startExport(_format: TransferFormat, _path: string): Promise<string> {
    return Promise.reject(errorOf('UNAVAILABLE',
      'Export is not available in rollback mode; the whole store is saved as the rollback snapshot.', 'export:start'));
  }

  async cancelJob(jobId: string): Promise<void> {
    this.imports.cancel(jobId);
  }

  onJob(listener: (progress: JobProgress) => void): () => void {
    return this.imports.onJob(listener);
  }

  /** No daily backups are made in rollback mode (the session's own backups are made on entering it). */
  onBackup(_listener: (notice: BackupNotice) => void): () => void {
    return () => {};
  }

  info(): Promise<SystemInfo> {
    return this.read('system:info', () => ({
      appVersion: this.host.appVersion ?? 'rollback',
      dataDir: this.host.source ?? 'rollback snapshot',
      schemaVersion: Number(scalar(this.db, 'PRAGMA user_version')),
      cardCount: Number(scalar(this.db, 'SELECT count(*) FROM cards WHERE deleted_at IS NULL')),
    }));
  }

  async openExternal(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw errorOf('INVALID', `not a valid link: ${url}`, 'system:openExternal');
    }
    if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) {
      throw errorOf('INVALID', 'only http, https and mailto links open outside the app', 'system:openExternal');
    }
    if (this.host.openExternal) await this.host.openExternal(url);
    else globalThis.open?.(url, '_blank', 'noopener');
  }

  async reportReady(sinceNavigationMs: number): Promise<void> {
    await this.host.reportReady?.(sinceNavigationMs);
  }
}

function errorOf(kind: 'INVALID' | 'INTERNAL' | 'UNAVAILABLE', message: string, command: string): Error {
  try {
    fail(kind, message, command);
  } catch (e) {
    return e as Error;
  }
}

function page(options: PageOptions, fallback: number, command: string): { limit: number; offset: number } {
  const limit = options.limit ?? fallback;
  const offset = options.offset ?? 0;
  if (limit < 1 || limit > MAX_PAGE) fail('INVALID', `limit must be between 1 and ${MAX_PAGE}`, command);
  if (offset < 0) fail('INVALID', 'offset must not be negative', command);
  return { limit, offset };
}

function cleanLabel(label: string | undefined, command: string): string | null {
  if (label === undefined || label.trim() === '') return null;
  const l = label.trim();
  if (l.length > 200) fail('INVALID', 'a label is at most 200 characters', command);
  return l;
}

function checkWeight(w: number, command: string): number {
  if (!Number.isFinite(w) || w < 0 || w > 1) fail('INVALID', 'weight must be between 0 and 1', command);
  return w;
}

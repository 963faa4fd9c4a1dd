import type { Database, SqlValue } from 'sql.js';
import type { Card, CardFilter, CardSummary, Connection, ConnectionOrigin } from '../../model';

/** Small typed helpers over a sql.js Database, and the row ↔ record mapping of cards and connections. */

export type Row = Record<string, SqlValue>;

export function all(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const st = db.prepare(sql);
  try {
    st.bind(params);
    const rows: Row[] = [];
    while (st.step()) rows.push(st.getAsObject() as Row);
    return rows;
  } finally {
    st.free();
  }
}

export function one(db: Database, sql: string, params: SqlValue[] = []): Row | undefined {
  return all(db, sql, params)[0];
}

export function scalar(db: Database, sql: string, params: SqlValue[] = []): SqlValue {
  const row = one(db, sql, params);
  return row === undefined ? null : (Object.values(row)[0] ?? null);
}

/** Runs `work` in one transaction, rolled back when it throws. */
export function transaction<T>(db: Database, work: () => T): T {
  db.run('SAVEPOINT provider_write');
  try {
    const result = work();
    db.run('RELEASE provider_write');
    return result;
  } catch (e) {
    db.run('ROLLBACK TO provider_write');
    db.run('RELEASE provider_write');
    throw e;
  }
}

const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: SqlValue | undefined): number | null => (v === null || v === undefined ? null : Number(v));

export function tagsOf(v: SqlValue | undefined): string[] {
  if (typeof v !== 'string' || v === '') return [];
  const parsed: unknown = JSON.parse(v);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

export const CARD_COLUMNS =
  'id, card_type, name, content, summary, latitude, longitude, location_name, created_at, modified_at, due_at, ' +
  'completed_at, event_start, event_end, folder, tags, status, priority, sort_order, url, source, source_id, ' +
  'deleted_at, version';

export const SUMMARY_COLUMNS = 'id, card_type, name, summary, folder, tags, modified_at, version';

export function toCard(r: Row): Card {
  return {
    id: String(r['id']), cardType: String(r['card_type']) as Card['cardType'], name: String(r['name']),
    content: String(r['content'] ?? ''), summary: str(r['summary']), latitude: num(r['latitude']),
    longitude: num(r['longitude']), locationName: str(r['location_name']), createdAt: String(r['created_at']),
    modifiedAt: String(r['modified_at']), dueAt: str(r['due_at']), completedAt: str(r['completed_at']),
    eventStart: str(r['event_start']), eventEnd: str(r['event_end']), folder: str(r['folder']), tags: tagsOf(r['tags']),
    status: str(r['status']), priority: num(r['priority']), sortOrder: num(r['sort_order']), url: str(r['url']),
    source: str(r['source']), sourceId: str(r['source_id']), deletedAt: str(r['deleted_at']), version: Number(r['version']),
  };
}

export function toSummary(r: Row): CardSummary {
  return {
    id: String(r['id']), cardType: String(r['card_type']) as Card['cardType'], name: String(r['name']),
    summary: str(r['summary']), folder: str(r['folder']), tags: tagsOf(r['tags']), modifiedAt: String(r['modified_at']),
    version: Number(r['version']),
  };
}

export function cardValues(c: Card): SqlValue[] {
  return [c.id, c.cardType, c.name, c.content, c.summary, c.latitude, c.longitude, c.locationName, c.createdAt,
    c.modifiedAt, c.dueAt, c.completedAt, c.eventStart, c.eventEnd, c.folder, JSON.stringify(c.tags), c.status,
    c.priority, c.sortOrder, c.url, c.source, c.sourceId, c.deletedAt, c.version];
}

export function toConnection(r: Row): Connection {
  return {
    id: String(r['id']), sourceId: String(r['source_id']), targetId: String(r['target_id']),
    viaCardId: str(r['via_card_id']), label: str(r['label']), weight: Number(r['weight']),
    createdAt: String(r['created_at']), origin: String(r['origin']) as ConnectionOrigin,
  };
}

/** The WHERE part (after "deleted_at IS NULL") and its parameters for a listing's filter. */
export function filterSql(filter: CardFilter): { sql: string; params: SqlValue[] } {
  let sql = '';
  const params: SqlValue[] = [];
  if (filter.cardType !== undefined) {
    sql += ' AND card_type = ?';
    params.push(filter.cardType);
  }
  if (filter.folder !== undefined && filter.folder.trim() !== '') {
    sql += ' AND folder = ?';
    params.push(filter.folder);
  }
  if (filter.tag !== undefined && filter.tag.trim() !== '') {
    sql += ' AND EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE json_each.value = ?)';
    params.push(filter.tag);
  }
  return { sql, params };
}

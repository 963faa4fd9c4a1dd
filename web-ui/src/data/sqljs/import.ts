import type { Database } from 'sql.js';
import type { Card, JobError, JobProgress, TransferFormat } from '../../model';
import type { CardWrites } from './cards';
import { check, coerce, fail } from './fields';
import { parseMarkdownFile } from './markdown-file';
import { one, transaction } from './sql';

/** A file chosen in the page: its path relative to what was chosen (folder/name.md) and its text. */
export interface ImportFile {
  path: string;
  text: string;
}

interface Tally { imported: number; updated: number; unchanged: number; errors: JobError[]; links: string[] }

/**
 * Imports in rollback mode, from files chosen in the page (the page cannot read paths): a JSON
 * archive (exact cards and connections, as Java's JsonArchive + Importer) and Markdown files with
 * front matter. CSV is not available here. Progress goes to onJob listeners as `job` events would.
 */
export class ImportRunner {
  private readonly staged = new Map<string, ImportFile[]>();
  private readonly listeners = new Set<(p: JobProgress) => void>();
  private readonly cancelled = new Set<string>();
  private next = 1;

  constructor(
    private readonly cards: CardWrites,
    private readonly db: Database,
    private readonly changed: () => void,
    private readonly pick?: (format: TransferFormat) => Promise<ImportFile[] | null>,
  ) {}

  stage(files: ImportFile[]): string {
    const token = `page-files:${this.next++}`;
    this.staged.set(token, files);
    return token;
  }

  async choose(format: TransferFormat): Promise<string | null> {
    if (format === 'csv') fail('UNAVAILABLE', 'CSV import is not available in rollback mode; use Markdown or JSON.', 'import:choose');
    if (!this.pick) fail('UNAVAILABLE', 'Choosing files is not available here.', 'import:choose');
    const files = await this.pick(format);
    return files === null || files.length === 0 ? null : this.stage(files);
  }

  onJob(listener: (p: JobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cancel(jobId: string): void {
    this.cancelled.add(jobId);
  }

  async start(format: TransferFormat, path: string): Promise<string> {
    const files = this.staged.get(path);
    if (files === undefined) fail('INVALID', `nothing to import at ${path} (in rollback mode, choose the files again)`, 'import:start');
    if (format === 'csv') fail('UNAVAILABLE', 'CSV import is not available in rollback mode; use Markdown or JSON.', 'import:start');
    this.staged.delete(path);
    const jobId = `rollback-import-${this.next++}`;
    // Runs after the caller has its job id, as a native job does.
    setTimeout(() => this.run(jobId, format, files), 0);
    return jobId;
  }

  private emit(p: Partial<JobProgress> & { jobId: string }): void {
    const full: JobProgress = { kind: 'import', phase: '', done: 0, total: 0, finished: false, cancelled: false,
      failed: null, imported: 0, updated: 0, errors: [], ...p };
    for (const l of [...this.listeners]) l(full);
  }

  private run(jobId: string, format: TransferFormat, files: ImportFile[]): void {
    const t: Tally = { imported: 0, updated: 0, unchanged: 0, errors: [], links: [] };
    try {
      if (format === 'json') {
        if (files.length !== 1) fail('INVALID', 'a JSON import takes one archive file', 'import:start');
        this.archive(files[0]!, t);
      } else {
        this.markdown(jobId, files, t);
        this.emit({ jobId, phase: 'linking', done: 0, total: t.links.length });
        transaction(this.db, () => {
          for (const id of t.links) {
            const c = this.cards.find(id);
            if (c) this.cards.syncLinks(c);
          }
        });
      }
      const n = t.imported + t.updated + t.unchanged;
      const cancelled = this.cancelled.has(jobId);
      this.emit({ jobId, phase: cancelled ? 'cancelled' : 'done', done: n, total: n, finished: true, cancelled,
        imported: t.imported, updated: t.updated, errors: t.errors.slice(0, 100) });
    } catch (e) {
      this.emit({ jobId, phase: 'failed', finished: true, failed: e instanceof Error ? e.message : String(e) });
    } finally {
      this.cancelled.delete(jobId);
      this.changed();
    }
  }

  private archive(file: ImportFile, t: Tally): void {
    let doc: unknown;
    try {
      doc = JSON.parse(file.text);
    } catch (e) {
      fail('INVALID', `not valid JSON (${(e as Error).message})`, 'import:start');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      fail('INVALID', 'not an Isometry archive: the file is not a JSON object', 'import:start');
    }
    const a = doc as Record<string, unknown>;
    if (a['format'] !== 'isometry-archive') fail('INVALID', `not an Isometry archive (format is "${String(a['format'])}")`, 'import:start');
    if (typeof a['version'] === 'number' && a['version'] > 1) {
      fail('INVALID', `archive version ${a['version']} is newer than this app reads (1)`, 'import:start');
    }
    const name = file.path.split('/').pop() ?? file.path;
    const cards = Array.isArray(a['cards']) ? a['cards'] : [];
    cards.forEach((raw: unknown, i: number) => {
      try {
        transaction(this.db, () => this.exactCard(raw, t));
      } catch (e) {
        t.errors.push({ file: `${name} card ${i + 1}`, message: e instanceof Error ? e.message : String(e) });
      }
    });
    const connections = Array.isArray(a['connections']) ? a['connections'] : [];
    transaction(this.db, () => {
      for (const raw of connections as Array<Record<string, unknown>>) this.connection(raw, name, t);
    });
  }

  private exactCard(raw: unknown, t: Tally): void {
    const command = 'import:start';
    if (typeof raw !== 'object' || raw === null) fail('INVALID', 'does not fit: not an object', command);
    const { id, createdAt, modifiedAt, deletedAt, version, ...fields } = raw as Record<string, unknown>;
    if (typeof id !== 'string' || typeof createdAt !== 'string' || typeof modifiedAt !== 'string' || typeof version !== 'number') {
      fail('INVALID', 'does not fit: id, createdAt, modifiedAt and version are required', command);
    }
    const typed = coerce(fields, command);
    const card = { ...typed, id, createdAt, modifiedAt, deletedAt: typeof deletedAt === 'string' ? deletedAt : null, version } as Card;
    for (const [k, v] of Object.entries({ content: '', summary: null, latitude: null, longitude: null, locationName: null,
      dueAt: null, completedAt: null, eventStart: null, eventEnd: null, folder: null, tags: [], status: null,
      priority: null, sortOrder: null, url: null, source: null, sourceId: null })) {
      if ((card as unknown as Record<string, unknown>)[k] === undefined) (card as unknown as Record<string, unknown>)[k] = v;
    }
    check(card, command);
    const old = this.cards.find(id);
    if (old === undefined) {
      this.cards.insertExact(card, command);
      t.imported++;
    } else if (JSON.stringify(old) === JSON.stringify(card)) {
      t.unchanged++;
    } else {
      const next = { ...card, version: Math.max(old.version + 1, card.version) };
      this.cards.updateIfVersion(next, old.version);
      this.cards.recordHistory(next, 'import');
      t.updated++;
    }
  }

  private connection(c: Record<string, unknown>, file: string, t: Tally): void {
    const id = String(c['id']);
    if (one(this.db, 'SELECT 1 FROM connections WHERE id = ?', [id]) !== undefined) return;
    const exists = (v: unknown) => typeof v === 'string' && one(this.db, 'SELECT 1 FROM cards WHERE id = ?', [v]) !== undefined;
    if (!exists(c['sourceId']) || !exists(c['targetId'])) {
      t.errors.push({ file, message: `connection ${id} joins a card that is not in the archive` });
      return;
    }
    const weight = typeof c['weight'] === 'number' ? c['weight'] : 1;
    if (weight < 0 || weight > 1) {
      t.errors.push({ file, message: `connection ${id} has a weight outside 0..1` });
      return;
    }
    this.db.run(`INSERT INTO connections (id, source_id, target_id, via_card_id, label, weight, created_at, origin)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [id, String(c['sourceId']), String(c['targetId']),
      exists(c['viaCardId']) ? String(c['viaCardId']) : null, typeof c['label'] === 'string' ? c['label'] : null, weight,
      String(c['createdAt']), c['origin'] === 'link' ? 'link' : 'manual']);
  }

  private markdown(jobId: string, files: ImportFile[], t: Tally): void {
    const md = files.filter((f) => f.path.toLowerCase().endsWith('.md') && !f.path.split('/').some((p) => p.startsWith('.')))
      .sort((a, b) => a.path.localeCompare(b.path));
    const root = md.length > 0 && md.every((f) => f.path.includes('/')) ? md[0]!.path.split('/')[0]! : '';
    md.forEach((f, i) => {
      if (this.cancelled.has(jobId)) return;
      const rel = root === '' ? f.path : f.path.slice(root.length + 1);
      try {
        const item = parseMarkdownFile(rel, f.text);
        transaction(this.db, () => this.sourced(item.values, `markdown:${root || 'files'}`, item.sourceId, t));
      } catch (e) {
        t.errors.push({ file: rel, message: e instanceof Error ? e.message : String(e) });
      }
      if ((i + 1) % 100 === 0) this.emit({ jobId, phase: 'importing cards', done: i + 1, total: md.length });
    });
  }

  private sourced(raw: Record<string, unknown>, source: string, sourceId: string, t: Tally): void {
    const command = 'import:start';
    const values = coerce(raw, command);
    const row = one(this.db, 'SELECT id FROM cards WHERE source = ? AND source_id = ?', [source, sourceId]);
    if (row === undefined) {
      const card = this.cards.create({ ...values, source, sourceId }, 'import', command);
      t.imported++;
      if (card.content.includes('[[')) t.links.push(card.id);
      return;
    }
    const current = this.cards.find(String(row['id']))!;
    const next = { ...current, ...values };
    if (JSON.stringify(next) === JSON.stringify(current)) {
      t.unchanged++;
      return;
    }
    this.cards.update(current.id, current.version, values, 'import', command);
    t.updated++;
    t.links.push(current.id);
  }
}

/**
 * The outbox: every write the page has asked for and not yet seen settled (a reply, or a failure it
 * reported), in the order it was asked for. Writes enter before their first send and leave when they
 * settle, so after a page reload the new page finds exactly the writes whose outcome nobody saw and
 * replays them (same request id: Java applies each once). Bounded; a full outbox refuses new writes.
 */
export interface OutboxEntry {
  /** Order of asking; replay follows it. */
  readonly seq: number;
  /** The request id (also the idempotency key). */
  readonly id: string;
  readonly command: string;
  /** The whole request envelope, sent as is on every attempt. */
  readonly json: string;
  /** Epoch ms when the write was asked for. */
  readonly at: number;
}

/** Thrown by {@link Outbox.add} when a write cannot be kept; the write must be refused visibly. */
export class OutboxFullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxFullError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export interface Outbox {
  readonly size: number;
  readonly capacity: number;
  /** Keeps a write; throws {@link OutboxFullError} when full or when the storage refuses it. */
  add(entry: OutboxEntry): void;
  /** Forgets a settled write; false when it was not there. */
  remove(id: string): boolean;
  /** Every kept write, ordered by seq. */
  entries(): OutboxEntry[];
}

export const DEFAULT_OUTBOX_CAPACITY = 5_000;

function full(capacity: number): OutboxFullError {
  return new OutboxFullError(
    `${capacity} changes are already waiting for the store; this one was not saved. Try again once they are through.`,
  );
}

/** Kept in memory only: survives nothing but is enough for tests and the bare benchmark path. */
export class MemoryOutbox implements Outbox {
  private readonly items = new Map<string, OutboxEntry>();

  constructor(readonly capacity: number = DEFAULT_OUTBOX_CAPACITY) {}

  get size(): number {
    return this.items.size;
  }

  add(entry: OutboxEntry): void {
    if (this.items.size >= this.capacity) throw full(this.capacity);
    this.items.set(entry.id, entry);
  }

  remove(id: string): boolean {
    return this.items.delete(id);
  }

  entries(): OutboxEntry[] {
    return [...this.items.values()].sort((a, b) => a.seq - b.seq);
  }
}

/** The part of the Web Storage API the persisted outbox uses (tests pass a Map-backed fake). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** Web Storage kept in a Map: the in-memory outbox variant of the replay benchmark, and tests. */
export class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();

  get length(): number {
    return this.map.size;
  }

  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }

  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }

  removeItem(key: string): void {
    this.map.delete(key);
  }
}

export const OUTBOX_KEY_PREFIX = 'isometry.outbox.v1.';

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['seq'] === 'number' &&
    typeof v['id'] === 'string' &&
    typeof v['command'] === 'string' &&
    typeof v['json'] === 'string' &&
    typeof v['at'] === 'number'
  );
}

/** When the storage keys of settled writes are removed. */
export interface OutboxCleanup {
  /** Quiet time after the last settled write before its key goes (a burst is cleaned after it ends). */
  idleMs: number;
  /** A key waits no longer than this, however busy the queue. */
  maxDelayMs: number;
  /** Keys removed per turn of the event loop, so cleaning never holds the page up for long. */
  chunk: number;
}

export const DEFAULT_OUTBOX_CLEANUP: OutboxCleanup = { idleMs: 100, maxDelayMs: 2_000, chunk: 200 };

/**
 * Kept in the page's localStorage, one key per write (`isometry.outbox.v1.<id>`), so adding and
 * removing cost one storage operation each instead of rewriting the whole queue. The page reload
 * keeps localStorage; the WebView writes it under the data directory's `webview/` folder.
 *
 * A write is kept before it is first sent (so a reload never loses it). A settled write leaves the
 * queue at once, but its key is removed a little later, in chunks, once a burst of writes is through:
 * each removal costs WebKit most of a millisecond, and a replay of 1,000 queued writes should not wait
 * for them. A key still there when the page reloads is simply sent again — Java recognises its request
 * id and answers with the first reply, applying nothing twice (decision 21).
 */
export class StorageOutbox implements Outbox {
  private readonly items = new Map<string, OutboxEntry>();
  private readonly doomed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstDoomedAt = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    readonly capacity: number = DEFAULT_OUTBOX_CAPACITY,
    private readonly prefix: string = OUTBOX_KEY_PREFIX,
    private readonly cleanup: OutboxCleanup = DEFAULT_OUTBOX_CLEANUP,
  ) {
    for (const entry of this.read()) this.items.set(entry.id, entry);
  }

  /** Keys of settled writes not yet removed from storage. */
  get cleaning(): number {
    return this.doomed.size;
  }

  /** Removes every settled write's key now (the page is going away, or a test wants it done). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.doomed) this.storage.removeItem(this.prefix + id);
    this.doomed.clear();
  }

  private scheduleCleanup(): void {
    const now = Date.now();
    if (this.doomed.size === 1) this.firstDoomedAt = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.cleanup.idleMs, this.firstDoomedAt + this.cleanup.maxDelayMs - now));
    this.timer = setTimeout(() => this.cleanChunk(), wait);
  }

  private cleanChunk(): void {
    this.timer = undefined;
    let n = 0;
    for (const id of this.doomed) {
      if (n++ >= this.cleanup.chunk) break;
      this.doomed.delete(id);
      this.storage.removeItem(this.prefix + id);
    }
    if (this.doomed.size > 0) {
      this.firstDoomedAt = Date.now() - this.cleanup.maxDelayMs; // the rest goes on the next turns
      this.timer = setTimeout(() => this.cleanChunk(), 0);
    }
  }

  get size(): number {
    return this.items.size;
  }

  add(entry: OutboxEntry): void {
    if (this.items.size >= this.capacity) throw full(this.capacity);
    this.doomed.delete(entry.id); // kept again: its key must not be cleaned away
    try {
      this.storage.setItem(this.prefix + entry.id, JSON.stringify(entry));
    } catch (e) {
      throw new OutboxFullError(
        `The page's storage refused to keep this change (${e instanceof Error ? e.message : String(e)}); it was not saved.`,
      );
    }
    this.items.set(entry.id, entry);
  }

  remove(id: string): boolean {
    if (!this.items.delete(id)) return false;
    this.doomed.add(id);
    this.scheduleCleanup();
    return true;
  }

  entries(): OutboxEntry[] {
    return [...this.items.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Reads what an earlier page left; unreadable entries are dropped from storage (and counted). */
  private read(): OutboxEntry[] {
    const found: OutboxEntry[] = [];
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key !== null && key.startsWith(this.prefix)) keys.push(key);
    }
    for (const key of keys) {
      const raw = this.storage.getItem(key);
      let parsed: unknown = null;
      try {
        parsed = raw === null ? null : JSON.parse(raw);
      } catch {
        parsed = null;
      }
      if (isEntry(parsed) && key === this.prefix + parsed.id) {
        found.push(parsed);
      } else {
        this.unreadable++;
        this.storage.removeItem(key);
      }
    }
    return found.sort((a, b) => a.seq - b.seq);
  }

  /** Entries found in storage that could not be read back (reported in health). */
  unreadable = 0;
}

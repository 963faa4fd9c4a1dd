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

/**
 * Kept in the page's localStorage, one key per write (`isometry.outbox.v1.<id>`), so adding and
 * removing cost one storage operation each instead of rewriting the whole queue. The page reload
 * keeps localStorage; the WebView writes it under the data directory's `webview/` folder.
 */
export class StorageOutbox implements Outbox {
  private readonly items = new Map<string, OutboxEntry>();

  constructor(
    private readonly storage: KeyValueStorage,
    readonly capacity: number = DEFAULT_OUTBOX_CAPACITY,
    private readonly prefix: string = OUTBOX_KEY_PREFIX,
  ) {
    for (const entry of this.read()) this.items.set(entry.id, entry);
  }

  get size(): number {
    return this.items.size;
  }

  add(entry: OutboxEntry): void {
    if (this.items.size >= this.capacity) throw full(this.capacity);
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
    this.storage.removeItem(this.prefix + id);
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

/**
 * Undo and redo of editor states. Consecutive edits of the same field within `coalesceMs` make one
 * step, as in a text editor: undo takes back the word, not the letter. Not tied to any card; the
 * editor clears it when another card opens.
 */
export class EditHistory<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;

  constructor(
    private readonly limit = 200,
    private readonly coalesceMs = 1_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Call before replacing `previous` with a new state; `key` names what changed (e.g. the field). */
  record(previous: T, key: string): void {
    const at = this.now();
    const coalesce = key === this.lastKey && at - this.lastAt < this.coalesceMs && this.past.length > 0;
    this.lastKey = key;
    this.lastAt = at;
    this.future = [];
    if (coalesce) return;
    this.past.push(previous);
    if (this.past.length > this.limit) this.past.shift();
  }

  /** The state to go back to, given the current one; undefined when there is none. */
  undo(current: T): T | undefined {
    const previous = this.past.pop();
    if (previous === undefined) return undefined;
    this.future.push(current);
    this.lastKey = null;
    return previous;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(current);
    this.lastKey = null;
    return next;
  }

  canUndo(): boolean {
    return this.past.length > 0;
  }

  canRedo(): boolean {
    return this.future.length > 0;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = null;
  }
}

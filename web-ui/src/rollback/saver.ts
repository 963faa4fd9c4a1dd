import { signal, type Signal } from '@preact/signals';

/** Debounce between the last change and its save. */
export const SAVE_DEBOUNCE_MS = 1_500;
/** First retry after a failed save; doubles up to RETRY_MAX_MS. */
export const RETRY_MIN_MS = 2_000;
export const RETRY_MAX_MS = 30_000;

export interface SaveOutcome {
  /** Where it went, in words (a file, "a download"). */
  where: string;
  sha256: string;
  savedAt: string;
}

export interface SaveStatus {
  /** Changes not yet saved (or being saved). */
  dirty: boolean;
  saving: boolean;
  last: SaveOutcome | null;
  /** Why the last attempt failed; null after a success. */
  error: string | null;
}

export interface SaverConfig {
  /** The bytes to save, taken when the save starts (so the latest state is what goes out). */
  snapshot: () => Uint8Array;
  /** Writes the bytes somewhere safe. */
  write: (bytes: Uint8Array) => Promise<SaveOutcome>;
  debounceMs?: number;
  /** False: changes only mark the state dirty and saving waits for flush() (the browser's Download). */
  auto?: boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Saves rollback mode's database after changes: debounced, never two saves at once, the latest state
 * always ends up saved (changes during a save lead to one more), and a failed save is shown and retried
 * with backoff. A crash therefore loses at most the debounce interval plus one save.
 */
export class RollbackSaver {
  readonly status: Signal<SaveStatus> = signal({ dirty: false, saving: false, last: null, error: null });
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private again = false;
  private retryMs = RETRY_MIN_MS;
  private readonly debounceMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly config: SaverConfig) {
    this.debounceMs = config.debounceMs ?? SAVE_DEBOUNCE_MS;
    this.setTimer = config.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = config.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Something changed: save after the debounce interval (restarted by each change). */
  changed(): void {
    this.update({ dirty: true });
    if (this.config.auto !== false) this.schedule(this.debounceMs);
    else if (this.inFlight) this.again = true;
  }

  /** Saves now (the Download button, closing the window); resolves when the latest state is saved or failed. */
  async flush(): Promise<void> {
    this.cancelTimer();
    if (this.inFlight) {
      this.again = true;
      await this.inFlight;
      return this.inFlight ?? undefined;
    }
    return this.run();
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      if (this.inFlight) this.again = true;
      else void this.run();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    this.again = false;
    this.update({ saving: true });
    const attempt = (async () => {
      try {
        const outcome = await this.config.write(this.config.snapshot());
        this.retryMs = RETRY_MIN_MS;
        this.update({ last: outcome, error: null });
      } catch (e) {
        this.update({ error: e instanceof Error ? e.message : String(e) });
        this.again = true;
        const wait = this.retryMs;
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        this.inFlight = null;
        this.update({ saving: false });
        this.schedule(wait);
        return;
      }
      this.inFlight = null;
      if (this.again) {
        // Changes arrived while saving: one more save, right away (they already waited).
        void this.run();
      } else {
        this.update({ saving: false, dirty: this.timer !== null });
      }
    })();
    this.inFlight = attempt;
    return attempt;
  }

  private update(part: Partial<SaveStatus>): void {
    this.status.value = { ...this.status.value, ...part };
  }
}

import type { BridgeClient } from './client';

export interface HeartbeatConfig {
  /** A ping when nothing was heard from the host for this long (0 turns the heartbeat off). */
  readonly everyMs: number;
  /** How often the heartbeat looks at the connection; also the pace of half-open trials. */
  readonly tickMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatConfig = Object.freeze({ everyMs: 5_000, tickMs: 250 });

export interface HeartbeatFigures {
  /** Epoch ms of the last answered heartbeat (0 before the first). */
  lastOkAt: number;
  /** Round trip of the last answered heartbeat, ms (the page clock has 1 ms resolution). */
  lastRttMs: number;
  sent: number;
  failed: number;
  /** Failures since the last success. */
  failingFor: number;
}

/**
 * Keeps an eye on the host: while the circuit is closed it pings after `everyMs` of silence (a
 * failure counts against the circuit like any other); while it is open it sends the breaker's trial
 * count of pings whenever the cool-down may have passed, which is what half-opens and then closes the
 * circuit (the breaker itself admits no more than its trial count). Single-threaded like the page.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight = 0;
  private lastBeatAt = 0;
  private readonly figures: HeartbeatFigures = { lastOkAt: 0, lastRttMs: 0, sent: 0, failed: 0, failingFor: 0 };

  constructor(
    private readonly client: Pick<BridgeClient, 'isReady' | 'circuit' | 'lastReplyTime'>,
    private readonly ping: () => Promise<unknown>,
    private readonly trials: number,
    private readonly config: HeartbeatConfig = DEFAULT_HEARTBEAT,
  ) {}

  start(): void {
    if (this.timer !== undefined || this.config.everyMs <= 0) return;
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.min(this.config.tickMs, this.config.everyMs)));
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  health(): HeartbeatFigures {
    return { ...this.figures };
  }

  /** One look at the connection (the timer calls this; tests may too). */
  tick(now: number = Date.now()): void {
    if (this.inFlight > 0 || !this.client.isReady()) return;
    if (this.client.circuit() === 'closed') {
      if (now - Math.max(this.lastBeatAt, this.client.lastReplyTime()) < this.config.everyMs) return;
      this.beat(1);
    } else {
      this.beat(Math.max(1, this.trials));
    }
  }

  private beat(n: number): void {
    this.lastBeatAt = Date.now();
    for (let i = 0; i < n; i++) {
      const start = Date.now();
      this.inFlight++;
      this.ping().then(
        () => {
          this.inFlight--;
          this.figures.sent++;
          this.figures.lastOkAt = Date.now();
          this.figures.lastRttMs = this.figures.lastOkAt - start;
          this.figures.failingFor = 0;
        },
        (e: unknown) => {
          this.inFlight--;
          // A probe refused by an open circuit was never sent: not a heartbeat failure.
          if (typeof e === 'object' && e !== null && (e as { notSent?: boolean }).notSent === true) return;
          this.figures.sent++;
          this.figures.failed++;
          this.figures.failingFor++;
        },
      );
    }
  }
}

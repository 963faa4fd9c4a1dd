import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  ExponentialBackoff,
  circuitBreaker,
  fullJitterGenerator,
  halfJitterGenerator,
  handleWhen,
  retry,
  type IBreaker,
  type RetryPolicy,
} from 'cockatiel';
import { BridgeError } from './errors';

/** What the client tells a policy about the call it wraps. The id is the same on every attempt. */
export interface CallDescriptor {
  readonly id: string;
  readonly command: string;
  readonly kind: 'read' | 'write' | 'job';
}

export type CircuitName = 'closed' | 'open' | 'half-open';

/**
 * Resilience around a whole call. `attempt` sends the request (same id every time) and settles with
 * its reply; a policy may call it more than once.
 */
export interface CallPolicy {
  execute<T>(attempt: () => Promise<T>, call: CallDescriptor): Promise<T>;
  /** One attempt through the circuit breaker, no retry (heartbeats and half-open trials). */
  probe?<T>(attempt: () => Promise<T>): Promise<T>;
  /** How many probes the client sends to test a half-open circuit (its trial count). */
  readonly trials?: number;
  /** The breaker's state; a policy without one is always closed. */
  circuit?(): CircuitName;
  onCircuitChange?(listener: (state: CircuitName) => void): void;
  /** Called before each retry with the jittered delay chosen (attempt 1 is the first retry). */
  onRetry?(listener: (delayMs: number, attempt: number) => void): void;
}

/** Runs each call exactly once; no breaker. */
export const DIRECT_POLICY: CallPolicy = {
  execute: (attempt) => attempt(),
};

export interface RetryConfig {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Backoff before retry k is uniform in [0, min(maxDelayMs, initialDelayMs * 2^(k-1))) (full jitter). */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts later than this after the first attempt began. */
  readonly maxRetryTimeMs: number;
}

export interface BreakerConfig {
  /** Opens after this many transient failures in a row... */
  readonly consecutiveFailures: number;
  /** ...or when more than this share (0..1, exclusive) of the last `windowCalls` calls failed, once `minimumCalls` were made. */
  readonly failureRate: number;
  readonly windowCalls: number;
  readonly minimumCalls: number;
  /** Cool-down before half-open trials (jittered in [½, 1]×); doubles (to `maxHalfOpenAfterMs`) while trials fail. */
  readonly halfOpenAfterMs: number;
  readonly maxHalfOpenAfterMs: number;
  /** Trial calls admitted while half-open; all must succeed to close. */
  readonly halfOpenTrials: number;
}

export interface ResilienceConfig {
  readonly retry: RetryConfig;
  readonly breaker: BreakerConfig;
}

export const DEFAULT_RESILIENCE: ResilienceConfig = Object.freeze({
  retry: Object.freeze({ maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, maxRetryTimeMs: 60_000 }),
  breaker: Object.freeze({
    consecutiveFailures: 5,
    failureRate: 0.5,
    windowCalls: 50,
    minimumCalls: 20,
    halfOpenAfterMs: 1_000,
    maxHalfOpenAfterMs: 15_000,
    halfOpenTrials: 3,
  }),
});

/** Failures that say nothing about the request itself: the bridge may work again shortly. */
export function isTransient(error: unknown): boolean {
  return error instanceof BridgeError && error.retryable && !error.notSent;
}

/** Opens when either breaker would: N failures in a row, or a failure rate over a window of calls. */
class EitherBreaker implements IBreaker {
  constructor(
    private readonly a: IBreaker,
    private readonly b: IBreaker,
  ) {}

  get state(): unknown {
    return [this.a.state, this.b.state];
  }

  set state(value: unknown) {
    if (Array.isArray(value)) {
      this.a.state = value[0];
      this.b.state = value[1];
    }
  }

  success(state: CircuitState): void {
    this.a.success(state);
    this.b.success(state);
  }

  failure(state: CircuitState): boolean {
    const x = this.a.failure(state);
    const y = this.b.failure(state);
    return x || y;
  }
}

/** Thrown inside the retry loop to stop retrying once the time budget is spent. */
class GiveUp {
  constructor(readonly error: unknown) {}
}

function circuitName(state: CircuitState): CircuitName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}

/**
 * Cockatiel's retry (exponential backoff, full jitter) around its circuit breaker, configured for the
 * bridge: only retryable failures (BUSY, UNAVAILABLE, TIMEOUT) are retried or counted against the
 * circuit, attempts and total retry time are bounded, and an open circuit fails the call at once with
 * an UNAVAILABLE error marked `notSent` (the client queues writes on it instead).
 */
export class ResiliencePolicy implements CallPolicy {
  private readonly retryPolicy: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly counts: EitherBreaker;
  readonly trials: number;

  constructor(
    readonly config: ResilienceConfig = DEFAULT_RESILIENCE,
    private readonly now: () => number = () => Date.now(),
  ) {
    const b = config.breaker;
    this.trials = b.halfOpenTrials;
    this.counts = new EitherBreaker(
      new ConsecutiveBreaker(b.consecutiveFailures),
      new CountBreaker({
        threshold: Math.min(0.999, Math.max(0.001, b.failureRate)),
        size: Math.max(1, Math.round(b.windowCalls)),
        minimumNumberOfCalls: Math.max(1, Math.min(Math.round(b.windowCalls), Math.round(b.minimumCalls))),
      }),
    );
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      breaker: this.counts,
      halfOpenAfter: new ExponentialBackoff({
        initialDelay: b.halfOpenAfterMs,
        maxDelay: b.maxHalfOpenAfterMs,
        generator: halfJitterGenerator,
      }),
      halfOpenSampling: { calls: b.halfOpenTrials, threshold: 0 },
    });
    const r = config.retry;
    this.retryPolicy = retry(handleWhen(isTransient), {
      maxAttempts: Math.max(0, r.maxAttempts - 1),
      backoff: new ExponentialBackoff({
        initialDelay: r.initialDelayMs,
        maxDelay: r.maxDelayMs,
        generator: fullJitterGenerator,
      }),
    });
  }

  /**
   * The common case — circuit closed, first attempt answered — takes a fast path: the attempt runs
   * directly and its success is counted straight into the breaker's counters (what cockatiel's closed
   * state does, minus a chain of promise hops measured at ~30 µs per call in the WebView). The first
   * transient failure is counted through the breaker itself (it may open it) and then the retries run
   * through cockatiel: backoff, then each attempt through the breaker.
   */
  execute<T>(attempt: () => Promise<T>, call: CallDescriptor): Promise<T> {
    if (call.kind === 'job') return this.probe(attempt);
    if (this.breaker.state !== CircuitState.Closed) return this.withRetries(attempt, this.now(), undefined);
    const start = this.now();
    return attempt().then(
      (value) => {
        if (this.breaker.state === CircuitState.Closed) this.counts.success(CircuitState.Closed);
        return value;
      },
      (first: unknown) => {
        if (!isTransient(first)) throw first;
        return this.breaker.execute(() => Promise.reject(first)).then(
          () => {
            throw first;
          },
          () => this.withRetries(attempt, start, first),
        );
      },
    );
  }

  /** Retries (cockatiel) after an already failed first attempt, or from scratch when `first` is absent. */
  private async withRetries<T>(attempt: () => Promise<T>, start: number, first: unknown): Promise<T> {
    let last: unknown = first;
    try {
      return await this.retryPolicy.execute(async ({ attempt: n }) => {
        if (n === 0 && first !== undefined) throw first; // already tried and counted; back off, then retry
        if (n > 0 && this.now() - start >= this.config.retry.maxRetryTimeMs) throw new GiveUp(last);
        try {
          return await this.probe(attempt);
        } catch (e) {
          last = e;
          throw e;
        }
      });
    } catch (e) {
      throw e instanceof GiveUp ? e.error : e;
    }
  }

  async probe<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.execute(attempt);
    } catch (e) {
      if (e instanceof BrokenCircuitError) {
        throw new BridgeError({
          kind: 'UNAVAILABLE',
          message: 'Reconnecting to the Isometry store…',
          retryable: true,
          command: '',
          notSent: true,
        });
      }
      throw e;
    }
  }

  circuit(): CircuitName {
    return circuitName(this.breaker.state);
  }

  onCircuitChange(listener: (state: CircuitName) => void): void {
    this.breaker.onStateChange((s) => listener(circuitName(s)));
  }

  onRetry(listener: (delayMs: number, attempt: number) => void): void {
    this.retryPolicy.onRetry((e) => listener(e.delay, e.attempt));
  }
}

import { BridgeError } from './errors';
import { MemoryOutbox, type Outbox, type OutboundRequest } from './outbox';
import type { Transport } from './transport';
import { newRequestId } from './uuid';

export type { Transport } from './transport';
export { WebViewTransport } from './transport';

export const PROTOCOL_VERSION = 1;

/** Reads are safe to repeat; writes change the store. They get different default timeouts. */
export type CallKind = 'read' | 'write';

export interface CallOptions {
  kind?: CallKind;
  /** Overrides the configured timeout for this call. */
  timeoutMs?: number;
}

/** What a policy knows about the call it wraps. The id is stable across attempts (idempotency). */
export interface CallDescriptor {
  readonly id: string;
  readonly command: string;
  readonly kind: CallKind;
}

/**
 * A seam for resilience policies around a whole call: retry with jittered backoff, circuit breaker,
 * bulkhead. `attempt` sends the request (same id every time) and settles with its reply; a policy
 * may call it more than once. A cockatiel policy fits with a two-line adapter.
 */
export interface CallPolicy {
  execute<T>(attempt: () => Promise<T>, call: CallDescriptor): Promise<T>;
}

/** Runs each call exactly once. */
export const DIRECT_POLICY: CallPolicy = {
  execute: (attempt) => attempt(),
};

export interface BridgeLogger {
  warn(message: string, detail?: unknown): void;
}

export interface BridgeClientConfig {
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
  readonly policy: CallPolicy;
  readonly outbox: Outbox;
  readonly newId: () => string;
  readonly logger: BridgeLogger;
}

/** Defaults for everything but the outbox, which is per client. */
export const DEFAULT_CONFIG: Omit<BridgeClientConfig, 'outbox'> = Object.freeze({
  readTimeoutMs: 10_000,
  writeTimeoutMs: 15_000,
  policy: DIRECT_POLICY,
  newId: () => newRequestId(),
  logger: { warn: (message: string, detail?: unknown) => console.warn(`[bridge] ${message}`, detail ?? '') },
});

export interface BridgeStats {
  /** Calls sent or queued and still waiting for a reply. */
  pending: number;
  /** Requests waiting for the host to appear. */
  queued: number;
  sent: number;
  /** Well-formed envelopes received (replies and events). */
  received: number;
  timeouts: number;
  /** Replies whose id matched no pending call (timed out before, or duplicates). */
  lateReplies: number;
  /** Batches or envelopes that could not be understood. */
  malformed: number;
  /** Event envelopes received, whether or not anyone subscribed. */
  events: number;
}

export interface EventEnvelope {
  v: number;
  event: string;
  seq: number;
  data: unknown;
}

export type EventHandler = (data: unknown, envelope: EventEnvelope) => void;

interface PendingCall {
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: BridgeError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Client side of the bridge protocol v1 (docs/BRIDGE-PROTOCOL.md): correlates replies to requests by
 * id, applies per-call timeouts, queues requests until the host exists and routes pushed events to
 * subscribers. Single-threaded like the page; one instance per page.
 *
 * Only src/bridge/api.ts calls {@link call}; views go through a Provider.
 */
export class BridgeClient {
  private readonly config: BridgeClientConfig;
  private readonly pending = new Map<string, PendingCall>();
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly readyWaiters: Array<() => void> = [];
  private readonly counters = { sent: 0, received: 0, timeouts: 0, lateReplies: 0, malformed: 0, events: 0 };

  constructor(
    private readonly transport: Transport,
    config: Partial<BridgeClientConfig> = {},
  ) {
    this.config = Object.freeze({
      ...DEFAULT_CONFIG,
      ...config,
      outbox: config.outbox ?? new MemoryOutbox(),
    });
    transport.onReceive((batch) => this.receive(batch));
    transport.onReady(() => this.hostReady());
    if (transport.isReady()) this.hostReady();
  }

  /** True once the host has been seen. */
  isReady(): boolean {
    return this.transport.isReady();
  }

  /** Resolves when the host is available (immediately if it already is). */
  whenReady(): Promise<void> {
    if (this.transport.isReady()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Sends a command and resolves with its result. Rejects with a {@link BridgeError}: the error the
   * host replied with, TIMEOUT when no reply came in time, UNAVAILABLE when sending failed.
   */
  call<T>(command: string, args: object, options: CallOptions = {}): Promise<T> {
    const kind = options.kind ?? 'read';
    const timeoutMs =
      options.timeoutMs ?? (kind === 'write' ? this.config.writeTimeoutMs : this.config.readTimeoutMs);
    const id = this.config.newId();
    const json = JSON.stringify({ v: PROTOCOL_VERSION, id, cmd: command, args });
    const descriptor: CallDescriptor = { id, command, kind };
    return this.config.policy.execute(() => this.attempt<T>({ id, command, json }, timeoutMs), descriptor);
  }

  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  on(event: string, handler: EventHandler): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  stats(): BridgeStats {
    return { pending: this.pending.size, queued: this.config.outbox.size, ...this.counters };
  }

  private attempt<T>(request: OutboundRequest, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A retried attempt reuses the id; the superseded entry must not linger.
      this.forget(request.id);
      const timer = setTimeout(() => this.timeOut(request.id), timeoutMs);
      this.pending.set(request.id, {
        command: request.command,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      if (this.transport.isReady()) {
        this.flush();
        this.transmit(request);
      } else {
        this.config.outbox.enqueue(request);
      }
    });
  }

  private hostReady(): void {
    this.flush();
    const waiters = this.readyWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  private flush(): void {
    if (this.config.outbox.size === 0) return;
    for (const request of this.config.outbox.drain()) this.transmit(request);
  }

  private transmit(request: OutboundRequest): void {
    try {
      this.transport.send(request.json);
      this.counters.sent++;
    } catch (e) {
      this.config.logger.warn(`send failed for ${request.command}`, e);
      this.settleError(
        request.id,
        new BridgeError({
          kind: 'UNAVAILABLE',
          message: 'The Isometry store could not be reached.',
          retryable: true,
          command: request.command,
          requestId: request.id,
        }),
      );
    }
  }

  private timeOut(id: string): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    this.config.outbox.remove(id);
    this.counters.timeouts++;
    call.reject(
      new BridgeError({
        kind: 'TIMEOUT',
        message: `The store did not answer "${call.command}" in time.`,
        retryable: true,
        command: call.command,
        requestId: id,
      }),
    );
  }

  private forget(id: string): PendingCall | undefined {
    const call = this.pending.get(id);
    if (call) {
      clearTimeout(call.timer);
      this.pending.delete(id);
    }
    return call;
  }

  private settleError(id: string, error: BridgeError): void {
    this.forget(id)?.reject(error);
  }

  /** Entry point for window.isometryReceive: never throws. */
  private receive(batchJson: string): void {
    let batch: unknown;
    try {
      if (typeof batchJson !== 'string') throw new TypeError(`batch is a ${typeof batchJson}`);
      batch = JSON.parse(batchJson);
    } catch (e) {
      this.counters.malformed++;
      this.config.logger.warn('ignored a batch that is not JSON', e);
      return;
    }
    if (!Array.isArray(batch)) {
      this.counters.malformed++;
      this.config.logger.warn('ignored a batch that is not an array');
      return;
    }
    for (const envelope of batch) {
      try {
        this.handleEnvelope(envelope);
      } catch (e) {
        this.config.logger.warn('envelope handling failed', e);
      }
    }
  }

  private handleEnvelope(envelope: unknown): void {
    if (!isObject(envelope) || envelope['v'] !== PROTOCOL_VERSION) {
      this.counters.malformed++;
      this.config.logger.warn('ignored an envelope with an unknown shape or version', envelope);
      return;
    }
    if (typeof envelope['event'] === 'string') {
      this.counters.received++;
      this.counters.events++;
      this.deliverEvent(envelope as unknown as EventEnvelope);
      return;
    }
    const id = envelope['id'];
    if (typeof id !== 'string') {
      this.counters.malformed++;
      this.config.logger.warn('ignored an envelope without id or event', envelope);
      return;
    }
    this.counters.received++;
    const call = this.forget(id);
    if (!call) {
      this.counters.lateReplies++;
      return;
    }
    if (envelope['ok'] === true) {
      call.resolve(envelope['result']);
    } else if (envelope['ok'] === false) {
      call.reject(BridgeError.fromReply(envelope['error'], call.command, id));
    } else {
      this.counters.malformed++;
      call.reject(
        new BridgeError({
          kind: 'INTERNAL',
          message: `The store sent an unreadable reply to "${call.command}".`,
          retryable: false,
          command: call.command,
          requestId: id,
        }),
      );
    }
  }

  private deliverEvent(envelope: EventEnvelope): void {
    const set = this.handlers.get(envelope.event);
    if (!set || set.size === 0) return;
    for (const handler of [...set]) {
      try {
        handler(envelope.data, envelope);
      } catch (e) {
        this.config.logger.warn(`handler for event "${envelope.event}" failed`, e);
      }
    }
  }
}

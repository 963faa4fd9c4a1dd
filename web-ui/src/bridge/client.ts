import {
  asBridgeError,
  DEFAULT_CONFIG,
  isObject,
  notSent,
  PROGRESS_EVENT,
  PROTOCOL_VERSION,
  type BridgeClientConfig,
  type BridgeStats,
  type CallOptions,
  type ConnectionStatus,
  type EventEnvelope,
  type EventHandler,
  type Json,
  type RecoveredOutcome,
  type SettleOutcome,
} from './client-contract';
import { BridgeError } from './errors';
import { EventRouter, receiveBatch, type InboundSink } from './inbound';
import { MemoryOutbox, OutboxFullError, type Outbox, type OutboxEntry } from './outbox';
import type { CallDescriptor, CircuitName } from './resilience';
import type { Transport } from './transport';

export type { Transport } from './transport';
export { WebViewTransport } from './transport';
export type { CallDescriptor, CallPolicy, CircuitName } from './resilience';
export { DIRECT_POLICY } from './resilience';
export * from './client-contract';

/** How long a write whose outcome could not be settled waits before it is sent again. */
const RESEND_UNSETTLED_AFTER_MS = 500;

interface PendingCall {
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: BridgeError) => void;
  timer: ReturnType<typeof setTimeout>;
  readonly timeoutMs: number;
  readonly onProgress: ((data: unknown) => void) | undefined;
}

interface OutboundRequest {
  readonly id: string;
  readonly command: string;
  readonly json: string;
}

interface WriteJob {
  readonly entry: OutboxEntry;
  readonly timeoutMs: number;
  readonly recovered: boolean;
  readonly resolve?: (value: unknown) => void;
  readonly reject?: (error: BridgeError) => void;
}

/**
 * Client side of the bridge protocol v1 (docs/BRIDGE-PROTOCOL.md): correlates replies to requests by
 * id, applies per-call timeouts, runs calls through a {@link CallPolicy} (retries, circuit breaker),
 * keeps every write in the {@link Outbox} until it settles and replays queued writes in order when the
 * bridge comes back, and routes pushed events to subscribers. Single-threaded like the page; one
 * instance per page.
 *
 * Only src/bridge/api.ts calls {@link call}; views go through a Provider.
 */
export class BridgeClient {
  private readonly config: BridgeClientConfig;
  private readonly pending = new Map<string, PendingCall>();
  private readonly events: EventRouter;
  private readonly readyWaiters: Array<() => void> = [];
  private readonly counters = {
    sent: 0, received: 0, timeouts: 0, lateReplies: 0, malformed: 0, events: 0, retries: 0, refused: 0, recovered: 0,
  };
  private readQueue: OutboundRequest[] = [];
  private readonly writeQueue: WriteJob[] = [];
  private readonly writes = new Map<string, WriteJob>();
  private settler: ((requestId: string) => Promise<SettleOutcome>) | undefined;
  private replaying = 0;
  private catchingUp = false;
  private pumping = false;
  private nextSeq = 1;
  private readonly recoveredListeners = new Set<(outcome: RecoveredOutcome) => void>();
  private recoveredBuffer: RecoveredOutcome[] = [];
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private lastStatus = '';
  private lastReplyAt = 0;
  /** Where a delivered batch's replies and events go. */
  private readonly inbound: InboundSink = {
    counters: this.counters,
    take: (id) => this.forget(id),
    event: (envelope) => this.deliverEvent(envelope),
    arrived: () => {
      this.lastReplyAt = Date.now();
    },
    warn: (message, detail) => this.config.logger.warn(message, detail),
  };

  constructor(
    private readonly transport: Transport,
    config: Partial<BridgeClientConfig> = {},
  ) {
    this.config = Object.freeze({
      ...DEFAULT_CONFIG,
      ...config,
      outbox: config.outbox ?? new MemoryOutbox(),
    });
    this.events = new EventRouter((message, detail) => this.config.logger.warn(message, detail));
    const policy = this.config.policy;
    policy.onCircuitChange?.(() => {
      this.pump();
      this.emitStatus();
    });
    policy.onRetry?.(() => {
      this.counters.retries++;
    });
    for (const entry of this.config.outbox.entries()) {
      const job: WriteJob = { entry, timeoutMs: this.config.writeTimeoutMs, recovered: true };
      this.writes.set(entry.id, job);
      this.writeQueue.push(job);
      this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
      this.counters.recovered++;
    }
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
   * host replied with, TIMEOUT when no reply came in time (after any retries), UNAVAILABLE when the
   * bridge is down (reads fail at once while the circuit is open; writes wait in the queue instead),
   * BUSY (not retryable) when the outbox is full.
   */
  call<T>(command: string, args: object, options: CallOptions = {}): Promise<T> {
    const kind = options.kind ?? 'read';
    const id = this.config.newId();
    const json = JSON.stringify({ v: PROTOCOL_VERSION, id, cmd: command, args });
    const policy = this.config.policy;
    if (options.probe) {
      const timeoutMs = options.timeoutMs ?? this.config.probeTimeoutMs;
      const attempt = (): Promise<T> => this.attempt<T>({ id, command, json }, timeoutMs, undefined, true);
      return policy.probe ? policy.probe(attempt) : attempt();
    }
    if (kind === 'write') return this.callWrite<T>(id, command, json, options.timeoutMs ?? this.config.writeTimeoutMs);
    if (kind === 'read' && this.circuit() !== 'closed') {
      return Promise.reject(
        new BridgeError({
          kind: 'UNAVAILABLE',
          message: 'Reconnecting to the Isometry store…',
          retryable: true,
          command,
          requestId: id,
          notSent: true,
        }),
      );
    }
    const timeoutMs =
      options.timeoutMs ?? (kind === 'job' ? this.config.jobIdleTimeoutMs : this.config.readTimeoutMs);
    const descriptor: CallDescriptor = { id, command, kind };
    return policy.execute(() => this.attempt<T>({ id, command, json }, timeoutMs, options.onProgress), descriptor);
  }

  /**
   * Sets how a write that ran out of retries without an answer is settled (requests:settle): before
   * reporting it failed the client asks Java, which either returns the write's reply (it was applied)
   * or makes sure it never will be. Without a settler such writes are reported failed as they are.
   */
  setSettler(settler: (requestId: string) => Promise<SettleOutcome>): void {
    this.settler = settler;
  }

  /** Subscribes to a pushed event; returns the function that unsubscribes. */
  on(event: string, handler: EventHandler): () => void {
    return this.events.on(event, handler);
  }

  /**
   * Subscribes to the outcomes of writes an earlier page left unsettled (their callers are gone).
   * Outcomes that settled before anyone subscribed are delivered at once.
   */
  onRecovered(listener: (outcome: RecoveredOutcome) => void): () => void {
    this.recoveredListeners.add(listener);
    const buffered = this.recoveredBuffer;
    this.recoveredBuffer = [];
    for (const outcome of buffered) this.safely(() => listener(outcome));
    return () => {
      this.recoveredListeners.delete(listener);
    };
  }

  /** Subscribes to connection status changes; the listener gets the current status at once. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    this.safely(() => listener(this.status()));
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  status(): ConnectionStatus {
    return {
      hostReady: this.transport.isReady(),
      circuit: this.circuit(),
      queuedWrites: this.writeQueue.length,
      unsettledWrites: this.config.outbox.size,
    };
  }

  circuit(): CircuitName {
    return this.config.policy.circuit?.() ?? 'closed';
  }

  /** Epoch ms of the last reply received (0 before the first). */
  lastReplyTime(): number {
    return this.lastReplyAt;
  }

  stats(): BridgeStats {
    return {
      pending: this.pending.size + this.writeQueue.length,
      queued: this.readQueue.length + this.writeQueue.length,
      unsettled: this.config.outbox.size,
      ...this.counters,
    };
  }

  private callWrite<T>(id: string, command: string, json: string, timeoutMs: number): Promise<T> {
    const entry: OutboxEntry = { seq: this.nextSeq++, id, command, json, at: Date.now() };
    try {
      this.config.outbox.add(entry);
    } catch (e) {
      this.counters.refused++;
      const message = e instanceof OutboxFullError ? e.message : 'This change could not be queued; it was not saved.';
      return Promise.reject(new BridgeError({ kind: 'BUSY', message, retryable: false, command, requestId: id }));
    }
    return new Promise<T>((resolve, reject) => {
      const job: WriteJob = { entry, timeoutMs, recovered: false, resolve: resolve as (v: unknown) => void, reject };
      this.writes.set(id, job);
      if (this.writeQueue.length === 0 && this.replaying === 0 && this.canSend()) {
        void this.runWrite(job);
      } else {
        this.writeQueue.push(job);
        this.pump();
      }
      this.emitStatus();
    });
  }

  private canSend(): boolean {
    return this.transport.isReady() && this.circuit() === 'closed';
  }

  /** Runs one write to its end; false when it went back to the queue (bridge down). */
  private async runWrite(job: WriteJob): Promise<boolean> {
    const { id, command, json } = job.entry;
    try {
      const value = await this.config.policy.execute(
        () => (this.transport.isReady() ? this.attempt({ id, command, json }, job.timeoutMs) : Promise.reject(notSent(command, id))),
        { id, command, kind: 'write' },
      );
      this.settleWrite(job, true, value, undefined);
      return true;
    } catch (e) {
      const error = asBridgeError(e, command, id);
      if (error.notSent) {
        this.requeue(job);
        return false;
      }
      if (this.settler) {
        // The write may or may not have been applied: no answer came after the retries, or an
        // error came back for one attempt while another copy of it (a retry with the same id) was
        // still on its way. Ask, so the person is never told "failed" about a change that was in
        // fact saved, and so no copy of it can be applied after it was reported failed.
        let settled: SettleOutcome;
        try {
          settled = await this.settler(id);
        } catch {
          // The answer is still unknown: keep the write (same id, so it applies once) and send it
          // again shortly; the breaker holds it back while the bridge is down.
          this.requeue(job);
          setTimeout(() => this.pump(), RESEND_UNSETTLED_AFTER_MS);
          return false;
        }
        if (settled.outcome === 'applied') {
          this.settleWrite(job, true, settled.result, undefined);
          return true;
        }
      }
      this.settleWrite(job, false, undefined, error);
      return true;
    }
  }

  /** Sends queued writes in order, at most `replayWindow` at a time, while the bridge is up. */
  private pump(): void {
    if (this.pumping) return; // a send below may land here again; the loop already goes on
    this.pumping = true;
    try {
      while (this.writeQueue.length > 0 && this.replaying < this.config.replayWindow && this.canSend()) {
        const job = this.writeQueue.shift() as WriteJob;
        this.replaying++;
        void this.runWrite(job).then(() => {
          this.replaying--;
          this.pump();
          this.emitStatus();
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  private requeue(job: WriteJob): void {
    let i = this.writeQueue.length;
    while (i > 0 && (this.writeQueue[i - 1] as WriteJob).entry.seq > job.entry.seq) i--;
    this.writeQueue.splice(i, 0, job);
    this.emitStatus();
  }

  private settleWrite(job: WriteJob, ok: boolean, value: unknown, error: BridgeError | undefined): void {
    const id = job.entry.id;
    this.writes.delete(id);
    this.config.outbox.remove(id);
    if (job.recovered) {
      let args: unknown = null;
      try {
        args = (JSON.parse(job.entry.json) as Json)['args'] ?? null;
      } catch {
        args = null;
      }
      const outcome: RecoveredOutcome = ok
        ? { id, command: job.entry.command, args, ok, result: value }
        : { id, command: job.entry.command, args, ok, ...(error ? { error } : {}) };
      if (this.recoveredListeners.size === 0) this.recoveredBuffer.push(outcome);
      for (const listener of [...this.recoveredListeners]) this.safely(() => listener(outcome));
    } else if (ok) {
      job.resolve?.(value);
    } else if (error) {
      job.reject?.(error);
    }
    this.emitStatus();
  }

  private attempt<T>(
    request: OutboundRequest,
    timeoutMs: number,
    onProgress?: (data: unknown) => void,
    probe = false,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A retried attempt reuses the id; the superseded entry must not linger.
      this.forget(request.id);
      const timer = setTimeout(() => this.timeOut(request.id), timeoutMs);
      this.pending.set(request.id, {
        command: request.command,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        timeoutMs,
        onProgress,
      });
      if (this.transport.isReady()) {
        this.catchUp();
        this.transmit(request);
      } else if (probe) {
        this.settleError(request.id, notSent(request.command, request.id));
      } else {
        this.readQueue.push(request);
      }
    });
  }

  private hostReady(): void {
    this.catchUp();
    this.emitStatus();
    const waiters = this.readyWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  /** Sends what waited for the host (queued writes first, in order), e.g. when it appeared without an event. */
  private catchUp(): void {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      this.pump();
      this.flushReads();
    } finally {
      this.catchingUp = false;
    }
  }

  private flushReads(): void {
    if (this.readQueue.length === 0) return;
    const queued = this.readQueue;
    this.readQueue = [];
    for (const request of queued) this.transmit(request);
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
    const index = this.readQueue.findIndex((r) => r.id === id);
    if (index >= 0) this.readQueue.splice(index, 1);
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
    receiveBatch(batchJson, this.inbound);
  }

  private deliverEvent(envelope: EventEnvelope): void {
    if (envelope.event === PROGRESS_EVENT) this.progress(envelope.data);
    this.events.deliver(envelope);
  }

  /** A job reported progress: restart its idle timeout and tell its caller. */
  private progress(data: unknown): void {
    if (!isObject(data) || typeof data['requestId'] !== 'string') return;
    const id = data['requestId'];
    const call = this.pending.get(id);
    if (!call) return;
    clearTimeout(call.timer);
    call.timer = setTimeout(() => this.timeOut(id), call.timeoutMs);
    if (call.onProgress) this.safely(() => call.onProgress?.(data));
  }

  private emitStatus(): void {
    if (this.statusListeners.size === 0) return;
    const status = this.status();
    const key = `${status.hostReady}|${status.circuit}|${status.queuedWrites}|${status.unsettledWrites}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    for (const listener of [...this.statusListeners]) this.safely(() => listener(status));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.config.logger.warn('listener failed', e);
    }
  }
}

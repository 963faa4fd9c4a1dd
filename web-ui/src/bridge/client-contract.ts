import { BridgeError } from './errors';
import type { Outbox } from './outbox';
import { DIRECT_POLICY, type CallPolicy, type CircuitName } from './resilience';
import { newRequestId } from './uuid';

// The client's public shapes (options, configuration, figures, outcomes) and the small helpers its
// engine uses; src/bridge/client.ts holds the engine and re-exports everything here.

export const PROTOCOL_VERSION = 1;

/**
 * Reads are safe to repeat; writes change the store (kept in the outbox until settled, replayed after a
 * reload); jobs run long and report progress, so their timeout is an idle timeout that each progress
 * event restarts.
 */
export type CallKind = 'read' | 'write' | 'job';

export interface CallOptions {
  kind?: CallKind;
  /** Overrides the configured timeout for this call (for jobs: the idle timeout). */
  timeoutMs?: number;
  /** One attempt, no retry, not queued, allowed whatever the circuit (heartbeats, health). */
  probe?: boolean;
  /** Jobs: called with each progress event's data. */
  onProgress?: (data: unknown) => void;
}

export interface BridgeLogger {
  warn(message: string, detail?: unknown): void;
}

export interface BridgeClientConfig {
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
  readonly jobIdleTimeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly policy: CallPolicy;
  readonly outbox: Outbox;
  /**
   * Queued writes sent at once when replaying (in order); 1 makes replay strictly one by one. The
   * default matches the most writes Java commits in one group (decision 26).
   */
  readonly replayWindow: number;
  readonly newId: () => string;
  readonly logger: BridgeLogger;
}

/** Defaults for everything but the outbox, which is per client. */
export const DEFAULT_CONFIG: Omit<BridgeClientConfig, 'outbox'> = Object.freeze({
  readTimeoutMs: 10_000,
  writeTimeoutMs: 15_000,
  jobIdleTimeoutMs: 30_000,
  probeTimeoutMs: 3_000,
  policy: DIRECT_POLICY,
  replayWindow: 64,
  newId: () => newRequestId(),
  logger: { warn: (message: string, detail?: unknown) => console.warn(`[bridge] ${message}`, detail ?? '') },
});

export interface BridgeStats {
  /** Calls sent or queued and still waiting for a reply. */
  pending: number;
  /** Requests waiting to be sent: reads until the host exists, writes until the bridge is back. */
  queued: number;
  /** Writes asked for and not settled (the outbox). */
  unsettled: number;
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
  retries: number;
  /** Writes refused because the outbox was full or storage refused them. */
  refused: number;
  /** Writes found in the outbox at start (left by an earlier page) and replayed. */
  recovered: number;
}

/** What the connection looks like to the UI. */
export interface ConnectionStatus {
  hostReady: boolean;
  circuit: CircuitName;
  /** Writes waiting to be (re)sent. */
  queuedWrites: number;
  /** Writes not settled yet, queued or in flight. */
  unsettledWrites: number;
}

/** The outcome of a write left by an earlier page (its caller is gone), replayed by this one. */
export interface RecoveredOutcome {
  id: string;
  command: string;
  args: unknown;
  ok: boolean;
  result?: unknown;
  error?: BridgeError;
}

export interface EventEnvelope {
  v: number;
  event: string;
  seq: number;
  data: unknown;
}

export type EventHandler = (data: unknown, envelope: EventEnvelope) => void;

/** The final answer about a write that got no usable reply (requests:settle). */
export interface SettleOutcome {
  outcome: 'applied' | 'abandoned';
  result: unknown;
}

/** Pushed by Java while a job runs: `{requestId, ...}`. */
export const PROGRESS_EVENT = 'progress';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function notSent(command: string, id: string): BridgeError {
  return new BridgeError({
    kind: 'UNAVAILABLE',
    message: 'The Isometry store is not connected.',
    retryable: true,
    command,
    requestId: id,
    notSent: true,
  });
}

export function asBridgeError(e: unknown, command: string, id: string): BridgeError {
  if (e instanceof BridgeError) return e;
  return new BridgeError({
    kind: 'INTERNAL',
    message: e instanceof Error ? e.message : String(e),
    retryable: false,
    command,
    requestId: id,
  });
}


import type { BridgeStats, CircuitName } from './client';
import type { HeartbeatFigures } from './heartbeat';

/** One command's figures as Java keeps them (handling time, from arrival to reply). */
export interface CommandHealth {
  calls: number;
  errors: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Java's side of `system:health`. */
export interface HostHealth {
  uptimeMs: number;
  /** Requests waiting for a handler thread. */
  handlerQueue: number;
  /** Handler threads busy right now. */
  handlersBusy: number;
  faultInjection: boolean;
  commands: Record<string, CommandHealth>;
  /** Error replies by kind since start. */
  errors: Record<string, number>;
  /** Live views open over every window. */
  liveViews: number;
}

/** The whole picture: the page's side (breaker, queue, heartbeat) and Java's (latency, errors). */
export interface BridgeHealth {
  hostReady: boolean;
  circuit: CircuitName;
  /** Writes waiting to be (re)sent. */
  queuedWrites: number;
  /** Writes not settled yet (the outbox), and how many it may hold. */
  unsettledWrites: number;
  outboxCapacity: number;
  stats: BridgeStats;
  heartbeat: HeartbeatFigures;
  /** Null when the host could not be asked (disconnected); `hostError` says why. */
  host: HostHealth | null;
  hostError?: string;
}

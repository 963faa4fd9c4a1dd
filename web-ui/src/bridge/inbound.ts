import { isObject, PROTOCOL_VERSION, type EventEnvelope, type EventHandler } from './client-contract';
import { BridgeError } from './errors';

/**
 * Reading what the host sends (bridge protocol v1): a batch of envelopes per delivery, replies to
 * requests, and pushed events routed to their subscribers. Pure except for the router's handlers;
 * {@link BridgeClient} keeps the counters and the pending calls.
 */

/** Where {@link receiveBatch} puts what it read. */
export interface InboundSink {
  readonly counters: { received: number; events: number; malformed: number; lateReplies: number };
  /** The pending call with this request id, taken off the pending ones; undefined when there is none. */
  take(id: string): { readonly command: string; resolve(value: unknown): void; reject(error: BridgeError): void } | undefined;
  event(envelope: EventEnvelope): void;
  /** A batch arrived (called before its envelopes are handled). */
  arrived(): void;
  warn(message: string, detail?: unknown): void;
}

/**
 * Reads one delivery from the host: each reply settles its pending call, each event goes to
 * {@code sink.event}, and whatever is malformed is counted and logged. Never throws.
 */
export function receiveBatch(batchJson: unknown, sink: InboundSink): void {
  const batch = readBatch(batchJson);
  if (typeof batch === 'string') {
    sink.counters.malformed++;
    sink.warn(`ignored a batch: ${batch}`);
    return;
  }
  sink.arrived();
  for (const envelope of batch) {
    try {
      handleEnvelope(envelope, sink);
    } catch (e) {
      sink.warn('envelope handling failed', e);
    }
  }
}

function handleEnvelope(envelope: unknown, sink: InboundSink): void {
  if (!isObject(envelope) || envelope['v'] !== PROTOCOL_VERSION) {
    sink.counters.malformed++;
    sink.warn('ignored an envelope with an unknown shape or version', envelope);
    return;
  }
  if (typeof envelope['event'] === 'string') {
    sink.counters.received++;
    sink.counters.events++;
    sink.event(envelope as unknown as EventEnvelope);
    return;
  }
  const id = envelope['id'];
  if (typeof id !== 'string') {
    sink.counters.malformed++;
    sink.warn('ignored an envelope without id or event', envelope);
    return;
  }
  sink.counters.received++;
  const call = sink.take(id);
  if (!call) {
    sink.counters.lateReplies++;
    return;
  }
  const reply = readReply(envelope, call.command, id);
  if (reply.ok) {
    call.resolve(reply.result);
  } else {
    if (reply.malformed) sink.counters.malformed++;
    call.reject(reply.error);
  }
}

/** The envelopes of a batch, or why it was not one (a string). */
function readBatch(batchJson: unknown): unknown[] | string {
  if (typeof batchJson !== 'string') return `batch is a ${typeof batchJson}`;
  let batch: unknown;
  try {
    batch = JSON.parse(batchJson);
  } catch {
    return 'batch is not JSON';
  }
  return Array.isArray(batch) ? batch : 'batch is not an array';
}

/** What a reply envelope said: its result, or the error to reject the call with. */
type Reply = { ok: true; result: unknown } | { ok: false; error: BridgeError; malformed: boolean };

/** Reads the reply {@code envelope} to {@code command} (request {@code id}). */
function readReply(envelope: Record<string, unknown>, command: string, id: string): Reply {
  if (envelope['ok'] === true) return { ok: true, result: envelope['result'] };
  if (envelope['ok'] === false) {
    return { ok: false, error: BridgeError.fromReply(envelope['error'], command, id), malformed: false };
  }
  return {
    ok: false,
    malformed: true,
    error: new BridgeError({
      kind: 'INTERNAL',
      message: `The store sent an unreadable reply to "${command}".`,
      retryable: false,
      command,
      requestId: id,
    }),
  };
}

/** Pushed events to their subscribers; a handler that throws is logged and the others still run. */
export class EventRouter {
  private readonly handlers = new Map<string, Set<EventHandler>>();

  constructor(private readonly warn: (message: string, detail?: unknown) => void) {}

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

  deliver(envelope: EventEnvelope): void {
    const set = this.handlers.get(envelope.event);
    if (!set || set.size === 0) return;
    for (const handler of [...set]) {
      try {
        handler(envelope.data, envelope);
      } catch (e) {
        this.warn(`handler for event "${envelope.event}" failed`, e);
      }
    }
  }
}


/**
 * Error kinds of the bridge protocol. This union mirrors the Java enum (bridge.ErrorKind) exactly;
 * a kind the page does not know is mapped to INTERNAL.
 */
export const ERROR_KINDS = [
  'INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'BUSY',
  'UNAVAILABLE',
  'TIMEOUT',
  'TOO_LARGE',
  'BLOCKED',
  'INTERNAL',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

export interface BridgeErrorInit {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  command: string;
  requestId?: string;
  /** Set when the request was not sent: the circuit breaker is open or the host is missing (writes then wait in the queue). */
  notSent?: boolean;
  /** The error's optional `details` object (for CONFLICT: the fields a person must settle, see ConflictDetails). */
  details?: unknown;
}

/** A failed bridge call: either an error reply from Java or a client-side failure (timeout, send). */
export class BridgeError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly command: string;
  readonly requestId: string | undefined;
  readonly notSent: boolean;
  readonly details: unknown;

  constructor(init: BridgeErrorInit) {
    super(init.message);
    this.name = 'BridgeError';
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.command = init.command;
    this.requestId = init.requestId;
    this.notSent = init.notSent ?? false;
    this.details = init.details;
    // Keep instanceof working when compiled to targets that break Error subclassing.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /**
   * Builds the error for a reply's `error` member, tolerating malformed payloads: an unknown kind
   * becomes INTERNAL, a missing message gets a generic one, a missing retryable flag means false, and
   * `details` is kept only when it is an object.
   */
  static fromReply(payload: unknown, command: string, requestId?: string): BridgeError {
    const obj = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
    const kind: ErrorKind = isErrorKind(obj['kind']) ? obj['kind'] : 'INTERNAL';
    const message =
      typeof obj['message'] === 'string' && obj['message'].length > 0
        ? obj['message']
        : `The store could not complete "${command}".`;
    const retryable = typeof obj['retryable'] === 'boolean' ? obj['retryable'] : false;
    const details = typeof obj['details'] === 'object' && obj['details'] !== null ? obj['details'] : undefined;
    return new BridgeError({ kind, message, retryable, command, ...(requestId ? { requestId } : {}), ...(details ? { details } : {}) });
  }
}

export function isBridgeError(value: unknown): value is BridgeError {
  return value instanceof BridgeError;
}

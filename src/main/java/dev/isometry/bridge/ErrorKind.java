package dev.isometry.bridge;

/**
 * Why a bridge request failed. Mirrored exactly by the {@code ErrorKind} union in
 * {@code web-ui/src/bridge/errors.ts}. Immutable.
 */
public enum ErrorKind {
    /** The request is malformed or breaks a rule; retrying the same request cannot help. */
    INVALID(false),
    NOT_FOUND(false),
    /** The data changed under the request (stale base version). */
    CONFLICT(false),
    /** The store is momentarily locked; the same request may succeed shortly. */
    BUSY(true),
    /** The store is not available right now (starting, migrating, backing up). */
    UNAVAILABLE(true),
    TIMEOUT(true),
    TOO_LARGE(false),
    /** The store refuses writes in its present state (read-only, newer version, damaged). */
    BLOCKED(false),
    INTERNAL(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}

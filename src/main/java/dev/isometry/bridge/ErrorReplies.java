package dev.isometry.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.isometry.core.CardNotFoundException;
import dev.isometry.core.ConnectionNotFoundException;
import dev.isometry.core.MergeConflictException;
import dev.isometry.core.ValidationException;
import dev.isometry.core.VersionConflictException;
import dev.isometry.store.Database;
import dev.isometry.store.LiveQueryLimitException;
import dev.isometry.store.ReadOnlyStoreException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a failure reaches the page: its {@link ErrorKind}, a plain message (for INTERNAL only a reference to
 * the log entry, never the exception), the CONFLICT details, and the reply envelope that carries them.
 * Stateless but for the mapper; thread-safe.
 */
final class ErrorReplies {
    private static final Logger log = LoggerFactory.getLogger(BridgeDispatcher.class);

    private final ObjectMapper mapper;

    ErrorReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The failure behind the wrappers a handler's or a future's failure comes in. */
    static Throwable unwrap(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof IllegalStateException && cause.getCause() != null ? cause.getCause() : cause;
    }

    static ErrorKind kindOf(Throwable cause) {
        if (cause instanceof BridgeException be) {
            return be.kind();
        } else if (cause instanceof ValidationException || cause instanceof IllegalArgumentException) {
            return ErrorKind.INVALID;
        } else if (cause instanceof CardNotFoundException || cause instanceof ConnectionNotFoundException) {
            return ErrorKind.NOT_FOUND;
        } else if (cause instanceof VersionConflictException) {
            return ErrorKind.CONFLICT;
        } else if (cause instanceof ReadOnlyStoreException) {
            return ErrorKind.BLOCKED;
        } else if (cause instanceof LiveQueryLimitException) {
            return ErrorKind.TOO_LARGE;
        } else if (Database.isBusy(cause)) {
            return ErrorKind.BUSY;
        }
        return ErrorKind.INTERNAL;
    }

    /** A command that did not finish within the handler timeout. */
    static BridgeException timeout(String cmd, Duration limit, Throwable cause) {
        return new BridgeException(ErrorKind.TIMEOUT, "the store took longer than " + limit.toMillis() / 1000.0
                + " s to answer \"" + cmd + "\"; try again", cause);
    }

    /** The reply envelope for an (unwrapped) failure of {@code cmd}. */
    String forFailure(String id, String cmd, Throwable cause, ErrorKind kind) {
        return envelope(id, kind, messageFor(cause, kind, cmd), detailsFor(cause));
    }

    /** The message the page sees; for INTERNAL a short reference to the log entry (never the exception). */
    private static String messageFor(Throwable cause, ErrorKind kind, String cmd) {
        if (kind == ErrorKind.BUSY && !(cause instanceof BridgeException)) {
            return "the store is busy; try again";
        }
        if (kind != ErrorKind.INTERNAL) {
            return cause.getMessage();
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        if (cause instanceof InjectedFaultException) {
            log.debug("Command {} failed on purpose (ref {})", cmd, ref);
        } else {
            log.error("Command {} failed (ref {})", cmd, ref, cause);
        }
        return "internal error (ref " + ref + "); details are in the log";
    }

    /** The optional {@code details} of an error: the fields a person must settle for a CONFLICT. */
    private JsonNode detailsFor(Throwable cause) {
        return cause instanceof MergeConflictException mc
                ? mapper.valueToTree(BridgeShapes.ConflictDetails.of(mc)) : null;
    }

    /** An error reply envelope. */
    String envelope(String id, ErrorKind kind, String message, JsonNode details) {
        ObjectNode env = mapper.createObjectNode();
        env.put("v", BridgeDispatcher.PROTOCOL_VERSION);
        env.put("id", id);
        env.put("ok", false);
        ObjectNode err = env.putObject("error");
        err.put("kind", kind.name());
        err.put("message", message == null ? kind.name() : message);
        err.put("retryable", kind.retryable());
        if (details != null) {
            err.set("details", details);
        }
        return env.toString();
    }
}

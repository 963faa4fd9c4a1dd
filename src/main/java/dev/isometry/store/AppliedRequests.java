package dev.isometry.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.isometry.model.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The ledger of applied write requests: a request id is recorded with a hash of its payload and the
 * reply it got, in the same transaction as the write, so a retry or a replay (even after a restart)
 * gets the first reply instead of applying the write again. Stateless; thread-safe.
 */
public final class AppliedRequests {
    private static final Table<Record> T = table(name("applied_requests"));
    private static final Field<String> APPLIED_AT = field(name("applied_at"), String.class);

    /** The command recorded for a request the page gave up on: it must never be applied later. */
    public static final String ABANDONED = "(abandoned)";

    /** A request seen before: what it asked and what it was answered. */
    public record Applied(String command, String payloadHash, String reply) {
        public boolean abandoned() {
            return ABANDONED.equals(command);
        }
    }

    /**
     * Settles a request the page could not get an answer for: if it was applied, its reply; if not,
     * records it as abandoned (so a late copy of it is refused) and returns empty. Run inside a write
     * transaction, which makes the answer final.
     */
    public Optional<String> settle(DSLContext db, String requestId) {
        var prior = find(db, requestId);
        if (prior.isPresent()) {
            return prior.get().abandoned() ? Optional.empty() : Optional.of(prior.get().reply());
        }
        record(db, requestId, ABANDONED, "", "null");
        return Optional.empty();
    }

    // Plain SQL: both run for every write that carries a request id (decision 29).
    public Optional<Applied> find(DSLContext db, String requestId) {
        return Sql.first(db, "SELECT command, payload_hash, reply FROM applied_requests WHERE request_id = ?",
                rs -> new Applied(rs.getString(1), rs.getString(2), rs.getString(3)), requestId);
    }

    public void record(DSLContext db, String requestId, String command, String payloadHash, String reply) {
        Sql.update(db, "INSERT INTO applied_requests (request_id, command, payload_hash, reply, applied_at) "
                + "VALUES (?, ?, ?, ?, ?)", requestId, command, payloadHash, reply, Timestamps.now());
    }

    /** Forgets requests older than {@code maxAge}; returns how many. */
    public int prune(DSLContext db, Duration maxAge) {
        return db.deleteFrom(T).where(APPLIED_AT.lt(Timestamps.format(Instant.now().minus(maxAge)))).execute();
    }
}

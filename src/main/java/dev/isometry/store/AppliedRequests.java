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
    private static final Field<String> REQUEST_ID = field(name("request_id"), String.class);
    private static final Field<String> COMMAND = field(name("command"), String.class);
    private static final Field<String> PAYLOAD_HASH = field(name("payload_hash"), String.class);
    private static final Field<String> REPLY = field(name("reply"), String.class);
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

    public Optional<Applied> find(DSLContext db, String requestId) {
        return db.select(COMMAND, PAYLOAD_HASH, REPLY).from(T).where(REQUEST_ID.eq(requestId))
                .fetchOptional(r -> new Applied(r.value1(), r.value2(), r.value3()));
    }

    public void record(DSLContext db, String requestId, String command, String payloadHash, String reply) {
        db.insertInto(T, REQUEST_ID, COMMAND, PAYLOAD_HASH, REPLY, APPLIED_AT)
                .values(requestId, command, payloadHash, reply, Timestamps.now())
                .execute();
    }

    /** Forgets requests older than {@code maxAge}; returns how many. */
    public int prune(DSLContext db, Duration maxAge) {
        return db.deleteFrom(T).where(APPLIED_AT.lt(Timestamps.format(Instant.now().minus(maxAge)))).execute();
    }
}

package dev.isometry.core;

import dev.isometry.store.AppliedRequests;
import dev.isometry.store.Database;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers "did my write happen?" for a request the page got no reply to, once and for all: the
 * reply it got if it was applied; otherwise it is marked abandoned, in the writer's order, so a copy
 * still in flight can never be applied after the page reported it failed. Thread-safe.
 */
public final class RequestLedger {
    private final Database db;
    private final AppliedRequests ledger = new AppliedRequests();

    public RequestLedger(Database db) {
        this.db = Objects.requireNonNull(db);
    }

    /** The applied request's reply (JSON text), or empty when it was not applied and now never will be. */
    public Optional<String> settle(String requestId) {
        if (requestId == null || requestId.isBlank() || requestId.length() > 64) {
            throw new ValidationException("requestId must be text of 1..64 characters");
        }
        return db.write(tx -> ledger.settle(tx, requestId));
    }
}

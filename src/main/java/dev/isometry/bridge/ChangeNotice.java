package dev.isometry.bridge;

import dev.isometry.model.ChangeBatch;
import dev.isometry.store.ChangeFeed;
import java.util.List;
import java.util.Set;

/**
 * The {@code changes} event every page gets for each batch on the change feed: what changed, by id when
 * known. Pages refresh what no live view covers (counts, facets) from it. Immutable.
 */
public record ChangeNotice(long seq, boolean external, Set<String> tables, List<String> cardIds,
                           List<String> connectionIds, int rows, boolean complete) {
    public static final String EVENT = "changes";

    static ChangeNotice of(ChangeBatch b) {
        return new ChangeNotice(b.seq(), b.external(), b.tables(), b.cardIds(), b.connectionIds(), b.rows(),
                b.complete());
    }

    /** Publishes every batch of {@code feed} to every page of {@code hub}; close the result to stop. */
    public static AutoCloseable forward(ChangeFeed feed, EventHub hub) {
        return feed.subscribe(b -> hub.publish(EVENT, of(b)));
    }
}

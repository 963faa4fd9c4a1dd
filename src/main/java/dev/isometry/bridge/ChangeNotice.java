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

    /**
     * Publishes every batch of {@code feed} to every page of {@code hub}; close the result to stop. It
     * listens directly (on the writer thread): publishing only writes the notice and queues it for each
     * page, and a notice that waited for the feed thread to wake reached the page a hand-off later.
     */
    public static AutoCloseable forward(ChangeFeed feed, EventHub hub) {
        return feed.subscribeDirect(b -> hub.publish(EVENT, of(b)));
    }
}

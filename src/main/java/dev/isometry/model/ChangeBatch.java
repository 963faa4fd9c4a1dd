package dev.isometry.model;

import java.util.List;
import java.util.Set;

/**
 * What one committed transaction changed, as the change feed publishes it. Sequence numbers rise by one
 * per published batch for the life of the open store. A batch made by this process names the tables it
 * touched and the cards and connections it inserted or updated (by id), unless it touched more rows
 * than are worth naming ({@code complete} is false then); rows deleted are counted but not named, since
 * they are gone by the time the batch is read. A batch detected from another process ({@code external})
 * says only that something changed: every table is to be read again. Immutable.
 *
 * @param seq           rises by one per batch
 * @param external      written by another process (detected through {@code PRAGMA data_version})
 * @param tables        tables with changed rows (every watched table when external)
 * @param cardIds       cards inserted or updated, when {@code complete}
 * @param connectionIds connections inserted or updated, when {@code complete}
 * @param deletes       rows deleted from the watched tables
 * @param rows          rows changed in the watched tables
 * @param complete      false when ids were not collected (external, or too many rows)
 * @param committedAtNanos {@link System#nanoTime()} just after the commit (for latency figures)
 */
public record ChangeBatch(long seq, boolean external, Set<String> tables, List<String> cardIds,
                          List<String> connectionIds, int deletes, int rows, boolean complete,
                          long committedAtNanos) {
    public static final String CARDS = "cards";
    public static final String CONNECTIONS = "connections";
    /** The tables the feed watches. */
    public static final Set<String> WATCHED = Set.of(CARDS, CONNECTIONS);

    public ChangeBatch {
        tables = Set.copyOf(tables);
        cardIds = List.copyOf(cardIds);
        connectionIds = List.copyOf(connectionIds);
    }

    public boolean touches(String table) {
        return tables.contains(table);
    }

    /** True when this batch may have changed card {@code id} (named, deleted, or not itemized). */
    public boolean mayTouchCard(String id) {
        return touches(CARDS) && (!complete || deletes > 0 || cardIds.contains(id));
    }
}

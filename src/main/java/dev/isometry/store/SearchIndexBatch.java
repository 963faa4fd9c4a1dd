package dev.isometry.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Cards created by a group of writes committed together are indexed for search once, just before the
 * commit (migration V7): while {@code fts_batch} holds its row the insert trigger lists each new card in
 * {@code fts_pending} instead of indexing it, and {@link #index} indexes the listed cards still live
 * with one statement. A card created one statement at a time through the trigger cost an index segment
 * of its own, to be merged later, and made every search in the same transaction walk them all.
 *
 * <p>Until {@link #index} runs, a search inside the group's transaction does not find the group's new
 * cards; work that must find them runs after it ({@link Database#beforeCommit}).
 *
 * <p>Writer thread only. A store below version 7 has no {@code fts_batch}: the trigger indexes at once,
 * as before; whether the table exists is looked up again after work that may change the schema.
 */
final class SearchIndexBatch {
    private Boolean available;

    /** The schema may have changed (migrations, restores): look again at the next group. */
    void forget() {
        available = null;
    }

    /** Starts listing new cards instead of indexing them, inside the group's transaction. */
    void begin(Statement st) throws SQLException {
        if (available == null) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fts_batch'")) {
                available = rs.next();
            }
        }
        if (available) {
            st.execute("INSERT OR IGNORE INTO fts_batch (id) VALUES (1)");
        }
    }

    /** Indexes the listed cards that are still live, and stops listing: the trigger indexes at once again. */
    void index(Statement st) throws SQLException {
        if (Boolean.TRUE.equals(available)) {
            // CROSS JOIN keeps the listed cards as the outer loop: with a plain join SQLite chose to walk
            // every live card by cards_modified_idx (~10 ms over 100k cards, on every commit).
            st.execute("INSERT INTO cards_fts (rowid, name, content, summary, tags, folder) "
                    + "SELECT c.rowid, c.name, c.content, c.summary, c.tags, c.folder "
                    + "FROM fts_pending p CROSS JOIN cards c ON c.rowid = p.card_rowid WHERE c.deleted_at IS NULL");
            st.execute("DELETE FROM fts_pending");
            st.execute("DELETE FROM fts_batch");
        }
    }
}

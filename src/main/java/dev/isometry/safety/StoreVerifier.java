package dev.isometry.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks that say a store is sound, each returning a {@link CheckResult}: SQLite's own integrity or
 * quick check, foreign keys, the schema against its version's snapshot, and the full-text index against
 * the cards it indexes. Used by start-up validation, backups and migrations. Stateless; each call uses
 * only the connection it is given.
 */
public final class StoreVerifier {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int SAMPLES = 16;

    private StoreVerifier() {
    }

    /** {@code PRAGMA integrity_check} when {@code full}, else {@code quick_check}. */
    public static CheckResult integrity(Connection c, boolean full) throws SQLException {
        String name = full ? "integrity_check" : "quick_check";
        List<String> rows = SqliteFiles.check(c, full, 5);
        return SqliteFiles.isOk(rows) ? CheckResult.pass(name, "ok")
                : CheckResult.fail(name, "SQLite reports damage: " + String.join("; ", rows));
    }

    public static CheckResult foreignKeys(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                return CheckResult.fail("foreign_key_check", "a row of " + rs.getString(1) + " (rowid " + rs.getLong(2)
                        + ") refers to a missing row of " + rs.getString(3));
            }
        }
        return CheckResult.pass("foreign_key_check", "ok");
    }

    /** The schema equals the shipped snapshot for {@code version} (passes with a note if none is shipped). */
    public static CheckResult schema(Connection c, int version) throws SQLException {
        Optional<List<String>> expected = SchemaSnapshot.expected(version);
        if (expected.isEmpty()) {
            return CheckResult.pass("schema", "no snapshot shipped for version " + version);
        }
        Optional<String> diff = SchemaSnapshot.difference(expected.get(), SchemaSnapshot.capture(c));
        return diff.map(d -> CheckResult.fail("schema", "the schema is not version " + version + "'s: " + d))
                .orElseGet(() -> CheckResult.pass("schema", "matches version " + version));
    }

    /**
     * The full-text index covers exactly the live cards, by rowid, and a sample of cards is found by a
     * word of its own name at its own rowid (which catches an index left pointing at shifted rowids).
     * FTS5's own check of the index's structure is part of {@link #integrity} (SQLite 3.44+).
     */
    public static CheckResult searchIndex(Connection c) throws SQLException {
        CheckResult counted = searchIndexCounts(c);
        if (!counted.ok()) {
            return counted;
        }
        String miss = sampleMiss(c);
        if (miss != null) {
            return CheckResult.fail("search_index", "the search index does not find " + miss + " by its name");
        }
        return counted;
    }

    /**
     * The cheap part of {@link #searchIndex}: the full-text index covers exactly the live cards, by rowid
     * (~40 ms for 100,000 cards). The sampled look-ups are left out: a look-up by a common word reads that
     * word's whole list of cards, and sixteen of them cost more than every b-tree check together.
     */
    public static CheckResult searchIndexCounts(Connection c) throws SQLException {
        if (!tableExists(c, "cards_fts")) {
            return CheckResult.pass("search_index", "no search index in this schema");
        }
        long live = SqliteFiles.longValue(c, "SELECT count(*) FROM cards WHERE deleted_at IS NULL");
        long indexed = SqliteFiles.longValue(c, "SELECT count(*) FROM cards_fts_docsize");
        long stray = SqliteFiles.longValue(c, "SELECT count(*) FROM cards_fts_docsize d WHERE NOT EXISTS "
                + "(SELECT 1 FROM cards c WHERE c.rowid = d.id AND c.deleted_at IS NULL)");
        if (live != indexed || stray != 0) {
            return CheckResult.fail("search_index", "the search index holds " + indexed + " cards (" + stray
                    + " not live cards) but there are " + live + " live cards");
        }
        return CheckResult.pass("search_index", live + " live cards indexed");
    }

    private static String sampleMiss(Connection c) throws SQLException {
        long min = SqliteFiles.longValue(c, "SELECT coalesce(min(rowid), 0) FROM cards");
        long max = SqliteFiles.longValue(c, "SELECT coalesce(max(rowid), 0) FROM cards");
        if (max == 0) {
            return null;
        }
        try (PreparedStatement pick = c.prepareStatement(
                "SELECT rowid, id, name FROM cards WHERE rowid >= ? AND deleted_at IS NULL ORDER BY rowid LIMIT 1");
             PreparedStatement find = c.prepareStatement(
                     "SELECT count(*) FROM cards_fts WHERE cards_fts MATCH ? AND rowid = ?")) {
            for (int i = 0; i < SAMPLES; i++) {
                pick.setLong(1, ThreadLocalRandom.current().nextLong(min, max + 1));
                try (ResultSet rs = pick.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    Matcher m = TOKEN.matcher(rs.getString(3));
                    if (!m.find()) {
                        continue;
                    }
                    find.setString(1, "name : \"" + m.group() + "\"");
                    find.setLong(2, rs.getLong(1));
                    try (ResultSet f = find.executeQuery()) {
                        if (!f.next() || f.getLong(1) != 1) {
                            return "card " + rs.getString(2);
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Rows per table, for every ordinary table of ours (not SQLite's, not a full-text index's shadows). */
    public static Map<String, Long> rowCounts(Connection c) throws SQLException {
        List<String> virtual = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                String sql = rs.getString(2) == null ? "" : rs.getString(2);
                if (sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14)) {
                    virtual.add(rs.getString(1) + "_");
                } else {
                    tables.add(rs.getString(1));
                }
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String t : tables) {
            if (virtual.stream().noneMatch(t::startsWith)) {
                counts.put(t, SqliteFiles.longValue(c, "SELECT count(*) FROM \"" + t.replace("\"", "\"\"") + "\""));
            }
        }
        return counts;
    }

    static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

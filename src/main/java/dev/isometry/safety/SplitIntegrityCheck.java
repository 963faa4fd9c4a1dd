package dev.isometry.safety;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite's {@code integrity_check} / {@code quick_check} taken apart into its two halves, so each can be
 * run on its own (decision 13):
 * <ul>
 * <li>{@link #btrees}: every ordinary table with its indexes, one table at a time, plus {@code
 * sqlite_schema} (whose check includes the free list), plus page accounting from {@code dbstat}: no
 * page belongs to two b-trees and every page is in a b-tree or on the free list. Together that is what
 * the whole-file pragma checks of the b-trees.</li>
 * <li>{@link #virtualTables}: the modules' own checks ({@code xIntegrity}; for FTS5 the structure of
 * the inverted index), which the whole-file pragma has run since SQLite 3.44 and which, for the search
 * index, cost more than all b-trees together.</li>
 * </ul>
 * A per-table check alone skips the free list and the "page never used / used twice" accounting; the
 * {@code sqlite_schema} check and {@code dbstat} put both back. A store with {@code auto_vacuum}
 * (pointer-map pages, which {@code dbstat} does not list) gets the whole-file pragma instead.
 * Stateless; each call uses only the connection it is given.
 */
final class SplitIntegrityCheck {
    /** The page that holds SQLite's lock bytes (at 1 GiB) belongs to no b-tree. */
    private static final long LOCK_BYTE_OFFSET = 1L << 30;

    private SplitIntegrityCheck() {
    }

    /** The b-tree half: name {@code btree_integrity_check} when {@code full}, else {@code btree_quick_check}. */
    static CheckResult btrees(Connection c, boolean full) throws SQLException {
        String name = full ? "btree_integrity_check" : "btree_quick_check";
        if (SqliteFiles.longValue(c, "PRAGMA auto_vacuum") != 0) {
            return wholeFile(c, full, name);
        }
        List<String> tables = new ArrayList<>();
        tables.add("sqlite_schema"); // root page 1: SQLite checks the free list with it
        tables.addAll(names(c, "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name"));
        for (String t : tables) {
            List<String> rows = SqliteFiles.check(c, full, t, 5);
            if (!SqliteFiles.isOk(rows)) {
                return CheckResult.fail(name, "SQLite reports damage in " + t + ": " + String.join("; ", rows));
            }
        }
        long pages = SqliteFiles.longValue(c, "PRAGMA page_count");
        long free = SqliteFiles.longValue(c, "PRAGMA freelist_count");
        long pageSize = SqliteFiles.longValue(c, "PRAGMA page_size");
        long lockPage = pages * pageSize > LOCK_BYTE_OFFSET ? 1 : 0;
        long listed;
        long distinct;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT pageno) FROM dbstat")) {
            rs.next();
            listed = rs.getLong(1);
            distinct = rs.getLong(2);
        } catch (SQLException e) {
            return CheckResult.fail(name, "SQLite cannot walk the b-trees (" + e.getMessage() + ")");
        }
        if (listed != distinct) {
            return CheckResult.fail(name, "SQLite reports damage: " + (listed - distinct)
                    + " page(s) belong to more than one b-tree");
        }
        if (distinct + free + lockPage != pages) {
            return CheckResult.fail(name, "SQLite reports damage: the file has " + pages + " pages but " + distinct
                    + " are in b-trees and " + free + " are free");
        }
        return CheckResult.pass(name, "ok (" + tables.size() + " b-trees, " + pages + " pages accounted for)");
    }

    /** The virtual-table half: each virtual table's own check ({@code fts_integrity_check}). */
    static CheckResult virtualTables(Connection c) throws SQLException {
        List<String> vtabs = names(c, "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage = 0 "
                + "AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
        for (String t : vtabs) {
            // A table named alone is checked alone: its module's xIntegrity, no b-tree.
            List<String> rows = SqliteFiles.check(c, true, t, 5);
            if (!SqliteFiles.isOk(rows)) {
                return CheckResult.fail("fts_integrity_check", "the search index " + t + " is damaged: "
                        + String.join("; ", rows));
            }
        }
        return CheckResult.pass("fts_integrity_check",
                vtabs.isEmpty() ? "no virtual tables" : "ok: " + String.join(", ", vtabs));
    }

    private static CheckResult wholeFile(Connection c, boolean full, String name) throws SQLException {
        List<String> rows = SqliteFiles.check(c, full, 5);
        return SqliteFiles.isOk(rows) ? CheckResult.pass(name, "ok (whole file)")
                : CheckResult.fail(name, "SQLite reports damage: " + String.join("; ", rows));
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

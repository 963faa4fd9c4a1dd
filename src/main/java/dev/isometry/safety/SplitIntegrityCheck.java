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

    /** Opens another connection on the same file, for a check run on two connections side by side. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** One part of the b-tree half, run on whichever connection is free: its problem, or null. */
    @FunctionalInterface
    private interface Part {
        String run(Connection c) throws SQLException;
    }

    /** The b-tree half: name {@code btree_integrity_check} when {@code full}, else {@code btree_quick_check}. */
    static CheckResult btrees(Connection c, boolean full) throws SQLException {
        return btrees(c, null, full);
    }

    /**
     * The b-tree half, its parts shared between {@code c} and, when {@code other} is given, a second
     * connection on a thread of its own: each takes the next part when it is done with one. The tables
     * with the most indexes go first (their check also looks up every row in each index), then the page
     * accounting, then the rest, so the two connections finish close together. The problem reported is
     * that of the first failing part in that order, whichever connection found it.
     */
    static CheckResult btrees(Connection c, Opener other, boolean full) throws SQLException {
        String name = full ? "btree_integrity_check" : "btree_quick_check";
        if (SqliteFiles.longValue(c, "PRAGMA auto_vacuum") != 0) {
            return wholeFile(c, full, name);
        }
        List<String> tables = names(c, "SELECT t.name FROM sqlite_schema t WHERE t.type = 'table' AND t.rootpage > 0 "
                + "ORDER BY (SELECT count(*) FROM sqlite_schema i WHERE i.type = 'index' AND i.tbl_name = t.name) DESC, "
                + "t.name");
        List<Part> parts = new ArrayList<>();
        for (String t : tables) {
            parts.add(d -> tableProblem(d, full, t));
        }
        parts.add(Math.min(1, parts.size()), SplitIntegrityCheck::accountingProblem);
        parts.add(d -> tableProblem(d, full, "sqlite_schema")); // root page 1: SQLite checks the free list with it
        Object[] outcomes = new Object[parts.size()]; // a problem, an SQLException, or null (sound)
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.FutureTask<Void> helper = other == null ? null
                : SideThread.start("isometry-check", () -> {
                    try (Connection d = other.open()) {
                        runParts(d, parts, outcomes, next);
                    } catch (SQLException e) {
                        // not opened: c takes every part
                    }
                    return null;
                });
        try {
            runParts(c, parts, outcomes, next);
        } finally {
            if (helper != null) {
                awaitHelper(helper);
            }
        }
        for (Object outcome : outcomes) {
            if (outcome instanceof SQLException e) {
                throw e; // as when the parts ran one after another: the store cannot be read
            }
            if (outcome instanceof String problem) {
                return CheckResult.fail(name, problem);
            }
        }
        return CheckResult.pass(name, "ok (" + (tables.size() + 1) + " b-trees, "
                + SqliteFiles.longValue(c, "PRAGMA page_count") + " pages accounted for)");
    }

    /** Waits for the second connection's parts; they record their own failures, so none is lost. */
    private static void awaitHelper(java.util.concurrent.FutureTask<Void> helper) {
        try {
            helper.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SafetyException("Interrupted while the store was checked", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SafetyException("The store could not be checked: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void runParts(Connection c, List<Part> parts, Object[] outcomes,
                                 java.util.concurrent.atomic.AtomicInteger next) {
        for (int i = next.getAndIncrement(); i < parts.size(); i = next.getAndIncrement()) {
            try {
                outcomes[i] = parts.get(i).run(c);
            } catch (SQLException e) {
                outcomes[i] = e;
            }
        }
    }

    private static String tableProblem(Connection c, boolean full, String table) throws SQLException {
        List<String> rows = SqliteFiles.check(c, full, table, 5);
        return SqliteFiles.isOk(rows) ? null : "SQLite reports damage in " + table + ": " + String.join("; ", rows);
    }

    /** Every page is in exactly one b-tree or on the free list. */
    private static String accountingProblem(Connection c) throws SQLException {
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
            return "SQLite cannot walk the b-trees (" + e.getMessage() + ")";
        }
        if (listed != distinct) {
            return "SQLite reports damage: " + (listed - distinct) + " page(s) belong to more than one b-tree";
        }
        if (distinct + free + lockPage != pages) {
            return "SQLite reports damage: the file has " + pages + " pages but " + distinct + " are in b-trees and "
                    + free + " are free";
        }
        return null;
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

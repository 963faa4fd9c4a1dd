package dev.isometry.safety;

import dev.isometry.store.Migration;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies pending migrations in one transaction and verifies the result before the commit: SQLite's
 * integrity check, foreign keys, the schema against the target version's snapshot, the search index
 * against the cards, and the row counts each migration declares it preserves
 * ({@code -- @preserves-rows: cards, connections}). The copy that replaces the store (decision 15) is
 * committed first and checked after, the halves of the integrity check side by side, since nothing takes
 * it for the store before its checks passed; the copy of {@code isometry migrate --dry-run} is checked
 * before its commit. Not
 * thread-safe: one connection, one run.
 */
final class MigrationApply {
    private static final Pattern PRESERVES = Pattern.compile("(?m)^--\\s*@preserves-rows:\\s*(.+)$");

    private final MigrationRunner runner;

    MigrationApply(MigrationRunner runner) {
        this.runner = runner;
    }

    /** The tables whose row counts {@code m} declares unchanged. */
    static Set<String> preservedTables(Migration m) {
        Set<String> out = new TreeSet<>();
        Matcher matcher = PRESERVES.matcher(m.script());
        while (matcher.find()) {
            for (String t : matcher.group(1).split(",")) {
                if (!t.isBlank()) {
                    out.add(t.strip());
                }
            }
        }
        return out;
    }

    /**
     * Last writes inside the transaction, after every check passed and before the commit (the upgraded
     * copy records its backup's hash here, once the hash is known).
     */
    @FunctionalInterface
    interface BeforeCommit {
        /** Nothing to add (the dry run). */
        BeforeCommit NONE = c -> { };

        void write(Connection c) throws SQLException;
    }

    /** Checks made inside the transaction, after the migrations and before the commit (none, or all). */
    @FunctionalInterface
    private interface Inside {
        List<CheckResult> check(Connection c, int version, Set<String> preserved, Map<String, Long> before)
                throws SQLException;
    }

    /** What one transaction applied: the row counts before it, and the checks made inside it. */
    private record Applied(int version, Set<String> preserved, Map<String, Long> before, List<CheckResult> checks) {
    }

    /**
     * Runs inside a transaction opened here and commits only when every check passes; on any failure
     * the transaction is rolled back and the exception propagates.
     *
     * @return the checks made (all passed)
     */
    List<CheckResult> applyAndCommit(Connection c, List<Migration> pending, String backupFile, String backupSha,
                                     BeforeCommit beforeCommit) throws SQLException {
        return commit(c, pending, backupFile, backupSha, MigrationApply::verify, beforeCommit).checks();
    }

    /**
     * Applies {@code pending} in one transaction, makes the {@code inside} checks (throwing on the first
     * that failed), writes {@code beforeCommit} and commits; on any failure rolls back and rethrows.
     */
    private Applied commit(Connection c, List<Migration> pending, String backupFile, String backupSha, Inside inside,
                           BeforeCommit beforeCommit) throws SQLException {
        int target = pending.get(pending.size() - 1).version();
        Set<String> preserved = new TreeSet<>();
        pending.forEach(m -> preserved.addAll(preservedTables(m)));
        c.setAutoCommit(false);
        boolean committed = false;
        try {
            Map<String, Long> before = StoreVerifier.rowCounts(c);
            for (Migration m : pending) {
                runner.applyWithin(c, m, backupFile, backupSha, System.nanoTime());
            }
            List<CheckResult> checks = inside.check(c, target, preserved, before);
            requirePassed(checks);
            beforeCommit.write(c);
            c.commit();
            committed = true;
            return new Applied(target, preserved, before, checks);
        } finally {
            if (!committed) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is closed next; SQLite rolls back an unfinished transaction itself
                }
            }
            c.setAutoCommit(true);
        }
    }

    private static void requirePassed(List<CheckResult> checks) {
        for (CheckResult r : checks) {
            if (!r.ok()) {
                throw new MigrationFailedException("verification failed: " + r.name() + ": " + r.detail());
            }
        }
    }

    /**
     * For a copy nothing else reads until it has passed (the upgraded copy, decision 15): applies the
     * pending migrations in one transaction and commits, then checks the committed copy. The two halves
     * of {@code integrity_check} run side by side: the b-trees on {@code c}, the search index's own check
     * on a second connection to {@code file}; the other checks follow on {@code c}. Throws
     * {@link MigrationFailedException} when a check fails; the caller then discards the copy.
     *
     * @return the checks made (all passed)
     */
    List<CheckResult> applyCommitThenVerify(Connection c, Path file, List<Migration> pending, String backupFile,
                                            BeforeCommit beforeCommit) throws SQLException {
        Applied applied = commit(c, pending, backupFile, null, (d, v, p, b) -> List.of(), beforeCommit);
        // The search index's two checks on one side, the b-trees (the cards table with its indexes, the
        // longest part) on the other; both read the copy through a memory mapping (SqliteFiles.map).
        java.util.concurrent.FutureTask<List<CheckResult>> index = SideThread.start("isometry-upgrade-check-index",
                () -> {
                    try (Connection d = SqliteFiles.open(file, SqliteFiles.Access.READ_ONLY)) {
                        SqliteFiles.map(d);
                        return List.of(SplitIntegrityCheck.virtualTables(d), StoreVerifier.searchIndex(d));
                    }
                });
        CheckResult btrees;
        List<CheckResult> own;
        try {
            SqliteFiles.map(c);
            btrees = SplitIntegrityCheck.btrees(c, true);
        } finally {
            own = joined(index); // waited for either way, so nothing reads the copy once this returns
        }
        List<CheckResult> checks = new ArrayList<>(List.of(btrees, own.get(0)));
        checks.addAll(verifyBeyondIntegrity(c, applied.version(), applied.preserved(), applied.before(), own.get(1)));
        requirePassed(checks);
        return checks;
    }

    private static <T> T joined(java.util.concurrent.FutureTask<T> task) throws SQLException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SafetyException("Interrupted while the upgraded copy was checked", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new SafetyException("The upgraded copy could not be checked: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Every check on the store as {@code c} sees it (inside the open transaction), the same on the dry-run
     * copy and on the store. {@code integrity_check} includes FTS5's own check of the search index (SQLite
     * 3.44+ checks virtual tables too), so it is not run a second time through the 'integrity-check'
     * command.
     */
    static List<CheckResult> verify(Connection c, int version, Set<String> preserved, Map<String, Long> before)
            throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(StoreVerifier.integrity(c, true));
        checks.addAll(verifyBeyondIntegrity(c, version, preserved, before, StoreVerifier.searchIndex(c)));
        return checks;
    }

    /** The checks of {@link #verify} after SQLite's integrity check, with the search index's, made already. */
    private static List<CheckResult> verifyBeyondIntegrity(Connection c, int version, Set<String> preserved,
                                                           Map<String, Long> before, CheckResult searchIndex)
            throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(StoreVerifier.foreignKeys(c));
        long v = SqliteFiles.longValue(c, "PRAGMA user_version");
        checks.add(v == version ? CheckResult.pass("version", "schema version " + v)
                : CheckResult.fail("version", "schema version is " + v + ", expected " + version));
        checks.add(StoreVerifier.schema(c, version));
        checks.add(searchIndex);
        checks.add(rowCounts(StoreVerifier.rowCounts(c), preserved, before));
        return checks;
    }

    static CheckResult rowCounts(Map<String, Long> after, Set<String> preserved, Map<String, Long> before) {
        for (String t : preserved) {
            Long b = before.get(t);
            Long a = after.get(t);
            if (b == null || !b.equals(a)) {
                return CheckResult.fail("row_counts", "table " + t + " had " + b + " rows and has " + a);
            }
        }
        return CheckResult.pass("row_counts", preserved.isEmpty() ? "no counts declared"
                : "unchanged: " + String.join(", ", preserved.stream().map(t -> t + " " + after.get(t)).toList()));
    }
}

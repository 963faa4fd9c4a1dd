package dev.isometry.safety;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The checks of a new backup copy, run side by side on two threads because each reads the whole copy:
 * the b-tree half of {@code integrity_check} with the page accounting, the search index's own check
 * (the other half, decision 13), and the flush to disk followed by the SHA-256 of the file, taken by
 * whichever thread is free first. Together they check what {@code PRAGMA integrity_check} checks;
 * apart, on two free cores, they take about as long as the slower half instead of the sum.
 * The copy is opened {@code immutable=1} (nothing may write it meanwhile), so no side files appear, and
 * read through a memory mapping ({@link SqliteFiles#map}).
 * One instance per copy; {@link #await} from one thread.
 */
final class BackupCheck {
    private final FutureTask<String> sha;
    private final FutureTask<CheckResult> virtualTables;
    private final FutureTask<Outcome> btrees;

    /** What the checks found: every check made, the file's hash, its schema version and rows per table. */
    record Outcome(List<CheckResult> checks, String sha256, int version, Map<String, Long> rowCounts) {
    }

    private BackupCheck(Path copy) {
        sha = new FutureTask<>(() -> {
            SqliteFiles.fsync(copy); // on disk before it is renamed into place; meanwhile the checks read it
            return SqliteFiles.sha256(copy);
        });
        virtualTables = new FutureTask<>(() -> {
            try (Connection c = SqliteFiles.openCopyMapped(copy)) {
                return SplitIntegrityCheck.virtualTables(c);
            }
        });
        btrees = new FutureTask<>(() -> {
            try (Connection c = SqliteFiles.openCopyMapped(copy)) {
                // The facts the manifest needs are read on the same connection, after the b-trees passed.
                CheckResult r = SplitIntegrityCheck.btrees(c, true);
                return new Outcome(List.of(r), null, (int) SqliteFiles.longValue(c, "PRAGMA user_version"),
                        StoreVerifier.rowCounts(c));
            }
        });
    }

    /**
     * Starts the three reads of {@code copy}, which must be completely written (it is flushed here): on two
     * threads, or on one when other work on the copy runs beside them ({@code besideWork}). That work (the
     * upgrade of a copy) is the longer path, and with the checks on two threads three threads share two cores:
     * on one, they end well within it and leave it a core to itself.
     */
    static BackupCheck start(Path copy, boolean besideWork) {
        BackupCheck check = new BackupCheck(copy);
        if (besideWork) {
            SideThread.start("isometry-backup-check", () -> {
                check.sha.run();
                check.btrees.run();
                check.virtualTables.run();
            });
            return check;
        }
        // Two threads for two cores: each runs one half of the check, and whichever finishes first then
        // flushes and hashes the file (FutureTask runs once; the other thread's run() returns at once).
        // Which half is slower depends on the store: FTS5's check for a version-1 index, the b-trees now.
        SideThread.start("isometry-backup-check-index", () -> {
            check.virtualTables.run();
            check.sha.run();
        });
        SideThread.start("isometry-backup-check-btrees", () -> {
            check.btrees.run();
            check.sha.run();
        });
        return check;
    }

    /** The copy's SHA-256, once it is flushed and hashed. */
    java.util.concurrent.Future<String> sha256() {
        return sha;
    }

    /** Waits for all three; after it returns the copy is on disk. */
    Outcome await() throws IOException {
        Outcome b = joined(btrees);
        CheckResult v = joined(virtualTables);
        String hash = joined(sha);
        return new Outcome(List.of(b.checks().get(0), v), hash, b.version(), b.rowCounts());
    }

    private static <T> T joined(FutureTask<T> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the backup", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof SQLException sql) {
                throw new BackupException("The backup copy is not sound (SQLite cannot read it: " + sql.getMessage()
                        + "); it was discarded.", sql);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}

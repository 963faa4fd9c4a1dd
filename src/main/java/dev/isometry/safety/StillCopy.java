package dev.isometry.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A byte-for-byte copy of a store file taken while the store is still (decision 16): SQLite's write lock
 * on it is held and its write-ahead log holds no frames. Then the file alone is the store's last commit,
 * and nothing can change it while it is copied: no other connection can commit, and there are no frames
 * for a checkpoint to copy into it. The file system copies the bytes (~30 ms for 120 MB here, where
 * {@code VACUUM INTO} rebuilds every b-tree in ~350 ms). The copy is then put in rollback-journal mode, as
 * a {@code VACUUM INTO} copy is, so that opening it creates no side files. Stateless.
 */
final class StillCopy {
    private static final String[] SIDE_FILES = {"-wal", "-shm", "-journal"};

    private StillCopy() {
    }

    /**
     * Copies {@code db} to {@code to} when the store is still, waiting for SQLite's write lock no longer than
     * {@code lockWait}.
     *
     * @return false, having written nothing, when the lock did not come free in time, the log holds frames,
     *         or SQLite cannot open the store or the copy for writing; the caller then copies another way
     * @throws IOException when the copy could not be written (a failed copy is removed)
     */
    static boolean tryCopy(Path db, Path to, Duration lockWait) throws IOException {
        // Not even opened for writing when the log holds frames or a rollback journal is left: closing the last
        // connection would fold them into the file, and a store that cannot be copied this way (damaged, from a
        // newer version) must be left exactly as it is.
        if (pending(db)) {
            return false;
        }
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_WRITE);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=" + lockWait.toMillis());
            st.execute("BEGIN IMMEDIATE");
            try {
                // Again under the lock, which nobody can add frames without: a writer may have come meanwhile.
                if (pending(db)) {
                    return false;
                }
                Files.copy(db, to);
            } finally {
                st.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            // Busy, read-only, or not a store SQLite can open: the other way reports what is wrong. A copy made
            // before the lock's release failed is not trusted either.
            Files.deleteIfExists(to);
            return false;
        }
        try {
            rollbackJournalMode(to);
            return true;
        } catch (SQLException | SafetyException e) {
            // SQLite would not take the copy (a damaged first page, say): the other way says what is wrong.
            Backups.deleteQuietly(to);
            for (String side : SIDE_FILES) {
                Backups.deleteQuietly(to.resolveSibling(to.getFileName() + side));
            }
            return false;
        }
    }

    /**
     * Whether anything beside the file may hold part of the store: a log with frames (they may be stale ones
     * of an earlier generation, but its size alone cannot tell; only an empty log proves the file is the
     * whole store) or a rollback journal.
     */
    private static boolean pending(Path db) throws IOException {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(db.resolveSibling(db.getFileName() + "-journal")) || Files.exists(wal) && Files.size(wal) > 0;
    }

    /**
     * Puts a copy of a WAL-mode store in rollback-journal mode; its log is empty, so only the header changes.
     * Without a flush: the backup flushes the whole copy once, beside its checks (with one here, the
     * header's write waited ~0.1–0.6 s for the whole copy to reach the disk).
     */
    private static void rollbackJournalMode(Path copy) throws SQLException, IOException {
        try (Connection c = SqliteFiles.open(copy, SqliteFiles.Access.READ_WRITE);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=OFF");
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=DELETE")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"delete".equalsIgnoreCase(mode)) {
                    throw new SafetyException("the copy stayed in " + mode + " mode");
                }
            }
        }
        for (String side : SIDE_FILES) {
            if (Files.exists(copy.resolveSibling(copy.getFileName() + side))) {
                throw new SafetyException("SQLite left " + copy.getFileName() + side + " beside the copy");
            }
        }
    }
}

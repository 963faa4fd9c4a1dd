package dev.isometry.safety;

import dev.isometry.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The file steps of an upgrade applied to a copy and swapped in (decision 15): the upgraded copy is put
 * in WAL mode (the mode the app keeps every store in), left without side files and flushed; the store is checkpointed and closed so that no
 * {@code -wal} or {@code -shm} is left to meet the new file; the copy's header is checked against what the
 * run left; and the copy is renamed over the store, the folder flushed after. Callers hold the store's
 * maintenance lock, so nothing else opens the store meanwhile. Stateless.
 */
final class UpgradeSwap {
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private UpgradeSwap() {
    }

    /** The upgraded copy (committed, connection still open) takes the store's journal mode, WAL. */
    static void walMode(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
            String mode = rs.next() ? rs.getString(1) : "";
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SafetyException("The upgraded copy could not be put in WAL mode (it is in " + mode + ").");
            }
        }
    }

    /**
     * After the copy's connection closed: no side file may remain (closing the last connection folds the
     * WAL into the file and removes it), and the file is flushed to the device.
     *
     * @return the copy's file identity, or null where the file system has none
     */
    static String seal(Path copy) throws IOException {
        requireNoSideFiles(copy, "the upgraded copy");
        SqliteFiles.fsync(copy);
        return fileKey(copy);
    }

    /**
     * Folds the store's WAL into its file and closes it, so that the file alone is the store: {@code
     * wal_checkpoint(TRUNCATE)} must report that it was not blocked, and after the close neither {@code -wal}
     * nor {@code -shm} may exist (SQLite removes both when the last connection closes; either left means
     * another connection still has the store open, and the swap is refused). A store still in rollback mode
     * (a restored backup the app has not opened yet) has no WAL: reading it through SQLite rolls back a hot
     * journal, if there is one, and the close leaves no side file either.
     */
    static void quiesce(Path db) throws SQLException, IOException {
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_WRITE);
             Statement st = c.createStatement()) {
            String mode;
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                mode = rs.next() ? rs.getString(1) : "";
            }
            if ("wal".equalsIgnoreCase(mode)) {
                try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    if (!rs.next() || rs.getInt(1) != 0) {
                        throw new SafetyException("The store's log could not be folded into it (another connection "
                                + "is reading it); it was not replaced.");
                    }
                }
            } else {
                SqliteFiles.longValue(c, "SELECT count(*) FROM sqlite_master");
            }
        }
        requireNoSideFiles(db, "the store (another connection still has it open)");
    }

    /**
     * The copy is still the one the run upgraded and flushed: same file identity, the target schema
     * version and WAL mode in its header, no side files.
     */
    static void check(Path copy, int version, String fileKey) throws IOException {
        if (!Files.exists(copy)) {
            throw new SafetyException("The upgraded copy " + copy.getFileName() + " is missing.");
        }
        String key = fileKey(copy);
        if (fileKey != null && !fileKey.equals(key)) {
            throw new SafetyException("The upgraded copy " + copy.getFileName() + " is not the file the upgrade left.");
        }
        ByteBuffer h = SqliteFiles.header(copy);
        if (h.remaining() < 100) {
            throw new SafetyException("The upgraded copy has no whole SQLite header.");
        }
        if (h.get(18) != 2 || h.get(19) != 2) {
            throw new SafetyException("The upgraded copy is not in WAL mode.");
        }
        int v = h.getInt(60);
        if (v != version) {
            throw new SafetyException("The upgraded copy is at schema version " + v + ", not " + version + ".");
        }
        requireNoSideFiles(copy, "the upgraded copy");
    }

    /**
     * Renames the copy over the store (atomic, in the same file system: the copy lives in the data folder's
     * {@code journal/}) and flushes both folders. No side file of the store may exist at that moment.
     */
    static void rename(Path copy, Path db) throws IOException {
        requireNoSideFiles(db, "the store");
        try {
            Files.move(copy, db, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new SafetyException("The upgraded copy cannot be renamed over the store in one step ("
                    + e.getMessage() + "); the store was not replaced.", e);
        }
        AtomicFiles.syncDirectory(db.toAbsolutePath().getParent());
        AtomicFiles.syncDirectory(copy.toAbsolutePath().getParent());
    }

    /** Removes a copy and any side file of it. */
    static void delete(Path copy) throws IOException {
        Files.deleteIfExists(copy);
        for (String s : SIDE_FILES) {
            Files.deleteIfExists(sibling(copy, s));
        }
    }

    /** The file system's identity of {@code file} (device and inode on POSIX), or null where there is none. */
    static String fileKey(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return key == null ? null : key.toString();
    }

    private static void requireNoSideFiles(Path file, String what) {
        for (String s : SIDE_FILES) {
            Path side = sibling(file, s);
            if (Files.exists(side)) {
                throw new SafetyException("Found " + side.getFileName() + " beside " + what + "; the store was not "
                        + "replaced.");
            }
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}

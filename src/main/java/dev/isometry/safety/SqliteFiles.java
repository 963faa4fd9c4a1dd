package dev.isometry.safety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opening SQLite files the ways the safety layer needs, hashing and syncing them. Stateless. */
final class SqliteFiles {
    private SqliteFiles() {
    }

    /** How a file is opened. */
    enum Access {
        /** Read-only; sees a live writer's WAL. Never writes the database file. */
        READ_ONLY,
        /** Read-only and declared unchanging: for backups and copies we made, so no -wal/-shm appear. */
        IMMUTABLE,
        /** Read and write, foreign keys off (the migration manages them), synchronous FULL. */
        READ_WRITE
    }

    static Connection open(Path file, Access access) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout(2_000);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        String url;
        if (access == Access.READ_WRITE) {
            c.enforceForeignKeys(false);
            c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            url = "jdbc:sqlite:" + file;
        } else {
            c.setReadOnly(true);
            c.setOpenMode(SQLiteOpenMode.READONLY);
            c.setOpenMode(SQLiteOpenMode.OPEN_URI);
            url = "jdbc:sqlite:" + file.toUri() + (access == Access.IMMUTABLE ? "?immutable=1" : "");
        }
        return c.createConnection(url);
    }

    /** How much of a copy is mapped into memory while it is checked (address space, not memory). */
    static final long MAPPED_BYTES = 1L << 30;

    /**
     * Opens a copy this process made, and which nothing else changes, for SQLite's checks with the file
     * mapped into memory ({@link #map}).
     */
    static Connection openCopyMapped(Path copy) throws SQLException {
        Connection c = open(copy, Access.IMMUTABLE);
        try {
            map(c);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Has SQLite read {@code c}'s file through a memory mapping instead of a system call and a copy per page:
     * the full check of the cards table and its eleven indexes, which looks every row up in every index,
     * takes about half the time (0.62–0.69 s against 1.2–1.5 s for the bench store). Only for copies this
     * process made: a disk error under a mapping ends the process instead of failing a read, which a user's
     * store must never risk, so start-up validation and the live store read through the page cache.
     */
    static void map(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA mmap_size=" + MAPPED_BYTES);
        }
    }

    static long longValue(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** The rows of {@code PRAGMA integrity_check} or {@code quick_check}, up to {@code max}; ["ok"] if sound. */
    static List<String> check(Connection c, boolean full, int max) throws SQLException {
        return rows(c, (full ? "PRAGMA integrity_check(" : "PRAGMA quick_check(") + max + ")", max);
    }

    /** The same for one table and its indexes (or one virtual table's own check); up to {@code max} rows. */
    static List<String> check(Connection c, boolean full, String table, int max) throws SQLException {
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        return rows(c, (full ? "PRAGMA integrity_check(" : "PRAGMA quick_check(") + quoted + ")", max);
    }

    private static List<String> rows(Connection c, String pragma, int max) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(pragma)) {
            while (out.size() < max && rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static boolean isOk(List<String> checkRows) {
        return checkRows.size() == 1 && "ok".equals(checkRows.get(0));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Flushes a file's content to the device. */
    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Copies {@code from} to {@code to} (replacing it) and flushes the copy to the device. */
    static void copyDurably(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long size = in.size();
            for (long pos = 0; pos < size; ) {
                pos += in.transferTo(pos, size - pos, out);
            }
            out.force(true);
        }
    }

    /** Reads up to the first 100 bytes (the SQLite header). */
    static ByteBuffer header(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(100);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // keep reading
            }
        }
        return b.flip();
    }
}

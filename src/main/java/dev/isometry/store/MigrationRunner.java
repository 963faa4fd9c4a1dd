package dev.isometry.store;

import dev.isometry.model.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's schema to the catalog's latest version, one migration per transaction, recording
 * each in {@code migration_history} and in {@code PRAGMA user_version}. Refuses a store from a newer
 * version and a store whose applied migrations differ from the shipped ones. This is the plain runner;
 * the backup, dry-run and verify steps around it belong to the safety layer. Not thread-safe: run on
 * the writer connection.
 */
public final class MigrationRunner {
    private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);
    private static final String HISTORY_DDL = """
            CREATE TABLE IF NOT EXISTS migration_history (
                version       INTEGER PRIMARY KEY NOT NULL,
                id            TEXT    NOT NULL,
                checksum      TEXT    NOT NULL,
                applied_at    TEXT    NOT NULL,
                duration_ms   INTEGER NOT NULL,
                backup_file   TEXT,
                backup_sha256 TEXT
            )""";

    private final MigrationCatalog catalog;

    public MigrationRunner(MigrationCatalog catalog) {
        this.catalog = catalog;
    }

    /** Reads {@code PRAGMA user_version}. */
    public static int schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Checks without writing: throws if the store is too new or an applied migration changed. */
    public void checkApplied(Connection c) throws SQLException {
        int current = schemaVersion(c);
        if (current > catalog.latestVersion()) {
            throw new SchemaTooNewException(current, catalog.latestVersion());
        }
        if (current == 0) {
            return;
        }
        Map<Integer, String> recorded = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM migration_history")) {
            while (rs.next()) {
                recorded.put(rs.getInt(1), rs.getString(2));
            }
        }
        for (Migration m : catalog.all()) {
            if (m.version() > current) {
                break;
            }
            String sum = recorded.get(m.version());
            if (sum != null && !sum.equals(m.checksum())) {
                throw new MigrationChecksumException(m.id(), sum, m.checksum());
            }
        }
    }

    /** Applies every pending migration; returns the ones applied. */
    public List<Migration> migrate(Connection c) throws SQLException {
        checkApplied(c);
        int current = schemaVersion(c);
        List<Migration> pending = catalog.all().stream().filter(m -> m.version() > current).toList();
        for (Migration m : pending) {
            apply(c, m);
        }
        return pending;
    }

    public MigrationCatalog catalog() {
        return catalog;
    }

    /**
     * Applies one migration in its own transaction. Foreign keys are off around the transaction, as
     * SQLite's table-rebuild procedure requires (a DROP of a referenced table would otherwise cascade),
     * and {@code foreign_key_check} must come back empty before the commit.
     */
    private void apply(Connection c, Migration m) throws SQLException {
        long start = System.nanoTime();
        boolean auto = c.getAutoCommit();
        boolean foreignKeys = pragmaFlag(c, "foreign_keys");
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA foreign_keys=OFF");
        }
        c.setAutoCommit(false);
        try {
            applyWithin(c, m, null, null, start);
            requireNoForeignKeyViolations(c);
            c.commit();
            log.info("Applied migration {} in {} ms", m.id(), (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA foreign_keys=" + (foreignKeys ? "ON" : "OFF"));
            }
        }
    }

    /**
     * Runs one migration's script and records it, inside a transaction the caller owns (and commits or
     * rolls back): the safety layer applies every pending step in one transaction and verifies before
     * the commit.
     *
     * @param backupFile   the backup made before this run, recorded in the history (or null)
     * @param backupSha256 its SHA-256 (or null)
     * @param startNanos   {@link System#nanoTime()} when this step started, for the recorded duration
     */
    public void applyWithin(Connection c, Migration m, String backupFile, String backupSha256, long startNanos)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(HISTORY_DDL);
        }
        SqlScript.execute(c, m.script());
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO migration_history (version, id, checksum, "
                + "applied_at, duration_ms, backup_file, backup_sha256) VALUES (?,?,?,?,?,?,?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.id());
            ps.setString(3, m.checksum());
            ps.setString(4, Timestamps.now());
            ps.setLong(5, ms);
            ps.setString(6, backupFile);
            ps.setString(7, backupSha256);
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = " + m.version());
        }
    }

    /** Throws when {@code PRAGMA foreign_key_check} reports any row. */
    public static void requireNoForeignKeyViolations(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                throw new StoreException("Foreign key check failed: table " + rs.getString(1) + " row "
                        + rs.getLong(2) + " refers to a missing row of " + rs.getString(3));
            }
        }
    }

    private static boolean pragmaFlag(Connection c, String pragma) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }
}

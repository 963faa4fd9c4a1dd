package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.DataDir;
import dev.isometry.store.Migration;
import dev.isometry.store.MigrationCatalog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves an upgrade run that did not finish, from what its journal recorded and what the store
 * shows. Before the transaction opened (up to DRY_RUN_PASSED) the store was never touched: the run is
 * abandoned. Once it opened, SQLite has either rolled it back (the store is at the old version) or, if
 * the crash fell after the commit, kept it (the new version): either is accepted only after a full
 * check — integrity, schema snapshot, search index, and row counts against the backup's manifest —
 * and anything else is replaced by the pre-upgrade backup, checked by its hash. Not thread-safe: call
 * under the {@link StoreLock}.
 */
final class MigrationRecovery {
    private static final Logger log = LoggerFactory.getLogger(MigrationRecovery.class);

    private final DataDir dir;
    private final MigrationCatalog catalog;
    private final Backups backups;
    private final MigrationJournal journal;

    MigrationRecovery(DataDir dir, MigrationCatalog catalog, Backups backups) {
        this.dir = dir;
        this.catalog = catalog;
        this.backups = backups;
        this.journal = new MigrationJournal(dir);
    }

    /** Resolves the journal's unfinished run, if any. */
    Optional<RecoveryResult> recoverHeld() {
        journal.sweepTempFiles();
        Optional<JournalEntry> open = journal.interrupted();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        RecoveryResult r = resolve(open.get(), "interrupted");
        log.warn("Recovered an interrupted upgrade: {}", r);
        return Optional.of(r);
    }

    /** Brings the store to a checked state after the run in {@code entry} stopped; journals the outcome. */
    RecoveryResult resolve(JournalEntry entry, String why) {
        removeLeftovers();
        MigrationState at = entry.state();
        if (!at.storeTouched() && at != MigrationState.VERIFIED) {
            return finish(entry, MigrationState.ABANDONED, why + " at " + at + ", before the store was touched");
        }
        Optional<String> problem;
        int version;
        try (Connection c = SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_WRITE)) {
            version = (int) SqliteFiles.longValue(c, "PRAGMA user_version");
            if (version == entry.toVersion()) {
                problem = failure(c, version, preservedBy(entry), entry.rowCounts());
                if (problem.isEmpty()) {
                    return finish(entry, MigrationState.COMMITTED, why + " at " + at
                            + "; the commit had completed, and the upgraded store passed every check");
                }
            } else if (version == entry.fromVersion()) {
                problem = failure(c, version, entry.rowCounts().keySet(), entry.rowCounts());
                if (problem.isEmpty()) {
                    return finish(entry, MigrationState.ROLLED_BACK, why + " at " + at
                            + "; the transaction was rolled back and the store is as it was (checked)");
                }
            } else {
                problem = Optional.of("schema version " + version + " is neither " + entry.fromVersion() + " nor "
                        + entry.toVersion());
            }
        } catch (SQLException | RuntimeException e) {
            problem = Optional.of("the store cannot be read: " + e.getMessage());
        }
        if (entry.backupFile() == null) {
            throw new SafetyException("An interrupted upgrade left the store unusable (" + problem.get()
                    + ") and recorded no backup to restore.");
        }
        Path backup = dir.backups().resolve(entry.backupFile());
        RestoreResult restored = new BackupRestore(backups).restoreHeld(backup);
        if (!restored.restored().sha256().equals(entry.backupSha256())) {
            throw new SafetyException("The backup " + backup + " is not the one this upgrade recorded.");
        }
        return finish(entry, MigrationState.RESTORED, why + " at " + at + "; " + problem.get()
                + ", so the store was restored from " + entry.backupFile() + " (checked by its hash)");
    }

    /** What is wrong with the store at {@code version}, or empty when every check passes. */
    private static Optional<String> failure(Connection c, int version, Set<String> counted, Map<String, Long> expected)
            throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(StoreVerifier.integrity(c, true));
        checks.add(StoreVerifier.foreignKeys(c));
        checks.add(StoreVerifier.schema(c, version));
        checks.add(StoreVerifier.searchIndex(c)); // FTS5's own check ran inside integrity_check
        Map<String, Long> now = StoreVerifier.rowCounts(c);
        Set<String> tables = new TreeSet<>(counted);
        tables.remove("migration_history"); // one row per applied step: differs by design
        checks.add(MigrationApply.rowCounts(now, tables, expected));
        return checks.stream().filter(r -> !r.ok()).findFirst().map(r -> r.name() + ": " + r.detail());
    }

    private Set<String> preservedBy(JournalEntry entry) {
        Set<String> out = new TreeSet<>();
        for (Migration m : catalog.all()) {
            if (m.version() > entry.fromVersion() && m.version() <= entry.toVersion()) {
                out.addAll(MigrationApply.preservedTables(m));
            }
        }
        return out;
    }

    private RecoveryResult finish(JournalEntry entry, MigrationState outcome, String note) {
        journal.write(entry.next(outcome, Timestamps.now(), note));
        return new RecoveryResult(entry.state(), outcome, note);
    }

    /** The dry-run copy and half-written backups of a run that stopped. */
    private void removeLeftovers() {
        try {
            Files.deleteIfExists(dir.journal().resolve("dry-run.db"));
            Files.deleteIfExists(dir.journal().resolve("dry-run.db-journal"));
            if (Files.isDirectory(dir.backups())) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.backups(), ".*.tmp")) {
                    for (Path p : ds) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new SafetyException("Cannot tidy after an interrupted upgrade: " + e.getMessage(), e);
        }
    }
}

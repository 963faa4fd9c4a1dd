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
 * shows (decision 15). Up to DRY_RUN_PASSED the store was never touched: the run is abandoned and the
 * copy deleted. Once the swap began, the store is either the old file (the upgraded copy was not renamed
 * over it: ROLLED_BACK) or the upgraded copy (COMMITTED) — told apart by the file identity the journal
 * recorded for the copy — and either is accepted only after a full check: integrity, schema snapshot,
 * search index, and row counts against the backup's manifest. Anything else is replaced by the
 * pre-upgrade backup, checked by its hash; the damaged file is kept. Recovery never completes a swap: a
 * copy still beside the store is deleted, and a new run starts from a new backup. Not thread-safe: call
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
        // Always the one name the migrator uses: a name read from the journal is never a path to delete.
        // A copy still there was never swapped in (recovery completes no swap); a new run makes a new one.
        deleteCopy(dir.journal().resolve(SafeMigrator.UPGRADE_COPY));
        if (!at.storeTouched()) {
            return finish(entry, MigrationState.ABANDONED, why + " at " + at + ", before the store was touched");
        }
        // The swap began: the store is either the old file (the rename did not happen) or the upgraded copy.
        // Which one it is, the store itself shows: its file identity is the copy's exactly when the rename
        // happened. Either is accepted only after the full checks.
        Optional<String> problem;
        try {
            Optional<Boolean> byIdentity = renamedByIdentity(entry);
            if (!Files.exists(dir.database())) {
                throw new SafetyException("the store file is missing"); // opening it would make an empty one
            }
            try (Connection c = SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_WRITE)) {
                int version = (int) SqliteFiles.longValue(c, "PRAGMA user_version");
                boolean renamed = byIdentity.orElse(version == entry.toVersion());
                if (renamed && version == entry.toVersion()) {
                    problem = failure(c, version, preservedBy(entry), entry.rowCounts());
                    if (problem.isEmpty()) {
                        return finish(entry, MigrationState.COMMITTED, why + " at " + at
                                + "; the upgraded copy had replaced the store, and it passed every check");
                    }
                } else if (!renamed && version == entry.fromVersion()) {
                    problem = failure(c, version, entry.rowCounts().keySet(), entry.rowCounts());
                    if (problem.isEmpty()) {
                        return finish(entry, MigrationState.ROLLED_BACK, why + " at " + at
                                + "; the upgraded copy had not replaced the store, which is as it was (checked)");
                    }
                } else {
                    problem = Optional.of("the store is at schema version " + version + " but "
                            + (renamed ? "is" : "is not") + " the upgraded copy");
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
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

    /**
     * Whether the upgraded copy was renamed over the store: the store has the copy's file identity. Empty
     * where the journal has no identity (an entry from before decision 15, whose upgrade ran in the store's
     * own transaction, or a file system without one): then the store's schema version, as SQLite reads it,
     * says it.
     */
    private Optional<Boolean> renamedByIdentity(JournalEntry entry) throws IOException {
        Path db = dir.database();
        if (entry.copyFileKey() == null || !Files.exists(db)) {
            return Optional.empty();
        }
        String key = UpgradeSwap.fileKey(db);
        return key == null ? Optional.empty() : Optional.of(entry.copyFileKey().equals(key));
    }

    private static void deleteCopy(Path copy) {
        try {
            UpgradeSwap.delete(copy);
        } catch (IOException e) {
            throw new SafetyException("Cannot remove the upgrade copy " + copy + ": " + e.getMessage(), e);
        }
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

    /** Half-written backups of a run that stopped (the upgraded copy is dealt with by {@link #resolve}). */
    private void removeLeftovers() {
        try {
            // The dry-run copy of builds before decision 15.
            Files.deleteIfExists(dir.journal().resolve("dry-run.db"));
            Files.deleteIfExists(dir.journal().resolve("dry-run.db-journal"));
            if (Files.isDirectory(dir.backups())) {
                // With the side files SQLite makes while a still copy is put in rollback-journal mode.
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.backups(), ".*.tmp{,-wal,-shm,-journal}")) {
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

package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.DataDir;
import dev.isometry.store.Migration;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a store safely: finish or undo an interrupted run → back up (hashed, integrity-checked) and,
 * while the backup is checked, dry run on a copy of it → apply to the store in one transaction (foreign
 * keys off around it) → verify inside the transaction → commit; on any failure roll back, check the
 * store is as it was, and restore the backup (checked by its hash) if it is not. Each state is journaled
 * durably before the next step begins, so a crash at any point is resolved at the next start ({@link MigrationRecovery}).
 * Not thread-safe per instance; runs hold the {@link StoreLock}, so two runs never overlap.
 */
public final class SafeMigrator {
    private static final Logger log = LoggerFactory.getLogger(SafeMigrator.class);

    private final DataDir dir;
    private final MigrationCatalog catalog;
    private final Backups backups;
    private final MigrationJournal journal;
    private final MigrationApply apply;

    public SafeMigrator(DataDir dir, MigrationCatalog catalog, Backups backups) {
        this.dir = dir;
        this.catalog = catalog;
        this.backups = backups;
        this.journal = new MigrationJournal(dir);
        this.apply = new MigrationApply(new MigrationRunner(catalog));
    }

    public static SafeMigrator shipped(DataDir dir, Backups backups) {
        return new SafeMigrator(dir, MigrationCatalog.shipped(), backups);
    }

    /** Where a backup listed in a result lives. */
    public Path backupPath(BackupManifest m) {
        return backups.fileOf(m);
    }

    /** Resolves an interrupted run, if there is one, taking the store lock for it. */
    public java.util.Optional<RecoveryResult> recover() {
        if (journal.interrupted().isEmpty()) {
            return java.util.Optional.empty();
        }
        try (StoreLock lock = StoreLock.acquireForMaintenance(dir)) {
            return new MigrationRecovery(dir, catalog, backups).recoverHeld();
        }
    }

    /**
     * Runs the whole safe upgrade.
     *
     * @throws StoreNotReadyException   when the store is blocked or damaged (nothing was changed)
     * @throws MigrationFailedException when the upgrade failed; the store is as it was before
     * @throws StoreLockedException     when the store is open elsewhere
     */
    public MigrationResult migrate(MigrationListener listener) {
        try (StoreLock lock = StoreLock.acquireForMaintenance(dir)) {
            new MigrationRecovery(dir, catalog, backups).recoverHeld();
            StartupReport report = new StartupValidator(catalog).validate(dir, ValidationDepth.QUICK, true);
            if (report.ready()) {
                return nothing(report);
            }
            if (report.status() != StoreStatus.NEEDS_MIGRATION) {
                throw new StoreNotReadyException(report);
            }
            MigrationResult result = run(report.storeVersion(), report.durationMs(), listener);
            backups.prune(java.time.Instant.now());
            return result;
        }
    }

    private MigrationResult run(int from, long validateMs, MigrationListener listener) {
        long start = System.nanoTime();
        List<Migration> pending = catalog.all().stream().filter(m -> m.version() > from).toList();
        int to = pending.get(pending.size() - 1).version();
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("validate", validateMs);
        Path db = dir.database();
        try {
            // Peak use: the backup plus either the dry-run copy or the store's WAL during the transaction.
            backups.requireSpace(dir.backups(), 2 * (Files.size(db) + Backups.sizeOf(wal(db))));
        } catch (IOException e) {
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        } catch (DiskFullException e) {
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        }
        JournalEntry entry = journal.write(new JournalEntry(UUID.randomUUID().toString(), MigrationState.NOT_STARTED,
                from, to, null, null, Map.of(), Timestamps.now(), Timestamps.now(), null,
                List.of(Timestamps.now() + " " + MigrationState.NOT_STARTED)));
        listener.state(MigrationState.NOT_STARTED);
        long t = System.nanoTime();
        listener.progress(0.02, "Backing up your cards");
        // The dry run reads the new copy while the copy's own checks and hash run beside it: both read the
        // whole file, and the journal still records the backup before the dry run's outcome.
        Backups.Made<Long> made;
        try {
            made = backups.createBeside(BackupKind.PRE_MIGRATION, copy -> {
                listener.progress(0.1, "Checking the backup and trying the upgrade on a copy");
                return dryRunOnCopy(copy, pending);
            });
        } catch (BackupException e) {
            journal.write(entry.next(MigrationState.ABANDONED, Timestamps.now(), "backup failed: " + e.getMessage()));
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        }
        BackupManifest backup = made.manifest();
        // The two overlap: the pair's wall time, and the dry run's own share of it.
        phases.put("backup_and_dry_run", ms(t));
        if (made.result() != null) {
            phases.put("dry_run", made.result());
        }
        entry = advance(entry.withBackup(backup.file(), backup.sha256(), backup.rowCounts()),
                MigrationState.BACKUP_CREATED, null, listener);
        if (made.failure() != null) {
            Exception e = made.failure();
            journal.write(entry.next(MigrationState.ABANDONED, Timestamps.now(), "dry run failed: " + e.getMessage()));
            throw new MigrationFailedException("The upgrade failed when tried on a copy, so your store was not "
                    + "touched: " + e.getMessage(), e);
        }
        entry = advance(entry, MigrationState.DRY_RUN_PASSED, null, listener);
        listener.progress(0.55, "Upgrading your store");
        t = System.nanoTime();
        JournalEntry[] current = {entry};
        List<CheckResult> checks;
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_WRITE)) {
            checks = apply.applyAndCommit(c, pending, backup.file(), backup.sha256(), new MigrationApply.Steps() {
                @Override
                public void reached(MigrationState state) {
                    current[0] = advance(current[0], state, null, listener);
                    if (state == MigrationState.VERIFYING) {
                        listener.progress(0.85, "Checking the upgraded store");
                    }
                }

                @Override
                public void applied(Migration m, int index, int of) {
                    listener.progress(0.55 + 0.3 * index / of, "Applied " + m.description());
                }
            });
            phases.put("apply_and_verify", ms(t));
            t = System.nanoTime();
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            phases.put("checkpoint", ms(t));
        } catch (SQLException | RuntimeException e) {
            throw failed(current[0], e);
        }
        advance(current[0], MigrationState.COMMITTED, "upgraded and verified", listener);
        listener.progress(1.0, "Upgrade complete");
        long total = ms(start);
        log.info("Upgraded {} from v{} to v{} in {} ms {}", db, from, to, total, phases);
        return new MigrationResult(from, to, pending.stream().map(Migration::id).toList(), backup, false, checks, phases,
                total);
    }

    /**
     * Applies and verifies on a throw-away copy of the new backup; the store is not touched.
     *
     * @return how long it took, in milliseconds
     */
    private long dryRunOnCopy(Path backupFile, List<Migration> pending) throws IOException, SQLException {
        long t = System.nanoTime();
        Path copy = dir.journal().resolve("dry-run.db");
        Files.createDirectories(copy.getParent());
        Files.deleteIfExists(copy);
        try {
            Files.copy(backupFile, copy);
            try (Connection c = SqliteFiles.open(copy, SqliteFiles.Access.READ_WRITE)) {
                throwAway(c);
                apply.applyAndCommit(c, pending, null, null, MigrationApply.Steps.NONE);
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.resolveSibling("dry-run.db-journal"));
        }
        return ms(t);
    }

    /**
     * A copy that is deleted after the dry run needs neither durability nor a rollback journal: a failed
     * dry run throws the copy away rather than rolling it back.
     */
    private static void throwAway(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=OFF");
            st.execute("PRAGMA journal_mode=OFF");
        }
    }

    /**
     * The upgrade tried on a copy only ({@code isometry migrate --dry-run}): the copy is made with
     * {@code VACUUM INTO}, upgraded, verified and deleted. Nothing in the data folder changes.
     */
    public MigrationResult dryRun() {
        long start = System.nanoTime();
        StartupReport report = new StartupValidator(catalog).validate(dir, ValidationDepth.QUICK, true);
        if (report.ready()) {
            return nothing(report);
        }
        if (report.status() != StoreStatus.NEEDS_MIGRATION) {
            throw new StoreNotReadyException(report);
        }
        int from = report.storeVersion();
        List<Migration> pending = catalog.all().stream().filter(m -> m.version() > from).toList();
        Path copy = dir.journal().resolve("dry-run-" + UUID.randomUUID() + ".db");
        Map<String, Long> phases = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir.journal());
            backups.requireSpace(dir.journal(), Files.size(dir.database()) + Backups.sizeOf(wal(dir.database())));
            long t = System.nanoTime();
            try (Connection src = SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_ONLY);
                 java.sql.PreparedStatement ps = src.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, copy.toString());
                ps.execute();
            }
            phases.put("copy", ms(t));
            t = System.nanoTime();
            List<CheckResult> checks;
            try (Connection c = SqliteFiles.open(copy, SqliteFiles.Access.READ_WRITE)) {
                throwAway(c);
                checks = apply.applyAndCommit(c, pending, null, null, MigrationApply.Steps.NONE);
            }
            phases.put("apply_and_verify", ms(t));
            return new MigrationResult(from, pending.get(pending.size() - 1).version(),
                    pending.stream().map(Migration::id).toList(), null, true, checks, phases, ms(start));
        } catch (SQLException | IOException e) {
            throw new MigrationFailedException("The dry run failed (your store was not touched): " + e.getMessage(), e);
        } catch (MigrationFailedException e) {
            throw new MigrationFailedException("The dry run failed (your store was not touched): " + e.getMessage(), e);
        } finally {
            Backups.deleteQuietly(copy);
            Backups.deleteQuietly(copy.resolveSibling(copy.getFileName() + "-journal"));
        }
    }

    /** After a failed apply: make sure the store is as it was; restore the backup if it is not. */
    private MigrationFailedException failed(JournalEntry entry, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        log.error("Upgrade failed at {}: {}", entry.state(), why, cause);
        try {
            RecoveryResult r = new MigrationRecovery(dir, catalog, backups).resolve(entry, "the upgrade failed: " + why);
            String kept = r.outcome() == MigrationState.RESTORED
                    ? "your store was restored from the backup made before it (checked by its hash)"
                    : "your store was left as it was (rolled back and checked)";
            return new MigrationFailedException("The upgrade failed (" + why + "); " + kept + ".", cause);
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            return new MigrationFailedException("The upgrade failed (" + why + ") and the store could not be "
                    + "confirmed or restored: " + e.getMessage() + ". The backup is " + entry.backupFile() + ".", e);
        }
    }

    private JournalEntry advance(JournalEntry entry, MigrationState state, String note, MigrationListener listener) {
        JournalEntry next = journal.write(entry.next(state, Timestamps.now(), note));
        listener.state(state);
        return next;
    }

    private MigrationResult nothing(StartupReport report) {
        int v = Math.max(report.storeVersion(), 0);
        return new MigrationResult(v, v, List.of(), null, false, report.checks(), Map.of(), report.durationMs());
    }

    private static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + "-wal");
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

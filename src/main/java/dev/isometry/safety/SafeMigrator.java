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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a store safely (decision 15): finish or undo an interrupted run → back up (hashed,
 * integrity-checked) and, while the backup is checked, apply the upgrade to a byte copy of it in one
 * transaction and verify the copy before its commit (the dry run) → close the store (WAL folded in, no
 * side files) → check the copy is the one upgraded → rename it over the store and flush the folder. The
 * store on disk is only ever the old file or the new one. On any failure the copy is deleted, the store
 * checked as it is, and the backup (checked by its hash) restored if it is neither whole and old nor whole
 * and new. Each state is journaled durably before the next step begins, so a crash at any point is
 * resolved at the next start ({@link MigrationRecovery}).
 * Not thread-safe per instance; runs hold the {@link StoreLock}, so two runs never overlap.
 */
public final class SafeMigrator {
    private static final Logger log = LoggerFactory.getLogger(SafeMigrator.class);
    /** The upgraded copy's name in {@code journal/}: the same file system as the store, so a rename is atomic. */
    static final String UPGRADE_COPY = "upgrade.db";

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
        removeStaleDryRuns(dir.journal());
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
        Path copy = dir.journal().resolve(UPGRADE_COPY);
        try {
            // Peak use: the backup plus the upgraded copy (which then replaces the store).
            backups.requireSpace(dir.backups(), 2 * (Files.size(db) + Backups.sizeOf(wal(db))));
        } catch (IOException e) {
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        } catch (DiskFullException e) {
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        }
        JournalEntry entry = journal.write(new JournalEntry(UUID.randomUUID().toString(), MigrationState.NOT_STARTED,
                from, to, null, null, Map.of(), Timestamps.now(), Timestamps.now(), null,
                List.of(Timestamps.now() + " " + MigrationState.NOT_STARTED), UPGRADE_COPY, null));
        listener.state(MigrationState.NOT_STARTED);
        long t = System.nanoTime();
        listener.progress(0.02, "Backing up your cards");
        // The upgrade is applied to a copy of the new backup while the backup's own checks and hash run
        // beside it: both read the whole file, and the journal still records the backup before the outcome.
        Backups.Made<Upgraded> made;
        try {
            made = backups.createBeside(BackupKind.PRE_MIGRATION, (backupCopy, backupName, sha) -> {
                listener.progress(0.1, "Checking the backup and upgrading a copy of it");
                return upgradeCopy(backupCopy, copy, pending, from, backupName, sha);
            });
        } catch (BackupException e) {
            deleteCopy(copy);
            journal.write(entry.next(MigrationState.ABANDONED, Timestamps.now(), "backup failed: " + e.getMessage()));
            throw new MigrationFailedException("The upgrade did not start: " + e.getMessage(), e);
        }
        BackupManifest backup = made.manifest();
        // The two overlap: the pair's wall time, and the copy's own share of it.
        phases.put("backup_and_dry_run", ms(t));
        if (made.result() != null) {
            phases.put("dry_run", made.result().ms());
            phases.put("flush", made.result().flushMs());
        }
        entry = advance(entry.withBackup(backup.file(), backup.sha256(), backup.rowCounts()),
                MigrationState.BACKUP_CREATED, null, listener);
        if (made.failure() != null) {
            Exception e = made.failure();
            deleteCopy(copy);
            journal.write(entry.next(MigrationState.ABANDONED, Timestamps.now(), "dry run failed: " + e.getMessage()));
            throw new MigrationFailedException("The upgrade failed when tried on a copy, so your store was not "
                    + "touched: " + e.getMessage(), e);
        }
        Upgraded upgraded = made.result();
        entry = advance(entry.withCopy(UPGRADE_COPY, upgraded.fileKey()), MigrationState.DRY_RUN_PASSED, null, listener);
        listener.progress(0.85, "Putting the upgraded store in place");
        t = System.nanoTime();
        try {
            // The store is closed for good: its WAL folded in, no side file left to meet the new file.
            entry = advance(entry, MigrationState.MIGRATING, null, listener);
            UpgradeSwap.quiesce(db);
            entry = advance(entry, MigrationState.MIGRATED, null, listener);
            entry = advance(entry, MigrationState.VERIFYING, null, listener);
            UpgradeSwap.check(copy, to, upgraded.fileKey());
            entry = advance(entry, MigrationState.VERIFIED, null, listener);
            UpgradeSwap.rename(copy, db);
            requireUpgraded(db, to);
        } catch (SQLException | IOException | RuntimeException e) {
            throw failed(entry, e);
        }
        phases.put("swap", ms(t));
        advance(entry, MigrationState.COMMITTED, "upgraded and verified on a copy, which replaced the store", listener);
        listener.progress(1.0, "Upgrade complete");
        long total = ms(start);
        log.info("Upgraded {} from v{} to v{} in {} ms {}", db, from, to, total, phases);
        return new MigrationResult(from, to, pending.stream().map(Migration::id).toList(), backup, false,
                upgraded.checks(), phases, total);
    }

    /**
     * The upgraded copy: every check made on it (all passed), its file identity, how long it all took, and
     * how long of that putting it in WAL mode, closing and flushing it took.
     */
    private record Upgraded(List<CheckResult> checks, String fileKey, long ms, long flushMs) {
    }

    /**
     * Copies the new backup (written, being checked) byte for byte, applies the pending migrations to the copy
     * in one transaction with the backup's name and hash in its history, commits, verifies the committed copy
     * (the two halves of the integrity check side by side), puts it in WAL mode and flushes it. The store is
     * not touched, and nothing takes the copy for the store before the journal says its checks passed. A
     * failure removes the copy.
     */
    private Upgraded upgradeCopy(Path backupCopy, Path copy, List<Migration> pending, int from, String backupName,
                                 Future<String> backupSha) throws Exception {
        long t = System.nanoTime();
        long flush;
        Files.createDirectories(copy.getParent());
        UpgradeSwap.delete(copy);
        boolean done = false;
        try {
            Files.copy(backupCopy, copy);
            List<CheckResult> checks;
            try (Connection c = SqliteFiles.open(copy, SqliteFiles.Access.READ_WRITE)) {
                throwAway(c);
                checks = apply.applyCommitThenVerify(c, copy, pending, backupName,
                        tx -> recordBackupHash(tx, from, backupSha));
                flush = System.nanoTime();
                UpgradeSwap.walMode(c);
            }
            String key = UpgradeSwap.seal(copy);
            done = true;
            return new Upgraded(checks, key, ms(t), ms(flush));
        } finally {
            if (!done) {
                UpgradeSwap.delete(copy);
            }
        }
    }

    /** The history rows this run added name the backup's hash, which its check computes meanwhile. */
    private static void recordBackupHash(Connection c, int from, Future<String> sha) throws SQLException {
        String hash;
        try {
            hash = sha.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SafetyException("Interrupted while the backup was hashed", e);
        } catch (ExecutionException e) {
            throw new SafetyException("The backup could not be hashed: " + e.getCause().getMessage(), e.getCause());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE migration_history SET backup_sha256 = ? WHERE version > ?")) {
            ps.setString(1, hash);
            ps.setInt(2, from);
            ps.executeUpdate();
        }
    }

    /** After the rename the store's header shows the new version (its content was checked on the copy). */
    private static void requireUpgraded(Path db, int to) throws IOException {
        int v = SqliteFiles.header(db).getInt(60);
        if (v != to) {
            throw new SafetyException("After the swap the store is at schema version " + v + ", not " + to + ".");
        }
    }

    private static void deleteCopy(Path copy) {
        try {
            UpgradeSwap.delete(copy);
        } catch (IOException e) {
            log.warn("Could not remove the upgrade copy {}: {}", copy, e.getMessage());
        }
    }

    /**
     * A copy being upgraded needs neither durability nor a rollback journal while the work runs: a failed
     * run throws the copy away rather than rolling it back, and a copy that is kept is flushed once at the end.
     * A 64 MB page cache (instead of 2 MB) for the table and index rebuilds cost ~7% less CPU in the apply
     * of the bench store (six alternating runs); it is freed when the connection closes.
     */
    private static void throwAway(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=OFF");
            st.execute("PRAGMA journal_mode=OFF");
            st.execute("PRAGMA cache_size=-65536");
        }
    }

    /**
     * The upgrade tried on a copy only ({@code isometry migrate --dry-run}): the copy is made with
     * {@code VACUUM INTO}, upgraded, verified and deleted. Nothing in the data folder changes.
     */
    public MigrationResult dryRun() {
        long start = System.nanoTime();
        removeStaleDryRuns(dir.journal());
        StartupReport report = new StartupValidator(catalog).validate(dir, ValidationDepth.QUICK, true);
        if (report.ready()) {
            return nothing(report);
        }
        if (report.status() != StoreStatus.NEEDS_MIGRATION) {
            throw new StoreNotReadyException(report);
        }
        int from = report.storeVersion();
        List<Migration> pending = catalog.all().stream().filter(m -> m.version() > from).toList();
        Path copy = dir.journal().resolve(DRY_RUN_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".db");
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
                checks = apply.applyAndCommit(c, pending, null, null, MigrationApply.BeforeCommit.NONE);
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

    /** Dry-run copies are named {@code dry-run-<pid>-<uuid>.db}: the process that made each is known. */
    static final String DRY_RUN_PREFIX = "dry-run-";

    /**
     * Deletes the dry-run copies (and their rollback journals) left by processes that are gone: a dry run
     * killed before its cleanup left a copy as large as the store. A copy whose process still runs is
     * another dry run at work and stays; so does a file whose name does not say its process.
     *
     * @return how many copies were deleted
     */
    static int removeStaleDryRuns(Path journalDir) {
        if (!Files.isDirectory(journalDir)) {
            return 0;
        }
        int removed = 0;
        try (var files = Files.list(journalDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.startsWith(DRY_RUN_PREFIX) || !name.endsWith(".db")) {
                    continue;
                }
                String rest = name.substring(DRY_RUN_PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
                } catch (NumberFormatException e) {
                    pid = -1;
                }
                if (pid <= 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Backups.deleteQuietly(f);
                Backups.deleteQuietly(f.resolveSibling(name + "-journal"));
                log.info("Removed {}, a dry-run copy left by process {} which is gone", f.getFileName(), pid);
                removed++;
            }
        } catch (IOException e) {
            log.warn("Could not look for dry-run copies left behind in {}: {}", journalDir, e.getMessage());
        }
        return removed;
    }

    /** After a failed apply: make sure the store is as it was; restore the backup if it is not. */
    private MigrationFailedException failed(JournalEntry entry, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        log.error("Upgrade failed at {}: {}", entry.state(), why, cause);
        try {
            RecoveryResult r = new MigrationRecovery(dir, catalog, backups).resolve(entry, "the upgrade failed: " + why);
            String kept = switch (r.outcome()) {
                case RESTORED -> "your store was restored from the backup made before it (checked by its hash)";
                case COMMITTED -> "the upgraded store had already replaced the old one and passed every check";
                case ABANDONED -> "your store was not touched";
                default -> "your store was left as it was (not replaced, and checked)";
            };
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

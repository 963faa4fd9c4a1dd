package dev.isometry.safety;

import dev.isometry.store.DataDir;
import dev.isometry.store.Migration;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationChecksumException;
import dev.isometry.store.MigrationRunner;
import dev.isometry.store.SchemaTooNewException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, without writing anything, whether a data folder's store can be opened: READY,
 * NEEDS_MIGRATION, BLOCKED (newer version, changed history, in use) or NEEDS_RECOVERY (damaged, or an
 * upgrade was interrupted). It reads the header before SQLite opens the file and then opens it
 * read-only; the store file is never modified. Immutable; thread-safe.
 */
public final class StartupValidator {
    private final MigrationCatalog catalog;

    public StartupValidator(MigrationCatalog catalog) {
        this.catalog = catalog;
    }

    public static StartupValidator shipped() {
        return new StartupValidator(MigrationCatalog.shipped());
    }

    public StartupReport validate(DataDir dir, ValidationDepth depth) {
        return validate(dir, depth, false);
    }

    /**
     * @param lockHeldHere the caller holds the {@link StoreLock} itself, so the lock is not a reason to block
     */
    public StartupReport validate(DataDir dir, ValidationDepth depth, boolean lockHeldHere) {
        return new Run(dir, depth, lockHeldHere).go();
    }

    /** One validation: collects checks until an outcome is decided. */
    private final class Run {
        private final DataDir dir;
        private final ValidationDepth depth;
        private final boolean lockHeldHere;
        private final long start = System.nanoTime();
        private final List<CheckResult> checks = new ArrayList<>();
        private int version = -1;

        Run(DataDir dir, ValidationDepth depth, boolean lockHeldHere) {
            this.dir = dir;
            this.depth = depth;
            this.lockHeldHere = lockHeldHere;
        }

        StartupReport go() {
            Optional<JournalEntry> interrupted;
            try {
                interrupted = new MigrationJournal(dir).interrupted();
            } catch (SafetyException e) {
                return fail("journal", StoreStatus.NEEDS_RECOVERY, e.getMessage());
            }
            if (interrupted.isPresent()) {
                JournalEntry j = interrupted.get();
                return fail("journal", StoreStatus.NEEDS_RECOVERY, "An upgrade from version " + j.fromVersion()
                        + " to " + j.toVersion() + " was interrupted (" + j.state() + "). Starting Isometry or running "
                        + "'isometry migrate' finishes or undoes it, using the backup made before it.");
            }
            checks.add(CheckResult.pass("journal", "no interrupted upgrade"));
            if (!lockHeldHere) {
                Optional<String> holder = StoreLock.heldBy(dir);
                if (holder.isPresent()) {
                    return fail("lock", StoreStatus.BLOCKED, "The store is in use by " + holder.get()
                            + ". Close that Isometry first; nothing was changed.");
                }
                checks.add(CheckResult.pass("lock", "not in use"));
            }
            Path db = dir.database();
            try {
                if (!Files.exists(db) || (Files.size(db) == 0 && !Files.exists(walOf(db)))) {
                    return fresh("there is no store yet; a new one will be made");
                }
                Optional<String> headerProblem = HeaderCheck.problem(db);
                if (headerProblem.isPresent()) {
                    return fail("header", StoreStatus.NEEDS_RECOVERY, headerProblem.get() + " Restore a backup.");
                }
                checks.add(CheckResult.pass("header", "SQLite header is sound"));
            } catch (IOException e) {
                return fail("file", StoreStatus.NEEDS_RECOVERY, "The store file cannot be read: " + e.getMessage());
            }
            try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_ONLY)) {
                return inspect(c);
            } catch (SQLException e) {
                return fail("open", StoreStatus.NEEDS_RECOVERY, "SQLite cannot read the store (" + e.getMessage()
                        + "); it is damaged. Restore a backup.");
            }
        }

        private StartupReport inspect(Connection c) throws SQLException {
            version = (int) SqliteFiles.longValue(c, "PRAGMA user_version");
            long objects = SqliteFiles.longValue(c, "SELECT count(*) FROM sqlite_master");
            if (version == 0) {
                return objects == 0 ? fresh("the store is empty; its tables will be made")
                        : fail("version", StoreStatus.NEEDS_RECOVERY,
                        "The store file is an SQLite database but not an Isometry store. Restore a backup.");
            }
            try {
                new MigrationRunner(catalog).checkApplied(c);
            } catch (SchemaTooNewException e) {
                return fail("version", StoreStatus.BLOCKED, "The store was written by a newer Isometry (schema version "
                        + version + "; this one knows up to " + catalog.latestVersion()
                        + "). Use that version or newer; the file was left untouched.");
            } catch (MigrationChecksumException e) {
                return fail("history", StoreStatus.BLOCKED, "An upgrade already applied to this store differs from the "
                        + "one this Isometry ships, so it will not touch the store. " + e.getMessage());
            }
            checks.add(CheckResult.pass("version", "schema version " + version + " of " + catalog.latestVersion()));
            // Nothing else runs while the app starts: the b-trees are checked on two connections at once.
            if (depth == ValidationDepth.QUICK && !add(SplitIntegrityCheck.btrees(c,
                    () -> SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_ONLY), false))) {
                return damaged();
            }
            if ((depth == ValidationDepth.FULL && !add(StoreVerifier.integrity(c, true)))
                    || !add(StoreVerifier.schema(c, version))) {
                return damaged();
            }
            if ((depth == ValidationDepth.QUICK && !add(StoreVerifier.searchIndexCounts(c)))
                    || (depth == ValidationDepth.FULL && !add(StoreVerifier.searchIndex(c)))) {
                return damaged();
            }
            if (depth == ValidationDepth.FULL && !add(StoreVerifier.foreignKeys(c))) {
                return damaged();
            }
            if (version < catalog.latestVersion()) {
                List<String> pending = catalog.all().stream().filter(m -> m.version() > version).map(Migration::id).toList();
                return report(StoreStatus.NEEDS_MIGRATION, "The store is from an older version (schema " + version
                        + "); it needs an upgrade to version " + catalog.latestVersion()
                        + ". A backup is made first and the upgrade is checked before it is kept.", pending, false);
            }
            return report(StoreStatus.READY, "The store is sound and up to date (schema version " + version + ").",
                    List.of(), false);
        }

        private boolean add(CheckResult r) {
            checks.add(r);
            return r.ok();
        }

        private StartupReport damaged() {
            CheckResult failed = checks.get(checks.size() - 1);
            return report(StoreStatus.NEEDS_RECOVERY, "The store is damaged: " + failed.detail()
                    + ". Restore a backup.", List.of(), false);
        }

        private StartupReport fresh(String why) {
            checks.add(CheckResult.pass("store", why));
            return report(StoreStatus.READY, "No store yet: " + why + ".", List.of(), true);
        }

        private StartupReport fail(String check, StoreStatus status, String reason) {
            checks.add(CheckResult.fail(check, reason));
            return report(status, reason, List.of(), false);
        }

        private StartupReport report(StoreStatus status, String reason, List<String> pending, boolean fresh) {
            return new StartupReport(status, reason, version, catalog.latestVersion(), pending, fresh, checks,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static Path walOf(Path db) {
        return db.resolveSibling(db.getFileName() + "-wal");
    }
}

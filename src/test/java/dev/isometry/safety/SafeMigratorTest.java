package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import dev.isometry.store.Migration;
import dev.isometry.store.MigrationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safe upgrade on real stores: success, dry run, failures at each stage, and recovery. */
class SafeMigratorTest {
    private static final MigrationCatalog SHIPPED = MigrationCatalog.shipped();
    private static final int LATEST = SHIPPED.latestVersion();
    @TempDir
    Path root;

    private static SafeMigrator migrator(DataDir dir) {
        return SafeMigrator.shipped(dir, Backups.of(dir, "test"));
    }

    private static MigrationCatalog v1Plus(String script) {
        List<Migration> list = new ArrayList<>(SHIPPED.upTo(1).all());
        list.add(new Migration(2, "V2__test", "test", script, MigrationCatalog.checksum(script)));
        return MigrationCatalog.of(list);
    }

    @Test
    void anOldStoreIsUpgradedWithABackupAndEveryCardComesThroughWhole() throws Exception {
        // Given a version-1 store with cards, trashed cards, connections and history
        DataDir dir = TestStores.create(root, 1, 500);
        Map<String, String> before = TestStores.cardHashes(dir.database());

        // When it is upgraded
        List<MigrationState> states = new ArrayList<>();
        MigrationResult r = migrator(dir).migrate(new MigrationListener() {
            @Override
            public void state(MigrationState state) {
                states.add(state);
            }
        });

        // Then it is at the newest version, every state was journaled in order, and every card is unchanged
        assertEquals(LATEST, TestStores.userVersion(dir.database()));
        assertEquals(List.of(MigrationState.NOT_STARTED, MigrationState.BACKUP_CREATED, MigrationState.DRY_RUN_PASSED,
                MigrationState.MIGRATING, MigrationState.MIGRATED, MigrationState.VERIFYING, MigrationState.VERIFIED,
                MigrationState.COMMITTED), states);
        assertEquals(before, TestStores.cardHashes(dir.database()));
        assertEquals(MigrationState.COMMITTED, new MigrationJournal(dir).read().orElseThrow().state());
        assertTrue(r.checks().stream().allMatch(CheckResult::ok), r.checks().toString());
        // And the backup made first matches its manifest and holds the old version
        BackupManifest backup = r.backup();
        assertNotNull(backup);
        assertEquals(1, backup.schemaVersion());
        assertEquals(500, backup.cards());
        Backups.verify(dir.backups().resolve(backup.file()));
        // And the validator now says READY
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
    }

    @Test
    void aDryRunChangesNothingInTheDataFolder() throws Exception {
        DataDir dir = TestStores.create(root, 1, 200);
        String before = TestStores.sha256(dir.database());

        MigrationResult r = migrator(dir).dryRun();

        assertTrue(r.dryRun());
        assertEquals(LATEST, r.toVersion());
        assertEquals(before, TestStores.sha256(dir.database()));
        assertTrue(Backups.of(dir, "test").list().isEmpty());
        assertTrue(new MigrationJournal(dir).read().isEmpty());
        try (var files = Files.list(dir.journal())) {
            assertEquals(0, files.count(), "the copy was removed");
        }
    }

    @Test
    void aDryRunCopyLeftByAProcessThatIsGoneIsRemovedAndOneStillInUseIsKept() throws Exception {
        DataDir dir = TestStores.create(root, 1, 50);
        Files.createDirectories(dir.journal());
        // A dry run killed before its cleanup: its process has exited.
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Path left = dir.journal().resolve(SafeMigrator.DRY_RUN_PREFIX + gone.pid() + "-a.db");
        Path leftJournal = left.resolveSibling(left.getFileName() + "-journal");
        // Another dry run at work (this process), and a file whose name does not say its process.
        Path busy = dir.journal().resolve(SafeMigrator.DRY_RUN_PREFIX + ProcessHandle.current().pid() + "-b.db");
        Path unknown = dir.journal().resolve(SafeMigrator.DRY_RUN_PREFIX + "c.db");
        for (Path f : List.of(left, leftJournal, busy, unknown)) {
            Files.writeString(f, "copy");
        }

        MigrationResult r = migrator(dir).dryRun();

        assertTrue(r.dryRun());
        assertFalse(Files.exists(left), "the copy of the process that is gone was removed");
        assertFalse(Files.exists(leftJournal));
        assertTrue(Files.exists(busy), "a copy whose process runs is kept");
        assertTrue(Files.exists(unknown), "a file that does not name its process is kept");
    }

    @Test
    void aMigrationThatLosesRowsItDeclaresPreservedFailsOnTheCopyAndTheStoreIsUntouched() throws Exception {
        DataDir dir = TestStores.create(root, 1, 100);
        String before = TestStores.sha256(dir.database());
        SafeMigrator bad = new SafeMigrator(dir, v1Plus(SHIPPED.get(2).script() + "\n"
                + "DELETE FROM cards WHERE deleted_at IS NOT NULL AND id NOT IN (SELECT source_id FROM connections "
                + "UNION SELECT target_id FROM connections);"),
                Backups.of(dir, "test"));

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> bad.migrate(MigrationListener.none()));

        assertTrue(e.getMessage().contains("on a copy") && e.getMessage().contains("row_counts"), e.getMessage());
        assertEquals(before, TestStores.sha256(dir.database()));
        assertEquals(MigrationState.ABANDONED, new MigrationJournal(dir).read().orElseThrow().state());
        // the copy, committed before its checks, is gone with them
        assertFalse(java.nio.file.Files.exists(dir.journal().resolve(SafeMigrator.UPGRADE_COPY)));
    }

    @Test
    void aMigrationThatLeavesAnotherSchemaThanItsVersionsSnapshotFailsOnTheCopy() throws Exception {
        DataDir dir = TestStores.create(root, 1, 20);
        String before = TestStores.sha256(dir.database());
        SafeMigrator odd = new SafeMigrator(dir, v1Plus("CREATE INDEX stray_idx ON cards (url);"), Backups.of(dir, "test"));

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> odd.migrate(MigrationListener.none()));

        assertTrue(e.getMessage().contains("schema") && e.getMessage().contains("stray_idx"), e.getMessage());
        assertEquals(before, TestStores.sha256(dir.database()));
    }

    @Test
    void aFailureBeforeTheSwapLeavesTheOldStoreCheckedUnchanged() throws Exception {
        DataDir dir = TestStores.create(root, 1, 100);
        Map<String, String> before = TestStores.cardHashes(dir.database());

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> migrator(dir).migrate(
                new MigrationListener() {
                    @Override
                    public void state(MigrationState state) {
                        if (state == MigrationState.VERIFYING) {
                            throw new IllegalStateException("power cut simulated");
                        }
                    }
                }));

        assertTrue(e.getMessage().contains("left as it was"), e.getMessage());
        assertEquals(1, TestStores.userVersion(dir.database()));
        assertEquals(before, TestStores.cardHashes(dir.database()));
        assertEquals(MigrationState.ROLLED_BACK, new MigrationJournal(dir).read().orElseThrow().state());
    }

    @Test
    void aFullDiskMeansTheUpgradeDoesNotStartAndSaysWhy() throws Exception {
        DataDir dir = TestStores.create(root, 1, 100);
        String before = TestStores.sha256(dir.database());
        SafeMigrator m = new SafeMigrator(dir, SHIPPED, new Backups(dir, "test", d -> 1 << 20, BackupRetention.ofDefaults()));

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> m.migrate(MigrationListener.none()));

        assertTrue(e.getMessage().startsWith("The upgrade did not start: Not enough free disk space"), e.getMessage());
        assertEquals(before, TestStores.sha256(dir.database()));
        try (var files = Files.list(dir.backups())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aCrashAfterTheCommitIsRecognizedAndVerifiedAsCommitted() throws Exception {
        // Given an upgrade whose commit happened but whose last journal write did not
        DataDir dir = TestStores.create(root, 1, 100);
        migrator(dir).migrate(MigrationListener.none());
        MigrationJournal journal = new MigrationJournal(dir);
        JournalEntry done = journal.read().orElseThrow();
        journal.write(new JournalEntry(done.runId(), MigrationState.VERIFIED, 1, LATEST, done.backupFile(),
                done.backupSha256(), done.rowCounts(), done.startedAt(), done.updatedAt(), null, List.of(),
                done.upgradedCopy(), done.copyFileKey()));

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the upgrade is kept
        assertEquals(MigrationState.COMMITTED, r.outcome(), r.note());
        assertEquals(LATEST, TestStores.userVersion(dir.database()));
    }

    @Test
    void aStoreDamagedDuringAnUpgradeIsRestoredFromTheBackupCheckedByHash() throws Exception {
        // Given an upgrade interrupted mid-transaction that left the store damaged
        DataDir dir = TestStores.create(root, 1, 300);
        Map<String, String> original = TestStores.cardHashes(dir.database());
        migrator(dir).migrate(MigrationListener.none());
        MigrationJournal journal = new MigrationJournal(dir);
        JournalEntry done = journal.read().orElseThrow();
        journal.write(new JournalEntry(done.runId(), MigrationState.MIGRATED, 1, LATEST, done.backupFile(),
                done.backupSha256(), done.rowCounts(), done.startedAt(), done.updatedAt(), null, List.of(),
                done.upgradedCopy(), done.copyFileKey()));
        long pages = Files.size(dir.database()) / 4096;
        byte[] junk = new byte[8 * 4096];
        java.util.Arrays.fill(junk, (byte) 0xA5);
        StartupValidatorTest.overwrite(dir.database(), (pages - 8) * 4096, junk); // the newest pages: the rebuilt table

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the pre-upgrade backup is back in place, whole, and the damaged store was kept aside
        assertEquals(MigrationState.RESTORED, r.outcome(), r.note());
        assertEquals(1, TestStores.userVersion(dir.database()));
        assertEquals(original, TestStores.cardHashes(dir.database()));
        assertEquals(StoreStatus.NEEDS_MIGRATION, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
        assertFalse(new MigrationJournal(dir).interrupted().isPresent());
    }

    /** Stops a run where it is, as a power cut would: neither caught nor resolved by the run itself. */
    private static final class PowerCut extends Error {
        PowerCut(MigrationState at) {
            super("power cut at " + at);
        }
    }

    private static MigrationListener cutAt(MigrationState at) {
        return new MigrationListener() {
            @Override
            public void state(MigrationState state) {
                if (state == at) {
                    throw new PowerCut(at);
                }
            }
        };
    }

    @Test
    void aCrashJustBeforeTheRenameLeavesTheOldStoreAndRecoveryDeletesTheCopy() throws Exception {
        // Given a run stopped right before the upgraded copy would have been renamed over the store
        DataDir dir = TestStores.create(root, 1, 200);
        Map<String, String> before = TestStores.cardHashes(dir.database());
        assertThrows(PowerCut.class, () -> migrator(dir).migrate(cutAt(MigrationState.VERIFIED)));
        Path copy = dir.journal().resolve(SafeMigrator.UPGRADE_COPY);
        assertTrue(Files.exists(copy), "the upgraded copy waits beside the store");
        assertFalse(Files.exists(dir.root().resolve("isometry.db-wal")), "the store was closed with its WAL folded in");

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the store is the old one, checked; the copy is gone; and a new run upgrades it
        assertEquals(MigrationState.ROLLED_BACK, r.outcome(), r.note());
        assertFalse(Files.exists(copy));
        assertEquals(1, TestStores.userVersion(dir.database()));
        assertEquals(before, TestStores.cardHashes(dir.database()));
        migrator(dir).migrate(MigrationListener.none());
        assertEquals(LATEST, TestStores.userVersion(dir.database()));
        assertEquals(before, TestStores.cardHashes(dir.database()));
    }

    @Test
    void aCrashJustAfterTheRenameIsRecognizedByTheFilesIdentityAndKept() throws Exception {
        // Given a run stopped before the rename, and the rename then done as the run would have
        DataDir dir = TestStores.create(root, 1, 200);
        Map<String, String> before = TestStores.cardHashes(dir.database());
        assertThrows(PowerCut.class, () -> migrator(dir).migrate(cutAt(MigrationState.VERIFIED)));
        UpgradeSwap.rename(dir.journal().resolve(SafeMigrator.UPGRADE_COPY), dir.database());
        assertEquals(new MigrationJournal(dir).read().orElseThrow().copyFileKey(), UpgradeSwap.fileKey(dir.database()));

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the upgraded store is kept, having passed every check
        assertEquals(MigrationState.COMMITTED, r.outcome(), r.note());
        assertUpgradedWith(dir, before);
    }

    @Test
    void aStoreStillOpenElsewhereIsNotReplaced() throws Exception {
        // Given a connection that has the store open (outside Isometry's lock) and has read from it
        DataDir dir = TestStores.create(root, 1, 100);
        Map<String, String> before = TestStores.cardHashes(dir.database());
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = other.createStatement()) {
            st.executeQuery("SELECT count(*) FROM cards").close();

            // When an upgrade runs
            MigrationFailedException e = assertThrows(MigrationFailedException.class,
                    () -> migrator(dir).migrate(MigrationListener.none()));

            // Then it refuses to put a new file where an open connection's WAL index would meet it
            assertTrue(e.getMessage().contains("not replaced") && e.getMessage().contains("left as it was"),
                    e.getMessage());
        }
        assertEquals(1, TestStores.userVersion(dir.database()));
        assertEquals(before, TestStores.cardHashes(dir.database()));
        assertEquals(MigrationState.ROLLED_BACK, new MigrationJournal(dir).read().orElseThrow().state());
        assertFalse(Files.exists(dir.journal().resolve(SafeMigrator.UPGRADE_COPY)));
    }

    @Test
    void cardsOnlyInTheWalOfAStoreLeftByACrashComeThroughTheUpgrade() throws Exception {
        // Given a store whose last cards are only in its WAL, as an app killed before a checkpoint leaves it
        DataDir source = TestStores.create(root.resolve("source"), 1, 100);
        DataDir dir = new DataDir(root.resolve("crashed")).prepare();
        Map<String, String> before;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source.database());
             java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("UPDATE cards SET content = content || ' only in the log' WHERE rowid % 3 = 0");
            Files.copy(source.database(), dir.database());
            Files.copy(source.root().resolve("isometry.db-wal"), dir.root().resolve("isometry.db-wal"));
            before = TestStores.cardHashes(source.database()); // read beside the open connection: no checkpoint
        }
        assertTrue(Files.size(dir.root().resolve("isometry.db-wal")) > 0);
        assertTrue(before.values().stream().distinct().count() == before.size());

        // When it is upgraded
        migrator(dir).migrate(MigrationListener.none());

        // Then the new store holds those cards, and no log of the old file is left beside it
        assertUpgradedWith(dir, before);
    }

    @Test
    void aStoreInRollbackModeComesOutInWalModeAndItsHistoryNamesTheBackupByHash() throws Exception {
        // Given a store in rollback mode, as a restored backup is until the app opens it
        DataDir dir = TestStores.create(root, 1, 50);
        TestStores.exec(dir.database(), "PRAGMA journal_mode=DELETE");
        assertEquals(1, Files.readAllBytes(dir.database())[18]);

        MigrationResult r = migrator(dir).migrate(MigrationListener.none());

        byte[] header = Files.readAllBytes(dir.database());
        assertEquals(2, header[18], "WAL mode in the header");
        assertEquals(2, header[19], "WAL mode in the header");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*), min(backup_file), min(backup_sha256), "
                     + "max(backup_sha256) FROM migration_history WHERE version > 1")) {
            rs.next();
            assertEquals(LATEST - 1, rs.getInt(1));
            assertEquals(r.backup().file(), rs.getString(2));
            assertEquals(r.backup().sha256(), rs.getString(3));
            assertEquals(r.backup().sha256(), rs.getString(4));
        }
        assertFalse(Files.exists(dir.journal().resolve(SafeMigrator.UPGRADE_COPY)));
    }

    @Test
    void aJournalNamingAnotherFileAsTheCopyNeverMakesRecoveryDeleteIt() throws Exception {
        // Given an interrupted run whose journal was altered to name the store as its upgrade copy
        DataDir dir = TestStores.create(root, 1, 30);
        Map<String, String> before = TestStores.cardHashes(dir.database());
        new MigrationJournal(dir).write(new JournalEntry("run", MigrationState.DRY_RUN_PASSED, 1, LATEST, null, null,
                Map.of(), "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", null, List.of(), "../isometry.db",
                null));

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the run is abandoned and the store is where it was, whole
        assertEquals(MigrationState.ABANDONED, r.outcome(), r.note());
        assertEquals(before, TestStores.cardHashes(dir.database()));
    }

    @Test
    void aBackupCutOffWhileItsCopyWasMadeLeavesNothingBehindAfterRecovery() throws Exception {
        // Given a run stopped while its backup copy was being put in rollback-journal mode, with SQLite's side
        // files beside the half-made copy, and a finished backup beside them
        DataDir dir = TestStores.create(root, 1, 30);
        Map<String, String> before = TestStores.cardHashes(dir.database());
        new MigrationJournal(dir).write(new JournalEntry("run", MigrationState.NOT_STARTED, 1, LATEST, null, null,
                Map.of(), "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", null, List.of(), null, null));
        BackupManifest kept = Backups.of(dir, "test").create(BackupKind.MANUAL);
        List<Path> halfMade = new ArrayList<>();
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            halfMade.add(Files.writeString(dir.backups().resolve(".isometry-cut-pre-migration.db.tmp" + suffix), "x"));
        }

        // When the next start recovers
        RecoveryResult r = migrator(dir).recover().orElseThrow();

        // Then the half-made copy and its side files are gone, the finished backup and the store are kept
        assertEquals(MigrationState.ABANDONED, r.outcome(), r.note());
        for (Path p : halfMade) {
            assertFalse(Files.exists(p), p.getFileName() + " left behind");
        }
        assertEquals(kept, Backups.verify(dir.backups().resolve(kept.file())));
        assertEquals(before, TestStores.cardHashes(dir.database()));
    }

    @Test
    void aCurrentStoreHasNothingToUpgrade() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 10);
        assertTrue(migrator(dir).migrate(MigrationListener.none()).nothingToDo());
        assertTrue(Backups.of(dir, "test").list().isEmpty());
    }

    /** The store is at the newest version, holds exactly these cards, and passes the full start-up check. */
    private static void assertUpgradedWith(DataDir dir, Map<String, String> before) throws Exception {
        assertEquals(LATEST, TestStores.userVersion(dir.database()));
        assertEquals(before, TestStores.cardHashes(dir.database()));
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
    }
}

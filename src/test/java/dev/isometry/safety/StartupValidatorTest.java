package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Timestamps;
import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each start-up outcome, from real stores and really damaged files. */
class StartupValidatorTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    @TempDir
    Path root;
    private final StartupValidator validator = StartupValidator.shipped();

    private StartupReport validate(DataDir dir) {
        return validator.validate(dir, ValidationDepth.FULL);
    }

    @Test
    void noStoreYetIsReadyAndFresh() {
        StartupReport r = validate(new DataDir(root));
        assertEquals(StoreStatus.READY, r.status());
        assertTrue(r.fresh());
    }

    @Test
    void currentStoreIsReadyAtEveryDepth() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 200);
        for (ValidationDepth d : ValidationDepth.values()) {
            StartupReport r = validator.validate(dir, d);
            assertEquals(StoreStatus.READY, r.status(), d + ": " + r.reason());
            assertEquals(0, r.exitCode());
        }
    }

    @Test
    void olderStoreNeedsMigrationAndListsWhatIsPending() throws Exception {
        DataDir dir = TestStores.create(root, 1, 50);
        StartupReport r = validate(dir);
        assertEquals(StoreStatus.NEEDS_MIGRATION, r.status(), r.reason());
        assertEquals(10, r.exitCode());
        assertEquals(LATEST - 1, r.pending().size());
        assertEquals(1, r.storeVersion());
    }

    @Test
    void storeFromANewerVersionIsBlockedAndLeftByteForByteUntouched() throws Exception {
        // Given a store a newer Isometry wrote
        DataDir dir = TestStores.create(root, LATEST, 50);
        TestStores.exec(dir.database(), "PRAGMA user_version = " + (LATEST + 5));
        String before = TestStores.sha256(dir.database());

        // When it is validated at every depth
        for (ValidationDepth d : ValidationDepth.values()) {
            StartupReport r = validator.validate(dir, d);
            // Then it is blocked and says why
            assertEquals(StoreStatus.BLOCKED, r.status());
            assertTrue(r.reason().contains("newer Isometry"), r.reason());
        }
        // And the file is byte for byte what it was
        assertEquals(before, TestStores.sha256(dir.database()));
    }

    @Test
    void aChangedAppliedMigrationBlocks() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 10);
        TestStores.exec(dir.database(), "UPDATE migration_history SET checksum = 'edited' WHERE version = 1");
        StartupReport r = validate(dir);
        assertEquals(StoreStatus.BLOCKED, r.status());
        assertTrue(r.reason().contains("differs"), r.reason());
    }

    @Test
    void aStoreLockedByAnotherLiveProcessIsBlocked() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 10);
        try (ChildJvm child = ChildJvm.start("hold-lock", dir.root().toString())) {
            assertNotNull(child.await("LOCKED", Duration.ofSeconds(30)), "child took the lock: " + child.seen());
            StartupReport r = validate(dir);
            assertEquals(StoreStatus.BLOCKED, r.status());
            assertTrue(r.reason().contains("in use"), r.reason());
            child.kill();
        }
        // The OS released the killed process's lock: no stale lock
        assertEquals(StoreStatus.READY, validate(dir).status());
    }

    @Test
    void aFileThatIsNotSqliteNeedsRecovery() throws Exception {
        DataDir dir = new DataDir(root).prepare();
        Files.writeString(dir.database(), "These are my notes, not a database.\n".repeat(500));
        assertRecovery(dir, "not an SQLite database");
    }

    @Test
    void aDamagedHeaderNeedsRecovery() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 100);
        overwrite(dir.database(), 0, new byte[16]);
        assertRecovery(dir, "header");
    }

    @Test
    void aTruncatedFileNeedsRecovery() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 300);
        long size = Files.size(dir.database());
        try (RandomAccessFile f = new RandomAccessFile(dir.database().toFile(), "rw")) {
            f.setLength(size / 2 / 4096 * 4096); // whole pages, fewer than the header counts
        }
        assertRecovery(dir, "cut short");
        try (RandomAccessFile f = new RandomAccessFile(dir.database().toFile(), "rw")) {
            f.setLength(f.length() - 1000); // not even whole pages
        }
        assertRecovery(dir, "cut short");
    }

    @Test
    void anOverwrittenPageInTheMiddleNeedsRecovery() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 300);
        long pages = Files.size(dir.database()) / 4096;
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0xA5);
        overwrite(dir.database(), (pages / 2) * 4096, junk);
        StartupReport quick = validator.validate(dir, ValidationDepth.QUICK);
        assertEquals(StoreStatus.NEEDS_RECOVERY, quick.status(), quick.reason());
        assertRecovery(dir, "damaged");
    }

    @Test
    void theStartUpCheckCoversEveryBtreeAndFindsASearchIndexThatLostACard() throws Exception {
        // Given a sound store: the start-up check names what it checked
        DataDir dir = TestStores.create(root, LATEST, 100);
        StartupReport sound = validator.validate(dir, ValidationDepth.QUICK);
        assertEquals(StoreStatus.READY, sound.status(), sound.reason());
        assertTrue(sound.checks().stream().anyMatch(c -> c.name().equals("btree_quick_check") && c.ok()),
                sound.checks().toString());
        assertTrue(sound.checks().stream().anyMatch(c -> c.name().equals("search_index") && c.ok()),
                sound.checks().toString());

        // When the search index loses a live card (its b-trees stay sound)
        TestStores.exec(dir.database(), "DELETE FROM cards_fts_docsize WHERE id = (SELECT min(id) FROM cards_fts_docsize)");
        // Then the start-up check finds it
        StartupReport r = validator.validate(dir, ValidationDepth.QUICK);
        assertEquals(StoreStatus.NEEDS_RECOVERY, r.status(), r.reason());
        assertTrue(r.reason().contains("search index"), r.reason());
    }

    @Test
    void anInterruptedUpgradeNeedsRecovery() throws Exception {
        DataDir dir = TestStores.create(root, 1, 10);
        new MigrationJournal(dir).write(new JournalEntry("run", MigrationState.MIGRATING, 1, LATEST, null, null,
                Map.of(), Timestamps.now(), Timestamps.now(), null, List.of()));
        assertRecovery(dir, "interrupted");
    }

    private void assertRecovery(DataDir dir, String reasonPart) {
        StartupReport r = validate(dir);
        assertEquals(StoreStatus.NEEDS_RECOVERY, r.status(), r.reason());
        assertEquals(30, r.exitCode());
        assertTrue(r.reason().contains(reasonPart), r.reason());
    }

    static void overwrite(Path file, long at, byte[] bytes) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        }
    }
}

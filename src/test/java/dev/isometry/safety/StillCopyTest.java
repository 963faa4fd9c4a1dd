package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte copy of a still store, and the cases where the store is not still and nothing is copied. */
class StillCopyTest {
    @TempDir
    Path root;

    @Test
    void aStillStoreIsCopiedByteForByteAndLeftInRollbackMode() throws Exception {
        // Given a store in WAL mode that nothing has open (its log folded in and removed at the last close)
        DataDir dir = TestStores.create(root.resolve("data"), TestStores.LATEST, 60);
        Path db = dir.database();
        assertEquals(2, Files.readAllBytes(db)[18], "the store is in WAL mode");
        byte[] before = Files.readAllBytes(db);
        Path copy = root.resolve("copy.db");

        // When it is copied
        assertTrue(StillCopy.tryCopy(db, copy, Duration.ofMillis(100)));

        // Then the store is unchanged, and the copy holds its bytes but for the header's journal mode and the
        // counters SQLite moves when it writes the header
        assertArrayEquals(before, Files.readAllBytes(db));
        byte[] copied = Files.readAllBytes(copy);
        assertEquals(before.length, copied.length);
        assertEquals(1, copied[18], "rollback-journal mode, as a VACUUM INTO copy");
        assertEquals(1, copied[19]);
        assertTrue(Arrays.equals(before, 100, before.length, copied, 100, copied.length), "every page past the header");
        for (String side : new String[] {"-wal", "-shm", "-journal"}) {
            assertFalse(Files.exists(root.resolve("copy.db" + side)), side + " beside the copy");
            assertFalse(Files.exists(dir.root().resolve(db.getFileName() + side)), side + " beside the store");
        }
        assertEquals(TestStores.cardHashes(db), TestStores.cardHashes(copy));
    }

    @Test
    void aLogWithFramesIsNotCopiedAndTheBackupStillHoldsTheLastCommit() throws Exception {
        // Given a store whose last commit is only in its write-ahead log, held there by an open connection
        DataDir dir = TestStores.create(root.resolve("data"), TestStores.LATEST, 40);
        Path db = dir.database();
        try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = open.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.executeUpdate("UPDATE cards SET name = 'renamed in the log' WHERE rowid = (SELECT min(rowid) FROM cards)");
            Map<String, String> latest = TestStores.cardHashes(db);
            Path copy = root.resolve("copy.db");

            // When a still copy is tried, nothing is copied
            assertFalse(StillCopy.tryCopy(db, copy, Duration.ofMillis(100)));
            assertFalse(Files.exists(copy));

            // And a backup, made the other way, holds the commit that is only in the log
            Backups backups = Backups.of(dir, "test");
            BackupManifest m = backups.create(BackupKind.MANUAL);
            assertEquals(latest, TestStores.cardHashes(backups.fileOf(m)));
        }
    }

    @Test
    void aStoreWhoseLogWasLeftWithFramesIsNotEvenOpened() throws Exception {
        // Given a store and its log with frames, as a writer that ended without closing leaves them
        DataDir dir = TestStores.create(root.resolve("data"), TestStores.LATEST, 30);
        DataDir left = new DataDir(root.resolve("left")).prepare();
        try (Connection open = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = open.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.executeUpdate("DELETE FROM cards WHERE rowid = (SELECT max(rowid) FROM cards)");
            Files.copy(dir.database(), left.database());
            Files.copy(dir.root().resolve(dir.database().getFileName() + "-wal"),
                    left.root().resolve(left.database().getFileName() + "-wal"));
        }
        Path wal = left.root().resolve(left.database().getFileName() + "-wal");
        byte[] file = Files.readAllBytes(left.database());
        byte[] log = Files.readAllBytes(wal);

        // When a still copy is tried
        Path copy = root.resolve("copy.db");
        assertFalse(StillCopy.tryCopy(left.database(), copy, Duration.ofMillis(100)));

        // Then nothing was copied, and neither the file nor its log was touched (no checkpoint folded it in)
        assertFalse(Files.exists(copy));
        assertArrayEquals(file, Files.readAllBytes(left.database()));
        assertArrayEquals(log, Files.readAllBytes(wal));
    }

    @Test
    void aWriterHoldingTheLockIsWaitedForOnlyBriefly() throws Exception {
        // Given another connection in the middle of a write transaction on the store
        DataDir dir = TestStores.create(root.resolve("data"), TestStores.LATEST, 20);
        Path db = dir.database();
        Path copy = root.resolve("copy.db");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");

            // When a still copy is tried, it gives up after its wait and copies nothing
            long t = System.nanoTime();
            assertFalse(StillCopy.tryCopy(db, copy, Duration.ofMillis(100)));
            long waitedMs = (System.nanoTime() - t) / 1_000_000;
            assertTrue(waitedMs < 2_000, "waited " + waitedMs + " ms");
            assertFalse(Files.exists(copy));
            st.execute("ROLLBACK");
        }
        // Once the writer is gone, the copy is made
        assertTrue(StillCopy.tryCopy(db, copy, Duration.ofMillis(100)));
        assertEquals(TestStores.cardHashes(db), TestStores.cardHashes(copy));
        assertNotEquals(0, Files.size(copy));
    }
}

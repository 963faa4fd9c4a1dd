package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves of SQLite's integrity check, taken apart for start-up and backups, find what the
 * whole-file pragma finds: damage in a b-tree, in the free list, in the page accounting, and (the other
 * half) in the search index's own structure.
 */
class SplitIntegrityCheckTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    @TempDir
    Path root;

    /** A checkpointed store (everything in the main file) with free pages: cards deleted after filling. */
    private Path storeWithFreePages() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 400);
        TestStores.exec(dir.database(), "DELETE FROM cards WHERE rowid > 200");
        TestStores.exec(dir.database(), "PRAGMA wal_checkpoint(TRUNCATE)");
        TestStores.exec(dir.database(), "PRAGMA journal_mode=DELETE");
        return dir.database();
    }

    private static boolean wholeFileOk(Path db, boolean full) throws Exception {
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.IMMUTABLE)) {
            return StoreVerifier.integrity(c, full).ok();
        }
    }

    /** The b-tree half on one connection and on two side by side (as at start-up): both must agree. */
    private static CheckResult btrees(Path db, boolean full) throws Exception {
        CheckResult alone;
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.IMMUTABLE)) {
            alone = SplitIntegrityCheck.btrees(c, full);
        }
        CheckResult sideBySide;
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.IMMUTABLE)) {
            sideBySide = SplitIntegrityCheck.btrees(c, () -> SqliteFiles.open(db, SqliteFiles.Access.IMMUTABLE), full);
        }
        assertEquals(alone, sideBySide, "one connection and two side by side find the same");
        return sideBySide;
    }

    private static CheckResult virtualTables(Path db) throws Exception {
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.IMMUTABLE)) {
            return SplitIntegrityCheck.virtualTables(c);
        }
    }

    private static int headerInt(Path db, int at) throws Exception {
        return SqliteFiles.header(db).getInt(at);
    }

    private static void putHeaderInt(Path db, int at, int value) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(at);
            f.write(ByteBuffer.allocate(4).putInt(value).array());
        }
    }

    @Test
    void aSoundStorePassesBothHalvesAndTheWholeFileCheck() throws Exception {
        Path db = storeWithFreePages();
        assertTrue(headerInt(db, 36) > 0, "the store has free pages");
        for (boolean full : new boolean[] {false, true}) {
            CheckResult r = btrees(db, full);
            assertTrue(r.ok(), r.detail());
            assertTrue(wholeFileOk(db, full));
        }
        CheckResult v = virtualTables(db);
        assertTrue(v.ok(), v.detail());
        assertTrue(v.detail().contains("cards_fts"), v.detail());
    }

    @Test
    void aBrokenFreeListIsFoundByTheBtreeHalf() throws Exception {
        // Given a store whose free-list trunk pointer leads outside the file
        Path db = storeWithFreePages();
        putHeaderInt(db, 32, headerInt(db, 28) + 50);
        // Then the whole-file check and the b-tree half both report it
        assertFalse(wholeFileOk(db, false));
        CheckResult r = btrees(db, false);
        assertFalse(r.ok(), r.detail());
    }

    @Test
    void aFreeListCountThatDisagreesWithTheListIsFound() throws Exception {
        Path db = storeWithFreePages();
        putHeaderInt(db, 36, headerInt(db, 36) + 1);
        assertFalse(wholeFileOk(db, false));
        assertFalse(btrees(db, false).ok());
    }

    @Test
    void aPageThatNoBtreeUsesIsFoundByThePageAccounting() throws Exception {
        // Given one more page at the end of the file, counted by the header but used by nothing
        Path db = storeWithFreePages();
        int pages = headerInt(db, 28);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength((long) (pages + 1) * 4096);
        }
        putHeaderInt(db, 28, pages + 1);
        // Then both report it
        assertFalse(wholeFileOk(db, false));
        CheckResult r = btrees(db, false);
        assertFalse(r.ok(), r.detail());
        assertTrue(r.detail().contains("pages"), r.detail());
    }

    @Test
    void aDamagedSearchIndexIsFoundByTheVirtualTableHalfAndByIntegrityCheck() throws Exception {
        // Given a search index with one of its segment records removed (the b-trees stay sound)
        Path db = storeWithFreePages();
        TestStores.exec(db, "DELETE FROM cards_fts_data WHERE id = (SELECT max(id) FROM cards_fts_data)");
        // Then the b-tree half passes, and FTS5's own check finds it, alone and inside integrity_check:
        // which is why nothing else needs to run FTS5's 'integrity-check' command after integrity_check
        assertTrue(btrees(db, true).ok());
        CheckResult v = virtualTables(db);
        assertFalse(v.ok(), v.detail());
        assertFalse(wholeFileOk(db, true));
    }
}

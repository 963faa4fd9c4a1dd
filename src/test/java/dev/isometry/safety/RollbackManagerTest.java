package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assess, back up, export and verify; tampered exports; the assessment's refusals. */
class RollbackManagerTest {
    @TempDir
    Path tmp;

    static RollbackManager manager(DataDir dir, long freeMemory) {
        return new RollbackManager(dir, "test", DiskSpace.system(), () -> freeMemory);
    }

    static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @Test
    void anExportHoldsTheSameCardsAndSearchesThemWithFts4() throws Exception {
        // Given a store of 300 cards
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 300);
        String before = TestStores.sha256(dir.database());

        // When it is exported for rollback mode
        RollbackSession s = manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);

        // Then the export verifies, keeps every card, searches like the native index, and the store is untouched
        RollbackManifest m = RollbackManager.validate(s.folder()) != null ? s.manifest() : null;
        assertEquals(300, m.cards());
        assertEquals(RollbackSession.ACTIVE, s.state());
        assertEquals(s.exportId(), m.exportId());
        Path export = s.exportFile();
        assertEquals(count(dir.database(), "SELECT count(*) FROM cards_fts WHERE cards_fts MATCH 'alpha'"),
                count(export, "SELECT count(*) FROM cards_fts WHERE cards_fts MATCH 'alpha'"));
        assertEquals(count(dir.database(), "SELECT count(*) FROM cards WHERE deleted_at IS NULL"),
                count(export, "SELECT count(*) FROM cards_fts"));
        assertEquals(0, count(export, "SELECT count(*) FROM sqlite_master WHERE name = 'fts_deferred'"));
        assertEquals(1, count(export, "SELECT count(*) FROM rollback_meta WHERE key = 'source' AND value = 'native'"));
        assertEquals(before, TestStores.sha256(dir.database()));
        assertTrue(Files.readString(s.folder().resolve("report.txt")).contains("verify"));
        assertTrue(Files.exists(s.folder().resolve("report.json")));
        assertEquals(s.exportId(), manager(dir, 8L << 30).active().orElseThrow().exportId());
    }

    @Test
    void aTamperedExportIsRefusedWithTheDifferenceNamed() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 120);
        RollbackSession s = manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);

        // When a card's name is changed in the export
        TestStores.exec(s.exportFile(), "UPDATE cards SET name = 'tampered' WHERE rowid = 5");
        RollbackException changed = assertThrows(RollbackException.class, () -> RollbackManager.validate(s.folder()));
        assertEquals(RollbackException.VERIFICATION_FAILED, changed.exitCode());
        assertTrue(changed.getMessage().contains("SHA-256"), changed.getMessage());
        assertTrue(changed.getMessage().contains("table cards has the same 120 rows but different content"),
                changed.getMessage());

        // And when a connection is removed
        TestStores.exec(s.exportFile(), "DELETE FROM connections WHERE rowid = 1");
        RollbackException fewer = assertThrows(RollbackException.class, () -> RollbackManager.validate(s.folder()));
        assertTrue(fewer.getMessage().contains("table connections has 58 rows in the export but 59 in the source"),
                fewer.getMessage());
    }

    @Test
    void queuedWritesTooLittleMemoryAndADamagedStoreAreRefusedWithTheReason() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 50);

        RollbackAssessment queued = manager(dir, 8L << 30).assess(RollbackSource.nativeStore(), 3);
        assertEquals(RollbackRisk.DANGEROUS, queued.risk());
        assertTrue(queued.summary().contains("3 change(s) made in the app have not reached the store"), queued.summary());

        RollbackAssessment memory = manager(dir, 10L << 20).assess(RollbackSource.nativeStore(), 0);
        assertEquals(RollbackRisk.DANGEROUS, memory.risk());
        assertTrue(memory.summary().contains("not enough free memory"), memory.summary());
        RollbackException refused = assertThrows(RollbackException.class,
                () -> manager(dir, 10L << 20).enter(RollbackSource.nativeStore(), 0));
        assertEquals(RollbackException.REFUSED, refused.exitCode());
        assertFalse(Files.exists(manager(dir, 10L << 20).sessions().get(0).exportFile()));

        assertEquals(RollbackRisk.SAFE, manager(dir, 8L << 30).assess(RollbackSource.nativeStore(), 0).risk());
        try (var f = new java.io.RandomAccessFile(dir.database().toFile(), "rw")) {
            f.seek(16);
            f.write(new byte[] {0, 3}); // a page size SQLite rejects
        }
        RollbackAssessment damaged = manager(dir, 8L << 30).assess(RollbackSource.nativeStore(), 0);
        assertEquals(RollbackRisk.DANGEROUS, damaged.risk(), damaged.summary());
    }

    @Test
    void aBackupCanBeOpenedInRollbackModeWhenTheStoreIsDamaged() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 80);
        Backups backups = Backups.of(dir, "test");
        Path backup = backups.fileOf(backups.create(BackupKind.MANUAL));
        Files.write(dir.database(), new byte[4096]);

        RollbackSession s = manager(dir, 8L << 30).enter(RollbackSource.fromBackup(backup), 0);

        assertEquals("backup:" + backup.getFileName(), s.source());
        assertEquals(80, s.manifest().cards());
        assertEquals(TestStores.sha256(backup), s.manifest().sourceSha256());
    }
}

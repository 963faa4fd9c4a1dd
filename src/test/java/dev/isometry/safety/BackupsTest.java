package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Timestamps;
import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups: made, checked, listed, restored only when they match, retention. */
class BackupsTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    @TempDir
    Path root;

    @Test
    void aBackupHasAManifestWhoseHashSizeAndCountsMatch() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 120);
        Backups backups = Backups.of(dir, "1.2.3");

        BackupManifest m = backups.create(BackupKind.MANUAL);

        Path file = backups.fileOf(m);
        assertEquals(TestStores.sha256(file), m.sha256());
        assertEquals(Files.size(file), m.sizeBytes());
        assertEquals(120, m.cards());
        assertEquals(LATEST, m.schemaVersion());
        assertEquals("1.2.3", m.appVersion());
        assertEquals(m, Backups.verify(file));
        assertEquals(List.of(m), backups.list());
        assertEquals(TestStores.cardHashes(dir.database()), TestStores.cardHashes(file));
    }

    @Test
    void workBesideABackupReadsTheKeptBytesAndItsFailureDoesNotCostTheBackup() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 80);
        Backups backups = Backups.of(dir, "1.2.3");

        // When work runs on the copy while the copy is checked
        String[] named = new String[2];
        Backups.Made<String> made = backups.createBeside(BackupKind.MANUAL, (copy, name, sha) -> {
            named[0] = name;
            named[1] = sha.get();
            return TestStores.sha256(copy);
        });
        // Then it read the very bytes that were kept, was told the backup's name and hash, and the backup is whole
        assertEquals(made.manifest().sha256(), made.result());
        assertEquals(made.manifest().file(), named[0]);
        assertEquals(made.manifest().sha256(), named[1]);
        assertEquals(null, made.failure());
        assertEquals(made.manifest(), Backups.verify(backups.fileOf(made.manifest())));

        // When the work fails
        Backups.Made<String> failed = backups.createBeside(BackupKind.MANUAL, (copy, name, sha) -> {
            throw new IllegalStateException("the work failed");
        });
        // Then the failure is handed back and the backup is still made and sound
        assertEquals("the work failed", failed.failure().getMessage());
        assertEquals(failed.manifest(), Backups.verify(backups.fileOf(failed.manifest())));
        assertEquals(2, backups.list().size());
    }

    @Test
    void aBackupKeepsEveryCardsRowidAcrossGaps() throws Exception {
        // Given cards whose rowids have gaps (cards has no INTEGER PRIMARY KEY, and the search index and the
        // upgrade's copy, which becomes the store, depend on those rowids)
        DataDir dir = TestStores.create(root, 1, 300);
        TestStores.exec(dir.database(), "DELETE FROM cards WHERE rowid % 7 = 0 OR rowid BETWEEN 40 AND 60");
        Backups backups = Backups.of(dir, "test");

        // When it is backed up (VACUUM INTO)
        Path file = backups.fileOf(backups.create(BackupKind.MANUAL));

        // Then every card has the same rowid in the copy
        assertEquals(rowids(dir.database()), rowids(file));
    }

    private static Map<String, Long> rowids(Path db) throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT id, rowid FROM cards")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    @Test
    void aDamagedCopyIsDiscardedAndTheWorkBesideItIsNotTrusted() throws Exception {
        // Given a store whose search index lost a segment record (its b-trees are sound, so VACUUM copies it)
        DataDir dir = TestStores.create(root, LATEST, 200);
        TestStores.exec(dir.database(), "DELETE FROM cards_fts_data WHERE id = (SELECT max(id) FROM cards_fts_data)");
        Backups backups = Backups.of(dir, "1.2.3");

        // Then the backup is refused by the copy's checks and nothing is left behind
        BackupException e = assertThrows(BackupException.class,
                () -> backups.createBeside(BackupKind.MANUAL, (copy, name, sha) -> "ran"));
        assertTrue(e.getMessage().contains("not sound"), e.getMessage());
        try (var files = Files.list(dir.backups())) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aBackupWhoseHashDoesNotMatchItsManifestIsNeverRestored() throws Exception {
        // Given a backup changed after it was made
        DataDir dir = TestStores.create(root, LATEST, 50);
        Backups backups = Backups.of(dir, "test");
        Path file = backups.fileOf(backups.create(BackupKind.MANUAL));
        StartupValidatorTest.overwrite(file, Files.size(file) - 10, new byte[] {1, 2, 3});
        String store = TestStores.sha256(dir.database());

        // When someone restores it
        BackupException e = assertThrows(BackupException.class, () -> new BackupRestore(backups).restore(file));

        // Then it is refused with the reason and the store is untouched
        assertTrue(e.getMessage().contains("does not match its manifest"), e.getMessage());
        assertEquals(store, TestStores.sha256(dir.database()));
    }

    @Test
    void aRestoreSavesTheCurrentStoreFirstAndIsCheckedByHash() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 80);
        Backups backups = Backups.of(dir, "test");
        Map<String, String> original = TestStores.cardHashes(dir.database());
        BackupManifest m = backups.create(BackupKind.MANUAL);
        TestStores.exec(dir.database(), "DELETE FROM cards WHERE rowid % 2 = 0");

        RestoreResult r = new BackupRestore(backups).restore(backups.fileOf(m));

        assertEquals(original, TestStores.cardHashes(dir.database()));
        assertEquals(m.sha256(), TestStores.sha256(dir.database()));
        assertNotNull(r.savedCurrent());
        BackupManifest saved = Backups.verify(r.savedCurrent());
        assertEquals(BackupKind.PRE_RESTORE, saved.kind());
        assertEquals(40, saved.cards());
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
    }

    @Test
    void aRestoreOverADamagedStoreKeepsAByteCopyOfIt() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 80);
        Backups backups = Backups.of(dir, "test");
        BackupManifest m = backups.create(BackupKind.MANUAL);
        Files.writeString(dir.database(), "garbage".repeat(1000));
        String damaged = TestStores.sha256(dir.database());

        RestoreResult r = new BackupRestore(backups).restore(backups.fileOf(m));

        assertEquals(damaged, TestStores.sha256(r.savedCurrent()));
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
    }

    @Test
    void aFullDiskRefusesTheBackupAndLeavesNothingBehind() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 50);
        Backups backups = new Backups(dir, "test", d -> 4096, BackupRetention.ofDefaults());

        DiskFullException e = assertThrows(DiskFullException.class, () -> backups.create(BackupKind.DAILY));

        assertTrue(e.getMessage().contains("Not enough free disk space"), e.getMessage());
        try (var files = Files.list(dir.backups())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void retentionKeepsSevenDailiesFourWeekliesRecentSafetyBackupsAndEveryManualOne() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        List<BackupManifest> all = new ArrayList<>();
        for (int day = 0; day < 60; day++) { // two dailies a day for 60 days
            all.add(manifest("daily-" + day + "a", BackupKind.DAILY, now.minus(Duration.ofDays(day)).minusSeconds(60)));
            all.add(manifest("daily-" + day + "b", BackupKind.DAILY, now.minus(Duration.ofDays(day))));
        }
        all.add(manifest("pre-old", BackupKind.PRE_MIGRATION, now.minus(Duration.ofDays(40))));
        all.add(manifest("pre-older", BackupKind.PRE_MIGRATION, now.minus(Duration.ofDays(50))));
        all.add(manifest("manual-old", BackupKind.MANUAL, now.minus(Duration.ofDays(400))));

        Set<String> expired = BackupRetention.ofDefaults().expired(all, now).stream().map(BackupManifest::file)
                .collect(Collectors.toSet());
        Set<String> kept = all.stream().map(BackupManifest::file).filter(f -> !expired.contains(f)).collect(Collectors.toSet());

        assertEquals(7, kept.stream().filter(f -> f.startsWith("daily") && f.endsWith("b")
                && Integer.parseInt(f.substring(6, f.length() - 1)) < 7).count());
        long dailies = kept.stream().filter(f -> f.startsWith("daily")).count();
        assertEquals(11, dailies, kept.toString()); // 7 days + 4 older weeks
        assertTrue(kept.contains("pre-old"), "the newest pre-upgrade backup is always kept");
        assertTrue(expired.contains("pre-older"));
        assertTrue(kept.contains("manual-old"));
    }

    @Test
    void aDailyBackupIsDueOnlyWhenNoneIsRecent() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 5);
        Backups backups = Backups.of(dir, "test");
        assertTrue(backups.dailyDue(Instant.now(), Duration.ofHours(24)));
        backups.create(BackupKind.DAILY);
        assertTrue(!backups.dailyDue(Instant.now(), Duration.ofHours(24)));
        assertTrue(backups.dailyDue(Instant.now().plus(Duration.ofHours(25)), Duration.ofHours(24)));
    }

    private static BackupManifest manifest(String name, BackupKind kind, Instant at) {
        return new BackupManifest(name, kind, Timestamps.format(at), "0", 1, 1, "t", Map.of());
    }
}

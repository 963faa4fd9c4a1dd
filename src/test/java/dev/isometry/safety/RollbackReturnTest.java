package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving in rollback mode (checked, atomic, the last N kept) and the way back to native (three-way). */
class RollbackReturnTest {
    private static final String CARD_3 = "00000000-0000-4000-8000-000000000003";
    private static final String CARD_4 = "00000000-0000-4000-8000-000000000004";
    private static final String CARD_5 = "00000000-0000-4000-8000-000000000005";
    private static final String CARD_7 = "00000000-0000-4000-8000-000000000007";

    @TempDir
    Path tmp;

    /** What the page's sql.js would send: the export with {@code sql} applied, as bytes. */
    private byte[] edited(RollbackSession s, String... sql) throws Exception {
        Path copy = tmp.resolve("page-" + System.nanoTime() + ".db");
        Files.copy(s.current(), copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.executeUpdate(q);
            }
        }
        return Files.readAllBytes(copy);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String name(Path db, String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM cards WHERE id = '" + id + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void savesAreCheckedKeptAtomicallyAndPrunedToTheNewestN() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 40);
        RollbackSession s = RollbackManagerTest.manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);
        RollbackSnapshots snaps = s.snapshots(2);

        byte[] one = edited(s, "UPDATE cards SET name = 'edited once', version = version + 1 WHERE id = '" + CARD_3 + "'");
        SnapshotManifest m1 = snaps.save(one, sha(one));
        assertEquals("edited once", name(snaps.fileOf(m1), CARD_3));
        assertEquals(s.snapshots().fileOf(m1), s.current());

        RollbackException badHash = assertThrows(RollbackException.class, () -> snaps.save(one, "00" + sha(one).substring(2)));
        assertTrue(badHash.getMessage().contains("SHA-256"), badHash.getMessage());
        byte[] junk = "not a database at all, just text".getBytes();
        RollbackException notSqlite = assertThrows(RollbackException.class, () -> snaps.save(junk, sha(junk)));
        assertTrue(notSqlite.getMessage().startsWith("The snapshot was refused and nothing was written"));
        byte[] other = edited(s, "UPDATE rollback_meta SET value = 'another' WHERE key = 'export_id'");
        RollbackException foreign = assertThrows(RollbackException.class, () -> snaps.save(other, sha(other)));
        assertTrue(foreign.getMessage().contains("belongs to export another"), foreign.getMessage());
        assertEquals(1, snaps.list().size());

        byte[] two = edited(s, "UPDATE cards SET name = 'two' WHERE id = '" + CARD_3 + "'");
        snaps.save(two, sha(two));
        byte[] three = edited(s, "UPDATE cards SET name = 'three' WHERE id = '" + CARD_3 + "'");
        snaps.save(three, sha(three));
        assertEquals(2, snaps.list().size());
        assertEquals("three", name(s.current(), CARD_3));
        try (var files = Files.list(snaps.folder())) {
            assertEquals(4, files.count()); // two snapshots and their manifests, no temp files
        }
    }

    @Test
    void returningMergesRollbackEditsKeepsNativeOnesAndSurfacesConflicts() throws Exception {
        // Given a rollback session with edits saved in rollback mode
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 60);
        RollbackSession s = RollbackManagerTest.manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);
        byte[] page = edited(s,
                "UPDATE cards SET name = 'renamed in rollback', version = version + 1 WHERE id = '" + CARD_3 + "'",
                "UPDATE cards SET name = 'rollback side', version = version + 1 WHERE id = '" + CARD_5 + "'",
                "INSERT INTO cards (id, card_type, name, created_at, modified_at) VALUES ('new-card', 'note', "
                        + "'made in rollback zebra', '2026-11-22T06:00:00.000Z', '2026-11-22T06:00:00.000Z')",
                "DELETE FROM connections WHERE source_id = '" + CARD_7 + "' OR target_id = '" + CARD_7 + "'",
                "DELETE FROM cards WHERE id = '" + CARD_7 + "'");
        s.snapshots().save(page, sha(page));
        // and edits made natively meanwhile: one other card, and one the page changed too
        TestStores.exec(dir.database(), "UPDATE cards SET name = 'native side', version = version + 1 WHERE id = '"
                + CARD_5 + "'");
        TestStores.exec(dir.database(), "UPDATE cards SET name = 'native only', version = version + 1 WHERE id = '"
                + CARD_4 + "'");

        // When it returns to native
        RollbackReport report = new RollbackReturn(dir, "test").run(s);

        // Then rollback's edits are there, native's are kept, and the conflict is reported, not overwritten
        assertEquals("SUCCEEDED", report.outcome(), report.text());
        assertEquals("renamed in rollback", name(dir.database(), CARD_3));
        assertEquals("native only", name(dir.database(), CARD_4));
        assertEquals("native side", name(dir.database(), CARD_5));
        assertEquals("made in rollback zebra", name(dir.database(), "new-card"));
        assertEquals(null, name(dir.database(), CARD_7));
        assertEquals(1, report.facts().get("conflicts"));
        assertTrue(Files.readString(s.folder().resolve("conflicts.json")).contains("rollback side"));
        assertTrue(Files.readString(s.folder().resolve("return-report.txt")).contains("cards: 1 added, 1 changed, 1 deleted"));
        assertEquals(1, RollbackManagerTest.count(dir.database(),
                "SELECT count(*) FROM cards_fts WHERE cards_fts MATCH 'zebra'"));
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
        assertEquals(RollbackSession.RETURNED, RollbackSession.read(s.folder()).state());
    }

    @Test
    void aCardDeletedInRollbackButLinkedNativelyMeanwhileIsAConflictNotADeletion() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 30);
        RollbackSession s = RollbackManagerTest.manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);
        byte[] page = edited(s, "DELETE FROM connections WHERE source_id = '" + CARD_7 + "' OR target_id = '" + CARD_7 + "'",
                "DELETE FROM cards WHERE id = '" + CARD_7 + "'");
        s.snapshots().save(page, sha(page));
        TestStores.exec(dir.database(), "INSERT INTO connections (id, source_id, target_id, label, weight, created_at) "
                + "VALUES ('made-natively', '" + CARD_3 + "', '" + CARD_7 + "', 'see', 1.0, '2026-11-22T06:00:00.000Z')");

        RollbackReport report = new RollbackReturn(dir, "test").run(s);

        assertEquals(1, report.facts().get("conflicts"), report.text());
        assertTrue(name(dir.database(), CARD_7) != null, "the natively linked card is kept");
        assertEquals(1, RollbackManagerTest.count(dir.database(),
                "SELECT count(*) FROM connections WHERE id = 'made-natively'"));
        assertTrue(report.text().contains("cards: 0 added, 0 changed, 0 deleted"), report.text());
    }

    @Test
    void aSnapshotThatFailsItsChecksIsNeverMerged() throws Exception {
        DataDir dir = TestStores.create(tmp.resolve("data"), TestStores.LATEST, 30);
        RollbackSession s = RollbackManagerTest.manager(dir, 8L << 30).enter(RollbackSource.nativeStore(), 0);
        byte[] page = edited(s, "UPDATE cards SET name = 'x' WHERE id = '" + CARD_3 + "'");
        SnapshotManifest m = s.snapshots().save(page, sha(page));
        String before = TestStores.sha256(dir.database());
        try (var f = new java.io.RandomAccessFile(s.snapshots().fileOf(m).toFile(), "rw")) {
            f.seek(f.length() - 2000);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }

        RollbackException e = assertThrows(RollbackException.class, () -> new RollbackReturn(dir, "test").run(s));

        assertEquals(RollbackException.VERIFICATION_FAILED, e.exitCode());
        assertTrue(e.getMessage().contains(m.file()), e.getMessage());
        assertEquals(before, TestStores.sha256(dir.database()));
        assertEquals(RollbackSession.ACTIVE, RollbackSession.read(s.folder()).state());
    }
}

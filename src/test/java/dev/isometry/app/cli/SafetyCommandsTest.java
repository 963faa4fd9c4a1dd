package dev.isometry.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor, migrate, backup, backups and restore as a new user and a support person would use them. */
class SafetyCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("isometry.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    @Test
    void aNewUserTriesDoctorBreaksTheStoreAndRestoresTheLastBackup() throws Exception {
        // Given a healthy store with cards, backed up
        for (int i = 0; i < 120; i++) {
            assertEquals(0, run("cards", "add", "--type", "note", "--name", "Card " + i, "--content",
                    "Some words about card " + i + " ".repeat(i % 50)).code());
        }
        Result doctor = run("doctor");
        assertEquals(0, doctor.code(), doctor.out() + doctor.err());
        assertTrue(doctor.out().startsWith("READY"), doctor.out());
        Result backup = run("backup");
        assertEquals(0, backup.code(), backup.err());
        Path file = Path.of(backup.out().lines().findFirst().orElseThrow());

        // When the schema version is set past the app's, doctor says BLOCKED (20) and cards refuse to open
        sql("PRAGMA user_version = 999");
        assertEquals(20, run("doctor").code());
        Result blocked = run("cards", "list");
        assertEquals(20, blocked.code());
        assertTrue(blocked.err().startsWith("isometry: The store was written by a newer Isometry"), blocked.err());

        // When bytes in the middle of the file are overwritten, doctor says NEEDS_RECOVERY (30)
        sql("PRAGMA user_version = " + dev.isometry.store.MigrationCatalog.shipped().latestVersion());
        Path db = dir.resolve("isometry.db");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(f.length() / 2 / 4096 * 4096);
            f.write(new byte[4096 * 2]);
        }
        Result damaged = run("doctor", "--json");
        assertEquals(30, damaged.code(), damaged.out());
        JsonNode json = new ObjectMapper().readTree(damaged.out());
        assertEquals("NEEDS_RECOVERY", json.get("status").asText());
        assertEquals(30, json.get("exitCode").asInt());

        // When the last backup is restored, doctor is back to READY (0) with every card
        Result listed = run("backups");
        assertTrue(listed.out().contains(file.getFileName().toString()), listed.out());
        Result restore = run("restore", file.toString());
        assertEquals(0, restore.code(), restore.err());
        assertTrue(restore.out().contains("saved first as"), restore.out());
        assertEquals(0, run("doctor").code());
        assertEquals(120, new ObjectMapper().readTree(run("cards", "list", "--json").out()).get("total").asInt());
    }

    @Test
    void anOldStoreIsUpgradedByMigrateAfterADryRunThatChangesNothing() throws Exception {
        // Given a version-1 store
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("isometry.db"))) {
            new dev.isometry.store.MigrationRunner(dev.isometry.store.MigrationCatalog.shipped().upTo(1)).migrate(c);
        }
        assertEquals(10, run("doctor").code());
        assertEquals(10, run("cards", "list").code(), "nothing opens a store that needs an upgrade");
        byte[] before = Files.readAllBytes(dir.resolve("isometry.db"));

        Result dry = run("migrate", "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("Dry run passed"), dry.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("isometry.db"))));

        Result migrate = run("migrate");
        assertEquals(0, migrate.code(), migrate.err());
        assertTrue(migrate.out().startsWith("Upgraded: schema 1 ->"), migrate.out());
        assertTrue(migrate.err().contains("100% Upgrade complete"), migrate.err());
        assertEquals(0, run("doctor").code());
        assertTrue(run("migrate").out().startsWith("Nothing to upgrade"));
    }

    @Test
    void aBackupThatDoesNotMatchItsManifestIsRefusedInOneLine() throws Exception {
        assertEquals(0, run("cards", "add", "--type", "note", "--name", "Keep me").code());
        Path out = dir.resolve("elsewhere").resolve("copy.db");
        assertEquals(0, run("backup", "--out", out.toString()).code());
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write(7);
        }

        Result r = run("restore", out.toString());

        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("does not match its manifest"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(1, new ObjectMapper().readTree(run("cards", "list", "--json").out()).get("total").asInt());
    }
}

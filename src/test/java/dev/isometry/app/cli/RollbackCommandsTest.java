package dev.isometry.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollback emergency commands as a support person runs them from the runbook. */
class RollbackCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    private static void sql(Path db, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private void seed(int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(0, run("cards", "add", "--type", "note", "--name", "Card " + i, "--content", "words " + i).code());
        }
    }

    @Test
    void exportValidateTamperStatusCleanupAndReturnAsTheRunbookSays() throws Exception {
        seed(25);
        Path out = dir.resolve("data").resolve("rollback").resolve("by-hand");

        Result export = run("rollback", "export", "--out", out.toString());
        assertEquals(0, export.code(), export.out() + export.err());
        assertTrue(export.out().startsWith("SUCCEEDED"), export.out());
        assertTrue(export.out().contains("Cards:     25 (25 live)"), export.out());
        assertTrue(Files.exists(out.resolve("export.db")) && Files.exists(out.resolve("report.txt")));

        Result valid = run("rollback", "validate", out.toString());
        assertEquals(0, valid.code(), valid.err());

        Result status = run("rollback", "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("ACTIVE   " + out), status.out());
        assertTrue(status.out().startsWith("Rollback mode now: SAFE") || status.out().startsWith("Rollback mode now: RISKY"),
                status.out());

        Result again = run("rollback", "export", "--out", out.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("There is already an export in"), again.err());

        Path fromBrowser = dir.resolve("downloaded.db");
        Files.copy(out.resolve("export.db"), fromBrowser);
        sql(fromBrowser, "UPDATE cards SET name = 'Edited in a browser' WHERE name = 'Card 4'");
        Result ret = run("rollback", "return", "--snapshot", fromBrowser.toString());
        assertEquals(0, ret.code(), ret.out() + ret.err());
        assertTrue(ret.out().contains("cards: 0 added, 1 changed, 0 deleted"), ret.out());
        assertTrue(run("cards", "list").out().contains("Edited in a browser"));
        assertEquals(42, run("rollback", "return").code());

        sql(out.resolve("export.db"), "DELETE FROM cards WHERE rowid = 3");
        Result tampered = run("rollback", "validate", out.toString());
        assertEquals(41, tampered.code());
        assertTrue(tampered.err().contains("table cards has 24 rows in the export but 25 in the source"), tampered.err());
        assertEquals(1, tampered.err().lines().count(), tampered.err());
        assertEquals(42, run("rollback", "validate", dir.resolve("nothing-here").toString()).code());

        Result cleanup = run("rollback", "cleanup", "--keep", "1");
        assertEquals(0, cleanup.code(), cleanup.err());
        assertEquals(2, run("rollback", "cleanup", "--keep", "0").code());
    }

    @Test
    void fromBackupWithoutRollbackIsBadUsage() {
        Result r = run("--from-backup", dir.resolve("some.db").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--from-backup needs --rollback"), r.err());
    }

    @Test
    void queuedUnsentWritesRefuseTheExportWithTheReason() throws Exception {
        seed(3);
        Path storage = Files.createDirectories(dir.resolve("data").resolve("webview").resolve("localstorage"));
        sql(storage.resolve("file__0.localstorage"), "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, "
                + "value BLOB NOT NULL ON CONFLICT FAIL)");
        sql(storage.resolve("file__0.localstorage"), "INSERT INTO ItemTable VALUES ('isometry.outbox.v1.abc', x'00'), "
                + "('isometry.outbox.v1.def', x'00'), ('isometry.other', x'00'), ('isometry.outbox.v1.save', "
                + "CAST('{\"seq\":3,\"id\":\"save\",\"command\":\"rollback:save\"}' AS BLOB))");

        Result r = run("rollback", "export", "--out", dir.resolve("out").toString());

        assertEquals(40, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("2 change(s) made in the app have not reached the store yet"), r.err());
        assertFalse(Files.exists(dir.resolve("out").resolve("export.db")));
        assertTrue(Files.readString(dir.resolve("out").resolve("report.txt")).contains("REFUSED"));
    }
}

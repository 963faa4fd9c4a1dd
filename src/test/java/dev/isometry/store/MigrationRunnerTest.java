package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerTest {
    @TempDir
    Path dir;

    private final MigrationRunner runner = new MigrationRunner(MigrationCatalog.shipped());

    @Test
    void freshStoreReachesLatestVersionAndRecordsHistory() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.db"))) {
            List<Migration> applied = runner.migrate(c);

            assertEquals(MigrationCatalog.shipped().latestVersion(), applied.size());
            assertEquals(MigrationCatalog.shipped().latestVersion(), MigrationRunner.schemaVersion(c));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                         "SELECT count(*), (SELECT checksum FROM migration_history WHERE version = 1) FROM migration_history")) {
                rs.next();
                assertEquals(applied.size(), rs.getInt(1));
                assertEquals(applied.get(0).checksum(), rs.getString(2));
            }
            assertTrue(runner.migrate(c).isEmpty(), "a second run applies nothing");
        }
    }

    @Test
    void storeFromNewerVersionIsRefusedAndLeftByteForByteUntouched() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            runner.migrate(c);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA user_version = 99");
            }
        }
        byte[] before = Files.readAllBytes(file);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SchemaTooNewException e = assertThrows(SchemaTooNewException.class, () -> runner.migrate(c));
            assertEquals(99, e.storeVersion());
        }

        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void changedChecksumOfAnAppliedMigrationBlocks() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("b.db"))) {
            runner.migrate(c);
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE migration_history SET checksum = 'abc' WHERE version = 1");
            }
            assertThrows(MigrationChecksumException.class, () -> runner.migrate(c));
        }
    }

    @Test
    void checksumIgnoresLineEndingsAndTrailingSpace() {
        assertEquals(MigrationCatalog.checksum("CREATE TABLE t (a);\nSELECT 1;\n"),
                MigrationCatalog.checksum("CREATE TABLE t (a);  \r\nSELECT 1;\r\n\r\n"));
    }

    @Test
    void scriptSplitterKeepsTriggerBodiesAndQuotedSemicolonsWhole() {
        List<String> parts = SqlScript.split("""
                -- a comment; with a semicolon
                CREATE TABLE t (a TEXT DEFAULT 'x;y');
                CREATE TRIGGER tr AFTER INSERT ON t BEGIN
                    UPDATE t SET a = CASE WHEN new.a = ';' THEN 'semi' ELSE new.a END;
                    DELETE FROM t WHERE a = 'z';
                END;
                /* block; comment */ SELECT 1;""");
        assertEquals(3, parts.size(), parts.toString());
        assertTrue(parts.get(1).startsWith("CREATE TRIGGER") && parts.get(1).endsWith("END"), parts.get(1));
    }
}

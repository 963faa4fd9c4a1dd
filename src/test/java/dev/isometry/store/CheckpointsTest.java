package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied back into the store beside the writer (decision 28): not after a few
 * writes, but once {@link Checkpoints#WRITES} are in the log, and every committed row is there after.
 */
class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void theLogIsCopiedIntoTheStoreBesideTheWriterOnceEnoughWritesAreIn() throws Exception {
        Path file = dir.resolve("t.db");
        String blob = "x".repeat(2_000);
        try (Database db = Database.open(file, DatabaseConfig.builder().build())) {
            db.withWriterConnection(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                }
                return null;
            });
            long sizeBefore = Files.size(file);
            int few = Checkpoints.WRITES / 2;
            for (int i = 0; i < few; i++) {
                insert(db, blob);
            }
            // Below the count nothing is copied: the rows are in the log only (the writer's own fallback
            // is at 10,000 pages, far above these ~25).
            assertEquals(0, db.backgroundCheckpoints());
            assertEquals(sizeBefore, Files.size(file), "nothing copied into the store yet");

            for (int i = few; i < 3 * Checkpoints.WRITES; i++) {
                insert(db, blob);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(file) < sizeBefore + (long) Checkpoints.WRITES * blob.length()
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
            assertTrue(db.backgroundCheckpoints() >= 1, "a checkpoint ran beside the writer");
            assertTrue(Files.size(file) >= sizeBefore + (long) Checkpoints.WRITES * blob.length(),
                    "the store file holds the checkpointed rows: " + Files.size(file) + " bytes");
        }
        try (Database db = Database.open(file, DatabaseConfig.builder().build())) {
            long rows = db.withWriterConnection(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*), sum(length(body)) FROM t")) {
                    rs.next();
                    assertEquals(3L * Checkpoints.WRITES * blob.length(), rs.getLong(2));
                    return rs.getLong(1);
                }
            });
            assertEquals(3L * Checkpoints.WRITES, rows);
        }
    }

    private static void insert(Database db, String body) {
        db.write(dsl -> dsl.execute("INSERT INTO t (body) VALUES (?)", body));
    }
}

package dev.isometry.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the store on a thread of its own, so that no commit waits for it
 * (decision 28). SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000
 * pages: the copy and its flushes land on that one group's replies (15–30 ms against 1–2 ms for a
 * commit on this machine). Here each commit counts its writes, and once {@link #WRITES} have gone into
 * the log a {@code PASSIVE} checkpoint runs beside the writer, the kind SQLite runs itself, which never
 * blocks the writer or a reader. The count stands in for the log's size: JDBC does not report frames
 * per commit, and reading the {@code -shm} file ourselves would mean closing a descriptor on it, which
 * drops SQLite's POSIX locks. A card write dirties 5–40 pages, so the log is checkpointed at a size close
 * to SQLite's own threshold. The writer's automatic checkpoint stays, at {@link #WRITER_FALLBACK_PAGES},
 * for one large transaction or should this thread fall behind. What is in the log is committed and
 * durable either way; a crash before a checkpoint loses nothing.
 */
final class Checkpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    /** Writes committed into the log that start a checkpoint. */
    static final int WRITES = 100;
    /** The writer's own automatic checkpoint, for large transactions or when this thread falls behind. */
    static final int WRITER_FALLBACK_PAGES = 10_000;

    private final Connection connection;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "isometry-db-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private int writesSince; // writer thread only
    private volatile long checkpoints;

    /** Takes {@code connection} (to the store the writer writes, in WAL mode) and closes it with this. */
    Checkpoints(Connection connection) {
        this.connection = connection;
    }

    /**
     * A group of {@code writes} was committed (writer thread): past {@link #WRITES} since the last
     * checkpoint, one starts beside the writer. Never blocks; one checkpoint at a time.
     */
    void committed(int writes) {
        writesSince += writes;
        if (writesSince < WRITES || !running.compareAndSet(false, true)) {
            return;
        }
        writesSince = 0;
        try {
            thread.execute(this::checkpoint);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.set(false); // closing: the last connection's close checkpoints the log
        }
    }

    /** Checkpoints this thread has run so far. */
    long checkpoints() {
        return checkpoints;
    }

    private void checkpoint() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            checkpoints++;
        } catch (SQLException e) {
            // The log stays as it is (committed, durable); the next commits ask again, and past
            // WRITER_FALLBACK_PAGES the writer checkpoints by itself.
            log.warn("Background checkpoint failed: {}", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Background checkpoint did not finish within 30 s of close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the checkpoint connection failed", e);
        }
    }
}

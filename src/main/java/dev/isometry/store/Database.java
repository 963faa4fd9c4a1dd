package dev.isometry.store;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite store file: one writer connection owned by one thread, and a few reader connections.
 * Writes run as one transaction each on the writer thread, in submission order; reads borrow a reader
 * (WAL gives them a consistent snapshot while a write is under way). SQLITE_BUSY is retried with a
 * jittered backoff. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Settings JOOQ_SETTINGS = new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false);

    /** Page cache of the writer connection, in KiB (SQLite's default is 2,000 KiB). */
    static final int WRITER_CACHE_KIB = 128 * 1024;

    /** Prepared statements the writer keeps for reuse (distinct SQL texts; the app's writes use ~60). */
    static final int WRITER_STATEMENTS = 256;

    private final Path file;
    private final DatabaseConfig config;
    private final ExecutorService writerThread;
    private final Connection writer;
    /** The writer's prepared statements, kept for reuse (decision 29); null when read-only. */
    private final StatementCache writerStatements;
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private final RetryPolicy<Object> busyRetry;
    private final ChangeFeed feed = new ChangeFeed();
    private final WriterQueue queue;
    private final Checkpoints checkpoints;
    private volatile java.util.concurrent.ScheduledExecutorService externalWatch;
    private volatile Thread writerThreadRef;
    private volatile boolean closed;

    private Database(Path file, DatabaseConfig config) {
        this.file = file;
        this.config = config;
        this.busyRetry = RetryPolicy.builder()
                .handleIf(Database::isBusy)
                .withBackoff(Duration.ofMillis(2), Duration.ofMillis(250))
                .withJitter(0.5)
                .withMaxRetries(-1)
                .withMaxDuration(config.busyRetryFor())
                .onRetry(e -> log.debug("SQLite busy, retry #{}", e.getAttemptCount()))
                .build();
        try {
            if (config.readOnly()) {
                this.writer = null;
                this.writerStatements = null;
                this.writerThread = null;
                this.checkpoints = null;
            } else {
                this.writerThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "isometry-db-writer");
                    t.setDaemon(true);
                    writerThreadRef = t;
                    return t;
                });
                this.writer = openConnection(false);
                try (Statement st = writer.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    // A large page cache for the writer: inserts touch random pages of several indexes
                    // (UUID keys, names, FTS segments); with SQLite's 2 MB default, bulk writes thrash.
                    st.execute("PRAGMA cache_size=-" + WRITER_CACHE_KIB);
                    // Checkpoints run beside the writer (Checkpoints, decision 28); this is the fallback.
                    st.execute("PRAGMA wal_autocheckpoint=" + Checkpoints.WRITER_FALLBACK_PAGES);
                }
                feed.attach(writer);
                this.writerStatements = new StatementCache(writer, WRITER_STATEMENTS);
                this.checkpoints = new Checkpoints(openConnection(false));
            }
            this.queue = writer == null ? null : new WriterQueue(writerThread, writerStatements, feed,
                    attempt -> withBusyRetry(() -> {
                        attempt.run();
                        return null;
                    }), config.groupWrites(), config.groupFor().toNanos(), checkpoints::committed);
            this.readers = new ArrayBlockingQueue<>(config.readers());
            for (int i = 0; i < config.readers(); i++) {
                Connection c = openConnection(true);
                allReaders.add(c);
                readers.add(c);
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("Cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the store at {@code file}. Schema changes are the caller's job. */
    public static Database open(Path file, DatabaseConfig config) {
        return new Database(file, config);
    }

    public Path file() {
        return file;
    }

    public boolean readOnly() {
        return config.readOnly();
    }

    /** What each committed write changed; a read-only store publishes nothing. */
    public ChangeFeed changes() {
        return feed;
    }

    /**
     * Starts looking for writes by other processes every {@code interval} (they are published on the
     * change feed as external batches). For a long-running app; a one-shot command does not need it.
     */
    public synchronized void watchOtherProcesses(Duration interval) {
        if (config.readOnly() || externalWatch != null) {
            return;
        }
        var watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "isometry-external-watch");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        watch.scheduleWithFixedDelay(() -> {
            if (!closed) {
                try {
                    // Queued behind writes on the writer thread: the poll reads the writer's own data_version.
                    queue.run(() -> feed.pollExternal(writer), false);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    log.debug("Writer closed; external poll skipped");
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        externalWatch = watch;
    }

    private Connection openConnection(boolean reader) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.enforceForeignKeys(true);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setBusyTimeout((int) config.busyTimeout().toMillis());
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        if (reader || config.readOnly()) {
            c.setOpenMode(SQLiteOpenMode.READONLY);
            c.setReadOnly(true);
        }
        Connection conn = c.createConnection("jdbc:sqlite:" + file);
        if (!reader) {
            conn.setAutoCommit(true);
        }
        return conn;
    }

    /** The DSL bound to a connection; valid only inside the callback that received the connection. */
    static DSLContext dsl(Connection c) {
        return DSL.using(c, SQLDialect.SQLITE, JOOQ_SETTINGS);
    }

    /**
     * Runs {@code work} as one transaction on the writer thread and waits for it: all of it is committed
     * or none of it. Writes waiting together are committed together (group commit, {@link WriterQueue}):
     * each in its own savepoint, so a failure rolls back only its own work, and each returns only once
     * the commit that holds it succeeded. Calls made from the writer thread itself run inline, in the
     * same transaction.
     */
    public <T> T write(Function<DSLContext, T> work) {
        Future<T> f = writeAsync(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Runs {@code work} on a reader connection (a consistent snapshot for the duration). Called from the
     * writer thread, it runs inline on the writer, so a write reads what it has written so far.
     */
    public <T> T read(Function<DSLContext, T> work) {
        ensureOpen();
        if (Thread.currentThread() == writerThreadRef) {
            return work.apply(writerDsl());
        }
        Connection c;
        try {
            c = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for a reader", e);
        }
        if (c == null) {
            throw new StoreException("No reader connection became free within 30 s");
        }
        try {
            return withBusyRetry(() -> readSnapshot(c, work));
        } catch (Exception e) {
            throw rethrow(e);
        } finally {
            readers.add(c);
        }
    }

    private static <T> T readSnapshot(Connection c, Function<DSLContext, T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            return work.apply(dsl(c));
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /**
     * Runs {@code work} with the raw writer connection, outside any transaction, on the writer thread:
     * for schema work that manages its own transactions and pragmas.
     */
    public <T> T withWriterConnection(ConnectionWork<T> work) {
        if (config.readOnly()) {
            throw new ReadOnlyStoreException("The store is open read-only; nothing can be changed.");
        }
        ensureOpen();
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.run(() -> {
            try {
                f.complete(work.apply(writer));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            } finally {
                feed.afterCommit(writer); // the statements it committed, as one batch
            }
        }, true);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the writer", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Jobs waiting for the writer thread (tests poll it to know writes are queued together). */
    int waitingWrites() {
        return queue == null ? 0 : queue.waiting();
    }

    /** Work on a raw JDBC connection. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T apply(Connection connection) throws Exception;
    }

    /**
     * Like {@link #write} but without waiting: the future completes on the writer thread once the commit
     * that holds the write returned (or with the failure). Called on the writer thread, it runs inline.
     */
    public <T> CompletableFuture<T> writeAsync(Function<DSLContext, T> work) {
        if (config.readOnly()) {
            throw new ReadOnlyStoreException("The store is open read-only; nothing can be changed.");
        }
        ensureOpen();
        if (Thread.currentThread() == writerThreadRef) {
            return CompletableFuture.completedFuture(work.apply(writerDsl()));
        }
        return queue.write(work);
    }

    /** On the writer thread: the running group's transaction, or the bare writer outside one. */
    private DSLContext writerDsl() {
        DSLContext group = queue == null ? null : queue.current();
        return group != null ? group : dsl(writerStatements.connection());
    }

    /**
     * Adds {@code value} to the set {@code name} of {@code tx}'s transaction; just before that transaction
     * commits, after every write grouped into it, {@code run} is called once with the whole set. For
     * derived data that a group of writes would otherwise each bring up to date on its own (and that a
     * read in between would force out, as a search forces the search index's pending terms to disk). A
     * write rolled back to its savepoint takes its values back; what {@code run} throws fails the group.
     * Outside a group transaction (schema work on the raw writer), {@code run} is called at once.
     */
    public static <V> void beforeCommit(DSLContext tx, String name, V value,
                                        java.util.function.BiConsumer<DSLContext, java.util.Set<V>> run) {
        if (tx.configuration().data(CommitTasks.KEY) instanceof CommitTasks tasks) {
            tasks.add(name, value, run);
        } else {
            run.accept(tx, java.util.Set.of(value));
        }
    }

    private <T> T withBusyRetry(dev.failsafe.function.CheckedSupplier<T> work) throws Exception {
        try {
            return Failsafe.with(busyRetry).get(work);
        } catch (FailsafeException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new StoreException("Store failure: " + cause.getMessage(), cause);
    }

    /** True when the failure (or any cause) is SQLite reporting a lock it could not get in time. */
    public static boolean isBusy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof org.sqlite.SQLiteException se) {
                SQLiteErrorCode code = se.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                        || code.name().startsWith("SQLITE_BUSY_")) {
                    return true;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("The store is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (externalWatch != null) {
            externalWatch.shutdownNow();
        }
        if (writerThread != null) {
            writerThread.shutdown();
            try {
                if (!writerThread.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("Writer did not finish within 30 s of close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        feed.close();
        closeQuietly();
    }

    /**
     * Time the writer thread has spent on writes and other work since the store opened, in nanoseconds
     * (0 when read-only): with the wall time of a run of writes, how much of it was SQLite's and ours.
     */
    public long writerBusyNanos() {
        return queue == null ? 0 : queue.busyNanos();
    }

    /** Statements the writer compiled and statements it reused, so far ({0, 0} when read-only). */
    long[] writerStatementCounts() {
        return writerStatements == null ? new long[2] : writerStatements.counts();
    }

    /** Checkpoints run beside the writer so far (0 when read-only). */
    long backgroundCheckpoints() {
        return checkpoints == null ? 0 : checkpoints.checkpoints();
    }

    private void closeQuietly() {
        if (checkpoints != null) {
            checkpoints.close(); // before the writer, whose close is the last and checkpoints the rest
        }
        for (Connection c : allReaders) {
            try {
                c.close();
            } catch (SQLException e) {
                log.warn("Closing a reader failed", e);
            }
        }
        if (writerStatements != null) {
            writerStatements.close();
        }
        if (writer != null) {
            try {
                try (Statement st = writer.createStatement()) {
                    st.execute("PRAGMA optimize");
                }
                writer.close();
            } catch (SQLException e) {
                log.warn("Closing the writer failed", e);
            }
        }
    }
}

package dev.isometry.store;

import dev.isometry.model.ChangeBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;

/**
 * The store's change feed: SQLite's update hook on the writer connection collects the rows each
 * transaction changes in the watched tables, its commit hook seals them into one {@link ChangeBatch}
 * with the next sequence number, and a rolled-back transaction publishes nothing. Hooks are per
 * connection, so writes by other processes are found by watching {@code PRAGMA data_version} on the
 * writer connection (which changes only when another connection commits) and published as external
 * batches that name every watched table.
 *
 * <p>Threading: the hooks and {@link #afterCommit}/{@link #pollExternal} run on the writer thread (the
 * store's {@link Database} calls them); listeners are called on one feed thread, in sequence order, so
 * a slow listener never holds up a write. Listeners that only hand a batch on (to a page's event queue,
 * to a scheduler) may {@link #subscribeDirect subscribe directly} and hear it on the writer thread as
 * soon as it is sealed, one thread hand-off sooner. Thread-safe.
 */
public final class ChangeFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** Past this many changed rows in one transaction, a batch names tables but not ids. */
    static final int MAX_NAMED_ROWS = 5_000;

    private final CopyOnWriteArrayList<Consumer<ChangeBatch>> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<ChangeBatch>> direct = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<ChangeBatch>> directLast = new CopyOnWriteArrayList<>();
    private final ExecutorService feedThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "isometry-change-feed");
        t.setDaemon(true);
        return t;
    });
    // Writer-thread state: rows of the open transaction, and the sealed batch waiting for the commit to return.
    private final List<Long> cardRows = new ArrayList<>();
    private final List<Long> connectionRows = new ArrayList<>();
    private final Set<String> tables = new HashSet<>();
    private int deletes;
    private int rows;
    private boolean sealed;
    private volatile long seq;
    private long dataVersion = -1;

    private final SQLiteUpdateListener onUpdate = (type, database, table, rowId) -> {
        if (!"main".equals(database) || !ChangeBatch.WATCHED.contains(table)) {
            return;
        }
        tables.add(table);
        rows++;
        if (type == SQLiteUpdateListener.Type.DELETE) {
            deletes++;
        } else if (rows <= MAX_NAMED_ROWS) {
            (ChangeBatch.CARDS.equals(table) ? cardRows : connectionRows).add(rowId);
        }
    };

    private final SQLiteCommitListener onCommit = new SQLiteCommitListener() {
        @Override
        public void onCommit() {
            sealed = rows > 0;
        }

        @Override
        public void onRollback() {
            clear();
        }
    };

    /** What the open transaction had changed at a savepoint, so a rollback to it can forget the rest. */
    record Mark(int cardRows, int connectionRows, Set<String> tables, int deletes, int rows) {
    }

    /** Where the open transaction stands; writer thread, before a savepoint. */
    Mark mark() {
        return new Mark(cardRows.size(), connectionRows.size(), Set.copyOf(tables), deletes, rows);
    }

    /**
     * Forgets the rows changed since {@code mark}: the transaction was rolled back to the savepoint taken
     * there, so the batch its commit seals names only what is kept. Writer thread.
     */
    void rewind(Mark mark) {
        cardRows.subList(Math.min(mark.cardRows(), cardRows.size()), cardRows.size()).clear();
        connectionRows.subList(Math.min(mark.connectionRows(), connectionRows.size()), connectionRows.size()).clear();
        tables.retainAll(mark.tables());
        deletes = mark.deletes();
        rows = mark.rows();
    }

    /** Hooks into {@code writer}; called on the writer thread before any write. */
    void attach(Connection writer) throws SQLException {
        SQLiteConnection c = writer.unwrap(SQLiteConnection.class);
        c.addUpdateListener(onUpdate);
        c.addCommitListener(onCommit);
        dataVersion = dataVersion(writer);
    }

    /** Hears every batch from now on, on the feed thread, in sequence order. */
    public AutoCloseable subscribe(Consumer<ChangeBatch> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Hears every batch from now on, on the writer thread, in sequence order, before the feed thread's
     * listeners do. For listeners that only hand the batch on: they must not block, read the store or
     * take long, since the next write waits for them.
     */
    public AutoCloseable subscribeDirect(Consumer<ChangeBatch> listener) {
        direct.add(listener);
        return () -> direct.remove(listener);
    }

    /**
     * Like {@link #subscribeDirect}, but heard after every listener subscribed that way: for listeners
     * that wake threads to do work (re-running live queries). On two cores a thread just woken often
     * takes the CPU from the writer at once, so the hand-ons to the pages come first; otherwise a batch
     * reached the pages only after that work had run for milliseconds.
     */
    public AutoCloseable subscribeDirectLast(Consumer<ChangeBatch> listener) {
        directLast.add(listener);
        return () -> directLast.remove(listener);
    }

    /** The last sequence number published (0 before any). Writer thread, or a rough figure elsewhere. */
    public long lastSeq() {
        return seq;
    }

    /**
     * Publishes what the commit that just returned sealed. Writer thread, outside any transaction (it
     * reads the ids of the changed rows on {@code writer}). A transaction that rolled back, or a failed
     * commit, has nothing sealed here.
     */
    void afterCommit(Connection writer) {
        if (!sealed) {
            clear(); // a commit that threw after the hook, or a transaction with nothing watched
            return;
        }
        long now = System.nanoTime();
        List<String> cardIds = rows <= MAX_NAMED_ROWS ? ids(writer, ChangeBatch.CARDS, cardRows) : null;
        List<String> connectionIds = cardIds == null ? null : ids(writer, ChangeBatch.CONNECTIONS, connectionRows);
        boolean complete = cardIds != null && connectionIds != null;
        if (!complete) {
            cardIds = List.of();
            connectionIds = List.of();
        }
        ChangeBatch batch = new ChangeBatch(++seq, false, tables, cardIds, connectionIds, deletes, rows, complete, now);
        clear();
        // data_version is not read here: our own commit does not move it, and reading it would swallow
        // a commit by another process since the last poll, which must still be published as external.
        publish(batch);
    }

    /** Publishes an external batch when another process committed since the last look. Writer thread. */
    void pollExternal(Connection writer) {
        try {
            long v = dataVersion(writer);
            if (dataVersion >= 0 && v != dataVersion) {
                dataVersion = v;
                publish(new ChangeBatch(++seq, true, ChangeBatch.WATCHED, List.of(), List.of(), 0, 0, false,
                        System.nanoTime()));
            }
            dataVersion = v;
        } catch (SQLException e) {
            log.debug("data_version poll failed: {}", e.getMessage());
        }
    }

    private void publish(ChangeBatch batch) {
        callDirect(direct, batch);
        callDirect(directLast, batch);
        if (listeners.isEmpty()) {
            return; // no thread to wake: the app's own listeners all listen directly
        }
        try {
            feedThread.execute(() -> {
                for (Consumer<ChangeBatch> l : listeners) {
                    try {
                        l.accept(batch);
                    } catch (RuntimeException e) {
                        log.warn("A change listener failed on batch {}", batch.seq(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Change feed closed; batch {} not published", batch.seq());
        }
    }

    private static void callDirect(List<Consumer<ChangeBatch>> listeners, ChangeBatch batch) {
        for (Consumer<ChangeBatch> l : listeners) {
            try {
                l.accept(batch);
            } catch (RuntimeException e) {
                log.warn("A direct change listener failed on batch {}", batch.seq(), e);
            }
        }
    }

    /** The ids of these rows, or null when they cannot be read (the batch then names tables only). */
    private static List<String> ids(Connection c, String table, List<Long> rowIds) {
        if (rowIds.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(rowIds.size());
        // Rows deleted after being written in the same transaction are simply not found.
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table
                + " WHERE rowid IN (SELECT value FROM json_each(?))")) {
            ps.setString(1, rowIds.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            // The write is committed whatever happens here: publish it without ids rather than fail it.
            log.warn("Reading the ids of changed {} failed: {}", table, e.getMessage());
            return null;
        }
        return out;
    }

    private static long dataVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private void clear() {
        cardRows.clear();
        connectionRows.clear();
        tables.clear();
        deletes = 0;
        rows = 0;
        sealed = false;
    }

    @Override
    public void close() {
        listeners.clear();
        direct.clear();
        directLast.clear();
        feedThread.shutdown();
    }
}

package dev.isometry.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread's work, in submission order, with group commit: write transactions that are waiting
 * when the writer gets to them run in one SQLite transaction, each inside its own savepoint. A write
 * that fails is rolled back to its savepoint and gets its own error; the others are kept. Nobody hears
 * of a result before the one commit returned; a failed commit fails every write of the group. One
 * commit is one batch on the {@link ChangeFeed}. A group takes at most {@code maxWrites} writes and
 * takes no more once it has run for {@code maxTime}, so a write never waits long behind later ones.
 * Before the commit the group indexes its new cards for search in one statement ({@link SearchIndexBatch})
 * and then runs the work its writes left for it ({@link CommitTasks}).
 * Other work (schema work, the external-change poll) runs alone, in its place in the order.
 *
 * <p>Thread-safe: {@link #write} and {@link #run} may be called from any thread; the work runs on the
 * one writer thread.
 */
final class WriterQueue {
    private static final Logger log = LoggerFactory.getLogger(WriterQueue.class);

    /** A retry policy around one attempt at a group (SQLITE_BUSY). */
    @FunctionalInterface
    interface BusyRetry {
        void run(dev.failsafe.function.CheckedRunnable attempt) throws Exception;
    }

    private sealed interface Job permits WriteJob, SoloJob {
    }

    private record WriteJob<T>(Function<DSLContext, T> work, CompletableFuture<T> done) implements Job {
        @SuppressWarnings("unchecked")
        void complete(Object value) {
            done.complete((T) value);
        }
    }

    /** Work alone on the writer; {@code schemaWork} when it may change or replace the schema. */
    private record SoloJob(Runnable work, boolean schemaWork) implements Job {
    }

    /** What one write of a group came to, before the commit. */
    private record Outcome(Object value, RuntimeException failure) {
    }

    private final ExecutorService thread;
    private final StatementCache statements;
    /** The writer seen through {@link #statements}. */
    private final Connection writer;
    private final ChangeFeed feed;
    private final BusyRetry busyRetry;
    private final int maxWrites;
    private final long maxNanos;
    private final java.util.function.IntConsumer afterCommit;
    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final SearchIndexBatch searchIndex = new SearchIndexBatch();
    /** The transaction of the group being run (writer thread only), for writes called inside it. */
    private DSLContext current;
    private volatile long busyNanos;

    /** {@code afterCommit}: told of each group's commit and its size, on the writer thread; must not block. */
    WriterQueue(ExecutorService thread, StatementCache statements, ChangeFeed feed, BusyRetry busyRetry,
                int maxWrites, long maxNanos, java.util.function.IntConsumer afterCommit) {
        this.thread = thread;
        this.statements = statements;
        this.writer = statements.connection();
        this.feed = feed;
        this.busyRetry = busyRetry;
        this.maxWrites = maxWrites;
        this.maxNanos = maxNanos;
        this.afterCommit = afterCommit;
    }

    /** Queues a write transaction; the future completes once it is committed (or failed). */
    <T> CompletableFuture<T> write(Function<DSLContext, T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        submit(new WriteJob<>(work, done));
        return done;
    }

    /**
     * Queues work that runs alone on the writer thread, after everything submitted before it. It must
     * not throw (what it throws is logged and lost). {@code schemaWork}: it may change the schema
     * (migrations, restores), so what the writer knows of it is looked up again afterwards.
     */
    void run(Runnable work, boolean schemaWork) {
        submit(new SoloJob(work, schemaWork));
    }

    /** Jobs submitted and not yet taken by the writer thread. */
    int waiting() {
        return jobs.size();
    }

    private void submit(Job job) {
        jobs.add(job);
        try {
            thread.execute(this::next); // one turn per job; a turn that finds its job taken by a group returns
        } catch (java.util.concurrent.RejectedExecutionException e) {
            jobs.remove(job);
            throw e;
        }
    }

    /** Time the writer thread spent on jobs so far, in nanoseconds (diagnostics and the benchmarks). */
    long busyNanos() {
        return busyNanos;
    }

    /** One turn of the writer thread: the next job alone, or the next writes as a group. */
    private void next() {
        Job head = jobs.poll();
        if (head == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            turn(head);
        } finally {
            busyNanos += System.nanoTime() - start; // written by the writer thread only
        }
    }

    private void turn(Job head) {
        if (head instanceof SoloJob solo) {
            try {
                solo.work().run();
            } catch (RuntimeException e) {
                log.warn("Work on the writer thread failed", e);
            } finally {
                if (solo.schemaWork()) {
                    searchIndex.forget(); // it may have migrated or replaced the store
                    statements.clear();
                }
            }
            return;
        }
        List<WriteJob<?>> group = new ArrayList<>();
        group.add((WriteJob<?>) head);
        List<Outcome> outcomes = new ArrayList<>();
        try {
            busyRetry.run(() -> attempt(group, outcomes));
        } catch (Throwable t) {
            // Nothing of the group is in the store: each write hears why (an Error too, as before).
            Throwable failure = unwrap(t);
            if (failure instanceof Error) {
                log.error("A write failed with an error; its group was rolled back", failure);
            }
            for (WriteJob<?> job : group) {
                job.done().completeExceptionally(failure);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.failure() != null) {
                group.get(i).done().completeExceptionally(o.failure());
            } else {
                group.get(i).complete(o.value());
            }
        }
    }

    /**
     * One transaction over the group: a savepoint per write, then one commit. Throws (after rolling
     * everything back) when the commit fails, when a rollback to a savepoint fails (SQLite may already
     * have rolled the whole transaction back), when a write throws an {@link Error}, or when a write hit
     * SQLITE_BUSY (the whole group is then tried again).
     */
    private void attempt(List<WriteJob<?>> group, List<Outcome> outcomes) throws SQLException {
        outcomes.clear();
        long start = System.nanoTime();
        writer.setAutoCommit(false);
        boolean committed = false;
        CommitTasks tasks = new CommitTasks();
        try (Statement st = writer.createStatement()) {
            DSLContext dsl = Database.dsl(writer);
            dsl.configuration().data(CommitTasks.KEY, tasks);
            current = dsl;
            searchIndex.begin(st);
            for (int i = 0; ; i++) {
                if (i == group.size()) {
                    WriteJob<?> more = group.size() < maxWrites && System.nanoTime() - start < maxNanos
                            ? nextWrite() : null;
                    if (more == null) {
                        break;
                    }
                    group.add(more);
                }
                ChangeFeed.Mark mark = feed.mark();
                int taskMark = tasks.mark();
                st.execute("SAVEPOINT write");
                try {
                    Object value = group.get(i).work().apply(dsl);
                    st.execute("RELEASE write");
                    outcomes.add(new Outcome(value, null));
                } catch (RuntimeException e) {
                    if (Database.isBusy(e)) {
                        throw e;
                    }
                    st.execute("ROLLBACK TO write");
                    st.execute("RELEASE write");
                    feed.rewind(mark);
                    tasks.rewind(taskMark);
                    outcomes.add(new Outcome(null, e));
                }
            }
            searchIndex.index(st);
            tasks.runAll(dsl);
            writer.commit();
            committed = true;
        } finally {
            current = null;
            if (!committed) {
                try {
                    writer.rollback();
                } catch (SQLException e) {
                    log.warn("Rollback failed", e);
                }
            }
            writer.setAutoCommit(true);
            feed.afterCommit(writer); // publishes only what a commit sealed: one batch for the group
        }
        // After the batch is on its way: a checkpoint this starts would take a core from the hand-on.
        afterCommit.accept(group.size());
    }

    /** The transaction of the group now running, or null outside one (writer thread only). */
    DSLContext current() {
        return current;
    }

    /**
     * Takes the next job if it is a write (a solo job keeps its place and ends the group). Only the
     * writer thread takes jobs, so the head it peeks is the head it polls.
     */
    private WriteJob<?> nextWrite() {
        return jobs.peek() instanceof WriteJob<?> ? (WriteJob<?>) jobs.poll() : null;
    }

    private static Throwable unwrap(Throwable t) {
        if (t instanceof dev.failsafe.FailsafeException fe && fe.getCause() != null) {
            return fe.getCause();
        }
        return t;
    }
}

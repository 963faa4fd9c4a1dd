package dev.isometry.store;

import dev.isometry.model.ChangeBatch;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queries kept live: each subscription's query runs again when a committed batch on the
 * {@link ChangeFeed} may have changed its result, and the new result goes to its sink — only when it
 * differs, and at most once per {@link Limits#minInterval()} per subscription, nor sooner after its
 * last run than {@link #COST_FACTOR} times what that run took (changes arriving faster are coalesced
 * into the next run): a costly query over many cards then uses at most a fraction of a core, however
 * fast writes come, and the writes keep their pace. Subscriptions belong to an owner (a page); closing the owner drops
 * them all. The number of subscriptions is bounded in all and per owner.
 *
 * <p>Threading: {@link #subscribe} runs the first result on the caller's thread; re-runs happen on a
 * few live-query threads ({@link Limits#threads()}), so a cheap query is not held up behind a costly one
 * of another view. A subscription never runs concurrently with itself: its sink is called by one thread
 * at a time, with results in the order of the batches they reflect. Thread-safe.
 */
public final class LiveQueries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveQueries.class);

    /**
     * Bounds of the registry.
     *
     * @param total          subscriptions at most, over every owner
     * @param perOwner       subscriptions at most per owner
     * @param minIntervalMs  pushes per subscription are at least this far apart (one frame)
     * @param threads        re-runs of different subscriptions that may happen at once
     */
    public record Limits(int total, int perOwner, long minIntervalMs, int threads) {
        /** Two threads: a small query then waits for at most one costly one, and two cores are the norm. */
        static final int DEFAULT_THREADS = 2;

        public Limits {
            if (total < 1 || perOwner < 1 || perOwner > total || minIntervalMs < 0 || threads < 1 || threads > 16) {
                throw new IllegalArgumentException("live query limits must be positive, perOwner <= total, threads 1..16");
            }
        }

        public Limits(int total, int perOwner, long minIntervalMs) {
            this(total, perOwner, minIntervalMs, DEFAULT_THREADS);
        }

        public static Limits ofDefaults() {
            return new Limits(1_000, 200, 16, DEFAULT_THREADS);
        }

        long minInterval() {
            return minIntervalMs;
        }
    }

    /** A query that can say which batches may change its result. */
    public interface Query<T> {
        /** A query that runs whole each time a batch {@code affected} takes may have changed it. */
        static <T> Query<T> of(java.util.function.Predicate<ChangeBatch> affected, java.util.function.Supplier<T> run) {
            return new Query<>() {
                @Override
                public boolean affectedBy(ChangeBatch batch) {
                    return affected.test(batch);
                }

                @Override
                public T run() {
                    return run.get();
                }
            };
        }

        /**
         * True when {@code batch} may have changed the result (false positives only cost a re-run). Called
         * on the store's writer thread right after the commit: it must be quick and must not read the store.
         */
        boolean affectedBy(ChangeBatch batch);

        /** Runs the query (on a reader). */
        T run();

        /**
         * The result brought up to date from {@code previous} without running the whole query, or null
         * when it cannot be (then {@link #run} runs). Called only when every batch since
         * {@code previous} named the card rows it changed and deleted none: {@code changedCards} are
         * their ids (other tables may have changed as well). On a reader; may read the store.
         */
        default T update(T previous, Set<String> changedCards) {
            return null;
        }
    }

    /** Where a subscription's results go. */
    @FunctionalInterface
    public interface Sink<T> {
        /**
         * @param previous the result last delivered (the first result for the first push)
         * @param next     the new result, different from {@code previous}
         * @param seq      the change feed's sequence number the new result reflects at least
         */
        void push(T previous, T next, long seq);
    }

    /** The first result of a new subscription and the sequence number it reflects. */
    public record Initial<T>(T result, long seq) {
    }

    /** Past this many changed cards between two runs, a query runs whole rather than being updated. */
    static final int MAX_TRACKED_CARDS = 64;

    /** A query waits at least this many times its last run's duration before it runs again. */
    static final int COST_FACTOR = 3;

    private final ChangeFeed feed;
    private final Limits limits;
    private final AutoCloseable feedSubscription;
    private final Map<Key, Sub<?>> subs = new ConcurrentHashMap<>();
    private final Map<Object, AtomicInteger> perOwner = new ConcurrentHashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ScheduledExecutorService runner;

    public LiveQueries(ChangeFeed feed, Limits limits) {
        this.feed = Objects.requireNonNull(feed);
        this.limits = Objects.requireNonNull(limits);
        this.runner = Executors.newScheduledThreadPool(limits.threads(), r -> {
            Thread t = new Thread(r, "isometry-live-queries-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Directly on the writer thread: marking views dirty only tests their filters and schedules runs;
        // after the pages have been handed the batch, since the runs it wakes may take the CPU at once.
        this.feedSubscription = feed.subscribeDirectLast(this::onBatch);
    }

    /**
     * Registers {@code query} under {@code owner} and {@code id} (chosen by the owner, unique per owner)
     * and returns its first result. A second subscription with the same owner and id replaces the first.
     *
     * @throws LiveQueryLimitException when the owner or the whole registry is at its limit
     */
    public <T> Initial<T> subscribe(Object owner, String id, Query<T> query, Sink<T> sink) {
        Key key = new Key(Objects.requireNonNull(owner), Objects.requireNonNull(id));
        unsubscribe(owner, id);
        AtomicInteger count = perOwner.computeIfAbsent(owner, o -> new AtomicInteger());
        synchronized (this) {
            if (subs.size() >= limits.total()) {
                throw new LiveQueryLimitException("Too many live views are open (" + limits.total() + "); close some.");
            }
            if (count.get() >= limits.perOwner()) {
                throw new LiveQueryLimitException("This window has too many live views open (" + limits.perOwner()
                        + "); close some.");
            }
            count.incrementAndGet();
            Sub<T> sub = new Sub<>(key, query, sink);
            subs.put(key, sub);
            // Registered before the first run, which counts as running: a batch committed meanwhile marks it
            // dirty, and it runs again once the first result is in.
            long seq = feed.lastSeq();
            try {
                T first = query.run();
                sub.firstRan(first, seq);
                return new Initial<>(first, seq);
            } catch (RuntimeException e) {
                remove(key);
                throw e;
            }
        }
    }

    /** Drops one subscription; true when it existed. */
    public boolean unsubscribe(Object owner, String id) {
        return remove(new Key(owner, id));
    }

    /** Drops every subscription of {@code owner} (its page closed or reloaded); returns how many. */
    public int closeOwner(Object owner) {
        int n = 0;
        for (Key k : subs.keySet()) {
            if (k.owner() == owner && remove(k)) {
                n++;
            }
        }
        perOwner.remove(owner);
        return n;
    }

    /** Open subscriptions, over all owners. */
    public int size() {
        return subs.size();
    }

    private boolean remove(Key key) {
        Sub<?> s = subs.remove(key);
        if (s == null) {
            return false;
        }
        s.closed = true;
        AtomicInteger c = perOwner.get(key.owner());
        if (c != null && c.decrementAndGet() <= 0) {
            perOwner.remove(key.owner(), c);
        }
        return true;
    }

    private void onBatch(ChangeBatch batch) {
        for (Sub<?> s : subs.values()) {
            boolean affected;
            try {
                affected = s.query.affectedBy(batch);
            } catch (RuntimeException e) {
                log.warn("Live query filter failed; running it again to be safe", e);
                affected = true;
            }
            if (affected) {
                s.markDirty(batch);
            }
        }
    }

    /**
     * One subscription; its run state is guarded by itself. At most one re-run is scheduled or running
     * at a time: a batch that comes while it runs leaves it dirty, and it is scheduled again (paced)
     * when the run ends, so two threads never run or push the same subscription at once.
     */
    private final class Sub<T> {
        final Key key;
        final Query<T> query;
        final Sink<T> sink;
        volatile boolean closed;
        T delivered;
        /** The newest batch that may have changed the result, and the newest one a run started after. */
        long dirtySeq;
        long ranSeq;
        boolean scheduled;
        boolean running = true; // the first run, on the subscriber's thread
        long lastRunNanos;
        long lastCostNanos;
        /** The cards changed since the last run started; null once a batch did not name them. */
        Set<String> changedCards = new HashSet<>();

        Sub(Key key, Query<T> query, Sink<T> sink) {
            this.key = key;
            this.query = query;
            this.sink = sink;
        }

        /** The first result is in; it reflects every batch up to {@code seq}. */
        synchronized void firstRan(T first, long seq) {
            delivered = first;
            ranSeq = seq;
            running = false;
            schedule();
        }

        synchronized void markDirty(ChangeBatch batch) {
            dirtySeq = Math.max(dirtySeq, batch.seq());
            if (changedCards != null) {
                if (batch.external() || !batch.complete() || batch.deletes() > 0
                        || changedCards.size() + batch.cardIds().size() > MAX_TRACKED_CARDS) {
                    changedCards = null; // the next run runs whole
                } else {
                    changedCards.addAll(batch.cardIds());
                }
            }
            if (!running) {
                schedule();
            }
        }

        /** Schedules a re-run, paced from the last one; a query quiet for longer than its gap runs at once. */
        private void schedule() {
            if (scheduled || closed || dirtySeq <= ranSeq) {
                return;
            }
            scheduled = true;
            long gap = Math.max(TimeUnit.MILLISECONDS.toNanos(limits.minInterval()), COST_FACTOR * lastCostNanos);
            long wait = lastRunNanos == 0 ? 0 : Math.max(0, lastRunNanos + gap - System.nanoTime());
            try {
                runner.schedule(this::rerun, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled = false; // closing
            }
        }

        private void rerun() {
            long seq;
            T previous;
            Set<String> changes;
            synchronized (this) {
                scheduled = false;
                if (closed) {
                    return;
                }
                running = true;
                seq = dirtySeq;
                ranSeq = seq;
                previous = delivered;
                lastRunNanos = System.nanoTime();
                changes = changedCards;
                changedCards = new HashSet<>();
            }
            try {
                runAndPush(previous, seq, changes);
            } finally {
                synchronized (this) {
                    running = false;
                    schedule(); // the batches that came during the run
                }
            }
        }

        /**
         * Brings the result up to date — from {@code previous} and the cards that changed when the query
         * can, by running it whole otherwise — and pushes it when it differs.
         */
        private void runAndPush(T previous, long seq, Set<String> changes) {
            T next;
            long started = System.nanoTime();
            try {
                next = changes != null && previous != null ? query.update(previous, changes) : null;
                if (next == null) {
                    next = query.run();
                }
            } catch (RuntimeException e) {
                log.warn("Live query {} failed; it stays subscribed and runs again on the next change", key.id(), e);
                synchronized (this) {
                    changedCards = null; // the changes this run took are in no result: the next run runs whole
                }
                return;
            } finally {
                synchronized (this) {
                    lastCostNanos = System.nanoTime() - started;
                }
            }
            if (closed || Objects.equals(previous, next)) {
                return;
            }
            synchronized (this) {
                delivered = next;
            }
            try {
                sink.push(previous, next, seq);
            } catch (RuntimeException e) {
                log.warn("Pushing live query {} failed", key.id(), e);
            }
        }
    }

    private record Key(Object owner, String id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.owner == owner && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(owner) * 31 + id.hashCode();
        }
    }

    @Override
    public void close() {
        try {
            feedSubscription.close();
        } catch (Exception e) {
            log.debug("Closing the feed subscription: {}", e.getMessage());
        }
        runner.shutdownNow();
        subs.clear();
        perOwner.clear();
    }
}

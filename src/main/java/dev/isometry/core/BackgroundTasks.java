package dev.isometry.core;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place background work runs: bridge request handlers (a small pool with a bounded queue, so a
 * flood is refused instead of exhausting memory) and longer jobs. Never the UI thread. Thread-safe.
 */
public final class BackgroundTasks implements AutoCloseable {
    /** Requests waiting beyond this many are refused with BUSY. */
    public static final int HANDLER_QUEUE = 20_000;

    private final ThreadPoolExecutor handlers;
    private final ExecutorService jobs;
    private final java.util.concurrent.ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemon("isometry-timer"));

    public BackgroundTasks() {
        this.handlers = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDLER_QUEUE), daemon("isometry-bridge"));
        this.handlers.prestartAllCoreThreads();
        this.jobs = Executors.newCachedThreadPool(daemon("isometry-job"));
    }

    /** Runs bridge requests. */
    public ExecutorService handlers() {
        return handlers;
    }

    /** Runs longer jobs (imports, backups, benchmarks). */
    public ExecutorService jobs() {
        return jobs;
    }

    /**
     * Runs {@code work} every {@code period} (first after one period) on the jobs pool, until close.
     * A failure is logged by the work itself; it does not stop later runs.
     */
    public void every(java.time.Duration period, Runnable work) {
        timer.scheduleWithFixedDelay(() -> jobs.execute(work), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        handlers.shutdown();
        jobs.shutdown();
        try {
            if (!handlers.awaitTermination(10, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handlers.shutdownNow();
        }
        jobs.shutdownNow();
    }
}

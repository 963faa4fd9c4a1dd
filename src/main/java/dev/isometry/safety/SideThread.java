package dev.isometry.safety;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * Work started on a daemon thread of its own, beside the caller's: the checks, hashes and digests that
 * each read a whole file once and so run side by side on two cores. Stateless.
 */
final class SideThread {
    private SideThread() {
    }

    /** Starts {@code work} on a new daemon thread named {@code name}; its outcome is the returned task's. */
    static <T> FutureTask<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        start(name, (Runnable) task);
        return task;
    }

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    static void start(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }
}

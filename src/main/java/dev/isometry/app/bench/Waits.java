package dev.isometry.app.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waiting in the benchmarks for something another thread hands over under a monitor it notifies:
 * polling every few microseconds instead would take a share of the two cores from the threads measured.
 */
public final class Waits {
    private Waits() {
    }

    /**
     * Holding {@code monitor}, looks at {@code probe} until it gives a value, waiting for the monitor's
     * notifications in between; throws {@code IllegalStateException} with {@code failure} after {@code limit}.
     */
    public static <T> T until(Object monitor, Duration limit, Supplier<T> probe, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (monitor) {
            while (true) {
                T found = probe.get();
                if (found != null) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(failure);
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }
}

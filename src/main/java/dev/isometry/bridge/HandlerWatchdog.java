package dev.isometry.bridge;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The handler timeout: one daemon thread that interrupts handlers running past their deadline. Starting
 * and ending a handler cost two volatile writes on the handler's own thread, where a Failsafe
 * {@code Timeout} scheduled and cancelled a task per request (see decision 23). A handler that was
 * interrupted reports it from {@link #end}, with the interrupt flag cleared, so the pool thread carries
 * nothing into its next request. Thread-safe.
 */
final class HandlerWatchdog {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTED = 2;

    /** One handler thread's current request. */
    static final class Slot {
        final Thread thread = Thread.currentThread();
        final AtomicInteger state = new AtomicInteger(IDLE);
        volatile long deadline;
    }

    private final long limitNanos;
    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> mine = ThreadLocal.withInitial(() -> {
        Slot s = new Slot();
        slots.add(s);
        return s;
    });

    HandlerWatchdog(Duration limit) {
        this.limitNanos = limit.toNanos();
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), limitNanos / 20);
        Thread t = new Thread(() -> watch(tick), "isometry-bridge-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Marks the calling thread as handling a request from now on. */
    Slot start() {
        Slot s = mine.get();
        s.deadline = System.nanoTime() + limitNanos;
        s.state.set(RUNNING);
        return s;
    }

    /** The request is done; true when it ran past its deadline (and was interrupted). */
    boolean end(Slot s) {
        if (s.state.compareAndSet(RUNNING, IDLE)) {
            return false;
        }
        synchronized (s) { // the watchdog interrupts under this lock; after it, the flag is ours to clear
            Thread.interrupted();
            s.state.set(IDLE);
        }
        return true;
    }

    private void watch(long tickNanos) {
        while (true) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Slot s : slots) {
                if (s.state.get() == RUNNING && now - s.deadline > 0) {
                    synchronized (s) {
                        if (s.state.compareAndSet(RUNNING, INTERRUPTED)) {
                            s.thread.interrupt();
                        }
                    }
                }
            }
        }
    }
}

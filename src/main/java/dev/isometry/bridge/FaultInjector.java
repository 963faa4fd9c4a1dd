package dev.isometry.bridge;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Breaks the bridge on purpose, as its {@link FaultPlan} says: drops requests or replies, holds
 * requests, makes handlers throw. Off unless a test or the {@code --fault-injection} development flag
 * gives it a plan; when off, every check is one volatile read. The plan can change while the app runs
 * (tests switch faults on after the page has loaded, and off before checking the store). Thread-safe.
 */
public final class FaultInjector {
    private volatile FaultPlan plan;
    private final LongAdder droppedRequests = new LongAdder();
    private final LongAdder droppedReplies = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder delays = new LongAdder();

    public FaultInjector(FaultPlan plan) {
        this.plan = plan;
    }

    /** An injector that never injects (until given a plan). */
    public static FaultInjector off() {
        return new FaultInjector(FaultPlan.none());
    }

    public FaultPlan plan() {
        return plan;
    }

    public void plan(FaultPlan next) {
        this.plan = next;
    }

    public boolean active() {
        return plan.active();
    }

    /** True when this request is to be dropped on arrival. */
    boolean dropRequest() {
        return hit(plan.dropRequests(), droppedRequests);
    }

    /** True when this reply is to be dropped. */
    boolean dropReply() {
        return hit(plan.dropReplies(), droppedReplies);
    }

    /** Holds the calling handler thread for a random while, if the plan says so. */
    void maybeDelay() {
        FaultPlan p = plan;
        if (p.delayed() > 0 && !p.maxDelay().isZero() && ThreadLocalRandom.current().nextDouble() < p.delayed()) {
            delays.increment();
            long nanos = ThreadLocalRandom.current().nextLong(p.maxDelay().toNanos() + 1);
            long end = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.currentThread().isInterrupted()) {
                    return; // a handler timeout wants this thread back; the interrupt stays set
                }
            }
        }
    }

    /** Throws {@link InjectedFaultException} if the plan says this handler fails. */
    void maybeFail(String command) {
        if (hit(plan.failHandlers(), handlerFailures)) {
            throw new InjectedFaultException(command);
        }
    }

    public FaultCounts counts() {
        return new FaultCounts(droppedRequests.sum(), droppedReplies.sum(), handlerFailures.sum(), delays.sum());
    }

    private static boolean hit(double fraction, LongAdder counter) {
        if (fraction <= 0 || ThreadLocalRandom.current().nextDouble() >= fraction) {
            return false;
        }
        counter.increment();
        return true;
    }

    /** Milliseconds between page reloads, or 0. */
    public long reloadEveryMillis() {
        return TimeUnit.NANOSECONDS.toMillis(plan.reloadEvery().toNanos());
    }
}

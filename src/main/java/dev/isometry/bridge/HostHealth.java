package dev.isometry.bridge;

import java.util.Map;

/**
 * Java's half of {@code system:health}: per-command latency (p50/p99/max of handling time, µs) and
 * error counts, error replies by kind, and how many requests wait for a handler. The page adds its own
 * half (circuit state, queued writes, heartbeat). Immutable.
 *
 * @param uptimeMs       since the dispatcher was made
 * @param handlerQueue   requests waiting for a handler thread
 * @param handlersBusy   handler threads at work
 * @param faultInjection whether faults are being injected (tests, development flag)
 * @param commands       by command name
 * @param errors         error replies by kind
 * @param liveViews      live views open over every window (a number that returns to its level when
 *                       windows close: no leak)
 */
public record HostHealth(long uptimeMs, int handlerQueue, int handlersBusy, boolean faultInjection,
                         Map<String, CommandHealth> commands, Map<String, Long> errors, int liveViews) {

    /** The same figures with the live view count. */
    public HostHealth withLiveViews(int n) {
        return new HostHealth(uptimeMs, handlerQueue, handlersBusy, faultInjection, commands, errors, n);
    }

    /** One command's figures. */
    public record CommandHealth(long calls, long errors, long p50Us, long p99Us, long maxUs) {
    }
}

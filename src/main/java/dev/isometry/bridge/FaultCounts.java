package dev.isometry.bridge;

/** How many faults a {@link FaultInjector} has injected so far. Immutable. */
public record FaultCounts(long droppedRequests, long droppedReplies, long handlerFailures, long delays) {
}

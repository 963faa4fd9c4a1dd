package dev.isometry.model;

/**
 * A directed, optionally labelled and weighted link from one card to another, possibly via a third
 * card. Weight is in 0..1. Immutable.
 */
public record Connection(
        String id,
        String sourceId,
        String targetId,
        String viaCardId,
        String label,
        double weight,
        String createdAt,
        ConnectionOrigin origin) {
}

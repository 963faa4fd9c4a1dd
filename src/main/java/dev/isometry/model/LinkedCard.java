package dev.isometry.model;

/** A connection seen from one of its cards: the connection and the card at its other end. Immutable. */
public record LinkedCard(Connection connection, CardSummary other) {
}

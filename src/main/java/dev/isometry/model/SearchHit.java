package dev.isometry.model;

/**
 * A search result: the card's summary and a snippet of the matching text in which each match is
 * wrapped in {@link #MATCH_START} and {@link #MATCH_END} (control characters, so a UI can highlight
 * without ever parsing markup). Immutable.
 */
public record SearchHit(CardSummary card, String snippet) {
    public static final char MATCH_START = '\u0002';
    public static final char MATCH_END = '\u0003';
}

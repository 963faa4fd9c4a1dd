package dev.isometry.model;

import java.util.List;

/**
 * The best hits of a search, how many live cards matched in all, and whether the ranking looked only
 * at the most recent {@code rankWindow} matches because the query matched more than that, and an
 * optional hint for the person who searched. Immutable.
 */
public record SearchResults(List<SearchHit> hits, long totalMatches, int rankWindow, boolean windowed, String hint) {
    public SearchResults {
        hits = List.copyOf(hits);
    }

    public static SearchResults empty() {
        return new SearchResults(List.of(), 0, 0, false, null);
    }

    /** The same results with a hint for the person who searched (e.g. their syntax was not understood). */
    public SearchResults withHint(String text) {
        return new SearchResults(hits, totalMatches, rankWindow, windowed, text);
    }
}

package dev.isometry.model;

import java.util.List;

/** One page of a card listing and the total number of cards the listing has. Immutable. */
public record CardPage(List<CardSummary> items, long total) {
    public CardPage {
        items = List.copyOf(items);
    }
}

package dev.isometry.model;

import java.util.List;

/** What a list row needs to show a card: no content, so long lists stay cheap. Immutable. */
public record CardSummary(
        String id,
        CardType cardType,
        String name,
        String summary,
        String folder,
        List<String> tags,
        String modifiedAt,
        long version) {

    public CardSummary {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

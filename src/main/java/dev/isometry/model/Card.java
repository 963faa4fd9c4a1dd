package dev.isometry.model;

import java.util.List;

/**
 * One stored card, every field of schema v1. Timestamps are UTC ISO-8601 strings with milliseconds;
 * absent optional values are {@code null}. Immutable.
 */
public record Card(
        String id,
        CardType cardType,
        String name,
        String content,
        String summary,
        Double latitude,
        Double longitude,
        String locationName,
        String createdAt,
        String modifiedAt,
        String dueAt,
        String completedAt,
        String eventStart,
        String eventEnd,
        String folder,
        List<String> tags,
        String status,
        Integer priority,
        Double sortOrder,
        String url,
        String source,
        String sourceId,
        String deletedAt,
        long version) {

    public Card {
        tags = tags == null ? List.of() : List.copyOf(tags);
        content = content == null ? "" : content;
    }

    /** This card as of another change: the same fields, stamped {@code modifiedAt} at {@code version}. */
    public Card stamped(String modifiedAt, long version) {
        return withDeletedAt(deletedAt, modifiedAt, version);
    }

    /** This card trashed ({@code deletedAt} set) or restored (null), stamped as a new change. */
    public Card withDeletedAt(String deletedAt, String modifiedAt, long version) {
        return new Card(id, cardType, name, content, summary, latitude, longitude, locationName, createdAt,
                modifiedAt, dueAt, completedAt, eventStart, eventEnd, folder, tags, status, priority, sortOrder, url,
                source, sourceId, deletedAt, version);
    }

    /** The list-row view of this card. */
    public CardSummary summaryView() {
        return new CardSummary(id, cardType, name, summary, folder, tags, modifiedAt, version);
    }
}

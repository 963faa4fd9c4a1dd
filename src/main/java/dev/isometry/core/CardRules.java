package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardType;
import java.util.List;
import java.util.Map;

/** Builds cards from changes and checks the rules a card must keep. Stateless; thread-safe. */
final class CardRules {
    static final int MAX_NAME = 1_000;
    static final int MAX_CONTENT_CHARS = 8 * 1024 * 1024;
    static final int MAX_TEXT = 10_000;
    static final int MAX_TAGS = 200;

    private CardRules() {
    }

    /** A new card's fields applied over an empty card. */
    static Card newCard(String id, CardChanges changes, String now) {
        if (!changes.has(CardField.CARD_TYPE)) {
            throw new ValidationException("cardType is required (note, person, event, resource or task)");
        }
        if (!changes.has(CardField.NAME)) {
            throw new ValidationException("name must not be empty");
        }
        Card empty = new Card(id, (CardType) changes.get(CardField.CARD_TYPE), "", "", null, null, null, null,
                now, now, null, null, null, null, null, List.of(), null, null, null, null, null, null, null, 1);
        return apply(empty, changes, now, 1);
    }

    /** {@code base} with {@code changes} applied, stamped with {@code now} and {@code version}. */
    static Card apply(Card base, CardChanges changes, String now, long version) {
        Map<CardField, Object> v = changes.values();
        Card c = new Card(
                base.id(),
                pick(v, CardField.CARD_TYPE, base.cardType()),
                pick(v, CardField.NAME, base.name()),
                pick(v, CardField.CONTENT, base.content()),
                pick(v, CardField.SUMMARY, base.summary()),
                pick(v, CardField.LATITUDE, base.latitude()),
                pick(v, CardField.LONGITUDE, base.longitude()),
                pick(v, CardField.LOCATION_NAME, base.locationName()),
                base.createdAt(),
                now,
                pick(v, CardField.DUE_AT, base.dueAt()),
                pick(v, CardField.COMPLETED_AT, base.completedAt()),
                pick(v, CardField.EVENT_START, base.eventStart()),
                pick(v, CardField.EVENT_END, base.eventEnd()),
                pick(v, CardField.FOLDER, base.folder()),
                pick(v, CardField.TAGS, base.tags()),
                pick(v, CardField.STATUS, base.status()),
                pick(v, CardField.PRIORITY, base.priority()),
                pick(v, CardField.SORT_ORDER, base.sortOrder()),
                pick(v, CardField.URL, base.url()),
                pick(v, CardField.SOURCE, base.source()),
                pick(v, CardField.SOURCE_ID, base.sourceId()),
                base.deletedAt(),
                version);
        check(c);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static <T> T pick(Map<CardField, Object> values, CardField field, T current) {
        return values.containsKey(field) ? (T) values.get(field) : current;
    }

    static void check(Card c) {
        if (c.name() == null || c.name().isBlank()) {
            throw new ValidationException("name must not be empty");
        }
        if (c.name().length() > MAX_NAME) {
            throw new ValidationException("name is longer than " + MAX_NAME + " characters");
        }
        if (c.content().length() > MAX_CONTENT_CHARS) {
            throw new ValidationException("content is larger than " + (MAX_CONTENT_CHARS / (1024 * 1024))
                    + " MiB; split it into several cards");
        }
        for (String text : new String[] {c.summary(), c.locationName(), c.folder(), c.status(), c.url(),
            c.source(), c.sourceId()}) {
            if (text != null && text.length() > MAX_TEXT) {
                throw new ValidationException("a text field is longer than " + MAX_TEXT + " characters");
            }
        }
        if (c.tags().size() > MAX_TAGS) {
            throw new ValidationException("a card can have at most " + MAX_TAGS + " tags");
        }
        if (c.latitude() != null && (c.latitude() < -90 || c.latitude() > 90)) {
            throw new ValidationException("latitude must be between -90 and 90");
        }
        if (c.longitude() != null && (c.longitude() < -180 || c.longitude() > 180)) {
            throw new ValidationException("longitude must be between -180 and 180");
        }
        if (c.eventStart() != null && c.eventEnd() != null && c.eventEnd().compareTo(c.eventStart()) < 0) {
            throw new ValidationException("the event ends before it starts");
        }
        if ((c.source() == null) != (c.sourceId() == null)) {
            throw new ValidationException("source and sourceId go together: give both or neither");
        }
    }
}

package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardField;

/** Reads one field of a card by its {@link CardField}, typed as {@link CardField#coerce} types values. Stateless. */
final class CardValues {
    private CardValues() {
    }

    static Object of(Card c, CardField field) {
        return switch (field) {
            case CARD_TYPE -> c.cardType();
            case NAME -> c.name();
            case CONTENT -> c.content();
            case SUMMARY -> c.summary();
            case LATITUDE -> c.latitude();
            case LONGITUDE -> c.longitude();
            case LOCATION_NAME -> c.locationName();
            case DUE_AT -> c.dueAt();
            case COMPLETED_AT -> c.completedAt();
            case EVENT_START -> c.eventStart();
            case EVENT_END -> c.eventEnd();
            case FOLDER -> c.folder();
            case TAGS -> c.tags();
            case STATUS -> c.status();
            case PRIORITY -> c.priority();
            case SORT_ORDER -> c.sortOrder();
            case URL -> c.url();
            case SOURCE -> c.source();
            case SOURCE_ID -> c.sourceId();
        };
    }
}

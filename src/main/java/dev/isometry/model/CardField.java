package dev.isometry.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of a card that a person, an import or a script may set, with their wire names and how a
 * raw value (as decoded from JSON or typed on a command line) becomes a typed one. Immutable.
 */
public enum CardField {
    CARD_TYPE("cardType", Kind.TYPE),
    NAME("name", Kind.REQUIRED_TEXT),
    CONTENT("content", Kind.CONTENT),
    SUMMARY("summary", Kind.TEXT),
    LATITUDE("latitude", Kind.NUMBER),
    LONGITUDE("longitude", Kind.NUMBER),
    LOCATION_NAME("locationName", Kind.TEXT),
    DUE_AT("dueAt", Kind.TIMESTAMP),
    COMPLETED_AT("completedAt", Kind.TIMESTAMP),
    EVENT_START("eventStart", Kind.TIMESTAMP),
    EVENT_END("eventEnd", Kind.TIMESTAMP),
    FOLDER("folder", Kind.TEXT),
    TAGS("tags", Kind.TAGS),
    STATUS("status", Kind.TEXT),
    PRIORITY("priority", Kind.INTEGER),
    SORT_ORDER("sortOrder", Kind.NUMBER),
    URL("url", Kind.TEXT),
    SOURCE("source", Kind.TEXT),
    SOURCE_ID("sourceId", Kind.TEXT);

    /** How values of a field are typed. */
    public enum Kind { TYPE, REQUIRED_TEXT, CONTENT, TEXT, NUMBER, INTEGER, TIMESTAMP, TAGS }

    private final String wireName;
    private final Kind kind;

    CardField(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    /** The field with this wire name (also accepts snake_case, as in the database), if any. */
    public static Optional<CardField> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(f -> f.wireName.equals(name) || f.name().toLowerCase(Locale.ROOT).equals(name))
                .findFirst();
    }

    /**
     * Turns a raw value into this field's type: {@code String}, {@code Double}, {@code Integer},
     * {@link CardType}, a normalized timestamp {@code String} or an immutable {@code List<String>}.
     * Null (or a blank string for optional text) clears the field.
     *
     * @throws IllegalArgumentException with a message fit for a person when the value does not fit
     */
    public Object coerce(Object raw) {
        if (raw instanceof String s && s.isBlank() && kind != Kind.REQUIRED_TEXT && kind != Kind.CONTENT
                && kind != Kind.TYPE) {
            return null;
        }
        if (raw == null) {
            return switch (kind) {
                case REQUIRED_TEXT -> throw new IllegalArgumentException(wireName + " must not be empty");
                case TYPE -> throw new IllegalArgumentException(wireName + " is required");
                case CONTENT -> "";
                case TAGS -> List.of();
                default -> null;
            };
        }
        return switch (kind) {
            case TYPE -> CardType.parse(text(raw)).orElseThrow(() -> new IllegalArgumentException(
                    wireName + " must be one of note, person, event, resource, task (got \"" + raw + "\")"));
            case REQUIRED_TEXT -> {
                String s = text(raw).strip();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException(wireName + " must not be empty");
                }
                yield s;
            }
            case CONTENT, TEXT -> text(raw);
            case NUMBER -> number(raw);
            case INTEGER -> integer(raw);
            case TIMESTAMP -> timestamp(raw);
            case TAGS -> tags(raw);
        };
    }

    private String text(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(wireName + " must be text");
    }

    private Double number(Object raw) {
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                value = Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(wireName + " must be a number (got \"" + s + "\")", e);
            }
        } else {
            throw new IllegalArgumentException(wireName + " must be a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(wireName + " must be a finite number");
        }
        return value;
    }

    private Integer integer(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            long v = ((Number) raw).longValue();
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(wireName + " is out of range");
            }
            return (int) v;
        }
        if (raw instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(wireName + " must be a whole number (got \"" + s + "\")", e);
            }
        }
        throw new IllegalArgumentException(wireName + " must be a whole number");
    }

    private String timestamp(Object raw) {
        String s = text(raw).strip();
        try {
            return Timestamps.format(Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(wireName
                    + " must be an ISO-8601 UTC timestamp such as 2026-01-31T09:30:00.000Z (got \"" + s + "\")", e);
        }
    }

    private List<String> tags(Object raw) {
        Collection<?> items;
        if (raw instanceof Collection<?> c) {
            items = c;
        } else if (raw instanceof String s) {
            items = Arrays.asList(s.split(","));
        } else {
            throw new IllegalArgumentException(wireName + " must be a list of text");
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String tag)) {
                throw new IllegalArgumentException(wireName + " must be a list of text");
            }
            String t = tag.strip();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}

package dev.isometry.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A set of field values for a card: all of a new card's given fields, or only the changed fields of
 * an update. Values are already typed (see {@link CardField#coerce}); a {@code null} value clears the
 * field. Immutable.
 */
public record CardChanges(Map<CardField, Object> values) {

    public CardChanges {
        EnumMap<CardField, Object> copy = new EnumMap<>(CardField.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public boolean has(CardField field) {
        return values.containsKey(field);
    }

    public Object get(CardField field) {
        return values.get(field);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Coerces raw values keyed by wire name; unknown names and ill-typed values are refused. */
    public static CardChanges fromRaw(Map<String, ?> raw) {
        EnumMap<CardField, Object> typed = new EnumMap<>(CardField.class);
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            CardField field = CardField.parse(e.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("unknown card field \"" + e.getKey() + "\""));
            typed.put(field, field.coerce(e.getValue()));
        }
        return new CardChanges(typed);
    }
}

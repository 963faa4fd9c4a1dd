package dev.isometry.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of card. The wire and database name is the lower-case constant name. Immutable. */
public enum CardType {
    NOTE, PERSON, EVENT, RESOURCE, TASK;

    /** The name used in the database, the bridge and the CLI. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively; empty when it names no card type. */
    public static Optional<CardType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wanted)).findFirst();
    }
}

package dev.isometry.model;

import java.util.Objects;
import java.util.Set;

/**
 * How one field changed differently on both sides of a merge was settled: by which strategy
 * ({@code last-writer-wins} or {@code person}), which value was kept ({@code mine}: the incoming change,
 * {@code theirs}: the stored card, {@code edited}: a text a person wrote), and every value involved. When the
 * base was no longer kept ({@code baseKnown} false) {@code base} is null. Values are typed as
 * {@link CardField#coerce} types them. Immutable.
 */
public record FieldResolution(CardField field, String strategy, String chosen, boolean baseKnown, Object base,
                              Object mine, Object theirs, Object result) {
    public static final String LAST_WRITER_WINS = "last-writer-wins";
    public static final String PERSON = "person";
    public static final String MINE = "mine";
    public static final String THEIRS = "theirs";
    public static final String EDITED = "edited";

    public FieldResolution {
        Objects.requireNonNull(field, "field");
        if (!Set.of(LAST_WRITER_WINS, PERSON).contains(strategy)) {
            throw new IllegalArgumentException("unknown resolution strategy " + strategy);
        }
        if (!Set.of(MINE, THEIRS, EDITED).contains(chosen)) {
            throw new IllegalArgumentException("unknown resolution choice " + chosen);
        }
        if (!baseKnown && base != null) {
            throw new IllegalArgumentException("an unknown base has no value");
        }
    }
}

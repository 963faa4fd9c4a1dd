package dev.isometry.core;

import dev.isometry.model.CardField;
import java.util.Objects;

/**
 * A field the merge cannot settle without a person: both sides changed it to different values and its
 * strategy is {@link MergeStrategy#ASK}, or the base is no longer kept ({@code baseKnown} false, {@code base}
 * null) so nobody can tell which side changed it. Immutable.
 */
public record FieldConflict(CardField field, boolean baseKnown, Object base, Object mine, Object theirs) {
    public FieldConflict {
        Objects.requireNonNull(field, "field");
    }
}

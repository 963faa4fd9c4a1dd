package dev.isometry.core;

import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.FieldResolution;
import java.util.List;

/**
 * The result of a three-way merge: the changes to write over the stored card, the fields that merged
 * because only the incoming side changed them, how fields changed on both sides were settled, and the
 * fields that need a person (when there are any, nothing may be written). Immutable.
 */
public record MergeOutcome(CardChanges merged, List<CardField> clean, List<FieldResolution> resolutions,
                           List<FieldConflict> conflicts) {
    public MergeOutcome {
        clean = List.copyOf(clean);
        resolutions = List.copyOf(resolutions);
        conflicts = List.copyOf(conflicts);
    }

    public boolean needsPerson() {
        return !conflicts.isEmpty();
    }
}

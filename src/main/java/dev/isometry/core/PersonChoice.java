package dev.isometry.core;

import dev.isometry.model.FieldResolution;
import java.util.Objects;
import java.util.Set;

/**
 * What a person chose for one conflicting field: {@code mine} (the incoming change), {@code theirs} (the
 * stored value) or {@code edited} with the value they wrote (typed as {@code CardField.coerce} types it).
 * Immutable.
 */
public record PersonChoice(String pick, Object edited) {
    public PersonChoice {
        Objects.requireNonNull(pick, "pick");
        if (!Set.of(FieldResolution.MINE, FieldResolution.THEIRS, FieldResolution.EDITED).contains(pick)) {
            throw new ValidationException("a choice is \"mine\", \"theirs\" or \"edited\" (got \"" + pick + "\")");
        }
        if (!FieldResolution.EDITED.equals(pick) && edited != null) {
            throw new ValidationException("only an \"edited\" choice carries a value");
        }
    }

    public static PersonChoice mine() {
        return new PersonChoice(FieldResolution.MINE, null);
    }

    public static PersonChoice theirs() {
        return new PersonChoice(FieldResolution.THEIRS, null);
    }

    public static PersonChoice edited(Object value) {
        return new PersonChoice(FieldResolution.EDITED, value);
    }
}

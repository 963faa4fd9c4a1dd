package dev.isometry.core;

import dev.isometry.model.Card;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An update based on an older version could not be merged without a person: it names the fields, with
 * the base, incoming and stored values of each, and carries the stored card they were compared with.
 * Nothing was written.
 */
public class MergeConflictException extends VersionConflictException {
    private static final long serialVersionUID = 1L;
    private final transient Card stored;
    private final transient List<FieldConflict> conflicts;

    public MergeConflictException(Card stored, long baseVersion, List<FieldConflict> conflicts) {
        super(stored.id(), baseVersion, stored.version(), "Card " + stored.id() + " changed since version "
                + baseVersion + " (now version " + stored.version() + ") in the same fields; choose what to keep: "
                + conflicts.stream().map(c -> c.field().wireName()).collect(Collectors.joining(", ")));
        this.stored = stored;
        this.conflicts = List.copyOf(conflicts);
    }

    /** The card as stored, which the conflicting values were compared with. */
    public Card stored() {
        return stored;
    }

    public List<FieldConflict> conflicts() {
        return conflicts;
    }
}

package dev.isometry.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the three-way merge does with a field both sides changed to different values. Immutable.
 */
public enum MergeStrategy {
    /** The later write keeps its value: the incoming change's edit time against the stored card's. */
    LAST_WRITER_WINS("last-writer-wins"),
    /** Nothing is written until a person chooses (their value, ours, or an edited one). */
    ASK("ask");

    private final String wireName;

    MergeStrategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The strategy with this wire name, if any. */
    public static Optional<MergeStrategy> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}

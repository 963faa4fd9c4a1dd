package dev.isometry.core;

import dev.isometry.model.CardField;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the three-way merge settles a field changed differently on both sides: one {@link MergeStrategy} per
 * field. {@link #ofDefaults()} lets the last writer win for every field but {@code content}, which a person
 * settles; a field without its own entry follows {@code otherFields}. Built with {@link #builder()} or read
 * from the {@code mergeStrategies} setting ({@link #fromSetting}); immutable and thread-safe once built.
 */
public record MergePolicy(Map<CardField, MergeStrategy> strategies, MergeStrategy otherFields) {

    public MergePolicy {
        Objects.requireNonNull(otherFields, "otherFields");
        EnumMap<CardField, MergeStrategy> copy = new EnumMap<>(CardField.class);
        strategies.forEach((f, s) -> copy.put(Objects.requireNonNull(f), Objects.requireNonNull(s)));
        strategies = Collections.unmodifiableMap(copy);
    }

    /** Last writer wins for scalar fields; a person settles {@code content}. */
    public static MergePolicy ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The strategy for this field. */
    public MergeStrategy strategyFor(CardField field) {
        return strategies.getOrDefault(field, otherFields);
    }

    /** Every field's wire name to the wire name of its strategy, in field order. */
    public Map<String, String> byWireName() {
        Map<String, String> out = new LinkedHashMap<>();
        for (CardField f : CardField.values()) {
            out.put(f.wireName(), strategyFor(f).wireName());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The defaults overridden by a setting: a map of wire names ({@code "content"}, {@code "name"}, ...,
     * or {@code "*"} for every field without its own entry) to {@code "ask"} or {@code "last-writer-wins"}.
     *
     * @throws ValidationException naming the entry that is not understood
     */
    public static MergePolicy fromSetting(Map<String, String> setting) {
        Builder b = builder();
        for (Map.Entry<String, String> e : setting.entrySet()) {
            MergeStrategy s = MergeStrategy.parse(e.getValue()).orElseThrow(() -> new ValidationException(
                    "merge strategy for " + e.getKey() + " must be \"ask\" or \"last-writer-wins\" (got \""
                            + e.getValue() + "\")"));
            if ("*".equals(e.getKey())) {
                b.otherFields(s);
            } else {
                b.strategy(CardField.parse(e.getKey()).orElseThrow(() -> new ValidationException(
                        "unknown card field \"" + e.getKey() + "\" in the merge strategies")), s);
            }
        }
        return b.build();
    }

    /** Builds a {@link MergePolicy}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private final EnumMap<CardField, MergeStrategy> strategies = new EnumMap<>(CardField.class);
        private MergeStrategy otherFields = MergeStrategy.LAST_WRITER_WINS;

        private Builder() {
            strategies.put(CardField.CONTENT, MergeStrategy.ASK);
        }

        /** The strategy for one field. */
        public Builder strategy(CardField field, MergeStrategy strategy) {
            strategies.put(Objects.requireNonNull(field), Objects.requireNonNull(strategy));
            return this;
        }

        /** The strategy for every field without its own. */
        public Builder otherFields(MergeStrategy strategy) {
            this.otherFields = Objects.requireNonNull(strategy);
            return this;
        }

        public MergePolicy build() {
            return new MergePolicy(strategies, otherFields);
        }
    }
}

package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.FieldResolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The three-way, field-level merge of an update based on an older version of a card. For every field the
 * incoming change sets, compared with the base it was made on and with the stored card:
 * <ul>
 * <li>the incoming value equals the base: the incoming side did not change it; the stored value stays;</li>
 * <li>only the incoming side changed it: its value is written;</li>
 * <li>both sides changed it to the same value: nothing to do;</li>
 * <li>both changed it differently: the field's {@link MergeStrategy} decides: the later writer's value is
 *     kept and the resolution recorded, or a person must choose ({@link FieldConflict});</li>
 * <li>the base is no longer kept: any incoming value that differs from the stored one needs a person,
 *     whatever the strategy, because nobody can tell which side changed it.</li>
 * </ul>
 * Fields the incoming change does not set keep their stored values. Pure and deterministic: the outcome
 * depends on the arguments only (fields are visited in {@link CardField} order; a tie in time keeps the
 * stored value). Stateless; thread-safe.
 */
public final class CardMerge {
    private CardMerge() {
    }

    /**
     * Merges {@code mine} (made on {@code base} at {@code mineAt}) into {@code stored}.
     *
     * @param base the card at the version the change was based on, or null when the history no longer keeps it
     */
    public static MergeOutcome merge(Card base, Card stored, CardChanges mine, Instant mineAt, MergePolicy policy) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(mine, "mine");
        Objects.requireNonNull(mineAt, "mineAt");
        Objects.requireNonNull(policy, "policy");
        Instant storedAt = Instant.parse(stored.modifiedAt());
        Map<CardField, Object> merged = new EnumMap<>(CardField.class);
        List<CardField> clean = new ArrayList<>();
        List<FieldResolution> resolutions = new ArrayList<>();
        List<FieldConflict> conflicts = new ArrayList<>();
        for (CardField f : CardField.values()) {
            if (!mine.has(f)) {
                continue;
            }
            Object m = mine.get(f);
            Object t = CardValues.of(stored, f);
            if (base == null) {
                if (!Objects.equals(m, t)) {
                    conflicts.add(new FieldConflict(f, false, null, m, t));
                }
                continue;
            }
            Object b = CardValues.of(base, f);
            if (Objects.equals(m, b) || Objects.equals(m, t)) {
                continue; // not changed on the incoming side, or changed the same way on both
            }
            if (Objects.equals(t, b)) {
                merged.put(f, m);
                clean.add(f);
            } else if (policy.strategyFor(f) == MergeStrategy.ASK) {
                conflicts.add(new FieldConflict(f, true, b, m, t));
            } else {
                boolean mineLater = mineAt.isAfter(storedAt);
                if (mineLater) {
                    merged.put(f, m);
                }
                resolutions.add(new FieldResolution(f, FieldResolution.LAST_WRITER_WINS,
                        mineLater ? FieldResolution.MINE : FieldResolution.THEIRS, true, b, m, t, mineLater ? m : t));
            }
        }
        return new MergeOutcome(new CardChanges(merged), clean, resolutions, conflicts);
    }

    /**
     * Settles the fields of {@code outcome} that need a person with their choices: one for every conflicting
     * field and none for any other. An edited value must already be typed ({@link CardField#coerce}).
     *
     * @throws ValidationException when a conflicting field has no choice (the merge would drop it) or a
     *     choice names a field that is not in conflict
     */
    public static MergeOutcome settle(MergeOutcome outcome, Map<CardField, PersonChoice> choices) {
        Set<CardField> conflicting = new HashSet<>();
        for (FieldConflict c : outcome.conflicts()) {
            conflicting.add(c.field());
        }
        for (CardField f : choices.keySet()) {
            if (!conflicting.contains(f)) {
                throw new ValidationException("the field " + f.wireName() + " is not in conflict; choose only for "
                        + "the fields that are");
            }
        }
        Map<CardField, Object> merged = new EnumMap<>(CardField.class);
        merged.putAll(outcome.merged().values());
        List<FieldResolution> resolutions = new ArrayList<>(outcome.resolutions());
        for (FieldConflict c : outcome.conflicts()) {
            PersonChoice choice = choices.get(c.field());
            if (choice == null) {
                throw new ValidationException("no choice for the conflicting field " + c.field().wireName()
                        + "; nothing was written, so that neither value is lost");
            }
            Object result = switch (choice.pick()) {
                case FieldResolution.MINE -> c.mine();
                case FieldResolution.THEIRS -> c.theirs();
                default -> choice.edited();
            };
            if (!FieldResolution.THEIRS.equals(choice.pick())) {
                merged.put(c.field(), result);
            }
            resolutions.add(new FieldResolution(c.field(), FieldResolution.PERSON, choice.pick(), c.baseKnown(),
                    c.base(), c.mine(), c.theirs(), result));
        }
        resolutions.sort(Comparator.comparing(FieldResolution::field));
        return new MergeOutcome(new CardChanges(merged), outcome.clean(), resolutions, List.of());
    }
}

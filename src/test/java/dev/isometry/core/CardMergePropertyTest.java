package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardType;
import dev.isometry.model.FieldResolution;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link CardMerge} over many generated cases (seeded, so a failure names the case that
 * reproduces it): a change made on either side is never lost unless the strategy chose the other value, the
 * merge is deterministic, and a person's choices are what gets written.
 */
class CardMergePropertyTest {
    private static final int CASES = 5_000;
    private static final long SEED = 20_261_122L;
    private static final Instant STORED_AT = Instant.parse("2026-06-01T12:00:00.000Z");

    /** Small pools of values per kind, so both sides often pick the same value and often differ. */
    private static Object value(Random r, CardField f) {
        return switch (f.kind()) {
            case TYPE -> CardType.values()[r.nextInt(CardType.values().length)];
            case REQUIRED_TEXT -> List.of("Alpha", "Beta", "Gamma").get(r.nextInt(3));
            case CONTENT -> List.of("", "one\ntwo", "one\nthree", "four").get(r.nextInt(4));
            case TEXT -> pick(r, null, "x", "y");
            case NUMBER -> pick(r, null, 1.5, -2.0);
            case INTEGER -> pick(r, null, 1, 3);
            case TIMESTAMP -> pick(r, null, "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z");
            case TAGS -> List.of(List.of(), List.of("a"), List.of("a", "b")).get(r.nextInt(3));
        };
    }

    private static Object pick(Random r, Object... values) {
        return values[r.nextInt(values.length)];
    }

    private static Map<CardField, Object> randomFields(Random r) {
        Map<CardField, Object> v = new EnumMap<>(CardField.class);
        for (CardField f : CardField.values()) {
            v.put(f, value(r, f));
        }
        return v;
    }

    /** Some fields of {@code from} replaced by random values (which may equal the old ones). */
    private static Map<CardField, Object> mutate(Random r, Map<CardField, Object> from) {
        Map<CardField, Object> v = new EnumMap<>(from);
        for (CardField f : CardField.values()) {
            if (r.nextInt(3) == 0) {
                v.put(f, value(r, f));
            }
        }
        return v;
    }

    static Card card(Map<CardField, Object> v, String modifiedAt, long version) {
        return new Card("card-1", (CardType) v.get(CardField.CARD_TYPE), (String) v.get(CardField.NAME),
                (String) v.get(CardField.CONTENT), (String) v.get(CardField.SUMMARY), (Double) v.get(CardField.LATITUDE),
                (Double) v.get(CardField.LONGITUDE), (String) v.get(CardField.LOCATION_NAME), "2026-01-01T00:00:00.000Z",
                modifiedAt, (String) v.get(CardField.DUE_AT), (String) v.get(CardField.COMPLETED_AT),
                (String) v.get(CardField.EVENT_START), (String) v.get(CardField.EVENT_END), (String) v.get(CardField.FOLDER),
                castTags(v.get(CardField.TAGS)), (String) v.get(CardField.STATUS), (Integer) v.get(CardField.PRIORITY),
                (Double) v.get(CardField.SORT_ORDER), (String) v.get(CardField.URL), (String) v.get(CardField.SOURCE),
                (String) v.get(CardField.SOURCE_ID), null, version);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castTags(Object tags) {
        return (List<String>) tags;
    }

    private static MergePolicy randomPolicy(Random r) {
        MergePolicy.Builder b = MergePolicy.builder().otherFields(r.nextBoolean()
                ? MergeStrategy.LAST_WRITER_WINS : MergeStrategy.ASK);
        for (CardField f : CardField.values()) {
            if (r.nextInt(4) == 0) {
                b.strategy(f, r.nextBoolean() ? MergeStrategy.LAST_WRITER_WINS : MergeStrategy.ASK);
            }
        }
        return r.nextInt(4) == 0 ? MergePolicy.ofDefaults() : b.build();
    }

    /** One generated case: the base, the stored card (their changes), my changes, when I made them, the policy. */
    private record Case(long number, Card base, Card stored, CardChanges mine, Instant mineAt, MergePolicy policy) {
        static Case generate(long number) {
            Random r = new Random(SEED + number);
            Map<CardField, Object> base = randomFields(r);
            Map<CardField, Object> theirs = mutate(r, base);
            Map<CardField, Object> mineAll = mutate(r, base);
            Map<CardField, Object> mine = new EnumMap<>(CardField.class);
            for (CardField f : CardField.values()) {
                // Only changed fields, as the editor sends them, plus now and then an unchanged one.
                if (!Objects.equals(mineAll.get(f), base.get(f)) || r.nextInt(10) == 0) {
                    mine.put(f, mineAll.get(f));
                }
            }
            Instant mineAt = STORED_AT.plusSeconds(r.nextInt(3) - 1); // earlier, the same instant, or later
            return new Case(number, card(base, "2026-05-01T00:00:00.000Z", 3), card(theirs, STORED_AT.toString(), 5),
                    new CardChanges(mine), mineAt, randomPolicy(r));
        }

        MergeOutcome merge(boolean baseKnown) {
            return CardMerge.merge(baseKnown ? base : null, stored, mine, mineAt, policy);
        }

        Object result(MergeOutcome o, CardField f) {
            return o.merged().has(f) ? o.merged().get(f) : CardValues.of(stored, f);
        }
    }

    private static Optional<FieldResolution> resolution(MergeOutcome o, CardField f) {
        return o.resolutions().stream().filter(r -> r.field() == f).findFirst();
    }

    private static boolean inConflict(MergeOutcome o, CardField f) {
        return o.conflicts().stream().anyMatch(c -> c.field() == f);
    }

    @Test
    void aChangeOnEitherSideIsKeptUnlessTheStrategyChoseTheOtherValue() {
        for (long n = 0; n < CASES; n++) {
            Case c = Case.generate(n);
            MergeOutcome o = c.merge(true);
            for (CardField f : CardField.values()) {
                Object base = CardValues.of(c.base(), f);
                Object theirs = CardValues.of(c.stored(), f);
                Object result = c.result(o, f);
                boolean mineChanged = c.mine().has(f) && !Objects.equals(c.mine().get(f), base);
                boolean theirsChanged = !Objects.equals(theirs, base);
                String where = "case " + n + ", field " + f.wireName();
                if (inConflict(o, f)) {
                    assertEquals(MergeStrategy.ASK, c.policy().strategyFor(f), where + ": only ASK fields wait for a person");
                    assertTrue(mineChanged && theirsChanged, where + ": a conflict is a field both sides changed");
                    continue;
                }
                Optional<FieldResolution> res = resolution(o, f);
                res.ifPresent(r -> {
                    assertEquals(MergeStrategy.LAST_WRITER_WINS, c.policy().strategyFor(f), where);
                    assertEquals(r.result(), result, where + ": the recorded result is what is written");
                    assertEquals(c.mineAt().isAfter(STORED_AT) ? FieldResolution.MINE : FieldResolution.THEIRS, r.chosen(),
                            where + ": the later writer wins, a tie keeps the stored value");
                });
                if (mineChanged && !Objects.equals(result, c.mine().get(f))) {
                    assertTrue(res.isPresent() && res.get().chosen().equals(FieldResolution.THEIRS),
                            where + ": my change was lost without the strategy choosing theirs");
                }
                if (theirsChanged && !Objects.equals(result, theirs)) {
                    assertTrue(res.isPresent() && res.get().chosen().equals(FieldResolution.MINE),
                            where + ": their change was lost without the strategy choosing mine");
                }
                if (!mineChanged && !theirsChanged) {
                    assertEquals(base, result, where + ": a field nobody changed stays");
                }
            }
        }
    }

    @Test
    void theMergeIsDeterministic() {
        for (long n = 0; n < CASES; n++) {
            Case once = Case.generate(n);
            Case again = Case.generate(n);
            assertEquals(once.merge(true), again.merge(true), "case " + n);
            assertEquals(once.merge(false), again.merge(false), "case " + n + " without a base");
            // The order in which the changes were given does not matter either.
            Map<CardField, Object> reversed = new java.util.LinkedHashMap<>();
            List<CardField> fields = new java.util.ArrayList<>(once.mine().values().keySet());
            java.util.Collections.reverse(fields);
            fields.forEach(f -> reversed.put(f, once.mine().get(f)));
            assertEquals(once.merge(true), CardMerge.merge(once.base(), once.stored(), new CardChanges(reversed),
                    once.mineAt(), once.policy()), "case " + n + " reordered");
        }
    }

    @Test
    void withoutTheBaseEveryDifferingValueWaitsForAPersonAndNothingMerges() {
        for (long n = 0; n < CASES; n++) {
            Case c = Case.generate(n);
            MergeOutcome o = c.merge(false);
            assertTrue(o.merged().isEmpty() && o.resolutions().isEmpty(), "case " + n);
            for (CardField f : c.mine().values().keySet()) {
                boolean differs = !Objects.equals(c.mine().get(f), CardValues.of(c.stored(), f));
                assertEquals(differs, inConflict(o, f), "case " + n + ", field " + f.wireName());
            }
            o.conflicts().forEach(k -> assertFalse(k.baseKnown(), "the conflict says the base is unknown"));
        }
    }

    @Test
    void aPersonsChoicesAreWrittenAndRecordedAndNoneMayBeLeftOut() {
        int settled = 0;
        for (long n = 0; n < CASES; n++) {
            Case c = Case.generate(n);
            Random r = new Random(SEED - n);
            MergeOutcome o = c.merge(r.nextBoolean());
            if (!o.needsPerson()) {
                continue;
            }
            Map<CardField, PersonChoice> choices = new EnumMap<>(CardField.class);
            for (FieldConflict k : o.conflicts()) {
                choices.put(k.field(), switch (r.nextInt(3)) {
                    case 0 -> PersonChoice.mine();
                    case 1 -> PersonChoice.theirs();
                    default -> PersonChoice.edited(value(r, k.field()));
                });
            }
            MergeOutcome s = CardMerge.settle(o, choices);
            assertFalse(s.needsPerson());
            for (FieldConflict k : o.conflicts()) {
                PersonChoice p = choices.get(k.field());
                Object expected = switch (p.pick()) {
                    case FieldResolution.MINE -> k.mine();
                    case FieldResolution.THEIRS -> k.theirs();
                    default -> p.edited();
                };
                assertEquals(expected, c.result(s, k.field()), "case " + n + ", field " + k.field().wireName());
                FieldResolution rec = resolution(s, k.field()).orElseThrow();
                assertEquals(FieldResolution.PERSON, rec.strategy());
                assertEquals(k.mine(), rec.mine());
                assertEquals(k.theirs(), rec.theirs());
            }
            CardField left = o.conflicts().get(0).field();
            choices.remove(left);
            ValidationException e = assertThrows(ValidationException.class, () -> CardMerge.settle(o, choices));
            assertTrue(e.getMessage().contains(left.wireName()), e.getMessage());
            settled++;
        }
        if (settled < CASES / 10) {
            fail("too few cases needed a person to test their choices: " + settled);
        }
    }
}

package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.CardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A live card list brought up to date from the rows of the cards that changed ({@link LiveViews#afterChanges})
 * must equal the list run whole, or decline. Checked against a model of the store over many random edits.
 */
class LiveListUpdateTest {
    /** One card of the model: type, modified time (a counter), trashed or not. */
    private record Row(String id, CardType type, long modified, boolean trashed, String text) {
        CardSummary listed() {
            return new CardSummary(id, type, "Card " + id, text, null, List.of(), String.format("2026-01-01T%012d", modified), 1);
        }
    }

    private static CardPage page(Map<String, Row> rows, CardType filter, int limit) {
        List<CardSummary> listed = rows.values().stream()
                .filter(r -> !r.trashed() && (filter == null || r.type() == filter))
                .map(Row::listed).sorted(LiveViews.LIST_ORDER).toList();
        return new CardPage(listed.subList(0, Math.min(limit, listed.size())), listed.size());
    }

    private static List<CardSummary> listedAmong(Map<String, Row> rows, Set<String> ids, CardType filter) {
        return ids.stream().map(rows::get)
                .filter(r -> r != null && !r.trashed() && (filter == null || r.type() == filter))
                .map(Row::listed).toList();
    }

    @Test
    void anUpdatedListEqualsTheListRunWholeOrDeclines() {
        Random random = new Random(7);
        CardType[] types = {CardType.NOTE, CardType.TASK};
        int updated = 0;
        int declined = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            Map<String, Row> rows = new HashMap<>();
            long clock = 0;
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                // equal times now and then, so the id decides the order
                clock += random.nextInt(3);
                String id = "c" + random.nextInt(1_000);
                rows.put(id, new Row(id, types[random.nextInt(2)], clock, random.nextInt(10) == 0, "s"));
            }
            CardType filter = random.nextBoolean() ? null : types[random.nextInt(2)];
            int limit = 1 + random.nextInt(25);
            CardPage before = page(rows, filter, limit);

            // a few edits: a new summary, a later time (most edits), an earlier time, another type, trash, restore
            List<String> ids = new ArrayList<>(rows.keySet());
            Set<String> changed = new HashSet<>();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                // mostly cards in view, as when a user edits what they see
                String id = random.nextInt(4) > 0 && !before.items().isEmpty()
                        ? before.items().get(random.nextInt(before.items().size())).id()
                        : ids.get(random.nextInt(ids.size()));
                Row r = rows.get(id);
                Row next = switch (random.nextInt(8)) {
                    case 0 -> new Row(id, r.type(), r.modified() - 1 - random.nextInt(5), r.trashed(), "earlier");
                    case 1 -> new Row(id, types[random.nextInt(2)], clock + 1, r.trashed(), "retyped");
                    case 2 -> new Row(id, r.type(), clock + 1, !r.trashed(), "trashed or restored");
                    case 3 -> new Row(id, r.type(), r.modified(), r.trashed(), "same time");
                    default -> new Row(id, r.type(), clock + 1 + random.nextInt(3), r.trashed(), "edited " + e);
                };
                clock += 3;
                rows.put(id, next);
                changed.add(id);
            }

            CardPage whole = page(rows, filter, limit);
            CardPage update = LiveViews.afterChanges(before, changed, listedAmong(rows, changed, filter), limit, 0);
            if (update == null) {
                declined++;
            } else {
                updated++;
                assertEquals(whole, update, "trial " + trial + ": changed " + changed);
            }
        }
        assertTrue(updated > 500, "the common edit is updated, not run whole: " + updated + " of 2000");
        assertTrue(declined > 100, "and the hard cases run whole: " + declined);
    }

    @Test
    void editingTheFirstCardsInViewUpdatesTheListInPlace() {
        Map<String, Row> rows = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            rows.put("c" + i, new Row("c" + i, CardType.NOTE, i, false, "s"));
        }
        CardPage before = page(rows, null, 5);
        rows.put("c6", new Row("c6", CardType.NOTE, 20, false, "edited"));
        CardPage update = LiveViews.afterChanges(before, Set.of("c6"), listedAmong(rows, Set.of("c6"), null), 5, 0);
        assertNotNull(update);
        assertEquals(page(rows, null, 5), update);
        assertEquals("c6", update.items().get(0).id());
    }

    @Test
    void aCardOutsideTheListOrALaterPageIsLeftToARunOfTheWholeList() {
        Map<String, Row> rows = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            rows.put("c" + i, new Row("c" + i, CardType.NOTE, i, false, "s"));
        }
        CardPage before = page(rows, null, 5); // c9..c5
        rows.put("c1", new Row("c1", CardType.NOTE, 20, false, "edited"));
        assertNull(LiveViews.afterChanges(before, Set.of("c1"), listedAmong(rows, Set.of("c1"), null), 5, 0));
        assertNull(LiveViews.afterChanges(before, Set.of("c9"), listedAmong(rows, Set.of("c9"), null), 5, 5));
    }
}

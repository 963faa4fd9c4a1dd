package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardVersion;
import dev.isometry.model.FieldResolution;
import dev.isometry.model.RecordedResolution;
import dev.isometry.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Updates based on an older version: merged, settled by strategy or by a person, recorded, or refused whole. */
class CardServiceMergeTest {
    @TempDir
    Path dir;
    private Database db;
    private Services services;
    private CardService cards;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("t.db"));
        services = Services.over(db);
        cards = services.cards();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static CardChanges set(Object... pairs) {
        Map<String, Object> raw = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put((String) pairs[i], pairs[i + 1]);
        }
        return CardChanges.fromRaw(raw);
    }

    private Card note() {
        return cards.create(set("cardType", "note", "name", "Plan", "content", "first line", "folder", "Work"), "test");
    }

    private List<RecordedResolution> resolutions(String id) {
        return cards.history(id).stream().flatMap(v -> v.resolutions().stream()).toList();
    }

    @Test
    void disjointEditsOnAStaleBaseBothSurviveWithoutAResolution() {
        // Given a card another writer renamed after I read version 1
        Card c = note();
        cards.update(c.id(), 1, set("name", "Plan B"), "other");

        // When I change its folder on top of version 1
        Card merged = cards.update(c.id(), 1, set("folder", "Home"), "test");

        // Then both changes are there, in a new version, and there was nothing to settle
        assertEquals("Plan B", merged.name());
        assertEquals("Home", merged.folder());
        assertEquals(3, merged.version());
        assertTrue(resolutions(c.id()).isEmpty());
    }

    @Test
    void theSameScalarFieldChangedOnBothSidesGoesToTheLaterWriterAndIsRecorded() {
        Card c = note();
        Card theirs = cards.update(c.id(), 1, set("folder", "Theirs"), "other");

        Card later = cards.update(c.id(), 1, set("folder", "Mine"), null, "test");
        assertEquals("Mine", later.folder(), "edited now, after the other write");

        List<RecordedResolution> recorded = resolutions(c.id());
        assertEquals(1, recorded.size());
        RecordedResolution r = recorded.get(0);
        assertEquals(later.version(), r.version());
        assertEquals(1, r.baseVersion());
        assertEquals(theirs.version(), r.theirsVersion());
        assertEquals(new FieldResolution(CardField.FOLDER, FieldResolution.LAST_WRITER_WINS, FieldResolution.MINE, true,
                "Work", "Mine", "Theirs", "Mine"), r.resolution());
    }

    @Test
    void anEditMadeBeforeTheStoredOneLosesToItAndTheLossIsRecorded() {
        Card c = note();
        cards.update(c.id(), 1, set("folder", "Theirs"), "other");

        // A write replayed from an offline queue, made an hour ago
        Card result = cards.update(c.id(), 1, set("folder", "Mine", "summary", "kept"),
                Instant.now().minusSeconds(3_600), "test");

        assertEquals("Theirs", result.folder());
        assertEquals("kept", result.summary(), "the field only I changed still merges");
        FieldResolution r = resolutions(c.id()).get(0).resolution();
        assertEquals(FieldResolution.THEIRS, r.chosen());
        assertEquals("Mine", r.mine(), "the value that lost is kept in the record");
    }

    @Test
    void contentChangedOnBothSidesWaitsForAPersonAndNothingIsWritten() {
        Card c = note();
        cards.update(c.id(), 1, set("content", "their line"), "other");

        MergeConflictException e = assertThrows(MergeConflictException.class,
                () -> cards.update(c.id(), 1, set("content", "my line", "folder", "Home"), "test"));

        assertEquals(List.of(CardField.CONTENT), e.conflicts().stream().map(FieldConflict::field).toList());
        FieldConflict k = e.conflicts().get(0);
        assertEquals("first line", k.base());
        assertEquals("my line", k.mine());
        assertEquals("their line", k.theirs());
        Card stored = cards.get(c.id());
        assertEquals(2, stored.version(), "nothing was written, not even the folder that would merge");
        assertEquals("Work", stored.folder());
    }

    @Test
    void aPersonsChoiceIsWrittenOnceVersionCheckedAndRecorded() {
        Card c = note();
        Card theirs = cards.update(c.id(), 1, set("content", "their line"), "other");
        CardChanges mine = set("content", "my line", "folder", "Home");
        assertThrows(MergeConflictException.class, () -> cards.update(c.id(), 1, mine, "test"));

        // When the person writes a merged text
        Card resolved = cards.resolve(c.id(), 1, theirs.version(), mine,
                Map.of(CardField.CONTENT, PersonChoice.edited("their line\nmy line")), null, "test");

        // Then it is stored with the folder that merged by itself, and the history shows the choice
        assertEquals("their line\nmy line", resolved.content());
        assertEquals("Home", resolved.folder());
        CardVersion v = cards.history(c.id()).get(0);
        assertEquals(resolved.version(), v.version());
        assertEquals("test", v.origin());
        FieldResolution r = v.resolutions().get(0).resolution();
        assertEquals(new FieldResolution(CardField.CONTENT, FieldResolution.PERSON, FieldResolution.EDITED, true,
                "first line", "my line", "their line", "their line\nmy line"), r);

        // And a second copy of the same choice, against the version it saw, is refused as stale
        assertThrows(VersionConflictException.class, () -> cards.resolve(c.id(), 1, theirs.version(), mine,
                Map.of(CardField.CONTENT, PersonChoice.mine()), null, "test"));
        assertEquals(resolved, cards.get(c.id()));
    }

    @Test
    void choosingTheirsEverywhereKeepsTheStoredVersionAndStillRecordsTheChoice() {
        Card c = note();
        Card theirs = cards.update(c.id(), 1, set("content", "their line"), "other");
        Card result = cards.resolve(c.id(), 1, theirs.version(), set("content", "my line"),
                Map.of(CardField.CONTENT, PersonChoice.theirs()), null, "test");
        assertEquals(theirs, result);
        RecordedResolution r = resolutions(c.id()).get(0);
        assertEquals(theirs.version(), r.version());
        assertEquals("my line", r.resolution().mine());
    }

    @Test
    void aResolutionThatLeavesAConflictingFieldOutIsInvalidAndWritesNothing() {
        Card c = note();
        Card theirs = cards.update(c.id(), 1, set("content", "their line", "name", "Their name"), "other");
        services.settings().setMergeStrategies(Map.of("*", "ask"));

        ValidationException e = assertThrows(ValidationException.class, () -> cards.resolve(c.id(), 1, theirs.version(),
                set("content", "my line", "name", "My name"), Map.of(CardField.CONTENT, PersonChoice.mine()), null, "test"));

        assertTrue(e.getMessage().contains("name"), e.getMessage());
        assertEquals(theirs, cards.get(c.id()));
        assertTrue(resolutions(c.id()).isEmpty());
    }

    @Test
    void aMergedCardThatBreaksARuleIsInvalidAndWritesNothing() {
        Card c = cards.create(set("cardType", "event", "name", "Talk", "eventStart", "2026-03-01T10:00:00Z",
                "eventEnd", "2026-03-01T11:00:00Z"), "test");
        // They moved the event a day later; I, on the old version, made it end later that first day
        Card theirs = cards.update(c.id(), 1, set("eventStart", "2026-03-02T10:00:00Z", "eventEnd",
                "2026-03-02T11:00:00Z"), "other");

        assertThrows(ValidationException.class,
                () -> cards.update(c.id(), 1, set("eventEnd", "2026-03-01T12:00:00Z"), "test"));

        assertEquals(theirs, cards.get(c.id()));
        assertTrue(resolutions(c.id()).isEmpty());
    }

    @Test
    void aVersionFromTheFutureIsInvalidAndWritesNothing() {
        Card c = note();
        ValidationException e = assertThrows(ValidationException.class,
                () -> cards.update(c.id(), 7, set("folder", "Home"), "test"));
        assertTrue(e.getMessage().contains("baseVersion 7"), e.getMessage());
        assertEquals(c, cards.get(c.id()));
        assertThrows(IllegalArgumentException.class, () -> set("colour", "red"), "an unknown field is refused");
    }

    @Test
    void whenTheBaseIsNoLongerKeptEveryDifferingFieldWaitsForAPerson() {
        Card c = note();
        cards.update(c.id(), 1, set("name", "Plan B"), "other");
        db.write(tx -> tx.execute("DELETE FROM card_history WHERE card_id = ? AND version = 1", c.id()));

        MergeConflictException e = assertThrows(MergeConflictException.class,
                () -> cards.update(c.id(), 1, set("folder", "Home", "name", "Plan B"), "test"));

        assertEquals(List.of(CardField.FOLDER), e.conflicts().stream().map(FieldConflict::field).toList(),
                "the same name on both sides needs nobody; the folder cannot be told apart");
        assertFalse(e.conflicts().get(0).baseKnown());
        assertNull(e.conflicts().get(0).base());
        assertEquals(2, cards.get(c.id()).version());
    }

    @Test
    void theStrategiesComeFromTheSettings() {
        Card c = note();
        cards.update(c.id(), 1, set("content", "their line"), "other");
        services.settings().setMergeStrategies(Map.of("content", "last-writer-wins"));

        assertEquals("my line", cards.update(c.id(), 1, set("content", "my line"), "test").content());
        assertEquals(MergeStrategy.LAST_WRITER_WINS, services.settings().mergePolicy().strategyFor(CardField.CONTENT));
        assertThrows(ValidationException.class, () -> services.settings().setMergeStrategies(Map.of("content", "coin")));
        assertThrows(ValidationException.class, () -> services.settings().setMergeStrategies(Map.of("colour", "ask")));
    }
}

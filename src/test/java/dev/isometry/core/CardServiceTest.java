package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardType;
import dev.isometry.model.SearchHit;
import dev.isometry.store.CardStore;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardServiceTest {
    @TempDir
    Path dir;
    private Database db;
    private CardService cards;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        cards = new CardService(db, new CardStore());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Card note(String name, String content) {
        return cards.create(CardChanges.fromRaw(Map.of("cardType", "note", "name", name, "content", content)), "test");
    }

    @Test
    void createdCardReadsBackWithEveryGivenField() {
        Card created = cards.create(CardChanges.fromRaw(Map.of("cardType", "event", "name", " Launch ",
                "eventStart", "2026-05-01T10:00:00Z", "eventEnd", "2026-05-01T11:00:00.000Z",
                "tags", List.of("work", "work", "q2"), "latitude", 52.5)), "test");

        Card read = cards.get(created.id());
        assertEquals(created, read);
        assertEquals("Launch", read.name());
        assertEquals("2026-05-01T10:00:00.000Z", read.eventStart());
        assertEquals(List.of("work", "q2"), read.tags());
        assertEquals(1, read.version());
    }

    @Test
    void updateBumpsVersionAndAStaleBaseIsAConflict() {
        Card c = note("Draft", "one");
        Card v2 = cards.update(c.id(), 1, CardChanges.fromRaw(Map.of("content", "two")), "test");
        assertEquals(2, v2.version());
        assertEquals("two", cards.get(c.id()).content());

        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> cards.update(c.id(), 1, CardChanges.fromRaw(Map.of("content", "three")), "test"));
        assertEquals(2, e.currentVersion());
        assertEquals("two", cards.get(c.id()).content(), "the stale write changed nothing");
    }

    @Test
    void invalidInputIsRefusedAndNothingIsWritten() {
        assertThrows(ValidationException.class, () -> cards.create(
                CardChanges.fromRaw(Map.of("cardType", "event", "name", "x", "eventStart", "2026-05-02T00:00:00Z",
                        "eventEnd", "2026-05-01T00:00:00Z")), "test"));
        assertThrows(IllegalArgumentException.class, () -> CardChanges.fromRaw(Map.of("cardType", "note", "name", "  ")));
        assertThrows(IllegalArgumentException.class, () -> CardChanges.fromRaw(Map.of("nonsense", "x")));
        assertThrows(ValidationException.class, () -> cards.create(CardChanges.fromRaw(Map.of("name", "no type")), "test"));
        assertEquals(0, cards.count());
    }

    @Test
    void prefixSearchFindsCardsWithHighlightedSnippetAndTrashHidesThem() {
        Card a = note("Quantum notes", "entanglement and superposition");
        note("Groceries", "apples, bread");

        List<SearchHit> hits = cards.search("superpos", 10).hits();
        assertEquals(1, hits.size());
        assertEquals(a.id(), hits.get(0).card().id());
        assertTrue(hits.get(0).snippet().contains("\u0002superposition\u0003"), hits.get(0).snippet());

        cards.trash(a.id(), "test");
        assertTrue(cards.search("superpos", 10).hits().isEmpty());
        assertNotNull(cards.get(a.id()).deletedAt());
        assertEquals(1, cards.count());
    }

    @Test
    void unknownIdIsNotFound() {
        assertThrows(CardNotFoundException.class, () -> cards.get("missing"));
        assertThrows(CardNotFoundException.class, () -> cards.trash("missing", "test"));
    }

    @Test
    void listPagesNewestFirstAndFiltersByType() {
        for (int i = 0; i < 5; i++) {
            note("n" + i, "");
        }
        cards.create(CardChanges.fromRaw(Map.of("cardType", "person", "name", "Ada")), "test");
        var page = cards.list(3, 0, CardFilter.NONE);
        assertEquals(6, page.total());
        assertEquals(3, page.items().size());
        for (int i = 1; i < page.items().size(); i++) {
            assertTrue(page.items().get(i - 1).modifiedAt().compareTo(page.items().get(i).modifiedAt()) >= 0);
        }
        assertEquals(1, cards.list(10, 0, new CardFilter(CardType.PERSON, null, null)).total());
    }

    @Test
    void searchFiltersByTypeFolderAndTag() {
        cards.create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Harbor note", "folder", "Work",
                "tags", List.of("sea", "it's"))), "test");
        cards.create(CardChanges.fromRaw(Map.of("cardType", "person", "name", "Harbor master", "folder", "Work")), "test");
        cards.create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Harbor walk", "folder", "Home")), "test");

        assertEquals(3, cards.search("harb", CardFilter.NONE, 10).totalMatches());
        assertEquals(2, cards.search("harb", new CardFilter(CardType.NOTE, null, null), 10).totalMatches());
        assertEquals(2, cards.search("harb", new CardFilter(null, "Work", null), 10).hits().size());
        var tagged = cards.search("harb", new CardFilter(CardType.NOTE, "Work", "it's"), 10).hits();
        assertEquals(1, tagged.size());
        assertEquals("Harbor note", tagged.get(0).card().name());
    }

}

package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.model.LinkedCard;
import dev.isometry.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [[links]] in content become connections, follow renames, and never touch connections a person made. */
class CardLinksTest {
    @TempDir
    Path dir;
    private Database db;
    private Services s;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("t.db"));
        s = Services.over(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Card card(String type, String name, String content) {
        return s.cards().create(CardChanges.fromRaw(Map.of("cardType", type, "name", name, "content", content)), "test");
    }

    private List<String> outgoingNames(Card c) {
        return s.connections().list(c.id()).outgoing().stream().map(l -> l.other().name()).toList();
    }

    @Test
    void namesWithCapitalsBeyondAsciiOrUnderscoresConnectWhenTheirCardIsCreated() {
        Card note = card("note", "Plan", "Read [[Überblick]] and [[to_do list]] first.");

        card("note", "Überblick", "");
        card("note", "to_do list", "");

        assertEquals(java.util.Set.of("Überblick", "to_do list"), java.util.Set.copyOf(outgoingNames(note)));
    }

    @Test
    void cardsCreatedInOneTransactionLinkToEachOtherWhicheverComesFirst() {
        String now = dev.isometry.model.Timestamps.now();
        List<Card> made = db.write(tx -> List.of(
                s.cards().createIn(tx, CardChanges.fromRaw(Map.of("cardType", "note", "name", "Plan",
                        "content", "Ask [[Ada Lovelace]] and [[Charles Babbage]].")), "test", now),
                s.cards().createIn(tx, CardChanges.fromRaw(Map.of("cardType", "person", "name", "Ada Lovelace",
                        "content", "Works with [[Charles Babbage]].")), "test", now),
                s.cards().createIn(tx, CardChanges.fromRaw(Map.of("cardType", "person", "name", "Charles Babbage",
                        "content", "")), "test", now)));

        assertEquals(List.of("Ada Lovelace", "Charles Babbage"), outgoingNames(made.get(0)).stream().sorted().toList());
        assertEquals(List.of("Charles Babbage"), outgoingNames(made.get(1)));
        assertEquals(2, s.connections().list(made.get(2).id()).incoming().size());
    }

    @Test
    void aLinkWrittenBeforeItsCardExistsConnectsWhenTheCardIsCreated() {
        Card note = card("note", "Plan", "Ask [[Ada Lovelace]] about it.");
        assertEquals(List.of(), outgoingNames(note));

        Card ada = card("person", "Ada Lovelace", "");

        assertEquals(List.of("Ada Lovelace"), outgoingNames(note));
        List<LinkedCard> back = s.connections().list(ada.id()).incoming();
        assertEquals(1, back.size());
        assertEquals(ConnectionOrigin.LINK, back.get(0).connection().origin());
        assertEquals("Plan", back.get(0).other().name());
    }

    @Test
    void renamingACardRewritesLinksInOtherCardsAndKeepsTheConnection() {
        Card ada = card("person", "Ada Lovelace", "");
        Card note = card("note", "Plan", "Ask [[ada lovelace|Ada]] and [[Ada Lovelace]].");

        s.cards().update(ada.id(), ada.version(), CardChanges.fromRaw(Map.of("name", "Ada King")), "test");

        Card after = s.cards().get(note.id());
        assertEquals("Ask [[Ada King|Ada]] and [[Ada King]].", after.content());
        assertEquals(note.version() + 1, after.version());
        assertEquals(List.of("Ada King"), outgoingNames(after));
    }

    @Test
    void removingTheLinkRemovesOnlyTheLinkMadeConnection() {
        Card ada = card("person", "Ada", "");
        Card note = card("note", "Plan", "See [[Ada]].");
        s.connections().create(note.id(), ada.id(), null, "mentor", 0.8);
        assertEquals(2, s.connections().list(note.id()).outgoing().size());

        Card v = s.cards().get(note.id());
        s.cards().update(note.id(), v.version(), CardChanges.fromRaw(Map.of("content", "No links now.")), "test");

        var left = s.connections().list(note.id()).outgoing();
        assertEquals(1, left.size());
        assertEquals("mentor", left.get(0).connection().label());
        assertEquals(0.8, left.get(0).connection().weight());
    }

    @Test
    void connectionRulesAreEnforced() {
        Card a = card("note", "A", "");
        Card b = card("note", "B", "");
        assertThrows(ValidationException.class, () -> s.connections().create(a.id(), b.id(), null, null, 1.5));
        assertThrows(ValidationException.class, () -> s.connections().create(a.id(), a.id(), null, null, 0.5));
        assertThrows(CardNotFoundException.class, () -> s.connections().create(a.id(), "nope", null, null, 0.5));
        s.connections().create(a.id(), b.id(), null, "x", 0.5);
        assertThrows(ValidationException.class, () -> s.connections().create(a.id(), b.id(), null, "x", 0.5));
        Card linker = card("note", "C", "[[A]]");
        String linkId = s.connections().list(linker.id()).outgoing().get(0).connection().id();
        assertThrows(ValidationException.class, () -> s.connections().delete(linkId));
    }

    @Test
    void trashHidesAConnectionAndRestoreBringsItBackWhileEmptyTrashRemovesIt() {
        Card ada = card("person", "Ada", "");
        Card note = card("note", "Plan", "See [[Ada]].");
        s.cards().trash(ada.id(), "test");
        assertEquals(List.of(), outgoingNames(note));
        s.cards().restore(ada.id(), "test");
        assertEquals(List.of("Ada"), outgoingNames(note));
        s.cards().trash(ada.id(), "test");
        assertEquals(1, s.cards().emptyTrash());
        assertThrows(CardNotFoundException.class, () -> s.cards().get(ada.id()));
        assertTrue(s.connections().list(note.id()).outgoing().isEmpty());
    }

    @Test
    void onlyCardsTrashedLongerThanTheRetentionArePurged() {
        // Given a card trashed 40 days ago, one trashed just now, and a live one
        Card old = card("note", "Trashed long ago", "");
        Card recent = card("note", "Recently trashed", "");
        Card live = card("note", "Live", "");
        s.cards().trash(old.id(), "test");
        s.cards().trash(recent.id(), "test");
        String longAgo = dev.isometry.model.Timestamps.format(java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
        db.write(tx -> tx.execute("UPDATE cards SET deleted_at = ? WHERE id = ?", longAgo, old.id()));

        // When cards trashed more than 30 days ago are purged
        assertEquals(1, s.cards().purgeTrashedBefore(java.time.Duration.ofDays(30)));

        // Then only the old one is gone
        assertThrows(CardNotFoundException.class, () -> s.cards().get(old.id()));
        assertEquals(recent.id(), s.cards().get(recent.id()).id());
        assertEquals(live.id(), s.cards().get(live.id()).id());
    }

}

package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cards as a person uses them, in the real app: types, [[links]], prefix search, trash, undo. */
class CardsUiTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private static void newCard(WebPage page, String type, String name) {
        page.click("new-card");
        page.waitUntil(WAIT, () -> page.exists("[data-testid=\"editor-name\"]"), "the editor");
        page.setValue("editor-type", type, "change");
        page.click("editor-name");
        page.type(name);
    }

    private static void waitSaved(WebPage page) {
        page.waitUntil(WAIT, () -> page.text("status").contains("Saved") || page.text("status").contains("saved"),
                "the saved status (was: " + page.text("status") + ")");
    }

    @Test
    void personAndEventLinkedFoundTrashedRestoredAndAnEditUndone() throws Exception {
        WebPage page = app.start(dataDir);
        page.click("remove-samples");
        page.waitUntil(WAIT, () -> !page.exists("[data-testid=\"sample-banner\"]"), "the sample cards to go");

        // Given a person
        newCard(page, "person", "Grace Hopper");
        assertFalse(page.exists("[data-testid=\"editor-event-start\"]"), "a person has no event times");
        waitSaved(page);

        // And an event that links to her with [[ ]]
        newCard(page, "event", "Compiler launch");
        page.waitUntil(WAIT, () -> page.exists("[data-testid=\"editor-event-start\"]"), "the event fields");
        page.setValue("editor-event-start", "2026-12-02T14:00", "input");
        page.setValue("editor-event-end", "2026-12-02T16:00", "input");
        page.click("editor-content");
        page.type("Keynote by [[Grace Hopper]]");
        waitSaved(page);

        // Then the link is a connection, seen from both cards
        page.waitUntil(WAIT, () -> page.texts("connection-item").contains("Grace Hopper"), "the outgoing connection");
        page.waitUntil(WAIT, () -> page.exists("[data-testid=\"preview\"] a[data-card-link]"), "the link in the preview");
        page.clickCard("Grace Hopper");
        page.waitUntil(WAIT, () -> page.texts("backlink-item").contains("Compiler launch"), "the backlink");

        // When searching by a prefix, both are found
        page.click("search");
        page.type("Grac");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Grace Hopper")
                && page.texts("card-item").contains("Compiler launch"), "both cards in the results");
        page.setValue("search", "", "input");
        // The full list again (not the search's results still on screen), before clicking a row in it
        page.waitUntil(WAIT, () -> page.text("list-count").endsWith("cards")
                && page.texts("card-item").contains("Compiler launch"), "the full list again");

        // When the event is trashed it leaves the list; restored, it comes back
        page.clickCard("Compiler launch");
        page.waitUntil(WAIT, () -> "Compiler launch".equals(page.value("editor-name")), "the event in the editor");
        page.click("delete");
        page.click("confirm-delete");
        page.waitUntil(WAIT, () -> !page.texts("card-item").contains("Compiler launch"), "the event to leave the list"
                + " (list: " + page.texts("card-item") + "; search: '" + page.value("search") + "'; confirm open: "
                + page.exists("[data-testid=\"confirm-delete\"]") + "; notice: " + page.text("toast") + ")");
        page.click("show-trash");
        page.waitUntil(WAIT, () -> page.texts("trash-item").contains("Compiler launch"), "the event in the trash");
        page.click("restore-card");
        page.click("show-cards");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Compiler launch"), "the restored event");

        // When an edit is undone, the field and the store go back
        page.clickCard("Grace Hopper");
        page.waitUntil(WAIT, () -> "Grace Hopper".equals(page.value("editor-name")), "Grace in the editor");
        page.click("editor-summary");
        page.type("Rear admiral");
        page.waitUntil(WAIT, () -> page.value("editor-summary").contains("Rear admiral"), "the typed summary");
        waitSaved(page);
        page.click("undo");
        page.waitUntil(WAIT, () -> page.value("editor-summary").isEmpty(), "the summary to be undone");
        waitSaved(page);
        page.clickCard("Compiler launch");
        page.clickCard("Grace Hopper");
        page.waitUntil(WAIT, () -> "Grace Hopper".equals(page.value("editor-name")), "Grace in the editor again");
        assertEquals("", page.value("editor-summary"), "the undone edit was saved");
        assertTrue(page.text("error-banner").isEmpty(), page.text("error-banner"));
    }
}

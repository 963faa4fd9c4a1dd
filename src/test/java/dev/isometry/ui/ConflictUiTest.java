package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.AppContext;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.FieldResolution;
import dev.isometry.model.RecordedResolution;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits made in the page on a version the store has moved past, in the real app: a change to other
 * fields merges and both survive; a change to the same content opens the conflict dialog, and the
 * person's merged text is stored and recorded in the card's history. The card is changed behind the
 * page's back through the bridge, as another window would (the two-window variant follows New Window).
 */
class ConflictUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** Sends cards:update as another window would, and waits for Java's reply. */
    private static void changeElsewhere(WebPage page, String requestId, String cardId, long baseVersion, String changes) {
        page.js("(function(){if(!window.__elsewhere){window.__elsewhere={};var real=window.isometryReceive;"
                + "window.isometryReceive=function(batch){JSON.parse(batch).forEach(function(e){"
                + "if(e.id&&e.id.indexOf('elsewhere-')===0){window.__elsewhere[e.id]=e;}});return real(batch);};}"
                + "window.isometryHost.postMessage(JSON.stringify({v:1,id:'" + requestId + "',cmd:'cards:update',"
                + "args:{id:'" + cardId + "',baseVersion:" + baseVersion + ",changes:" + changes + "}}));})()");
        page.waitUntil(WAIT, () -> Boolean.TRUE.equals(page.js("!!(window.__elsewhere&&window.__elsewhere['"
                + requestId + "']&&window.__elsewhere['" + requestId + "'].ok)")), "the change made elsewhere");
    }

    private static void waitSaved(WebPage page) {
        page.waitUntil(WAIT, () -> page.text("status").contains("Saved"), "the saved status (was: " + page.text("status") + ")");
    }

    @Test
    void disjointEditsBothSurviveAndTheSameContentEditedTwiceIsSettledInTheDialogAndRecorded() throws Exception {
        // Given a card the page has open at version 1
        String id;
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            id = ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Shared",
                    "content", "first line", "folder", "Work")), "test").id();
            ctx.services().settings().setFlag("sampleOffered", true);
        }
        WebPage page = app.start(dataDir);
        page.clickCard("Shared");
        page.waitUntil(WAIT, () -> "Shared".equals(page.value("editor-name")), "the card in the editor");

        // When another window moves it to another folder, and this page changes the summary on version 1
        changeElsewhere(page, "elsewhere-1", id, 1, "{folder:'Elsewhere'}");
        page.setValue("editor-summary", "typed here", "input");
        waitSaved(page);

        // Then both changes survive, and the page shows the other window's folder
        page.waitUntil(WAIT, () -> "Elsewhere".equals(page.value("editor-folder")), "the merged folder in the editor");
        assertTrue(page.value("editor-summary").contains("typed here"));

        // When this page changes the content on version 3 and, before its autosave, the other window
        // changes the same content (the page's live view brings that version while the edit is unsaved)
        page.setValue("editor-content", "first line and mine", "input");
        changeElsewhere(page, "elsewhere-2", id, 3, "{content:'their line'}");

        // Then the dialog shows both versions side by side with the diff
        page.waitUntil(WAIT, () -> page.exists("[data-testid=\"conflict-dialog\"]"), "the conflict dialog");
        assertEquals("first line and mine", page.text("conflict-mine-content"));
        assertEquals("their line", page.text("conflict-theirs-content"));
        assertTrue(page.exists("[data-testid=\"conflict-diff\"] ins"), "the diff marks what this page added");

        // When the person writes the merged text and saves the choice
        page.click("conflict-pick-edited-content");
        page.setValue("conflict-edited-content", "their line and mine", "input");
        page.click("conflict-apply");

        // Then the dialog closes, the editor shows the merged text, and the history shows the choice
        page.waitUntil(WAIT, () -> !page.exists("[data-testid=\"conflict-dialog\"]"), "the dialog to close");
        waitSaved(page);
        assertEquals("their line and mine", page.value("editor-content"));
        page.click("show-history");
        page.waitUntil(WAIT, () -> page.exists("[data-testid=\"history-resolution\"][data-chosen=\"edited\"]"),
                "the resolution in the history");
        assertTrue(page.text("error-banner").isEmpty(), page.text("error-banner"));
        app.stop();

        // And the store has everything, with the resolution recorded
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            Card stored = ctx.cards().get(id);
            assertEquals("their line and mine", stored.content());
            assertEquals("Elsewhere", stored.folder());
            assertEquals("typed here", stored.summary());
            List<RecordedResolution> recorded = ctx.cards().history(id).stream()
                    .flatMap(v -> v.resolutions().stream()).toList();
            assertEquals(1, recorded.size());
            FieldResolution r = recorded.get(0).resolution();
            assertEquals(FieldResolution.PERSON, r.strategy());
            assertEquals(FieldResolution.EDITED, r.chosen());
            assertEquals("first line and mine", r.mine());
            assertEquals("their line", r.theirs());
            assertEquals(stored.version(), recorded.get(0).version());
        }
    }
}

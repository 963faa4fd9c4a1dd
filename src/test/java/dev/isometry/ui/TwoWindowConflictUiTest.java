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
 * Two windows of the real app on one card, headless: edits to different fields in both survive; the
 * same content edited in both opens the conflict dialog in the window that saved second, and the
 * person's choice is stored, shown in the other window, and recorded in the card's history.
 */
class TwoWindowConflictUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();
    private final AppWindows windows = new AppWindows();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** Saves the open card now, as the Save button does (a script click: no need to raise the window). */
    private static void saveNow(WebPage page) {
        page.js("document.querySelector('[data-testid=\"save\"]').click()");
    }

    @Test
    void disjointEditsSurviveAndTheSameContentGoesToTheDialogWhoseChoiceIsRecorded() throws Exception {
        // Given a card open in two windows
        String id;
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            id = ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Shared",
                    "content", "first line", "folder", "Work")), "test").id();
            ctx.services().settings().setFlag("sampleOffered", true);
        }
        WebPage one = app.start(dataDir);
        one.clickCard("Shared");
        one.waitUntil(WAIT, () -> "Shared".equals(one.value("editor-name")), "the card in window one");
        WebPage two = windows.openAnother(one.view());
        two.clickCard("Shared");
        two.waitUntil(WAIT, () -> "Shared".equals(two.value("editor-name")), "the card in window two");

        // When window two changes the summary while window one changes the folder and saves first
        two.setValue("editor-summary", "typed in two", "input");
        one.setValue("editor-folder", "Moved by one", "input");
        saveNow(one);

        // Then both edits survive, and both windows show both
        for (WebPage w : List.of(one, two)) {
            w.waitUntil(WAIT, () -> "Moved by one".equals(w.value("editor-folder"))
                    && "typed in two".equals(w.value("editor-summary")) && w.text("status").contains("aved")
                    || "Moved by one".equals(w.value("editor-folder")) && "typed in two".equals(w.value("editor-summary"))
                    && !w.text("status").contains("Unsaved"), "both edits in a window");
        }

        // When both windows change the content, window one saving first
        two.setValue("editor-content", "first line, as two has it", "input");
        one.setValue("editor-content", "first line, as one has it", "input");
        saveNow(one);

        // Then window two, saving on the older version, gets the dialog with both texts
        two.waitUntil(WAIT, () -> two.exists("[data-testid=\"conflict-dialog\"]"), "the conflict dialog in window two");
        assertEquals("first line, as two has it", two.text("conflict-mine-content"));
        assertEquals("first line, as one has it", two.text("conflict-theirs-content"));

        // When the person keeps window two's text
        AppWindows.toFront(two);
        two.click("conflict-pick-mine-content");
        two.click("conflict-apply");

        // Then it is saved, and window one (no unsaved edits) shows it too
        two.waitUntil(WAIT, () -> !two.exists("[data-testid=\"conflict-dialog\"]"), "the dialog to close");
        one.waitUntil(WAIT, () -> "first line, as two has it".equals(one.value("editor-content")),
                "the chosen text in window one (was: " + one.value("editor-content") + ")");
        app.stop();

        // And the store has it, with the person's choice recorded
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            Card stored = ctx.cards().get(id);
            assertEquals("first line, as two has it", stored.content());
            assertEquals("Moved by one", stored.folder());
            assertEquals("typed in two", stored.summary());
            List<RecordedResolution> recorded = ctx.cards().history(id).stream()
                    .flatMap(v -> v.resolutions().stream()).toList();
            assertTrue(recorded.stream().anyMatch(r -> r.resolution().field() == dev.isometry.model.CardField.CONTENT
                    && FieldResolution.PERSON.equals(r.resolution().strategy())
                    && FieldResolution.MINE.equals(r.resolution().chosen())), "the choice is recorded: " + recorded);
        }
    }
}

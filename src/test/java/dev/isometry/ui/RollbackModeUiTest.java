package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.AppContext;
import dev.isometry.app.LaunchOptions;
import dev.isometry.app.RollbackLaunch;
import dev.isometry.bridge.FaultInjector;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardFilter;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Rollback mode as a person meets it, in the real app, headless: entered from the File menu on a seeded
 * store, the same views on sql.js show the same cards and search results; an edit made there is kept
 * across a restart in rollback mode, and is in the native store after File → Return to Native.
 */
class RollbackModeUiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private WebPage page() {
        return new WebPage(robot, robot.lookup(".web-view").queryAs(WebView.class));
    }

    private static void waitForList(WebPage page, String mode) {
        page.waitUntil(WAIT, () -> mode.equals(String.valueOf(page.js("location.search")))
                && "true".equals(String.valueOf(page.js("document.documentElement.getAttribute('data-ready')"))),
                "the " + (mode.isEmpty() ? "native" : "rollback") + " page's first list");
    }

    /** The titles the search box finds for {@code query}, in order. */
    private static String search(WebPage page, String query) {
        page.setValue("search", query, "input");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Zebra crossing"), "the search results");
        String found = page.texts("card-item");
        page.setValue("search", "", "input");
        return found;
    }

    /** Confirms the File menu's rollback item, waits for the answer and closes it; returns what it said. */
    private String fileMenu(String item) throws Exception {
        robot.clickOn("File");
        robot.clickOn(item);
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS, () -> robot.lookup("#rollback-result")
                .tryQuery().map(n -> n.getScene() != null && n.getScene().getWindow().isShowing()).orElse(false));
        DialogPane answer = robot.lookup("#rollback-result").queryAs(DialogPane.class);
        String said = answer.getHeaderText() + " " + answer.getContentText();
        robot.interact(() -> ((Button) answer.lookupButton(ButtonType.OK)).fire());
        return said;
    }

    @Test
    void theSameCardsAndSearchesOnSqlJsAnEditKeptAcrossARestartAndBackInNative() throws Exception {
        // Given a seeded store
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            ctx.services().settings().setFlag("sampleOffered", true);
            for (int i = 0; i < 30; i++) {
                ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", i % 3 == 0 ? "task" : "note",
                        "name", "Card " + i, "content", "ordinary words " + i, "folder", i % 2 == 0 ? "Even" : "Odd")), "test");
            }
            ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Zebra crossing",
                    "content", "stripes on the road")), "test");
            ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "resource", "name", "Harbor notes",
                    "content", "boats and a zebra painted on a hull")), "test");
        }
        WebPage native1 = app.start(dataDir);
        native1.waitUntil(WAIT, () -> native1.texts("card-item").contains("Harbor notes"), "the seeded cards");
        String nativeList = native1.texts("card-item");
        String nativeSearch = search(native1, "zebr");

        // When the person enters rollback mode from the File menu
        String entered = fileMenu("Rollback Mode…");
        assertTrue(entered.contains("done"), entered);
        WebPage rollback = page();
        waitForList(rollback, "?mode=rollback");
        rollback.waitUntil(WAIT, () -> rollback.exists("#rollback-banner"), "the rollback banner");

        // Then the same cards and the same search results are shown
        rollback.waitUntil(WAIT, () -> nativeList.equals(rollback.texts("card-item")),
                "the same list as native (native: " + nativeList + " | rollback: " + rollback.texts("card-item") + ")");
        assertEquals(nativeSearch, search(rollback, "zebr"));

        // When a card is edited in rollback mode and saved
        rollback.clickCard("Harbor notes");
        rollback.waitUntil(WAIT, () -> rollback.exists("[data-testid=\"editor-content\"]"), "the editor");
        rollback.setValue("editor-content", "Edited in rollback mode", "input");
        rollback.waitUntil(WAIT, () -> "Saved".equals(rollback.text("status")), "the edit saved in sql.js");
        rollback.js("window.isometryRollback.flush()");
        rollback.waitUntil(WAIT, () -> "false".equals(String.valueOf(rollback.js("window.isometryRollback.unsaved()"))),
                "the rollback snapshot saved");

        // Then a restart in rollback mode shows the edit
        app.closeApp();
        app.launch(new LaunchOptions(new DataDir(dataDir), true, false, FaultInjector.off(), new RollbackLaunch(null)));
        WebPage restarted = page();
        waitForList(restarted, "?mode=rollback");
        restarted.clickCard("Harbor notes");
        restarted.waitUntil(WAIT, () -> "Edited in rollback mode".equals(restarted.value("editor-content")),
                "the edit after a restart (was: " + restarted.value("editor-content") + ")");

        // When the person returns to native mode
        String returned = fileMenu("Return to Native…");
        assertTrue(returned.contains("done"), returned);

        // Then the native page shows the edit, and the native store has it
        WebPage back = page();
        waitForList(back, "");
        back.clickCard("Harbor notes");
        back.waitUntil(WAIT, () -> "Edited in rollback mode".equals(back.value("editor-content")),
                "the edit in native mode (was: " + back.value("editor-content") + ")");
        app.stop();
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            assertEquals("Edited in rollback mode", ctx.cards().list(100, 0, CardFilter.NONE).items().stream()
                    .filter(c -> c.name().equals("Harbor notes")).map(c -> ctx.cards().get(c.id()).content())
                    .findFirst().orElse(null));
        }
    }
}

package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.LaunchOptions;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The real app, headless: a person types a new card, sees it listed, restarts, and it is still there. */
class AppUiTest {
    @TempDir
    Path dataDir;
    private final FxRobot robot = new FxRobot();
    private final RunningApp app = new RunningApp();

    private WebPage start() throws Exception {
        Stage stage = app.launch(new LaunchOptions(new DataDir(dataDir), true, false));
        WebView view = robot.lookup(".web-view").queryAs(WebView.class);
        WebPage page = new WebPage(robot, view);
        page.waitUntil(Duration.ofSeconds(30), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the page to show its first list");
        assertTrue(stage.isShowing());
        return page;
    }

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private static String listedNames(WebPage page) {
        return String.valueOf(page.js("Array.from(document.querySelectorAll('[data-testid=\"card-item\"]'))"
                + ".map(function(e){return e.textContent;}).join('|')"));
    }

    @Test
    void aTypedCardIsListedAndSurvivesARestart() throws Exception {
        // Given the app on an empty store
        WebPage page = start();
        page.waitUntil(Duration.ofSeconds(10), () -> listedNames(page).contains("Welcome to Isometry"),
                "a new store to show its sample cards");
        assertTrue(page.exists("[data-testid=\"sample-banner\"]"), "the sample cards are announced");

        // When a person makes a new card, types its name and saves
        page.click("new-card");
        page.click("editor-name");
        page.type("Typed by TestFX");
        page.click("editor-content");
        page.type("Some words");
        page.click("save");

        // Then the status says saved and the list shows the card
        page.waitUntil(Duration.ofSeconds(10), () -> page.text("status").contains("Saved"), "the saved status");
        page.waitUntil(Duration.ofSeconds(10), () -> listedNames(page).contains("Typed by TestFX"), "the card in the list");
        assertEquals("", page.text("error-banner"));

        // And after a restart on the same data directory it is still listed
        app.closeApp();
        WebPage again = start();
        again.waitUntil(Duration.ofSeconds(10), () -> listedNames(again).contains("Typed by TestFX"),
                "the card in the list after a restart");
    }
}

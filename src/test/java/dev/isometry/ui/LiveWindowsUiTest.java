package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real app, headless: File → New Window opens a second window on the same store, an edit in one
 * shows in the other without a reload, and a card changed by the command line while the app is open
 * shows in the app.
 */
class LiveWindowsUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private WebView secondView;

    private WebPage openSecondWindow(WebView first) {
        robot.clickOn("File");
        robot.clickOn("New Window");
        WaitForAsyncUtils.waitForFxEvents();
        WebView second = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> robot.lookup(".web-view")
                .queryAllAs(WebView.class).stream().filter(v -> v != first).findFirst().orElse(null)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (second == null && System.nanoTime() < deadline) {
            WaitForAsyncUtils.waitForFxEvents();
            second = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> robot.lookup(".web-view")
                    .queryAllAs(WebView.class).stream().filter(v -> v != first).findFirst().orElse(null)));
        }
        assertTrue(second != null, "a second window opened");
        secondView = second;
        WebPage page = new WebPage(robot, second);
        page.waitUntil(Duration.ofSeconds(60), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the second window's first list");
        return page;
    }

    /** Raises the window of {@code view} (the robot clicks whatever window is on top). */
    private static void toFront(WebView view) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            ((javafx.stage.Stage) view.getScene().getWindow()).toFront();
            return null;
        }));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String cardId(WebPage page, String name) {
        return String.valueOf(page.js("(function(){var e=[...document.querySelectorAll('[data-testid=\"card-item\"]')]"
                + ".find(function(x){return x.textContent.indexOf('" + name + "')>=0;});"
                + "return e ? e.getAttribute('data-card-id') : null;})()"));
    }

    @Test
    void anEditInOneWindowShowsInTheOtherAndACommandLineWriteShowsInBoth() throws Exception {
        WebPage one = app.start(dataDir);
        WebView firstView = robot.lookup(".web-view").queryAs(WebView.class);
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Welcome to Isometry"), "the sample cards");

        // Given a second window on the same store
        WebPage two = openSecondWindow(firstView);
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Welcome to Isometry"), "the sample cards there too");

        // When a card is renamed in the first window
        toFront(firstView);
        one.clickCard("Welcome to Isometry");
        one.waitUntil(WAIT, () -> one.exists("[data-testid=\"editor-name\"]"), "the editor");
        one.setValue("editor-name", "Welcome, renamed in window one", "input");
        one.waitUntil(WAIT, () -> one.text("status").contains("aved"), "the save");

        // Then the second window's list shows it without a reload
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Welcome, renamed in window one"),
                "the rename in the second window (list: " + two.texts("card-item") + ")");

        // When the second window has the card open and the first changes its content
        toFront(secondView);
        two.clickCard("Welcome, renamed in window one");
        two.waitUntil(WAIT, () -> two.exists("[data-testid=\"editor-content\"]"), "the second editor");
        one.setValue("editor-content", "Edited in window one", "input");
        one.waitUntil(WAIT, () -> one.text("status").contains("aved"), "the content save");
        two.waitUntil(WAIT, () -> "Edited in window one".equals(two.value("editor-content")),
                "the open card to follow (was: " + two.value("editor-content") + ")");

        // When the command line changes the card while the app is open
        String id = cardId(one, "Welcome, renamed in window one");
        assertTrue(id != null && !id.equals("null"), "the card's id is on its list row");
        List<String> out = cli("cards", "update", id, "--set", "name=Renamed by a script");
        assertEquals("0", out.get(0), "the CLI succeeded: " + out);

        // Then both windows show it, found by polling data_version
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Renamed by a script"), "the CLI write in window one");
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Renamed by a script"), "the CLI write in window two");
        two.waitUntil(WAIT, () -> "Renamed by a script".equals(two.value("editor-name")), "the open card's new name");
    }

    @Test
    void windowsOpenedAndClosedLeaveNoLiveViewsBehind() throws Exception {
        WebPage one = app.start(dataDir);
        WebView firstView = robot.lookup(".web-view").queryAs(WebView.class);
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Welcome to Isometry"), "the sample cards");
        one.clickCard("Welcome to Isometry"); // the list, the open card and its connections: three live views
        probe = one;
        one.waitUntil(WAIT, () -> liveViews() >= 3, "the first window's live views");
        int baseline = liveViews();
        assertTrue(baseline >= 3, "the first window's live views: " + baseline);

        for (int i = 0; i < 3; i++) {
            WebPage other = openSecondWindow(firstView);
            other.clickCard("Welcome to Isometry");
            other.waitUntil(WAIT, () -> liveViews() >= baseline + 3, "the new window's live views");
            WebView closing = secondView;
            WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
                ((javafx.stage.Stage) closing.getScene().getWindow()).close();
                return null;
            }));
            one.waitUntil(WAIT, () -> liveViews() == baseline, "the closed window's live views to go");
        }
    }

    private WebPage probe;

    /** Live views open over every window, as Java's health figures say (asked through the first page). */
    private int liveViews() {
        probe.js("window.isometryBench.health()");
        probe.waitUntil(WAIT, () -> "done".equals(String.valueOf(probe.js("window.isometryBenchResult.status"))),
                "the health figures");
        return ((Number) probe.js("window.isometryBenchResult.liveViews")).intValue();
    }

    /** Runs the real command line in another process, as a script would. Returns the exit code and output. */
    private List<String> cli(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return List.of("timeout", output);
        }
        return List.of(String.valueOf(p.exitValue()), output);
    }
}

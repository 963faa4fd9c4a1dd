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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app, headless: File → New Window opens a second window on the same store, an edit in one
 * shows in the other without a reload, and a card changed by the command line while the app is open
 * shows in the app. Windows opened and closed leave no live views behind.
 */
class LiveWindowsUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();
    private final AppWindows windows = new AppWindows();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private static String cardId(WebPage page, String name) {
        return String.valueOf(page.js("(function(){var e=[...document.querySelectorAll('[data-testid=\"card-item\"]')]"
                + ".find(function(x){return x.textContent.indexOf('" + name + "')>=0;});"
                + "return e ? e.getAttribute('data-card-id') : null;})()"));
    }

    @Test
    void anEditInOneWindowShowsInTheOtherAndACommandLineWriteShowsInBoth() throws Exception {
        WebPage one = app.start(dataDir);
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Welcome to Isometry"), "the sample cards");

        // Given a second window on the same store
        WebPage two = windows.openAnother(one.view());
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Welcome to Isometry"), "the sample cards there too");

        // When a card is renamed in the first window
        AppWindows.toFront(one);
        one.clickCard("Welcome to Isometry");
        one.waitUntil(WAIT, () -> one.exists("[data-testid=\"editor-name\"]"), "the editor");
        one.setValue("editor-name", "Welcome, renamed in window one", "input");
        one.waitUntil(WAIT, () -> one.text("status").contains("aved"), "the save");

        // Then the second window's list shows it without a reload
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Welcome, renamed in window one"),
                "the rename in the second window (list: " + two.texts("card-item") + ")");

        // When the second window has the card open and the first changes its content
        AppWindows.toFront(two);
        two.clickCard("Welcome, renamed in window one");
        two.waitUntil(WAIT, () -> two.exists("[data-testid=\"editor-content\"]"), "the second editor");
        one.setValue("editor-content", "Edited in window one", "input");
        one.waitUntil(WAIT, () -> one.text("status").contains("aved"), "the content save");
        two.waitUntil(WAIT, () -> "Edited in window one".equals(two.value("editor-content")),
                "the open card to follow (was: " + two.value("editor-content") + ")");

        // When the command line, in another process, renames the card while the app is open
        String id = cardId(one, "Welcome, renamed in window one");
        assertTrue(id != null && !id.equals("null"), "the card's id is on its list row");
        List<String> out = cli("cards", "update", id, "--set", "name=Renamed by a script");
        assertEquals("0", out.get(0), "the command succeeded: " + out);

        // Then both windows show it (found by the data_version poll)
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Renamed by a script"), "the CLI write in window one");
        two.waitUntil(WAIT, () -> two.texts("card-item").contains("Renamed by a script"), "the CLI write in window two");
        two.waitUntil(WAIT, () -> "Renamed by a script".equals(two.value("editor-name")), "the open card's new name");
    }

    @Test
    void windowsOpenedAndClosedLeaveNoLiveViewsBehind() throws Exception {
        WebPage one = app.start(dataDir);
        one.waitUntil(WAIT, () -> one.texts("card-item").contains("Welcome to Isometry"), "the sample cards");
        one.clickCard("Welcome to Isometry"); // the list, the open card and its connections: three live views
        one.waitUntil(WAIT, () -> liveViews(one) >= 3, "the first window's live views");
        int baseline = liveViews(one);

        for (int i = 0; i < 3; i++) {
            WebPage other = windows.openAnother(one.view());
            other.clickCard("Welcome to Isometry");
            other.waitUntil(WAIT, () -> liveViews(one) >= baseline + 3, "the new window's live views");
            AppWindows.close(other);
            one.waitUntil(WAIT, () -> liveViews(one) == baseline, "the closed window's live views to go");
        }
    }

    /** Live views open over every window, as Java's health figures say (asked through {@code page}). */
    private static int liveViews(WebPage page) {
        page.js("window.isometryBench.health()");
        page.waitUntil(WAIT, () -> "done".equals(String.valueOf(page.js("window.isometryBenchResult.status"))),
                "the health figures");
        return ((Number) page.js("window.isometryBenchResult.liveViews")).intValue();
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

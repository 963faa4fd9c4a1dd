package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The app's windows in UI tests: File → New Window, raising one, closing one. */
final class AppWindows {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final FxRobot robot = new FxRobot();

    /** The first window's page view. */
    WebView first() {
        return robot.lookup(".web-view").queryAs(WebView.class);
    }

    /** Opens File → New Window (from the window on top) and waits for its page's first list. */
    WebPage openAnother(WebView... existing) throws TimeoutException {
        robot.clickOn("File");
        robot.clickOn("New Window");
        WebView[] found = new WebView[1];
        WaitForAsyncUtils.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS, () -> {
            found[0] = WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> robot.lookup(".web-view")
                    .queryAllAs(WebView.class).stream().filter(v -> !java.util.List.of(existing).contains(v))
                    .findFirst().orElse(null)));
            return found[0] != null;
        });
        assertTrue(found[0] != null, "a new window opened");
        WebPage page = new WebPage(robot, found[0]);
        page.waitUntil(Duration.ofSeconds(60), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the new window's first list");
        return page;
    }

    /** Raises the window of {@code page} (the robot clicks whatever window is on top). */
    static void toFront(WebPage page) {
        onFx(() -> stageOf(page).toFront());
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void close(WebPage page) {
        onFx(() -> stageOf(page).close());
    }

    private static Stage stageOf(WebPage page) {
        return (Stage) page.view().getScene().getWindow();
    }

    private static void onFx(Runnable r) {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            r.run();
            return null;
        }));
    }
}

package dev.isometry.ui;

import dev.isometry.app.IsometryApp;
import dev.isometry.app.LaunchOptions;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Application;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** Starts and stops the real app, headless, on a data directory, and hands out its page. */
final class RunningApp implements AutoCloseable {
    private final FxRobot robot = new FxRobot();
    private Application app;

    /** Launches the app with these options and returns its primary stage, without waiting for the page. */
    Stage launch(LaunchOptions options) throws Exception {
        LaunchOptions.set(options);
        Stage stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(IsometryApp.class);
        return stage;
    }

    /** Launches the app on {@code dataDir} and waits for its page to show its first list. */
    WebPage start(Path dataDir) throws Exception {
        launch(new LaunchOptions(new DataDir(dataDir), true, false));
        WebView view = robot.lookup(".web-view").queryAs(WebView.class);
        WebPage page = new WebPage(robot, view);
        page.waitUntil(Duration.ofSeconds(60), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the page to show its first list");
        return page;
    }

    /** Stops the app (as closing it would), keeping the stages for a restart. */
    void closeApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app = null;
        }
    }

    void stop() throws Exception {
        closeApp();
        FxToolkit.cleanupStages();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}

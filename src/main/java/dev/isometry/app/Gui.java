package dev.isometry.app;

import dev.isometry.store.DataDir;
import javafx.application.Application;

/** Starts the JavaFX application and returns when its last window closes. */
public final class Gui {
    private Gui() {
    }

    /** Runs the GUI on {@code dataDir}; returns the process exit code. */
    public static int run(DataDir dataDir, boolean headless, boolean exitWhenInteractive) {
        if (headless) {
            HeadlessFx.configure();
        }
        LaunchOptions.set(new LaunchOptions(dataDir, headless, exitWhenInteractive));
        Application.launch(IsometryApp.class);
        String failure = IsometryApp.startupFailure();
        if (failure != null) {
            System.err.println("isometry: " + failure);
            return 1;
        }
        return 0;
    }
}

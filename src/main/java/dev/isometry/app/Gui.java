package dev.isometry.app;

import dev.isometry.bridge.FaultInjector;
import dev.isometry.bridge.FaultPlan;
import dev.isometry.store.DataDir;
import javafx.application.Application;

/** Starts the JavaFX application and returns when its last window closes. */
public final class Gui {
    private Gui() {
    }

    /** Runs the GUI on {@code dataDir}; returns the process exit code. */
    public static int run(DataDir dataDir, boolean headless, boolean exitWhenInteractive) {
        return run(dataDir, headless, exitWhenInteractive, FaultPlan.none());
    }

    /** Runs the GUI with faults injected into its bridge (development only; see {@code --fault-injection}). */
    public static int run(DataDir dataDir, boolean headless, boolean exitWhenInteractive, FaultPlan faults) {
        return run(dataDir, headless, exitWhenInteractive, faults, null);
    }

    /** Runs the GUI, in rollback mode when {@code rollback} is not null ({@code isometry --rollback}). */
    public static int run(DataDir dataDir, boolean headless, boolean exitWhenInteractive, FaultPlan faults,
                          RollbackLaunch rollback) {
        if (headless) {
            HeadlessFx.configure();
        }
        LaunchOptions.set(new LaunchOptions(dataDir, headless, exitWhenInteractive, new FaultInjector(faults), rollback));
        Application.launch(IsometryApp.class);
        String failure = IsometryApp.startupFailure();
        if (failure != null) {
            System.err.println("isometry: " + failure);
            return 1;
        }
        return 0;
    }
}

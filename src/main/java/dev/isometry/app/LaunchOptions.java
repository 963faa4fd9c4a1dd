package dev.isometry.app;

import dev.isometry.bridge.FaultInjector;
import dev.isometry.store.DataDir;

/**
 * How the GUI was asked to start, handed from the command line to the JavaFX application (which
 * JavaFX constructs itself, so it cannot take constructor arguments). Immutable.
 *
 * @param dataDir              where the store lives
 * @param headless             running under Monocle without a screen
 * @param exitWhenInteractive  print the time to an interactive page and exit (startup benchmark)
 * @param faults               what the bridge breaks on purpose ({@link FaultInjector#off()} unless a test
 *                             or the {@code --fault-injection} development flag asks)
 * @param rollback             start in rollback mode ({@code --rollback}); null for native mode
 */
public record LaunchOptions(DataDir dataDir, boolean headless, boolean exitWhenInteractive, FaultInjector faults,
                            RollbackLaunch rollback) {

    public LaunchOptions(DataDir dataDir, boolean headless, boolean exitWhenInteractive, FaultInjector faults) {
        this(dataDir, headless, exitWhenInteractive, faults, null);
    }

    public LaunchOptions(DataDir dataDir, boolean headless, boolean exitWhenInteractive) {
        this(dataDir, headless, exitWhenInteractive, FaultInjector.off());
    }
    private static volatile LaunchOptions current;

    public static void set(LaunchOptions options) {
        current = options;
    }

    static LaunchOptions get() {
        if (current == null) {
            throw new IllegalStateException("launch options were not set before the app started");
        }
        return current;
    }
}

package dev.isometry.app;

import dev.isometry.store.DataDir;

/**
 * How the GUI was asked to start, handed from the command line to the JavaFX application (which
 * JavaFX constructs itself, so it cannot take constructor arguments). Immutable.
 *
 * @param dataDir              where the store lives
 * @param headless             running under Monocle without a screen
 * @param exitWhenInteractive  print the time to an interactive page and exit (startup benchmark)
 */
public record LaunchOptions(DataDir dataDir, boolean headless, boolean exitWhenInteractive) {
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

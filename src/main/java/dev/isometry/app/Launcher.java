package dev.isometry.app;

import dev.isometry.app.cli.Cli;

/**
 * The entry point of the jar, for the GUI and every command-line tool. Deliberately not a JavaFX
 * {@code Application}: that lets the app run from the plain classpath.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}

package dev.isometry.bridge;

import java.net.URI;

/** What the bridge may ask of the hosting app. Implementations must be thread-safe. */
public interface HostActions {
    /** Opens a web or mail link outside the app (system browser or mail client). */
    void openExternal(URI uri);

    /** The page reports it has painted its first data and is ready for input. */
    void pageInteractive(double sinceNavigationMs);

    /** A host that does nothing (CLI tools, tests). */
    static HostActions none() {
        return new HostActions() {
            @Override
            public void openExternal(URI uri) {
                // nothing to open in a process without a desktop
            }

            @Override
            public void pageInteractive(double sinceNavigationMs) {
                // nobody waits for this outside the app
            }
        };
    }
}

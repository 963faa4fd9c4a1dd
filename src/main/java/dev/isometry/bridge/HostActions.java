package dev.isometry.bridge;

import java.net.URI;

/** What the bridge may ask of the hosting app. Implementations must be thread-safe. */
public interface HostActions {
    /** Opens a web or mail link outside the app (system browser or mail client). */
    void openExternal(URI uri);

    /** The page reports it has painted its first data and is ready for input. */
    void pageInteractive(double sinceNavigationMs);

    /**
     * Asks the person for a file or folder (a native dialog) to import from or export to; empty when
     * they cancel or when there is no desktop. Called off the FX thread; blocks until answered.
     *
     * @param forImport true to open an existing source, false to choose where to write
     * @param format    the transfer format's wire name (markdown: a folder; csv, json: a file)
     */
    default java.util.Optional<java.nio.file.Path> choosePath(boolean forImport, String format) {
        return java.util.Optional.empty();
    }

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

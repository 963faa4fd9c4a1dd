package dev.isometry.core;

/**
 * Hears how a long import or export is going, and may stop it. Called on the worker thread;
 * implementations must be thread-safe.
 */
public interface TransferListener {
    /** Reports the current phase and how far it is ({@code total} may be 0 when unknown). */
    void progress(String phase, long done, long total);

    /** True once the person asked to stop; checked between batches. */
    boolean cancelled();

    static TransferListener silent() {
        return new TransferListener() {
            @Override
            public void progress(String phase, long done, long total) {
                // nobody is watching
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }
}

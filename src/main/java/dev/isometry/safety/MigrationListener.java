package dev.isometry.safety;

/**
 * Hears how an upgrade run goes: each state once it is persisted, and progress for a progress bar.
 * Called on the thread running the upgrade; implementations hand off to their own thread if needed.
 */
public interface MigrationListener {

    /** The journal now records {@code state}; the next step has not begun. */
    default void state(MigrationState state) {
    }

    /** {@code fraction} of the run is done (0..1); {@code message} says what is happening, in plain words. */
    default void progress(double fraction, String message) {
    }

    static MigrationListener none() {
        return new MigrationListener() {
        };
    }
}

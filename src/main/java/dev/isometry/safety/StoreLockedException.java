package dev.isometry.safety;

/** Another Isometry process has the data directory open; this one must not change it. */
public class StoreLockedException extends SafetyException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(String message) {
        super(message);
    }
}

package dev.isometry.safety;

/** A safety step (backup, restore, migration, recovery) could not be done; the message says why. */
public class SafetyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafetyException(String message) {
        super(message);
    }

    public SafetyException(String message, Throwable cause) {
        super(message, cause);
    }
}

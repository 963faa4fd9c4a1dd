package dev.isometry.safety;

/**
 * An upgrade did not complete. The store was left as it was before (rolled back, or restored from the
 * backup made first and checked by its hash); the message says which and why.
 */
public class MigrationFailedException extends SafetyException {
    private static final long serialVersionUID = 1L;

    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public MigrationFailedException(String message) {
        super(message);
    }
}

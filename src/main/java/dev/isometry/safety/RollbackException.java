package dev.isometry.safety;

/**
 * A rollback step (assess, export, verify, save, return) could not be done; the message says why in one
 * line and nothing was changed unless it says otherwise. {@link #exitCode()} is the command line's code
 * for it (part of the documented contract).
 */
public class RollbackException extends SafetyException {
    private static final long serialVersionUID = 1L;
    /** Any other failure. */
    public static final int FAILED = 1;
    /** The assessment said dangerous: rollback mode was refused, with the reasons. */
    public static final int REFUSED = 40;
    /** An export or snapshot differs from its source or its manifest (tampered or damaged). */
    public static final int VERIFICATION_FAILED = 41;
    /** There is no rollback export or session where one was expected. */
    public static final int NOT_FOUND = 42;

    private final int exitCode;

    public RollbackException(String message) {
        this(message, FAILED, null);
    }

    public RollbackException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

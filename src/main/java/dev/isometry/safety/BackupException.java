package dev.isometry.safety;

/**
 * A backup could not be made, verified or restored (no space, a hash that does not match its manifest,
 * a damaged copy). Nothing was changed when this is thrown, unless the message says otherwise.
 */
public class BackupException extends SafetyException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}

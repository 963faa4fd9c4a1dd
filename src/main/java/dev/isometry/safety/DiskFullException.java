package dev.isometry.safety;

/** There is not enough free disk space for a backup; nothing was started or changed. */
public class DiskFullException extends BackupException {
    private static final long serialVersionUID = 1L;

    public DiskFullException(String message) {
        super(message);
    }

    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }
}

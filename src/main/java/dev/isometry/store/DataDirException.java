package dev.isometry.store;

/** The data directory cannot be used (missing and not creatable, or not writable). */
public class DataDirException extends StoreException {
    private static final long serialVersionUID = 1L;

    public DataDirException(String message, Throwable cause) {
        super(message, cause);
    }
}

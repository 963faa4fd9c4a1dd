package dev.isometry.store;

/** The store could not do what was asked: an I/O or SQLite failure that is not the caller's fault. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.isometry.store;

/** A write was attempted on a store opened read-only. */
public class ReadOnlyStoreException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyStoreException(String message) {
        super(message);
    }
}

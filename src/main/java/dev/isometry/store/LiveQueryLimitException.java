package dev.isometry.store;

/** A live query was refused because too many are open (in all, or for one window). */
public final class LiveQueryLimitException extends StoreException {
    public LiveQueryLimitException(String message) {
        super(message);
    }
}

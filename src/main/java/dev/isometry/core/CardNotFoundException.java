package dev.isometry.core;

/** No card has the given id. */
public class CardNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CardNotFoundException(String id) {
        super("No card with id " + id);
    }
}

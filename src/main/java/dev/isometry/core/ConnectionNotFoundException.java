package dev.isometry.core;

/** No connection has the given id. */
public class ConnectionNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionNotFoundException(String id) {
        super("No connection with id " + id);
    }
}

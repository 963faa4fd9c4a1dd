package dev.isometry.bridge;

/** A request failure with the {@link ErrorKind} the page will see and a message fit for a person. */
public class BridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    public BridgeException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BridgeException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}

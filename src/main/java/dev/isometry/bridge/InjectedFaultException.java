package dev.isometry.bridge;

/** Thrown by a handler on purpose by the {@link FaultInjector}; the page sees an INTERNAL error. */
public class InjectedFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InjectedFaultException(String command) {
        super("injected fault in " + command);
    }
}

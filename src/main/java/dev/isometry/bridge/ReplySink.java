package dev.isometry.bridge;

/** Where reply and event envelopes go (the page, in the app; a list, in tests). Thread-safe. */
@FunctionalInterface
public interface ReplySink {
    void deliver(String envelopeJson);
}

package dev.isometry.safety;

/**
 * What start-up validation found, with the exit code {@code isometry doctor} gives for it (part of the
 * command-line contract).
 */
public enum StoreStatus {
    /** The store can be opened as it is (or there is none yet and a new one will be made). */
    READY(0),
    /** The store is from an older version; an upgrade (with a backup first) is needed. */
    NEEDS_MIGRATION(10),
    /** This version must not touch the store: written by a newer version, changed history, or in use. */
    BLOCKED(20),
    /** The store is damaged or an upgrade was interrupted; restore a backup or let recovery run. */
    NEEDS_RECOVERY(30);

    private final int exitCode;

    StoreStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package dev.isometry.store;

/** A migration already applied to the store differs from the one this app ships. */
public class MigrationChecksumException extends StoreException {
    private static final long serialVersionUID = 1L;

    public MigrationChecksumException(String migrationId, String recorded, String shipped) {
        super("Migration " + migrationId + " was applied with checksum " + recorded
                + " but this app ships it with checksum " + shipped + "; refusing to continue.");
    }
}

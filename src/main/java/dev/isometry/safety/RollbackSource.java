package dev.isometry.safety;

import java.nio.file.Path;

/**
 * What a rollback export is made from: the native store of the data folder, or a backup file. Immutable.
 *
 * @param backup the backup file, or null for the native store
 */
public record RollbackSource(Path backup) {

    public static RollbackSource nativeStore() {
        return new RollbackSource(null);
    }

    public static RollbackSource fromBackup(Path file) {
        return new RollbackSource(file.toAbsolutePath().normalize());
    }

    public boolean isNative() {
        return backup == null;
    }

    /** As written in {@code rollback_meta.source}: {@code native} or {@code backup:<file name>}. */
    public String label() {
        return backup == null ? "native" : "backup:" + backup.getFileName();
    }
}

package dev.isometry.safety;

import java.util.Map;

/**
 * What a backup is, written beside it as {@code <file>.json}: its SHA-256 and size (a backup whose
 * bytes do not match is never restored), the schema and app versions it came from, and the rows per
 * table. Immutable.
 *
 * @param file           the backup file's name (in the same folder as the manifest)
 * @param kind           why it was made
 * @param createdAt      when (UTC ISO-8601 with milliseconds)
 * @param sha256         SHA-256 of the file, lower-case hex
 * @param sizeBytes      size of the file
 * @param schemaVersion  the store's schema version
 * @param appVersion     the Isometry version that made it
 * @param rowCounts      rows per table
 */
public record BackupManifest(String file, BackupKind kind, String createdAt, String sha256, long sizeBytes,
                             int schemaVersion, String appVersion, Map<String, Long> rowCounts) {

    public BackupManifest {
        rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
    }

    /** The number of cards in the backup (live and trashed), or -1 if it has no cards table. */
    public long cards() {
        return rowCounts.getOrDefault("cards", -1L);
    }
}

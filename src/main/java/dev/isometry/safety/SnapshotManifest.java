package dev.isometry.safety;

/**
 * What a rollback snapshot is (an edit saved in rollback mode), written beside it as {@code <file>.json}.
 * Immutable.
 *
 * @param file      the snapshot's file name (in the session's {@code snapshots/} folder)
 * @param exportId  the export it descends from
 * @param sha256    SHA-256 of the file, lower-case hex
 * @param sizeBytes size of the file
 * @param savedAt   when (UTC ISO-8601 with milliseconds)
 * @param cards     cards in it (live and trashed)
 */
public record SnapshotManifest(String file, String exportId, String sha256, long sizeBytes, String savedAt, long cards) {
}

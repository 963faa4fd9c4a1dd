package dev.isometry.safety;

import java.nio.file.Path;

/**
 * What a restore did. Immutable.
 *
 * @param restored      the manifest of the backup now in place (checked by its hash)
 * @param savedCurrent  where the store that was replaced was saved first, or null when there was none
 * @param durationMs    how long it took
 */
public record RestoreResult(BackupManifest restored, Path savedCurrent, long durationMs) {
}

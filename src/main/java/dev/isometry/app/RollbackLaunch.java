package dev.isometry.app;

import java.nio.file.Path;

/**
 * How the app was asked to start in rollback mode ({@code isometry --rollback [--from-backup FILE]}).
 * Immutable.
 *
 * @param fromBackup open this backup instead of continuing the active session or exporting the store; null
 *                   otherwise
 */
public record RollbackLaunch(Path fromBackup) {
}

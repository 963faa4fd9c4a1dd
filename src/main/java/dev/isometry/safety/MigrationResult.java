package dev.isometry.safety;

import java.util.List;
import java.util.Map;

/**
 * What an upgrade run (or dry run) did. Immutable.
 *
 * @param fromVersion  the schema version before
 * @param toVersion    the schema version after (equal to {@code fromVersion} when nothing was pending)
 * @param applied      ids of the migrations applied (to the copy, for a dry run)
 * @param backup       the pre-upgrade backup, or null (dry run, or nothing to do)
 * @param dryRun       true when only a copy was changed
 * @param checks       the verification made before the commit
 * @param phasesMs     milliseconds per phase, in order: validate, backup_and_dry_run, dry_run (inside the
 *                     previous one: the copy's upgrade and verification, while the backup is checked), flush (inside
 *                     dry_run: putting the copy in WAL mode, closing and flushing it), swap
 *                     (closing the store, checking the copy, the rename); for {@code --dry-run}: copy,
 *                     apply_and_verify
 * @param durationMs   the whole run
 */
public record MigrationResult(int fromVersion, int toVersion, List<String> applied, BackupManifest backup,
                              boolean dryRun, List<CheckResult> checks, Map<String, Long> phasesMs, long durationMs) {

    public MigrationResult {
        applied = List.copyOf(applied);
        checks = List.copyOf(checks);
        phasesMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phasesMs));
    }

    public boolean nothingToDo() {
        return applied.isEmpty();
    }
}

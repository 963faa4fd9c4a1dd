package dev.isometry.safety;

import java.util.List;
import java.util.Map;

/**
 * What the journal records about one upgrade run: enough to finish or undo it after a crash. Immutable;
 * each step writes a new entry with {@link #next}.
 *
 * @param runId         unique per run
 * @param state         the last state reached (persisted before the next step begins)
 * @param fromVersion   the schema version before the run
 * @param toVersion     the schema version the run brings the store to
 * @param backupFile    the pre-upgrade backup's file name in {@code backups/} (null before it exists)
 * @param backupSha256  its SHA-256
 * @param rowCounts     rows per table in the backup, to reconcile against
 * @param startedAt     when the run began (UTC ISO-8601)
 * @param updatedAt     when this entry was written
 * @param note          why the run ended the way it did (failures, recoveries), or null
 * @param history       every state reached, with its time, in order
 */
public record JournalEntry(String runId, MigrationState state, int fromVersion, int toVersion, String backupFile,
                           String backupSha256, Map<String, Long> rowCounts, String startedAt, String updatedAt,
                           String note, List<String> history) {

    public JournalEntry {
        rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** This run moved on to {@code next} at {@code at}. */
    public JournalEntry next(MigrationState next, String at, String why) {
        List<String> h = new java.util.ArrayList<>(history);
        h.add(at + " " + next);
        return new JournalEntry(runId, next, fromVersion, toVersion, backupFile, backupSha256, rowCounts, startedAt,
                at, why == null ? note : why, h);
    }

    /** This run's backup was made. */
    public JournalEntry withBackup(String file, String sha256, Map<String, Long> counts) {
        return new JournalEntry(runId, state, fromVersion, toVersion, file, sha256, counts, startedAt, updatedAt, note,
                history);
    }
}

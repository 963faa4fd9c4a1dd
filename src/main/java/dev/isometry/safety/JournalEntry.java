package dev.isometry.safety;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param upgradedCopy  the upgraded copy's file name in {@code journal/}, which is renamed over the store
 *                      (decision 15); null in entries written before it existed
 * @param copyFileKey   the file system's identity of that copy (device and inode on POSIX) once it is
 *                      upgraded and flushed: the store shows this identity exactly when the rename
 *                      happened; null before, or where the file system has no such identity
 */
public record JournalEntry(String runId, MigrationState state, int fromVersion, int toVersion, String backupFile,
                           String backupSha256, Map<String, Long> rowCounts, String startedAt, String updatedAt,
                           String note, List<String> history, String upgradedCopy, String copyFileKey) {

    @JsonCreator
    public JournalEntry {
        rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** An entry with no upgraded copy recorded (yet). */
    public JournalEntry(String runId, MigrationState state, int fromVersion, int toVersion, String backupFile,
                        String backupSha256, Map<String, Long> rowCounts, String startedAt, String updatedAt,
                        String note, List<String> history) {
        this(runId, state, fromVersion, toVersion, backupFile, backupSha256, rowCounts, startedAt, updatedAt, note,
                history, null, null);
    }

    /** This run moved on to {@code next} at {@code at}. */
    public JournalEntry next(MigrationState next, String at, String why) {
        List<String> h = new java.util.ArrayList<>(history);
        h.add(at + " " + next);
        return new JournalEntry(runId, next, fromVersion, toVersion, backupFile, backupSha256, rowCounts, startedAt,
                at, why == null ? note : why, h, upgradedCopy, copyFileKey);
    }

    /** This run's backup was made. */
    public JournalEntry withBackup(String file, String sha256, Map<String, Long> counts) {
        return new JournalEntry(runId, state, fromVersion, toVersion, file, sha256, counts, startedAt, updatedAt, note,
                history, upgradedCopy, copyFileKey);
    }

    /** This run's upgraded copy, and its identity once it is upgraded and flushed (or null). */
    public JournalEntry withCopy(String file, String fileKey) {
        return new JournalEntry(runId, state, fromVersion, toVersion, backupFile, backupSha256, rowCounts, startedAt,
                updatedAt, note, history, file, fileKey);
    }
}

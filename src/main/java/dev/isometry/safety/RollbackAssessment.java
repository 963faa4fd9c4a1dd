package dev.isometry.safety;

import java.util.List;

/**
 * Whether rollback mode may be entered now, and why: the risk, one plain sentence per finding, and the
 * facts they rest on. Immutable.
 *
 * @param risk          the verdict
 * @param reasons       what was found that matters, worst first (empty when SAFE)
 * @param source        what would be exported ({@code native} or {@code backup:<file>})
 * @param storeBytes    size of the source (with its WAL)
 * @param freeDiskBytes free space where the backup, export and snapshots go
 * @param freeMemoryBytes physical memory free for the page's in-memory copy (-1 when unknown)
 * @param queuedWrites  changes the page made that have not reached the store (-1 when unknown)
 * @param integrity     {@code ok} or what SQLite's quick check found
 * @param schemaVersion the source's schema version (-1 when unreadable)
 * @param durationMs    how long the assessment took
 */
public record RollbackAssessment(RollbackRisk risk, List<String> reasons, String source, long storeBytes,
                                 long freeDiskBytes, long freeMemoryBytes, int queuedWrites, String integrity,
                                 int schemaVersion, long durationMs) {

    public RollbackAssessment {
        reasons = List.copyOf(reasons);
    }

    /** Entering may go ahead (SAFE or RISKY). */
    public boolean allowed() {
        return risk != RollbackRisk.DANGEROUS;
    }

    /** One line: the verdict and its reasons. */
    public String summary() {
        return risk + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
    }
}

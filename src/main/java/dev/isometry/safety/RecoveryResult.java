package dev.isometry.safety;

/**
 * How an interrupted upgrade run was resolved at the next start. Immutable.
 *
 * @param interruptedAt the state the journal recorded when the run stopped
 * @param outcome       COMMITTED (the commit had happened; verified), ROLLED_BACK (the store is as before;
 *                      verified), RESTORED (put back from the pre-upgrade backup) or ABANDONED (never touched)
 * @param note          what was found, in plain words
 */
public record RecoveryResult(MigrationState interruptedAt, MigrationState outcome, String note) {
}

package dev.isometry.safety;

/**
 * The states of one upgrade run, persisted in the journal before the step that follows each begins.
 * The first eight are the run in order; the last three are how a run ends when it does not commit.
 */
public enum MigrationState {
    NOT_STARTED,
    /** The pre-upgrade backup exists, is sound and its hash is recorded. The store is untouched. */
    BACKUP_CREATED,
    /** The upgrade was applied to a copy of the backup and verified there. The store is untouched. */
    DRY_RUN_PASSED,
    /** The upgrade transaction on the store is open; a crash now rolls it back. */
    MIGRATING,
    /** Every step ran inside the open transaction. */
    MIGRATED,
    VERIFYING,
    /** Verification passed inside the transaction; the commit comes next (a crash may fall either side). */
    VERIFIED,
    /** Committed and checked: the run is over and the store is at the new version. */
    COMMITTED,
    /** The run failed or was interrupted and the store is as it was before it (checked). */
    ROLLED_BACK,
    /** The store was put back from the pre-upgrade backup, and the result checked by its hash. */
    RESTORED,
    /** Interrupted before the store was touched; nothing to undo. */
    ABANDONED;

    /** True when the run is over (nothing to resume or undo). */
    public boolean terminal() {
        return this == COMMITTED || this == ROLLED_BACK || this == RESTORED || this == ABANDONED;
    }

    /** True when the store itself may have been changed by the run (the transaction was opened). */
    public boolean storeTouched() {
        return ordinal() >= MIGRATING.ordinal() && !terminal();
    }
}

package dev.isometry.safety;

/**
 * The states of one upgrade run, persisted in the journal before the step that follows each begins.
 * The first eight are the run in order; the last three are how a run ends when it does not commit.
 * Since decision 15 the upgrade is applied to a copy that is then renamed over the store: the copy's
 * work happens before BACKUP_CREATED is journaled (beside the backup's checks), and the states after
 * DRY_RUN_PASSED are the steps of the swap.
 */
public enum MigrationState {
    /** The run began; the backup is being made and a copy of it upgraded. The store is untouched. */
    NOT_STARTED,
    /** The pre-upgrade backup exists, is sound and its hash is recorded. The store is untouched. */
    BACKUP_CREATED,
    /**
     * A copy of the backup was upgraded in one transaction, verified before its commit, put in WAL mode and
     * flushed; the journal names it and its file identity. The store is untouched.
     */
    DRY_RUN_PASSED,
    /** The store is being closed for the swap: its WAL folded in and its side files gone. */
    MIGRATING,
    /** The store is closed, the file alone; the upgraded copy lies beside it, flushed. */
    MIGRATED,
    /** The copy is being checked to be the one upgraded: identity, header version and mode, no side files. */
    VERIFYING,
    /** The copy may replace the store; the rename comes next (a crash may fall either side of it). */
    VERIFIED,
    /** The copy was renamed over the store and the folder flushed: the run is over, the store is new. */
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

    /** True when the store itself may have been changed by the run (its WAL folded in, or the file replaced). */
    public boolean storeTouched() {
        return ordinal() >= MIGRATING.ordinal() && !terminal();
    }
}

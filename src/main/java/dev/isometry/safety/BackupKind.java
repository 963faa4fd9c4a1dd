package dev.isometry.safety;

/** Why a backup was made; retention treats each kind differently. */
public enum BackupKind {
    /** Made by an upgrade before it touched the store. Kept 30 days (the newest always). */
    PRE_MIGRATION("pre-migration"),
    /** Made once a day while the app is used. Kept as 7 daily and 4 weekly. */
    DAILY("daily"),
    /** Asked for by a person ({@code isometry backup}, Help → Backups). Never removed automatically. */
    MANUAL("manual"),
    /** Made by a restore before it replaced the store. Kept 30 days (the newest always). */
    PRE_RESTORE("pre-restore"),
    /** Made before entering rollback mode, or before its changes were merged back. Kept 30 days (the newest always). */
    PRE_ROLLBACK("pre-rollback"),
    /** A raw copy of a store too damaged for SQLite to back up, kept by a restore. Never removed automatically. */
    DAMAGED_COPY("damaged-copy");

    private final String slug;

    BackupKind(String slug) {
        this.slug = slug;
    }

    /** The word used in file names. */
    public String slug() {
        return slug;
    }
}

package dev.isometry.safety;

/** How thoroughly a store is checked. */
public enum ValidationDepth {
    /** Header, version, history checksums and schema: every time a store is opened (cheap). */
    BASIC,
    /**
     * Also SQLite's quick check of every b-tree and the page accounting, and the search index covering
     * exactly the live cards: at every start of the app (decision 13). FTS5's own check of its inverted
     * index and the sampled look-ups are left to FULL, backups and upgrades.
     */
    QUICK,
    /**
     * Also {@code integrity_check} (FTS5's own check included), sampled look-ups in the search index and
     * {@code foreign_key_check} (doctor).
     */
    FULL
}

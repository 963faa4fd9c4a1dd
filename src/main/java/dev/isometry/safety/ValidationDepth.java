package dev.isometry.safety;

/** How thoroughly a store is checked. */
public enum ValidationDepth {
    /** Header, version, history checksums and schema: every time a store is opened (cheap). */
    BASIC,
    /** Also {@code PRAGMA quick_check}: at every start of the app. */
    QUICK,
    /** Also {@code integrity_check}, {@code foreign_key_check} and the search index (doctor). */
    FULL
}

package dev.isometry.safety;

/** How safe entering rollback mode is now, as the assessment found. */
public enum RollbackRisk {
    /** Nothing stands in the way. */
    SAFE,
    /** It can go ahead, but something deserves attention (the reasons say what). */
    RISKY,
    /** It must not go ahead: it would fail or lose something (the reasons say what). */
    DANGEROUS
}

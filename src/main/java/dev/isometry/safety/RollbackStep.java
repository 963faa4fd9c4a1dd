package dev.isometry.safety;

/**
 * One step of a rollback operation in its audit report. Immutable.
 *
 * @param name       stable, for scripts: assess, backup, export, verify, page, save, return, ...
 * @param ok         whether it succeeded
 * @param detail     what it did or found, in plain words
 * @param startedAt  when it began (UTC ISO-8601)
 * @param durationMs how long it took
 */
public record RollbackStep(String name, boolean ok, String detail, String startedAt, long durationMs) {
}

package dev.isometry.safety;

/**
 * One check made on a store: its name (stable, for scripts), whether it passed, and what was found in
 * plain words. Immutable.
 */
public record CheckResult(String name, boolean ok, String detail) {

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }
}

package dev.isometry.safety;

import java.util.List;

/**
 * The outcome of validating a store: the status, one sentence saying why in plain words, what was
 * checked, and the facts a screen or a script needs. Immutable.
 *
 * @param status          the outcome
 * @param reason          why, in plain words, for a person
 * @param storeVersion    the store's schema version, or -1 when it could not be read
 * @param appVersion      the newest schema version this app knows
 * @param pending         ids of the migrations an upgrade would apply (empty unless NEEDS_MIGRATION)
 * @param fresh           there is no store yet (a new one will be made)
 * @param checks          every check made, in order
 * @param durationMs      how long validation took
 */
public record StartupReport(StoreStatus status, String reason, int storeVersion, int appVersion,
                            List<String> pending, boolean fresh, List<CheckResult> checks, long durationMs) {

    public StartupReport {
        pending = List.copyOf(pending);
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        return status == StoreStatus.READY;
    }

    public int exitCode() {
        return status.exitCode();
    }
}

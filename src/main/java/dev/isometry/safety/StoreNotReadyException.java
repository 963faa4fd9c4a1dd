package dev.isometry.safety;

/** The store cannot be opened for use as it is; the report says why and what to do. */
public class StoreNotReadyException extends SafetyException {
    private static final long serialVersionUID = 1L;
    private final transient StartupReport report;

    public StoreNotReadyException(StartupReport report) {
        super(report.reason());
        this.report = report;
    }

    public StartupReport report() {
        return report;
    }
}

package dev.isometry.store;

/** The store was written by a newer version of Isometry; this version must not touch it. */
public class SchemaTooNewException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final int storeVersion;
    private final int appVersion;

    public SchemaTooNewException(int storeVersion, int appVersion) {
        super("The store has schema version " + storeVersion + ", newer than this app understands ("
                + appVersion + "). Use a newer Isometry; the file was left untouched.");
        this.storeVersion = storeVersion;
        this.appVersion = appVersion;
    }

    public int storeVersion() {
        return storeVersion;
    }

    public int appVersion() {
        return appVersion;
    }
}

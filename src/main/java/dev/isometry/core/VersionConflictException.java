package dev.isometry.core;

/** An update was based on a version of the card that is no longer the stored one. */
public class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long baseVersion;
    private final long currentVersion;

    public VersionConflictException(String id, long baseVersion, long currentVersion) {
        this(id, baseVersion, currentVersion,
                "Card " + id + " changed since version " + baseVersion + " (now version " + currentVersion + ")");
    }

    protected VersionConflictException(String id, long baseVersion, long currentVersion, String message) {
        super(message);
        this.baseVersion = baseVersion;
        this.currentVersion = currentVersion;
    }

    public long baseVersion() {
        return baseVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}

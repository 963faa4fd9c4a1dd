package dev.isometry.bridge;

/**
 * What the bridge needs from rollback mode: the session the page is to open (where its database is, by
 * URL) and a way to keep the page's saves. In native mode it is {@link #none()}: the session is inactive
 * and saves are refused. Implementations are thread-safe.
 */
public interface RollbackHost {

    /** Whether the app is in rollback mode (the page runs on sql.js; card commands are not served). */
    boolean active();

    /** The session as {@code rollback:session} answers it. */
    BridgeShapes.RollbackSessionView session();

    /**
     * Keeps {@code data} (already decoded) as a new rollback snapshot.
     *
     * @throws dev.isometry.core.ValidationException when the export id, hash or database is wrong (nothing kept)
     */
    BridgeShapes.RollbackSaved save(String exportId, byte[] data, String sha256);

    /** Native mode: no session. */
    static RollbackHost none() {
        return new RollbackHost() {
            @Override
            public boolean active() {
                return false;
            }

            @Override
            public BridgeShapes.RollbackSessionView session() {
                return BridgeShapes.RollbackSessionView.INACTIVE;
            }

            @Override
            public BridgeShapes.RollbackSaved save(String exportId, byte[] data, String sha256) {
                throw new BridgeException(ErrorKind.BLOCKED, "the app is not in rollback mode; nothing was saved");
            }
        };
    }
}

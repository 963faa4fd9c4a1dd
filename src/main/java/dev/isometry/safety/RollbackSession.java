package dev.isometry.safety;

import dev.isometry.store.AtomicFiles;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One rollback export folder and what became of it: {@code export.db} with its manifest, the audit
 * report, the page's saved snapshots in {@code snapshots/}, and {@code session.json} saying whether it is
 * still in use ({@code ACTIVE}) or its changes went back to the native store ({@code RETURNED}).
 * Immutable; {@link #withState} writes the new state atomically.
 *
 * @param folder     the folder
 * @param exportId   the export's id
 * @param state      ACTIVE, RETURNED or REFUSED (entering was refused; only the report is there)
 * @param createdAt  when the export was made
 * @param source     what it was made from
 * @param returnedAt when its changes went back to native, or null
 */
public record RollbackSession(Path folder, String exportId, String state, String createdAt, String source,
                              String returnedAt) {
    public static final String ACTIVE = "ACTIVE";
    public static final String RETURNED = "RETURNED";
    public static final String REFUSED = "REFUSED";
    static final String FILE = "session.json";

    /** What is stored in {@code session.json} (the folder is where it was found). */
    record Stored(String exportId, String state, String createdAt, String source, String returnedAt) {
    }

    public static RollbackSession read(Path folder) {
        try {
            Stored s = Json.mapper().readValue(folder.resolve(FILE).toFile(), Stored.class);
            return new RollbackSession(folder, s.exportId(), s.state(), s.createdAt(), s.source(), s.returnedAt());
        } catch (IOException e) {
            throw new RollbackException("The rollback session in " + folder + " cannot be read: " + e.getMessage(),
                    RollbackException.NOT_FOUND, e);
        }
    }

    static boolean isSession(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }

    RollbackSession write() {
        try {
            AtomicFiles.write(folder.resolve(FILE), Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Stored(exportId, state, createdAt, source, returnedAt)));
            return this;
        } catch (IOException e) {
            throw new RollbackException("The rollback session state could not be written: " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
    }

    RollbackSession withState(String newState, String at) {
        return new RollbackSession(folder, exportId, newState, createdAt, source,
                RETURNED.equals(newState) ? at : returnedAt).write();
    }

    public boolean active() {
        return ACTIVE.equals(state);
    }

    public Path exportFile() {
        return folder.resolve(RollbackManifest.EXPORT_FILE);
    }

    public RollbackManifest manifest() {
        return RollbackExporter.readManifest(folder);
    }

    public RollbackSnapshots snapshots(int keep) {
        return new RollbackSnapshots(folder, exportId, keep);
    }

    public RollbackSnapshots snapshots() {
        return snapshots(RollbackSnapshots.DEFAULT_KEEP);
    }

    /**
     * The file rollback mode opens: the newest snapshot, or the export itself when nothing was saved yet.
     */
    public Path current() {
        return snapshots().latest().map(m -> snapshots().fileOf(m)).orElse(exportFile());
    }
}

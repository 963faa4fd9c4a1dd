package dev.isometry.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The persisted state of the current (or last) upgrade run: {@code journal/migration.json}, written
 * atomically (temp file, fsync, rename, fsync of the folder) before each step begins, so after a crash
 * the next start knows exactly how far the run got. Not thread-safe: one run at a time, under the
 * {@link StoreLock}.
 */
public final class MigrationJournal {
    static final String FILE = "migration.json";
    private final Path file;

    public MigrationJournal(DataDir dir) {
        this.file = dir.journal().resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** The last entry written, or empty when no run ever started. */
    public Optional<JournalEntry> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), JournalEntry.class));
        } catch (IOException e) {
            // Written atomically, so a torn file means outside damage: say so rather than guess.
            throw new SafetyException("The upgrade journal " + file + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The entry of an unfinished run, or empty when none is unfinished. */
    public Optional<JournalEntry> interrupted() {
        return read().filter(e -> !e.state().terminal());
    }

    /** Persists {@code entry} durably before returning. */
    public JournalEntry write(JournalEntry entry) {
        try {
            AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
            return entry;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new SafetyException("Cannot write the upgrade journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes temp files a crash left mid-write (the journal itself is always whole). */
    public void sweepTempFiles() {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(file.getParent(), "." + FILE + "*.tmp")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SafetyException("Cannot tidy the journal folder: " + e.getMessage(), e);
        }
    }
}

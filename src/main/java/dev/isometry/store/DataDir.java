package dev.isometry.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The folder that holds a user's store and everything around it: {@code isometry.db} (with its WAL
 * files), {@code backups/}, {@code rollback/}, {@code journal/}, {@code logs/}. Immutable.
 */
public record DataDir(Path root) {

    public static final String DB_FILE = "isometry.db";

    public DataDir {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Where the data lives: the explicit directory if given, else {@code ISOMETRY_HOME}, else the XDG
     * data home ({@code $XDG_DATA_HOME/isometry}, by default {@code ~/.local/share/isometry}).
     */
    public static DataDir resolve(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return new DataDir(explicit);
        }
        String home = env.get("ISOMETRY_HOME");
        if (home != null && !home.isBlank()) {
            return new DataDir(Path.of(home));
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new DataDir(Path.of(xdg, "isometry"));
        }
        return new DataDir(Path.of(System.getProperty("user.home"), ".local", "share", "isometry"));
    }

    public Path database() {
        return root.resolve(DB_FILE);
    }

    public Path backups() {
        return root.resolve("backups");
    }

    public Path rollback() {
        return root.resolve("rollback");
    }

    public Path journal() {
        return root.resolve("journal");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path settings() {
        return root.resolve("settings");
    }

    /**
     * Creates the directory tree if needed and proves it writable by writing and removing a probe file.
     *
     * @throws DataDirException with a message fit for a person when the directory cannot be used
     */
    public DataDir prepare() {
        try {
            for (Path p : new Path[] {root, backups(), rollback(), journal(), logs(), settings()}) {
                Files.createDirectories(p);
            }
            Path probe = Files.createTempFile(root, ".write-probe", ".tmp");
            Files.delete(probe);
            return this;
        } catch (IOException | SecurityException e) {
            throw new DataDirException("Cannot use data directory " + root + ": it is not writable ("
                    + describe(e) + ")", e);
        }
    }

    private static String describe(Exception e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}

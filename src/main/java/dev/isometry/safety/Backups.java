package dev.isometry.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.isometry.model.Timestamps;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of a data folder's store in {@code backups/}: a byte copy of the store file while the store is
 * still ({@link StillCopy}, decision 16), otherwise (the log holds frames, another connection is writing)
 * {@code VACUUM INTO} from a read-only connection, which is also how a running app backs up, so it is not
 * held up; then flushed to disk, checked with everything {@code integrity_check} checks and hashed, the
 * three reads side by side ({@link BackupCheck}), and described by a manifest beside the file. Listing, verification against the manifest, and
 * retention. Restoring is {@link BackupRestore}. Thread-safe: every call works on its own files.
 */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    /** Head room kept free beyond the backup itself. */
    static final long MARGIN_BYTES = 32L << 20;
    /** How long a backup waits for SQLite's write lock to copy the file before it copies with VACUUM INTO. */
    static final Duration STILL_LOCK_WAIT = Duration.ofMillis(100);

    private final DataDir dir;
    private final String appVersion;
    private final DiskSpace space;
    private final BackupRetention retention;

    public Backups(DataDir dir, String appVersion, DiskSpace space, BackupRetention retention) {
        this.dir = dir;
        this.appVersion = appVersion;
        this.space = space;
        this.retention = retention;
    }

    public static Backups of(DataDir dir, String appVersion) {
        return new Backups(dir, appVersion, DiskSpace.system(), BackupRetention.ofDefaults());
    }

    public DataDir dataDir() {
        return dir;
    }

    /** Makes a backup of the store in {@code backups/}. */
    public BackupManifest create(BackupKind kind) {
        return createAt(dir.backups().resolve(fileName(kind)), kind);
    }

    /**
     * Makes a backup of the store while the app is using it: always with {@code VACUUM INTO} from a read-only
     * connection, which never holds up the app's writes (a byte copy would hold them for as long as it takes).
     */
    public BackupManifest createWhileInUse(BackupKind kind) {
        return createAt(dir.backups().resolve(fileName(kind)), kind, false, NO_WORK).manifest();
    }

    /**
     * Makes a backup at {@code target} with its manifest at {@code target + ".json"}.
     *
     * @throws BackupException when there is no store, too little space, or the copy is not sound; nothing
     *                         is left behind then
     */
    public BackupManifest createAt(Path target, BackupKind kind) {
        return createAt(target, kind, true, NO_WORK).manifest();
    }

    /** No work beside the backup's checks. */
    private static final CopyWork<Object> NO_WORK = (copy, name, sha) -> null;

    /** Work that reads the new copy while it is being checked; it must not change the copy. */
    interface CopyWork<T> {
        /**
         * @param copy    the backup copy, written but not yet flushed, checked or renamed into place
         * @param name    the file name the backup will have in {@code backups/} once it passed its checks
         * @param sha256  the copy's SHA-256, when it has been flushed and hashed (fails if that failed)
         */
        T run(Path copy, String name, Future<String> sha256) throws Exception;
    }

    /** A backup made by {@link #createBeside}, and what the work beside it returned or threw. */
    record Made<T>(BackupManifest manifest, T result, Exception failure) {
    }

    /**
     * Makes a backup of the store in {@code backups/} as {@link #create} does, and runs {@code work} on the
     * calling thread on the copy (written, not yet flushed or checked) while the copy is flushed, checked and
     * hashed beside it; the work may wait for the hash. The backup is kept only when its checks pass; the work's outcome is returned either way,
     * so a caller trusts it only together with the backup.
     *
     * @throws BackupException as {@link #create} does
     */
    <T> Made<T> createBeside(BackupKind kind, CopyWork<T> work) {
        return createAt(dir.backups().resolve(fileName(kind)), kind, true, work);
    }

    /** {@code still}: copy the file when the store is still, rather than always with {@code VACUUM INTO}. */
    private <T> Made<T> createAt(Path target, BackupKind kind, boolean still, CopyWork<T> work) {
        Path db = dir.database();
        target = target.toAbsolutePath().normalize();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            if (!Files.exists(db)) {
                throw new BackupException("There is no store to back up in " + dir.root() + ".");
            }
            if (Files.exists(target)) {
                throw new BackupException("Will not overwrite " + target + ".");
            }
            Files.createDirectories(target.getParent());
            requireSpace(target.getParent(), Files.size(db) + sizeOf(db.resolveSibling(db.getFileName() + "-wal")));
            Files.deleteIfExists(tmp);
            if (!still || !StillCopy.tryCopy(db, tmp, STILL_LOCK_WAIT)) {
                vacuumInto(db, tmp);
            }
            // Flushes the copy to disk too, beside the checks.
            BackupCheck check = BackupCheck.start(tmp, work != NO_WORK);
            T result = null;
            Exception failure = null;
            try {
                result = work.run(tmp, target.getFileName().toString(), check.sha256());
            } catch (Exception e) { // handed back with the backup: the caller decides what it means
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = e;
            }
            BackupManifest m = describe(check.await(), tmp, target.getFileName().toString(), kind);
            move(tmp, target);
            AtomicFiles.syncDirectory(target.getParent());
            writeManifest(target, m);
            log.info("Backup {} made: {} bytes, sha256 {}", target, m.sizeBytes(), m.sha256());
            return new Made<>(m, result, failure);
        } catch (SQLException e) {
            deleteQuietly(tmp);
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("SQLITE_FULL") || msg.toLowerCase(java.util.Locale.ROOT).contains("disk is full")) {
                throw new DiskFullException("The disk is full: the backup could not be written. Nothing was changed.", e);
            }
            throw new BackupException("The backup could not be made: " + msg, e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            if (String.valueOf(e.getMessage()).contains("No space left")) {
                throw new DiskFullException("The disk is full: the backup could not be written. Nothing was changed.", e);
            }
            throw new BackupException("The backup could not be written to " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** A compact copy of one read snapshot, taken beside whatever else uses the store. */
    private static void vacuumInto(Path db, Path tmp) throws SQLException {
        try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_ONLY);
             PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, tmp.toString());
            ps.execute();
        }
    }

    /** The manifest of a copy whose checks are in; refuses a copy that is not sound. */
    private BackupManifest describe(BackupCheck.Outcome checked, Path copy, String name, BackupKind kind)
            throws IOException {
        for (CheckResult r : checked.checks()) {
            if (!r.ok()) {
                throw new BackupException("The backup copy is not sound (" + r.detail() + "); it was discarded.");
            }
        }
        return new BackupManifest(name, kind, Timestamps.now(), checked.sha256(), Files.size(copy), checked.version(),
                appVersion, checked.rowCounts());
    }

    void requireSpace(Path where, long bytes) throws IOException {
        long free = space.usableBytes(where);
        if (free < bytes + MARGIN_BYTES) {
            throw new DiskFullException("Not enough free disk space for a backup: it needs about "
                    + mb(bytes + MARGIN_BYTES) + " MB and " + mb(free) + " MB are free. Nothing was changed.");
        }
    }

    /** Every backup in {@code backups/} that has a manifest, newest first. */
    public List<BackupManifest> list() {
        List<BackupManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir.backups())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.backups(), "*.json")) {
            for (Path p : ds) {
                try {
                    BackupManifest m = Json.mapper().readValue(p.toFile(), BackupManifest.class);
                    if (Files.exists(dir.backups().resolve(m.file()))) {
                        out.add(m);
                    }
                } catch (IOException e) {
                    log.warn("Ignoring unreadable backup manifest {}: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BackupException("Cannot list the backups: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(BackupManifest::createdAt).reversed());
        return out;
    }

    public Path fileOf(BackupManifest m) {
        return dir.backups().resolve(m.file());
    }

    /** The newest backup of {@code kind}, if any. */
    public Optional<BackupManifest> latest(BackupKind kind) {
        return list().stream().filter(m -> m.kind() == kind).findFirst();
    }

    /** True when no daily (or newer manual) backup was made within {@code every}. */
    public boolean dailyDue(Instant now, Duration every) {
        return list().stream().filter(m -> m.kind() == BackupKind.DAILY || m.kind() == BackupKind.MANUAL)
                .map(m -> Instant.parse(m.createdAt())).noneMatch(t -> t.isAfter(now.minus(every)));
    }

    /** Removes what retention lets go; returns the files removed. */
    public List<Path> prune(Instant now) {
        return ManifestedFiles.remove(retention.expired(list(), now).stream().map(this::fileOf).toList(),
                Backups::manifestOf, "expired backup");
    }

    /**
     * Checks a backup against its manifest: size, SHA-256, and SQLite's integrity check.
     *
     * @throws BackupException when it has no manifest or anything differs
     */
    public static BackupManifest verify(Path backup) {
        Path manifest = manifestOf(backup);
        if (!Files.exists(backup)) {
            throw new BackupException("There is no backup at " + backup + ".");
        }
        if (!Files.exists(manifest)) {
            throw new BackupException("The backup " + backup.getFileName() + " has no manifest (" + manifest.getFileName()
                    + "), so it cannot be checked; it was not restored.");
        }
        try {
            BackupManifest m = Json.mapper().readValue(manifest.toFile(), BackupManifest.class);
            if (Files.size(backup) != m.sizeBytes() || !SqliteFiles.sha256(backup).equals(m.sha256())) {
                throw new BackupException("The backup " + backup.getFileName() + " does not match its manifest (its "
                        + "SHA-256 differs): it was changed or damaged after it was made, so it was not restored.");
            }
            try (Connection c = SqliteFiles.open(backup, SqliteFiles.Access.IMMUTABLE)) {
                CheckResult r = StoreVerifier.integrity(c, true);
                if (!r.ok()) {
                    throw new BackupException("The backup " + backup.getFileName() + " is damaged: " + r.detail());
                }
            }
            return m;
        } catch (IOException | SQLException e) {
            throw new BackupException("The backup " + backup.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static Path manifestOf(Path backup) {
        return backup.resolveSibling(backup.getFileName() + ".json");
    }

    static void writeManifest(Path backup, BackupManifest m) throws IOException {
        try {
            AtomicFiles.write(manifestOf(backup), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String fileName(BackupKind kind) {
        String stamp = Timestamps.now().replace(":", "-");
        String name = "isometry-" + stamp + "-" + kind.slug() + ".db";
        for (int i = 2; Files.exists(dir.backups().resolve(name)); i++) {
            name = "isometry-" + stamp + "-" + kind.slug() + "-" + i + ".db";
        }
        return name;
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static long sizeOf(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", p, e.getMessage());
        }
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}

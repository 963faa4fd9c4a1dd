package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollback mode's Java half: assesses whether the data can go to rollback mode now (size, free disk and
 * memory, the page's queued writes, integrity, schema version), then backs it up, exports it to the
 * sql.js format, verifies the export against its source and writes the audit report — each step timed.
 * Also lists, validates and cleans up the rollback folders ({@code rollback/} in the data folder).
 * Returning to native is {@link RollbackReturn}. Thread-safe: every call works on its own files.
 */
public final class RollbackManager {
    private static final Logger log = LoggerFactory.getLogger(RollbackManager.class);
    /** The oldest schema the rollback page understands (v3 brought the card and settings columns it reads). */
    public static final int MIN_SCHEMA_VERSION = 3;

    private final DataDir dir;
    private final String appVersion;
    private final RollbackAssessor assessor;

    public RollbackManager(DataDir dir, String appVersion, DiskSpace space, LongSupplier freeMemory) {
        this.dir = dir;
        this.appVersion = appVersion;
        this.assessor = new RollbackAssessor(dir, space, freeMemory, MigrationCatalog.shipped().latestVersion());
    }

    public static RollbackManager of(DataDir dir, String appVersion) {
        return new RollbackManager(dir, appVersion, DiskSpace.system(), RollbackAssessor::availableMemory);
    }

    public DataDir dataDir() {
        return dir;
    }

    /**
     * @param pageQueuedWrites writes waiting in the open page's outbox, or -1 to read them from the page's
     *                         storage on disk
     */
    public RollbackAssessment assess(RollbackSource source, int pageQueuedWrites) {
        return assessor.assess(source, pageQueuedWrites);
    }

    /**
     * What rollback mode should open when a person asks for it: the native store when SQLite's quick
     * check passes, else the newest backup that still matches its manifest, else the native store (whose
     * assessment then says why it cannot be used).
     */
    public RollbackSource defaultSource() {
        try {
            if (Files.isRegularFile(dir.database()) && HeaderCheck.problem(dir.database()).isEmpty()) {
                try (java.sql.Connection c = SqliteFiles.open(dir.database(), SqliteFiles.Access.READ_ONLY)) {
                    if (StoreVerifier.integrity(c, false).ok()) {
                        return RollbackSource.nativeStore();
                    }
                }
            }
        } catch (IOException | java.sql.SQLException e) {
            log.warn("The store cannot be checked for rollback mode ({}); looking for a backup", e.getMessage());
        }
        Backups backups = Backups.of(dir, appVersion);
        for (BackupManifest m : backups.list()) {
            if (m.kind() == BackupKind.DAMAGED_COPY) {
                continue;
            }
            try {
                Backups.verify(backups.fileOf(m));
                return RollbackSource.fromBackup(backups.fileOf(m));
            } catch (BackupException e) {
                log.warn("Backup {} is not usable for rollback mode: {}", m.file(), e.getMessage());
            }
        }
        return RollbackSource.nativeStore();
    }

    /** Assess, back up, export and verify into a new folder under {@code rollback/}; the session is ACTIVE. */
    public RollbackSession enter(RollbackSource source, int pageQueuedWrites) {
        String stamp = Timestamps.now().replace(":", "-");
        Path folder = dir.rollback().resolve("rollback-" + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = dir.rollback().resolve("rollback-" + stamp + "-" + i);
        }
        return export(source, pageQueuedWrites, folder);
    }

    /**
     * Assess, back up, export and verify into {@code folder} (which must not hold an export yet), writing
     * {@code report.json}/{@code report.txt} there whatever the outcome.
     *
     * @throws RollbackException {@link RollbackException#REFUSED} when the assessment says dangerous (with its
     *                           reasons), or why a later step failed; the report names the step
     */
    public RollbackSession export(RollbackSource source, int pageQueuedWrites, Path folder) {
        folder = folder.toAbsolutePath().normalize();
        RollbackAudit audit = new RollbackAudit("enter", dir.root().toString());
        String createdAt = Timestamps.now();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new RollbackException("Cannot create " + folder + ": " + e.getMessage(), RollbackException.FAILED, e);
        }
        if (Files.exists(folder.resolve(RollbackManifest.EXPORT_FILE))) {
            throw new RollbackException("There is already an export in " + folder + "; choose an empty folder.");
        }
        RollbackAssessment a = audit.step("assess", () -> assess(source, pageQueuedWrites), RollbackAssessment::summary);
        audit.fact("assessment", dev.isometry.store.Json.mapper().convertValue(a, java.util.Map.class));
        if (!a.allowed()) {
            new RollbackSession(folder, "", RollbackSession.REFUSED, createdAt, source.label(), null).write();
            audit.finish("REFUSED", "Rollback mode was refused: " + String.join("; ", a.reasons())).write(folder, "report");
            throw new RollbackException("Rollback mode was refused (" + a.risk() + "): " + String.join("; ", a.reasons())
                    + ". Nothing was changed.", RollbackException.REFUSED, null);
        }
        try {
            Path target = folder;
            Copy copy = audit.step("backup", () -> backup(source), Copy::describe);
            audit.fact("backup", copy.file().toString());
            audit.fact("sourceSha256", copy.sha256());
            RollbackManifest m = audit.step("export", () -> RollbackExporter.export(copy.file(), copy.sha256(),
                    source.label(), target, appVersion), x -> x.sizeBytes() + " bytes, " + x.cards() + " cards ("
                    + x.liveCards() + " live), search index rebuilt as FTS4");
            try {
                audit.step("verify", () -> RollbackExporter.verify(target), x -> "SHA-256 " + x.sha256() + "; rows and "
                        + "content hashes of " + x.tables().size() + " tables equal the source's");
            } catch (RollbackException e) {
                Backups.deleteQuietly(target.resolve(RollbackManifest.EXPORT_FILE)); // never left to be opened
                throw e;
            }
            audit.fact("exportId", m.exportId());
            audit.fact("exportSha256", m.sha256());
            audit.fact("exportBytes", m.sizeBytes());
            audit.fact("schemaVersion", m.schemaVersion());
            audit.fact("cards", m.cards());
            RollbackSession s = new RollbackSession(folder, m.exportId(), RollbackSession.ACTIVE, createdAt,
                    source.label(), null).write();
            audit.finish("SUCCEEDED", "A verified rollback export of " + m.cards() + " cards is in " + folder + ".")
                    .write(folder, "report");
            log.info("Rollback export {} made in {} from {}", m.exportId(), folder, source.label());
            return s;
        } catch (RuntimeException e) {
            audit.finish("FAILED", String.valueOf(e.getMessage())).write(folder, "report");
            throw e;
        }
    }

    /** A sound copy of the source that will not change while it is exported, and its SHA-256. */
    private record Copy(Path file, String sha256, String how) {
        String describe() {
            return how + " " + file.getFileName() + " (SHA-256 " + sha256 + ")";
        }
    }

    private Copy backup(RollbackSource source) {
        if (source.isNative()) {
            Backups backups = Backups.of(dir, appVersion);
            BackupManifest m = backups.create(BackupKind.PRE_ROLLBACK);
            return new Copy(backups.fileOf(m), m.sha256(), "backed up to");
        }
        if (Files.exists(Backups.manifestOf(source.backup()))) {
            BackupManifest m = Backups.verify(source.backup());
            return new Copy(source.backup(), m.sha256(), "verified the backup");
        }
        try {
            return new Copy(source.backup(), SqliteFiles.sha256(source.backup()), "hashed the backup (it has no manifest)");
        } catch (IOException e) {
            throw new RollbackException("The backup " + source.backup() + " cannot be read: " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
    }

    /**
     * Checks an export folder: the export against its manifest (hash, size, integrity, rows and content
     * per table, rollback_meta, search index) and every snapshot in it against its own manifest.
     *
     * @throws RollbackException {@link RollbackException#VERIFICATION_FAILED} naming what differs
     */
    public static RollbackReport validate(Path folder) {
        folder = folder.toAbsolutePath().normalize();
        RollbackAudit audit = new RollbackAudit("validate", folder.toString());
        Path f = folder;
        RollbackManifest m = audit.step("export", () -> RollbackExporter.verify(f), x -> x.file() + " matches its "
                + "manifest: SHA-256 " + x.sha256() + ", " + x.cards() + " cards, " + x.tables().size() + " tables");
        RollbackSnapshots snaps = new RollbackSnapshots(folder, m.exportId(), RollbackSnapshots.DEFAULT_KEEP);
        for (SnapshotManifest s : snaps.list()) {
            audit.step("snapshot", () -> snaps.verify(s), x -> x.file() + " sound, SHA-256 " + x.sha256() + ", "
                    + x.cards() + " cards");
        }
        audit.fact("exportId", m.exportId());
        audit.fact("source", m.source());
        audit.fact("exportedAt", m.exportedAt());
        audit.fact("snapshots", snaps.list().size());
        return audit.finish("SUCCEEDED", "The export and its " + snaps.list().size() + " snapshot(s) are sound.");
    }

    /** Every rollback folder in {@code rollback/}, newest first. */
    public List<RollbackSession> sessions() {
        List<RollbackSession> out = new ArrayList<>();
        if (!Files.isDirectory(dir.rollback())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.rollback(), Files::isDirectory)) {
            for (Path p : ds) {
                if (RollbackSession.isSession(p)) {
                    try {
                        out.add(RollbackSession.read(p));
                    } catch (RollbackException e) {
                        log.warn("Ignoring {}: {}", p, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new RollbackException("Cannot list " + dir.rollback() + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(RollbackSession::createdAt).reversed());
        return out;
    }

    /** The newest session still in use, if any: restarting in rollback mode continues it. */
    public Optional<RollbackSession> active() {
        return sessions().stream().filter(RollbackSession::active).findFirst();
    }

    /**
     * Keeps the newest {@code keep} snapshots of every session and the newest {@code keep} returned
     * sessions; removes refused attempts. An active session's export is never removed.
     *
     * @return the files and folders removed
     */
    public List<Path> cleanup(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1");
        }
        List<Path> removed = new ArrayList<>();
        int returned = 0;
        for (RollbackSession s : sessions()) {
            boolean drop = RollbackSession.REFUSED.equals(s.state())
                    || (RollbackSession.RETURNED.equals(s.state()) && ++returned > keep);
            if (drop) {
                deleteTree(s.folder());
                removed.add(s.folder());
            } else if (!s.exportId().isEmpty()) {
                removed.addAll(s.snapshots(keep).prune(keep));
            }
        }
        return removed;
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new RollbackException("Cannot remove " + root + ": " + e.getMessage(), RollbackException.FAILED, e);
        }
    }
}

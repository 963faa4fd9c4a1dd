package dev.isometry.app;

import dev.isometry.bridge.BridgeCommands;
import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.BridgeException;
import dev.isometry.bridge.BridgeLimits;
import dev.isometry.bridge.BridgeShapes;
import dev.isometry.bridge.ErrorKind;
import dev.isometry.bridge.EventHub;
import dev.isometry.bridge.HostActions;
import dev.isometry.bridge.Jobs;
import dev.isometry.bridge.RollbackHost;
import dev.isometry.core.BackgroundTasks;
import dev.isometry.core.Services;
import dev.isometry.core.ValidationException;
import dev.isometry.model.Timestamps;
import dev.isometry.safety.RollbackException;
import dev.isometry.safety.RollbackManifest;
import dev.isometry.safety.RollbackSession;
import dev.isometry.safety.RollbackSnapshots;
import dev.isometry.safety.RollbackStep;
import dev.isometry.safety.RollbackReport;
import dev.isometry.safety.SnapshotManifest;
import dev.isometry.safety.StoreLock;
import dev.isometry.store.DataDir;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's side of one rollback session while it is open: the page's database is the session's newest
 * file (served to it by {@code file:} URL), saves become checked snapshots, and the bridge's request
 * ledger lives in a small store of its own ({@code bridge.db} in the session folder) so a retried save is
 * applied once, as every write is. The native store is not opened, but its lock is held, so no native
 * Isometry writes it (and no second rollback window opens) until rollback mode ends. Thread-safe; close once.
 */
final class RollbackContext implements RollbackHost, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RollbackContext.class);
    /** Room for the base64 text of the largest snapshot accepted, and the envelope around it. */
    static final int MAX_MESSAGE_CHARS = (int) (RollbackSnapshots.MAX_BYTES / 3 * 4 + (1 << 16));

    private final DataDir dataDir;
    private final RollbackSession session;
    private final RollbackManifest manifest;
    private final RollbackSnapshots snapshots;
    private final Database ledger;
    private final Services services;
    private final BackgroundTasks tasks = new BackgroundTasks();
    private final EventHub events = new EventHub();
    private final Jobs jobs;
    private final long openedAt;
    private final AtomicBoolean painted = new AtomicBoolean();
    /** The data folder's store lock: no native Isometry (nor a second rollback window) writes meanwhile. */
    private final StoreLock lock;

    private RollbackContext(DataDir dataDir, RollbackSession session, Database ledger, long openedAt, StoreLock lock) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.session = session;
        this.manifest = session.manifest();
        this.snapshots = session.snapshots();
        this.ledger = ledger;
        this.services = Services.over(ledger);
        this.jobs = new Jobs(tasks.jobs(), events);
        this.openedAt = openedAt;
    }

    /**
     * Opens {@code session}: its newest file is checked first (a snapshot or export that does not verify is
     * refused, never shown).
     *
     * @param startedAt {@link System#nanoTime()} when entering began (for the audit's page step)
     */
    static RollbackContext open(DataDir dataDir, RollbackSession session, long startedAt) {
        RollbackSnapshots snaps = session.snapshots();
        snaps.latest().ifPresent(snaps::verify);
        StoreLock lock = StoreLock.acquire(dataDir);
        Database db = null;
        try {
            db = Database.open(session.folder().resolve("bridge.db"), DatabaseConfig.ofDefaults());
            db.withWriterConnection(c -> {
                new MigrationRunner(MigrationCatalog.shipped()).migrate(c);
                return null;
            });
            log.info("Rollback mode on {} (export {})", session.folder(), session.exportId());
            return new RollbackContext(dataDir, session, db, startedAt, lock);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    RollbackSession rollbackSession() {
        return session;
    }

    Path currentFile() {
        return session.current();
    }

    /** The bridge for the rollback page: only system, rollback and settle commands are served. */
    PageHost.BridgeWiring wiring(HostActions host, dev.isometry.bridge.FaultInjector faults) {
        BridgeCommands commands = new BridgeCommands(services, host, () -> new BridgeShapes.SystemInfo(
                AppVersion.get(), dataDir.root().toString(), manifest.schemaVersion(), manifest.cards()), jobs, this);
        BridgeDispatcher dispatcher = new BridgeDispatcher(commands, ledger, BridgeLimits.builder()
                .maxMessageChars(MAX_MESSAGE_CHARS).build());
        dispatcher.injectFaults(faults);
        return new PageHost.BridgeWiring(dispatcher, tasks.handlers(), events.channel());
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public BridgeShapes.RollbackSessionView session() {
        var latest = snapshots.latest();
        Path file = latest.map(snapshots::fileOf).orElse(session.exportFile());
        String sha = latest.map(SnapshotManifest::sha256).orElse(manifest.sha256());
        return new BridgeShapes.RollbackSessionView(true, file.toUri().toString(), manifest.exportId(),
                manifest.schemaVersion(), manifest.exportedAt(), manifest.source(), sha);
    }

    @Override
    public BridgeShapes.RollbackSaved save(String exportId, byte[] data, String sha256) {
        if (!manifest.exportId().equals(exportId)) {
            throw new ValidationException("this save belongs to export " + exportId + ", not to the open rollback "
                    + "session (" + manifest.exportId() + "); nothing was saved");
        }
        if (data.length > RollbackSnapshots.MAX_BYTES) {
            throw new BridgeException(ErrorKind.TOO_LARGE, "the database of " + data.length + " bytes is over the "
                    + "rollback limit of " + RollbackSnapshots.MAX_BYTES + " bytes; nothing was saved");
        }
        try {
            SnapshotManifest m = snapshots.save(data, sha256);
            return new BridgeShapes.RollbackSaved(m.file(), m.sha256(), m.sizeBytes(), m.savedAt());
        } catch (RollbackException e) {
            if (e.exitCode() == RollbackException.VERIFICATION_FAILED) {
                throw new ValidationException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Adds the page's timing to the session's audit report, once: loaded in sql.js and first view painted. */
    void painted(double sinceNavigationMs) {
        if (!painted.compareAndSet(false, true)) {
            return;
        }
        long total = (System.nanoTime() - openedAt) / 1_000_000;
        try {
            Path report = session.folder().resolve("report.json");
            if (java.nio.file.Files.exists(report)) {
                RollbackReport.read(report).with(new RollbackStep("page", true, "the page loaded the database in sql.js "
                        + "and painted its first view " + Math.round(sinceNavigationMs) + " ms after navigation; "
                        + total + " ms after entering began", Timestamps.now(), Math.round(sinceNavigationMs)))
                        .write(session.folder(), "report");
            }
        } catch (RuntimeException e) {
            log.warn("Could not add the page step to the rollback report: {}", e.getMessage());
        }
        log.info("Rollback mode painted {} ms after entering began", total);
    }

    long openedAt() {
        return openedAt;
    }

    @Override
    public void close() {
        tasks.close();
        ledger.close();
        lock.close();
    }
}

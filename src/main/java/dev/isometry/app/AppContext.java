package dev.isometry.app;

import dev.isometry.bridge.BridgeCommands;
import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.BridgeLimits;
import dev.isometry.bridge.BridgeShapes;
import dev.isometry.bridge.ChangeNotice;
import dev.isometry.bridge.LiveViews;
import dev.isometry.bridge.PageChannel;
import dev.isometry.bridge.HostActions;
import dev.isometry.core.BackgroundTasks;
import dev.isometry.bridge.EventHub;
import dev.isometry.bridge.Jobs;
import dev.isometry.core.CardService;
import dev.isometry.safety.Backups;
import dev.isometry.safety.DailyBackups;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.StoreLock;
import dev.isometry.safety.StoreNotReadyException;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.core.Services;
import dev.isometry.store.AppliedRequests;
import dev.isometry.store.DataDir;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.LiveQueries;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open store and the services over it, shared by the GUI and the CLI: opening prepares the data
 * directory, opens the database and brings its schema up to date. Thread-safe; close once.
 */
public final class AppContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppContext.class);
    /** How often a running app looks for writes by other processes (the CLI, say). */
    static final Duration EXTERNAL_POLL = Duration.ofMillis(200);

    /** How often a running app looks for writes by other processes. */
    public static Duration externalPoll() {
        return EXTERNAL_POLL;
    }
    /** How long applied request ids are remembered (replays older than this are not recognized). */
    static final Duration REQUEST_MEMORY = Duration.ofDays(30);

    private final DataDir dataDir;
    private final Database database;
    private final Services services;
    private final CardService cards;
    private final BackgroundTasks tasks;
    private final EventHub events = new EventHub();
    private final LiveQueries live;
    private final AutoCloseable changeEvents;
    private final Jobs jobs;
    private final int schemaVersion;
    /** Held while a writable store is open, so no other Isometry process writes it meanwhile (null read-only). */
    private final StoreLock lock;
    private volatile DailyBackups dailyBackups;
    /** What the last daily backup came to (null before the first attempt). */
    private volatile DailyBackups.Outcome lastDailyBackup;

    private AppContext(DataDir dataDir, Database database, int schemaVersion, StoreLock lock) {
        this.dataDir = dataDir;
        this.database = database;
        this.schemaVersion = schemaVersion;
        this.lock = lock;
        this.services = Services.over(database);
        this.cards = services.cards();
        this.tasks = new BackgroundTasks();
        this.jobs = new Jobs(tasks.jobs(), events);
        this.live = new LiveQueries(database.changes(), LiveQueries.Limits.ofDefaults());
        this.changeEvents = ChangeNotice.forward(database.changes(), events);
    }

    /**
     * Prepares {@code dataDir}, takes the store lock and opens the store if it is ready (a new store gets
     * its schema). A store that needs an upgrade, is blocked or is damaged is not opened: upgrades go
     * through the safety layer, after the person chose them.
     *
     * @throws StoreNotReadyException with the validation report when the store is not ready
     * @throws dev.isometry.safety.StoreLockedException when another Isometry process has it open
     */
    public static AppContext open(DataDir dataDir) {
        dataDir.prepare();
        return openHolding(dataDir, StoreLock.acquire(dataDir));
    }

    /**
     * Opens the store for one command-line command: alone when no app has it open, or beside the running
     * app, sharing it (SQLite keeps the two consistent; the app's change feed shows the command's writes).
     * Waits while a migration or restore runs.
     *
     * @throws StoreNotReadyException with the validation report when the store is not ready
     * @throws dev.isometry.safety.StoreLockedException when maintenance did not finish in time
     */
    public static AppContext openForCommand(DataDir dataDir) {
        dataDir.prepare();
        StoreLock lock;
        try {
            lock = StoreLock.acquire(dataDir);
        } catch (dev.isometry.safety.StoreLockedException ownedElsewhere) {
            lock = StoreLock.share(dataDir);
        }
        return openHolding(dataDir, lock);
    }

    private static AppContext openHolding(DataDir dataDir, StoreLock lock) {
        Database db = null;
        try {
            StartupReport report = StartupValidator.shipped().validate(dataDir, ValidationDepth.BASIC, true);
            if (!report.ready()) {
                throw new StoreNotReadyException(report);
            }
            db = Database.open(dataDir.database(), DatabaseConfig.ofDefaults());
            MigrationRunner runner = new MigrationRunner(MigrationCatalog.shipped());
            int version = db.withWriterConnection(c -> {
                runner.migrate(c); // only a new, empty store has anything to apply here
                return MigrationRunner.schemaVersion(c);
            });
            log.info("Opened {} at schema v{}", dataDir.database(), version);
            return new AppContext(dataDir, db, version, lock);
        } catch (RuntimeException e) {
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the store read-only, as it is, without the lock and without any change: for a store the
     * person chose to look at rather than upgrade or repair. Every write is refused.
     */
    public static AppContext openReadOnly(DataDir dataDir) {
        Database db = Database.open(dataDir.database(), DatabaseConfig.builder().readOnly(true).build());
        try {
            int version = db.read(tx -> tx.fetchOne("PRAGMA user_version").get(0, Integer.class));
            log.info("Opened {} read-only at schema v{}", dataDir.database(), version);
            return new AppContext(dataDir, db, version, null);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The event every open page gets after each daily backup made or failed. */
    public static final String BACKUP_EVENT = "backup";

    /**
     * Backs the store up once a day while the app runs (first check a minute after start, then hourly),
     * keeping backups by the retention rules, and tells the open pages each outcome ({@value #BACKUP_EVENT}
     * events: {@code {"kind":"daily","ok":…,"file"|"message":…}}). Stopped by {@link #close()}.
     */
    public void startDailyBackups() {
        startDailyBackups(Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** {@link #startDailyBackups()} with its own timing (tests). */
    void startDailyBackups(Duration first, Duration every) {
        if (!readOnly() && dailyBackups == null) {
            dailyBackups = DailyBackups.start(Backups.of(dataDir, AppVersion.get()), first, every, outcome -> {
                lastDailyBackup = outcome;
                events.publish(BACKUP_EVENT, backupEvent(outcome));
            });
        }
    }

    private static Map<String, Object> backupEvent(DailyBackups.Outcome outcome) {
        return outcome.made() ? Map.of("kind", "daily", "ok", true, "file", outcome.file())
                : Map.of("kind", "daily", "ok", false, "message", outcome.problem());
    }

    /**
     * {@code host}, and when its page says it is ready (its listeners are in place by then), that page is
     * told again of a daily backup that failed: a page loaded or reloaded after the event would otherwise
     * not know until the next hourly check.
     */
    private HostActions tellingBackups(HostActions host, PageChannel channel) {
        return new HostActions() {
            @Override
            public void openExternal(java.net.URI uri) {
                host.openExternal(uri);
            }

            @Override
            public void pageInteractive(double sinceNavigationMs) {
                host.pageInteractive(sinceNavigationMs);
                DailyBackups.Outcome last = lastDailyBackup;
                if (last != null && !last.made()) {
                    channel.publish(BACKUP_EVENT, backupEvent(last));
                }
            }

            @Override
            public java.util.Optional<java.nio.file.Path> choosePath(boolean forImport, String format) {
                return host.choosePath(forImport, format);
            }
        };
    }

    public boolean readOnly() {
        return database.readOnly();
    }

    public DataDir dataDir() {
        return dataDir;
    }

    public Database database() {
        return database;
    }

    public CardService cards() {
        return cards;
    }

    public BackgroundTasks tasks() {
        return tasks;
    }

    public Services services() {
        return services;
    }

    /** Events pushed to every open page. */
    public EventHub events() {
        return events;
    }

    /**
     * Housekeeping for an app session: request ids older than the bridge remembers are forgotten, cards
     * trashed longer than the retention are deleted for good, and a brand-new store gets the sample cards. Returns the number of cards purged.
     */
    public int startSession() {
        // Request ids only matter to the bridge, so an app session forgets old ones; CLI reads write nothing.
        int forgotten = database.write(tx -> new AppliedRequests().prune(tx, REQUEST_MEMORY));
        int purged = purgeExpiredTrash();
        int samples = services.samples().addIfFirstRun();
        log.info("Session start: {} old request id(s) forgotten, {} expired trashed card(s) purged, {} sample "
                + "card(s) added", forgotten, purged, samples);
        tasks.every(TRASH_CHECK_EVERY, this::purgeExpiredTrash);
        database.watchOtherProcesses(EXTERNAL_POLL);
        return purged;
    }

    /** How often a running app looks for trashed cards past the retention. */
    static final Duration TRASH_CHECK_EVERY = Duration.ofHours(6);

    private int purgeExpiredTrash() {
        try {
            return services.settings().trashRetention().map(cards::purgeTrashedBefore).orElse(0);
        } catch (RuntimeException e) {
            log.warn("Purging expired trash failed; it will be tried again: {}", e.getMessage());
            return 0;
        }
    }

    /** The command handlers for one page, with the given host, pushing to the page through {@code channel}. */
    public BridgeDispatcher dispatcher(HostActions host, PageChannel channel) {
        BridgeCommands commands = new BridgeCommands(services, tellingBackups(host, channel),
                () -> new BridgeShapes.SystemInfo(AppVersion.get(), dataDir.root().toString(), schemaVersion,
                        cards.count()), jobs,
                new LiveViews(live, channel));
        return new BridgeDispatcher(commands, database, BridgeLimits.ofDefaults());
    }

    /** The store's live queries (every page's live views). */
    public LiveQueries liveQueries() {
        return live;
    }

    @Override
    public void close() {
        DailyBackups daily = dailyBackups;
        if (daily != null) {
            daily.close();
        }
        tasks.close();
        try {
            changeEvents.close();
        } catch (Exception e) {
            log.debug("Stopping change events: {}", e.getMessage());
        }
        live.close();
        database.close();
        if (lock != null) {
            lock.close();
        }
    }
}

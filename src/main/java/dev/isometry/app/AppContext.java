package dev.isometry.app;

import dev.isometry.bridge.BridgeCommands;
import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.BridgeLimits;
import dev.isometry.bridge.HostActions;
import dev.isometry.core.BackgroundTasks;
import dev.isometry.bridge.EventHub;
import dev.isometry.bridge.Jobs;
import dev.isometry.core.CardService;
import dev.isometry.core.Services;
import dev.isometry.store.AppliedRequests;
import dev.isometry.store.DataDir;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open store and the services over it, shared by the GUI and the CLI: opening prepares the data
 * directory, opens the database and brings its schema up to date. Thread-safe; close once.
 */
public final class AppContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppContext.class);
    /** How long applied request ids are remembered (replays older than this are not recognized). */
    static final Duration REQUEST_MEMORY = Duration.ofDays(30);

    private final DataDir dataDir;
    private final Database database;
    private final Services services;
    private final CardService cards;
    private final BackgroundTasks tasks;
    private final EventHub events = new EventHub();
    private final Jobs jobs;
    private final int schemaVersion;

    private AppContext(DataDir dataDir, Database database, int schemaVersion) {
        this.dataDir = dataDir;
        this.database = database;
        this.schemaVersion = schemaVersion;
        this.services = Services.over(database);
        this.cards = services.cards();
        this.tasks = new BackgroundTasks();
        this.jobs = new Jobs(tasks.jobs(), events);
    }

    /** Prepares {@code dataDir}, opens its store and applies pending migrations. */
    public static AppContext open(DataDir dataDir) {
        dataDir.prepare();
        Database db = Database.open(dataDir.database(), DatabaseConfig.ofDefaults());
        try {
            MigrationRunner runner = new MigrationRunner(MigrationCatalog.shipped());
            int version = db.withWriterConnection(c -> {
                runner.migrate(c);
                return MigrationRunner.schemaVersion(c);
            });
            int pruned = db.write(tx -> new AppliedRequests().prune(tx, REQUEST_MEMORY));
            log.info("Opened {} at schema v{} ({} old request ids forgotten)", dataDir.database(), version, pruned);
            return new AppContext(dataDir, db, version);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
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
     * Housekeeping for an app session: cards trashed longer than the retention are deleted for good,
     * and a brand-new store gets the sample cards. Returns the number of cards purged.
     */
    public int startSession() {
        int purged = services.settings().trashRetention().map(cards::purgeTrashedBefore).orElse(0);
        int samples = services.samples().addIfFirstRun();
        log.info("Session start: {} expired trashed card(s) purged, {} sample card(s) added", purged, samples);
        return purged;
    }

    /** The command handlers for one page, with the given host. */
    public BridgeDispatcher dispatcher(HostActions host) {
        BridgeCommands commands = new BridgeCommands(services, host, () -> new BridgeCommands.SystemInfo(
                AppVersion.get(), dataDir.root().toString(), schemaVersion, cards.count()), jobs);
        return new BridgeDispatcher(commands, database, BridgeLimits.ofDefaults());
    }

    @Override
    public void close() {
        tasks.close();
        database.close();
    }
}

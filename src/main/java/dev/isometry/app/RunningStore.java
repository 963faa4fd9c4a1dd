package dev.isometry.app;

import dev.isometry.safety.BackupException;
import dev.isometry.safety.BackupKind;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.BackupRestore;
import dev.isometry.safety.Backups;
import dev.isometry.safety.MigrationListener;
import dev.isometry.safety.RestoreResult;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.StoreStatus;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.MigrationCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.net.URL;
import dev.isometry.safety.RollbackManager;
import dev.isometry.safety.RollbackReport;
import dev.isometry.safety.RollbackReturn;
import dev.isometry.safety.RollbackSession;
import dev.isometry.store.DataDir;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store the running app has open, and the one way to swap it while the window stays up: a restore
 * takes the bridge away from the page, closes the store (releasing its lock), runs the verified
 * {@link BackupRestore}, reopens through the start-up path ({@link StartupFlow#reopen()}) and reconnects
 * the page with a new bridge. A failed restore puts the previous store back (the restore saved it first)
 * and reopens that. Long calls run on the calling thread, never the FX thread. Thread-safe: swaps are
 * serialized.
 */
final class RunningStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningStore.class);

    private final StartupFlow flow;
    private final PageHost page;
    private final Function<AppContext, PageHost.BridgeWiring> wiring;
    /** Serializes swaps; never held while waiting for nothing but the FX thread's quick page calls. */
    private final Object swap = new Object();
    private volatile AppContext current;
    private volatile boolean closed;
    private volatile Runnable beforeSwap = () -> { };
    /** Set when the app runs in rollback mode (then {@link #current} is empty: the native store is not open). */
    private volatile RollbackContext rollback;
    private volatile Function<RollbackContext, PageHost.BridgeWiring> rollbackWiring;
    private volatile Consumer<Boolean> onMode = inRollback -> { };

    RunningStore(StartupFlow flow, PageHost page, Function<AppContext, PageHost.BridgeWiring> wiring) {
        this.flow = flow;
        this.page = page;
        this.wiring = wiring;
    }

    /** Runs {@code hook} before the store is taken away for a swap (other windows close then). */
    void beforeSwap(Runnable hook) {
        beforeSwap = hook;
    }

    /** How rollback mode's bridge is built, and who hears when the mode changes (on the calling thread). */
    void rollbackMode(Function<RollbackContext, PageHost.BridgeWiring> wiring, Consumer<Boolean> modeChanged) {
        this.rollbackWiring = wiring;
        this.onMode = modeChanged;
    }

    /** The rollback session the launch opened ({@code --rollback}). */
    void openedRollback(RollbackContext ctx) {
        rollback = ctx;
        onMode.accept(true);
        if (closed) {
            close();
        }
    }

    boolean inRollback() {
        return rollback != null;
    }

    Optional<RollbackContext> rollback() {
        return Optional.ofNullable(rollback);
    }

    DataDir dataDir() {
        return flow.dataDir();
    }

    /** FX thread: the page's writes not yet answered (its outbox), or -1 when it cannot be asked. */
    int pageQueuedWrites() {
        return page.queuedWrites();
    }

    /**
     * Switches to rollback mode: continues the active rollback session if there is one, else assesses,
     * backs up, exports and verifies the store (or its newest sound backup when the store is damaged); then
     * the native store is closed and the page reloads on sql.js. Calling thread, never the FX thread.
     *
     * @param queuedWrites the page's unsent writes (-1: read them from its storage)
     * @return what happened, in one sentence
     * @throws dev.isometry.safety.RollbackException when refused (with the reasons) or a step failed; the app
     *                                               is as it was
     */
    String enterRollback(int queuedWrites, Consumer<String> status) {
        synchronized (swap) {
            if (rollback != null) {
                return "Isometry is already in rollback mode.";
            }
            long start = System.nanoTime();
            RollbackManager manager = RollbackManager.of(flow.dataDir(), AppVersion.get());
            Optional<RollbackSession> active = manager.active();
            RollbackSession session;
            if (active.isPresent()) {
                status.accept("Continuing the rollback session of " + active.get().createdAt() + "…");
                session = active.get();
            } else {
                status.accept("Checking, backing up and exporting your cards…");
                session = manager.enter(manager.defaultSource(), queuedWrites);
            }
            AppContext open = current;
            beforeSwap.run();
            onFx(page::disconnect);
            current = null;
            if (open != null) {
                open.close();
            }
            try {
                RollbackContext ctx = RollbackContext.open(flow.dataDir(), session, start);
                rollback = ctx;
                PageHost.BridgeWiring w = rollbackWiring.apply(ctx);
                URL url = RollbackPage.rollbackPage(flow.dataDir().rollback().resolve("web"));
                onFx(() -> page.switchTo(url, w));
                onMode.accept(true);
                return "Rollback mode: " + session.folder();
            } catch (RuntimeException e) {
                log.error("Could not open rollback mode; reopening the store", e);
                if (open != null) {
                    reconnect(flow.reopen());
                }
                throw e;
            }
        }
    }

    /**
     * The way back: the rollback page loses its bridge, the session's newest snapshot is merged into the
     * native store ({@link RollbackReturn}: verified, backed up first, three-way, verified after), and the
     * native store opens in the page. If it fails, rollback mode is opened again and the reason thrown.
     * Calling thread, never the FX thread.
     */
    RollbackReport returnToNative(Consumer<String> status) {
        synchronized (swap) {
            RollbackContext ctx = rollback;
            if (ctx == null) {
                throw new dev.isometry.safety.RollbackException("Isometry is not in rollback mode.");
            }
            status.accept("Saving the last changes made in rollback mode…");
            savePageEdits(java.time.Duration.ofSeconds(30));
            status.accept("Closing rollback mode…");
            onFx(page::disconnect);
            rollback = null;
            ctx.close();
            RollbackSession session = ctx.rollbackSession();
            RollbackReport report;
            try {
                status.accept("Merging rollback mode's changes into your store…");
                report = new RollbackReturn(flow.dataDir(), AppVersion.get()).run(session);
            } catch (RuntimeException e) {
                RollbackContext again = RollbackContext.open(flow.dataDir(), session, System.nanoTime());
                rollback = again;
                PageHost.BridgeWiring w = rollbackWiring.apply(again);
                URL url = RollbackPage.rollbackPage(flow.dataDir().rollback().resolve("web"));
                onFx(() -> page.switchTo(url, w));
                throw e;
            }
            status.accept("Opening your store…");
            AppContext reopened = flow.reopen();
            current = reopened;
            PageHost.BridgeWiring w = wiring.apply(reopened);
            onFx(() -> page.switchTo(RollbackPage.nativePage(), w));
            onMode.accept(false);
            return report;
        }
    }

    /** The store the start-up opened. */
    void opened(AppContext ctx) {
        current = ctx;
        if (closed) {
            close();
        }
    }

    /** The open store, if one is open now (not before start-up finishes, nor during a swap). */
    Optional<AppContext> current() {
        return Optional.ofNullable(current);
    }

    Backups backups() {
        return flow.backups();
    }

    /** Makes a manual backup of the open store (it keeps working meanwhile). Calling thread. */
    BackupManifest backUpNow() {
        return backups().create(BackupKind.MANUAL);
    }

    /**
     * Restores {@code backup} in place of the open store. Calling thread (never the FX thread).
     *
     * @param status hears each step in plain words
     * @throws BackupException with one plain sentence when the backup is refused or the restore failed;
     *                         the previous store is open again then (unless the message says otherwise)
     */
    RestoreResult restore(BackupManifest backup, Consumer<String> status) {
        synchronized (swap) {
            return restoreHeld(backup, status);
        }
    }

    private RestoreResult restoreHeld(BackupManifest backup, Consumer<String> status) {
        Path file = backups().fileOf(backup);
        status.accept("Checking the backup…");
        BackupManifest checked = Backups.verify(file); // a tampered or damaged backup stops here, nothing touched
        int newest = MigrationCatalog.shipped().latestVersion();
        if (checked.schemaVersion() > newest) {
            throw new BackupException("This backup was made by a newer version of Isometry (schema "
                    + checked.schemaVersion() + "), so this version cannot restore it.");
        }
        AppContext open = current;
        if (open == null || open.readOnly()) {
            throw new BackupException("A backup can be restored only while your cards are open for editing.");
        }
        status.accept("Closing your cards…");
        beforeSwap.run();
        onFx(page::disconnect);
        current = null;
        open.close();
        Path db = flow.dataDir().database();
        String before = hashOrNull(db);
        Set<String> known = fileNames();
        try {
            status.accept("Backing up your cards and restoring " + backup.file() + "…");
            RestoreResult result = new BackupRestore(backups()).restore(file);
            if (checked.schemaVersion() < newest) {
                status.accept("Upgrading the restored cards…");
                upgrade();
            }
            status.accept("Opening the restored cards…");
            reconnect(flow.reopen());
            return result;
        } catch (RuntimeException failure) {
            log.error("Restore of {} failed; going back to the previous store", backup.file(), failure);
            status.accept("The restore failed; reopening your previous cards…");
            String why = failure.getMessage() == null ? "The restore could not be completed." : failure.getMessage();
            try {
                putBack(db, before, known);
                reconnect(flow.reopen());
            } catch (RuntimeException again) {
                log.error("Could not reopen the previous store", again);
                throw new BackupException(why + " Isometry could not reopen your previous cards either ("
                        + again.getMessage() + "); restart Isometry.", again);
            }
            throw new BackupException(why + " Your previous cards are open again.", failure);
        }
    }

    private void upgrade() {
        if (StartupValidator.shipped().validate(flow.dataDir(), ValidationDepth.BASIC).status()
                == StoreStatus.NEEDS_MIGRATION) {
            SafeMigrator.shipped(flow.dataDir(), backups()).migrate(MigrationListener.none());
        }
    }

    /** If the store file is no longer the one there before, restores the copy the restore saved first. */
    private void putBack(Path db, String before, Set<String> known) {
        if (before == null || before.equals(hashOrNull(db))) {
            return; // the restore stopped before it replaced anything
        }
        BackupManifest saved = backups().list().stream()
                .filter(m -> m.kind() == BackupKind.PRE_RESTORE || m.kind() == BackupKind.DAMAGED_COPY)
                .filter(m -> !known.contains(m.file())).findFirst()
                .orElseThrow(() -> new BackupException("the copy of your previous cards was not found"));
        new BackupRestore(backups()).restore(backups().fileOf(saved));
        log.info("Put the previous store back from {}", saved.file());
    }

    private void reconnect(AppContext ctx) {
        if (closed) {
            ctx.close(); // the app quit meanwhile
            return;
        }
        current = ctx;
        PageHost.BridgeWiring w = wiring.apply(ctx);
        onFx(() -> page.rewire(w));
    }

    private Set<String> fileNames() {
        return backups().list().stream().map(BackupManifest::file).collect(Collectors.toSet());
    }

    private static String hashOrNull(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new BackupException("Your cards could not be read before the restore: " + e.getMessage(), e);
        }
    }

    /**
     * Asks the rollback page to save what it has not saved yet (its saves are debounced) and waits until
     * it has, so the way back merges every edit. Calling thread.
     *
     * @throws dev.isometry.safety.RollbackException when the page could not save in time (nothing changed)
     */
    void savePageEdits(java.time.Duration limit) {
        String hooks = "window.isometryRollback";
        onFx(() -> page.engine().executeScript("if (" + hooks + ") " + hooks + ".flush();"));
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String[] state = new String[2];
            onFx(() -> {
                Object unsaved = page.engine().executeScript(hooks + " ? " + hooks + ".unsaved() : false");
                state[0] = String.valueOf(unsaved);
                state[1] = String.valueOf(page.engine().executeScript(hooks + " ? " + hooks + ".state() : ''"));
            });
            if (!"true".equals(state[0])) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new dev.isometry.safety.RollbackException("The page could not save its last changes in "
                        + limit.toSeconds() + " s (" + state[1] + "); nothing was changed. Try again.");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * Before the app closes in rollback mode: lets the page save what it has not saved yet, on a thread of
     * its own (the page needs the FX thread to save), then runs {@code then} on the FX thread. In native
     * mode {@code then} runs at once. FX thread.
     */
    void afterRollbackSave(Runnable then) {
        if (rollback == null) {
            then.run();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                savePageEdits(java.time.Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("Closing in rollback mode with changes the page could not save: {}", e.getMessage());
            } finally {
                Platform.runLater(then);
            }
        }, "isometry-rollback-close");
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code work} on the FX thread and waits for it (at once when already there). */
    static void onFx(Runnable work) {
        if (Platform.isFxApplicationThread()) {
            work.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.join();
    }

    @Override
    public void close() {
        closed = true;
        RollbackContext rb = rollback;
        rollback = null;
        if (rb != null) {
            rb.close();
        }
        AppContext open = current;
        current = null;
        if (open != null) {
            open.close();
        }
    }
}

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

    RunningStore(StartupFlow flow, PageHost page, Function<AppContext, PageHost.BridgeWiring> wiring) {
        this.flow = flow;
        this.page = page;
        this.wiring = wiring;
    }

    /** Runs {@code hook} before the store is taken away for a swap (other windows close then). */
    void beforeSwap(Runnable hook) {
        beforeSwap = hook;
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
        AppContext open = current;
        current = null;
        if (open != null) {
            open.close();
        }
    }
}

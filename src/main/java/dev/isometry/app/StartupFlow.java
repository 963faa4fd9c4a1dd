package dev.isometry.app;

import dev.isometry.safety.Backups;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.StoreNotReadyException;
import dev.isometry.safety.StoreStatus;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.DataDir;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens between launch and a usable store. Off the FX thread: finish or undo an upgrade a crash
 * interrupted (the person had already chosen it), then validate the store. A READY store opens at once,
 * overlapping the page load; otherwise the window shows a {@link StartupScreen} in place of the page and
 * nothing is written until the person chooses (or their settings allow an automatic upgrade). The
 * context future completes when a store is open, writable or read-only. Thread-safe.
 */
final class StartupFlow {
    private static final Logger log = LoggerFactory.getLogger(StartupFlow.class);

    private final DataDir dir;
    private final Consumer<AppContext> onOpen;
    private final CompletableFuture<AppContext> context = new CompletableFuture<>();
    private final CompletableFuture<StartupReport> check;
    private final Executor background = r -> {
        Thread t = new Thread(r, "isometry-open-store");
        t.setDaemon(true);
        t.start();
    };

    /**
     * @param onOpen runs on the opening thread once a store is open (warm-up, session start)
     */
    StartupFlow(LaunchOptions options, Consumer<AppContext> onOpen) {
        this(options, onOpen, true);
    }

    /**
     * A flow that does not open the native store at start (rollback mode: the store may be the problem);
     * {@link #reopen()} opens it later, when the person returns to native.
     */
    static StartupFlow idle(LaunchOptions options, Consumer<AppContext> onOpen) {
        return new StartupFlow(options, onOpen, false);
    }

    private StartupFlow(LaunchOptions options, Consumer<AppContext> onOpen, boolean start) {
        this.dir = options.dataDir();
        this.onOpen = onOpen;
        this.check = start ? CompletableFuture.supplyAsync(this::recoverAndValidate, background)
                : new CompletableFuture<>();
        check.whenComplete((report, e) -> {
            if (e != null) {
                context.completeExceptionally(e);
            } else if (report.ready()) {
                try {
                    open(() -> AppContext.open(dir));
                } catch (RuntimeException failure) {
                    context.completeExceptionally(failure);
                }
            }
        });
    }

    CompletableFuture<AppContext> context() {
        return context;
    }

    DataDir dataDir() {
        return dir;
    }

    Backups backups() {
        return Backups.of(dir, AppVersion.get());
    }

    private StartupReport recoverAndValidate() {
        SafeMigrator.shipped(dir, backups()).recover()
                .ifPresent(r -> log.warn("An interrupted upgrade was resolved at start: {}", r.note()));
        StartupReport report = StartupValidator.shipped().validate(dir, ValidationDepth.QUICK);
        log.info("Start-up validation: {} in {} ms ({})", report.status(), report.durationMs(), report.reason());
        return report;
    }

    /** Validates again (after a restore, or when the person tries again). */
    StartupReport revalidate() {
        return recoverAndValidate();
    }

    /**
     * Opens with {@code how} on the calling thread and completes the context.
     *
     * @throws RuntimeException when the store cannot be opened (the context is left pending)
     */
    void open(Supplier<AppContext> how) {
        context.complete(prepared(how.get()));
    }

    /**
     * Opens the store again while the app runs (after a restore), through the same path as a start:
     * recovery, validation, {@link AppContext#open}, warm-up and daily backups. Calling thread.
     *
     * @throws StoreNotReadyException when the store is not ready now (it is not opened then)
     */
    AppContext reopen() {
        StartupReport report = recoverAndValidate();
        if (!report.ready()) {
            throw new StoreNotReadyException(report);
        }
        return prepared(AppContext.open(dir));
    }

    private AppContext prepared(AppContext ctx) {
        try {
            onOpen.accept(ctx);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        if (!ctx.readOnly()) {
            ctx.startDailyBackups();
        }
        return ctx;
    }

    /** FX thread: when the store is not ready, shows the screen for it in the window until it is resolved. */
    void attach(Stage stage) {
        check.thenAccept(report -> {
            if (!report.ready()) {
                Platform.runLater(() -> show(stage, report));
            }
        });
    }

    /** What the start-up screen's "Open in rollback mode" does (set by the app before {@link #attach}). */
    private volatile java.util.function.Function<java.util.function.Consumer<String>, String> rollback;

    void offerRollback(java.util.function.Function<java.util.function.Consumer<String>, String> enter) {
        this.rollback = enter;
    }

    java.util.function.Function<java.util.function.Consumer<String>, String> rollbackEntry() {
        return rollback;
    }

    private void show(Stage stage, StartupReport report) {
        Scene scene = stage.getScene();
        Parent page = scene.getRoot();
        StartupScreen screen = new StartupScreen(this, report, () -> scene.setRoot(page), background);
        scene.setRoot(screen.root());
        if (report.status() == StoreStatus.NEEDS_MIGRATION && StartupSettings.load(dir).migrateAutomatically()) {
            screen.migrate();
        }
    }
}

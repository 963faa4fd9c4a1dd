package dev.isometry.app;

import dev.isometry.bridge.HostActions;
import dev.isometry.bridge.PageChannel;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the store given by {@link LaunchOptions} while the window and page
 * load, then connects the two. Started only through {@link Launcher}/{@link Gui}. FX thread for
 * everything but the store.
 */
public final class IsometryApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(IsometryApp.class);
    /** Printed (with the milliseconds since JVM start) when the page first becomes interactive. */
    public static final String INTERACTIVE_MARKER = "isometry:interactive";
    private static volatile String startupFailure;

    private CompletableFuture<AppContext> context;
    /** Rollback mode's session when launched with {@code --rollback}; null otherwise. */
    private CompletableFuture<RollbackContext> rollbackStart;
    private StartupFlow startup;
    private MainWindow window;
    /** Windows opened with File → New Window (FX thread only). */
    private final java.util.List<MainWindow> others = new java.util.ArrayList<>();
    private RunningStore running;
    private volatile boolean reportedInteractive;
    /** The main window may close: rollback mode's last edits were saved (FX thread). */
    private boolean closingSaved;

    /** Why the last launch could not open its store, or null. */
    static String startupFailure() {
        return startupFailure;
    }

    @Override
    public void init() {
        LaunchOptions options = LaunchOptions.get();
        java.util.function.Consumer<AppContext> onOpen = ctx -> {
            if (!ctx.readOnly()) {
                ctx.startSession();
            }
            ctx.cards().list(1, 0, dev.isometry.model.CardFilter.NONE);
        };
        if (options.rollback() != null) {
            // Rollback mode: the native store is not opened (it may be the problem); the session is resolved
            // (continued, or assessed + backed up + exported + verified) while the WebView is created.
            startup = StartupFlow.idle(options, onOpen);
            long start = System.nanoTime();
            rollbackStart = CompletableFuture.supplyAsync(() -> RollbackContext.open(options.dataDir(),
                    rollbackSession(options), start), r -> {
                        Thread t = new Thread(r, "isometry-open-store");
                        t.setDaemon(true);
                        t.start();
                    });
        } else {
            // Checking and opening the store (and warming the query layer) overlaps with creating the WebView;
            // a store that is not ready waits for the person's choice on the start-up screen.
            startup = new StartupFlow(options, onOpen);
        }
        context = startup.context();
    }

    /** The session {@code --rollback} opens: the given backup, else the active session, else a new export. */
    private static dev.isometry.safety.RollbackSession rollbackSession(LaunchOptions options) {
        var manager = dev.isometry.safety.RollbackManager.of(options.dataDir(), AppVersion.get());
        java.nio.file.Path backup = options.rollback().fromBackup();
        if (backup != null) {
            return manager.enter(dev.isometry.safety.RollbackSource.fromBackup(backup), -1);
        }
        return manager.active().orElseGet(() -> manager.enter(manager.defaultSource(), -1));
    }

    @Override
    public void start(Stage stage) {
        LaunchOptions options = LaunchOptions.get();
        HostActions host = hostFor(stage, options, true);
        java.util.function.Function<AppContext, PageHost.BridgeWiring> wiring = ctx -> wiring(ctx, host, options);
        java.util.function.Function<RollbackContext, PageHost.BridgeWiring> rollbackWiring =
                ctx -> ctx.wiring(host, options.faults());
        CompletableFuture<?> opening = rollbackStart != null ? rollbackStart : context;
        CompletableFuture<PageHost.BridgeWiring> bridge = rollbackStart != null ? rollbackStart.thenApply(rollbackWiring)
                : context.thenApply(wiring);
        opening.exceptionally(e -> {
            Platform.runLater(() -> failStartup(e, options.headless()));
            return null;
        });
        window = new MainWindow(stage, options.dataDir(), bridge, host, rollbackStart != null
                ? RollbackPage.rollbackPage(options.dataDir().rollback().resolve("web")) : RollbackPage.nativePage(), true);
        // A restore from Help → Backups, or a switch to rollback mode, swaps the store: other windows close
        // first, then the main page reconnects.
        running = new RunningStore(startup, window.page(), wiring);
        running.beforeSwap(() -> RunningStore.onFx(this::closeOtherWindows));
        running.rollbackMode(rollbackWiring, inRollback -> Platform.runLater(() ->
                stage.setTitle(inRollback ? "Isometry — Rollback mode" : "Isometry")));
        startup.offerRollback(status -> running.enterRollback(-1, status));
        context.thenAccept(running::opened);
        if (rollbackStart != null) {
            rollbackStart.thenAccept(running::openedRollback);
        }
        window.menus(AppMenus.build(stage, running, this::openWindow));
        // In rollback mode the page saves on a debounce: closing waits for its last edits to be saved.
        stage.setOnCloseRequest(e -> {
            if (running.inRollback() && !closingSaved) {
                e.consume();
                running.afterRollbackSave(() -> {
                    closingSaved = true;
                    stage.close();
                });
            }
        });
        window.show();
        startup.attach(stage);
        scheduleFaultReloads(options.faults());
    }

    /** The bridge for one page: its own push channel and command handlers over the open store. */
    private static PageHost.BridgeWiring wiring(AppContext ctx, HostActions host, LaunchOptions options) {
        PageChannel channel = ctx.events().channel();
        var dispatcher = ctx.dispatcher(host, channel);
        dispatcher.injectFaults(options.faults()); // off unless a test or --fault-injection asks
        return new PageHost.BridgeWiring(dispatcher, ctx.tasks().handlers(), channel);
    }

    /**
     * File → New Window: another window on the same open store. Edits in one show in the others through
     * their live views. FX thread.
     */
    void openWindow() {
        AppContext ctx = running.current().orElse(null);
        if (ctx == null) {
            return; // not before the store is open (nor during a restore)
        }
        LaunchOptions options = LaunchOptions.get();
        Stage stage = new Stage();
        HostActions host = hostFor(stage, options, false);
        MainWindow other = new MainWindow(stage, options.dataDir(),
                CompletableFuture.completedFuture(wiring(ctx, host, options)), host, RollbackPage.nativePage(), false);
        other.menus(AppMenus.build(stage, running, this::openWindow));
        others.add(other);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> others.remove(other));
        Stage main = window.stage();
        stage.setX(main.getX() + 32 * others.size());
        stage.setY(main.getY() + 32 * others.size());
        other.show();
        log.info("Opened window {} on the same store", others.size() + 1);
    }

    private void closeOtherWindows() {
        for (MainWindow w : java.util.List.copyOf(others)) {
            w.stage().close();
        }
    }

    private HostActions hostFor(Stage stage, LaunchOptions options, boolean main) {
        return new HostActions() {
            @Override
            public void openExternal(URI uri) {
                if (options.headless()) {
                    log.info("Would open {} in the system browser (headless)", uri);
                    return;
                }
                Platform.runLater(() -> getHostServices().showDocument(uri.toString()));
            }

            @Override
            public void pageInteractive(double sinceNavigationMs) {
                if (!main) {
                    return;
                }
                if (running != null) {
                    running.rollback().ifPresent(r -> r.painted(sinceNavigationMs));
                }
                onInteractive(sinceNavigationMs, options.exitWhenInteractive());
            }

            @Override
            public java.util.Optional<java.nio.file.Path> choosePath(boolean forImport, String format) {
                if (options.headless()) {
                    return java.util.Optional.empty();
                }
                return PathChooser.ask(stage, forImport, format);
            }
        };
    }

    /** Reloads the page now and then when the fault plan says so (development flag only). */
    private void scheduleFaultReloads(dev.isometry.bridge.FaultInjector faults) {
        long every = faults.reloadEveryMillis();
        if (every <= 0) {
            return;
        }
        log.warn("Fault injection: reloading the page every {} ms", every);
        var timeline = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.millis(every),
                e -> window.page().reload()));
        timeline.setCycleCount(javafx.animation.Animation.INDEFINITE);
        timeline.play();
    }

    private void failStartup(Throwable e, boolean headless) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        startupFailure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        log.error("Cannot open the store", cause);
        if (!headless) {
            Alert alert = new Alert(Alert.AlertType.ERROR);
            alert.setTitle("Isometry");
            alert.setHeaderText("Isometry cannot open your cards");
            alert.setContentText(startupFailure);
            alert.showAndWait();
        }
        Platform.exit();
    }

    private void onInteractive(double sinceNavigationMs, boolean exit) {
        if (reportedInteractive) {
            return;
        }
        reportedInteractive = true;
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Interactive {} ms after JVM start ({} ms after navigation)", sinceStart, Math.round(sinceNavigationMs));
        if (exit) {
            System.out.println(INTERACTIVE_MARKER + " " + sinceStart);
            System.out.flush();
            Platform.runLater(Platform::exit);
        }
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
        } else {
            context.thenAccept(AppContext::close);
            if (rollbackStart != null) {
                rollbackStart.thenAccept(RollbackContext::close);
            }
        }
    }
}

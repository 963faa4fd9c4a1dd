package dev.isometry.app;

import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.HostActions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: opens the store given by {@link LaunchOptions} and shows the main window.
 * Started only through {@link Launcher}. FX thread for everything but the store.
 */
public final class IsometryApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(IsometryApp.class);
    /** Printed (with the milliseconds since JVM start) when the page first becomes interactive. */
    public static final String INTERACTIVE_MARKER = "isometry:interactive";

    private AppContext ctx;
    private MainWindow window;
    private volatile boolean reportedInteractive;

    @Override
    public void init() {
        ctx = AppContext.open(LaunchOptions.get().dataDir());
    }

    @Override
    public void start(Stage stage) {
        LaunchOptions options = LaunchOptions.get();
        HostActions host = new HostActions() {
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
                onInteractive(sinceNavigationMs, options.exitWhenInteractive());
            }
        };
        BridgeDispatcher dispatcher = ctx.dispatcher(host);
        window = new MainWindow(stage, ctx, dispatcher, host);
        window.show();
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
        if (ctx != null) {
            ctx.close();
        }
    }
}

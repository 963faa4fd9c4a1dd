package dev.isometry.app;

import dev.isometry.bridge.HostActions;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.scene.control.MenuBar;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.web.WebView;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * An app window: a menu bar over the web UI. The first window's size and place are remembered; windows
 * opened with File → New Window start near it. Closing a window takes its page's bridge away (and with it
 * the page's live views). FX thread only.
 */
final class MainWindow {
    private final Stage stage;
    private final PageHost page;
    private final Path stateFile;
    private final BorderPane root;

    /**
     * @param firstPage  the page to show first (rollback mode's when launched with {@code --rollback})
     * @param remembered whether this window's size and place are remembered (the first window's are)
     */
    MainWindow(Stage stage, DataDir dataDir, CompletableFuture<PageHost.BridgeWiring> bridge, HostActions host,
               java.net.URL firstPage, boolean remembered) {
        this.stage = stage;
        this.stateFile = dataDir.settings().resolve("window.json");
        WebView view = new WebView();
        this.page = new PageHost(view, bridge, host, dataDir.root().resolve("webview"), firstPage);
        stage.setTitle("Isometry");
        var icon = MainWindow.class.getResourceAsStream("/icons/isometry-256.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        root = new BorderPane(view);
        stage.setScene(new Scene(root, 1180, 760));
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> page.close());
        if (!remembered) {
            return;
        }
        WindowState.load(stateFile).ifPresent(s -> s.applyTo(stage));
        // Saved shortly after every move or resize, so the place survives even an abrupt end.
        PauseTransition settle = new PauseTransition(Duration.millis(500));
        settle.setOnFinished(e -> WindowState.of(stage).save(stateFile));
        for (var p : java.util.List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(),
                stage.heightProperty())) {
            p.addListener((obs, was, now) -> settle.playFromStart());
        }
        stage.maximizedProperty().addListener((obs, was, now) -> settle.playFromStart());
        stage.setOnHidden(e -> {
            settle.stop();
            WindowState.of(stage).save(stateFile);
        });
    }

    void show() {
        page.load();
        stage.show();
    }

    /** Puts {@code bar} at the top of the window. */
    void menus(MenuBar bar) {
        root.setTop(bar);
    }

    PageHost page() {
        return page;
    }

    Stage stage() {
        return stage;
    }
}

package dev.isometry.app;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * A window's native menu bar: File (New Window, Close Window, Quit) and Help (Backups…, About Isometry). Backups… is
 * offered once a store is open for editing. Built and used on the FX thread only.
 */
final class AppMenus {
    private final Stage owner;
    private final RunningStore store;
    private final Runnable newWindow;
    private BackupsDialog backups;

    private AppMenus(Stage owner, RunningStore store, Runnable newWindow) {
        this.owner = owner;
        this.store = store;
        this.newWindow = newWindow;
    }

    /** The menu bar for {@code owner}, whose Help → Backups… works on {@code store}. */
    static MenuBar build(Stage owner, RunningStore store, Runnable newWindow) {
        return new AppMenus(owner, store, newWindow).bar();
    }

    private MenuBar bar() {
        MenuItem open = item("menu-new-window", "New Window", "Shortcut+Shift+N");
        open.setOnAction(e -> newWindow.run());
        MenuItem close = item("menu-close-window", "Close Window", "Shortcut+W");
        close.setOnAction(e -> owner.close());
        MenuItem quit = item("menu-quit", "Quit", "Shortcut+Q");
        quit.setOnAction(e -> store.afterRollbackSave(Platform::exit)); // rollback mode saves the last edits first
        MenuItem rollback = item("menu-rollback", "Rollback Mode…", null);
        rollback.setOnAction(e -> enterRollback());
        MenuItem back = item("menu-return-native", "Return to Native…", null);
        back.setOnAction(e -> returnToNative());
        Menu file = new Menu("File", null, open, close, new SeparatorMenuItem(), rollback, back,
                new SeparatorMenuItem(), quit);
        file.setId("menu-file");
        file.setOnShowing(e -> {
            open.setDisable(store.current().isEmpty());
            rollback.setDisable(store.inRollback() || busy);
            back.setDisable(!store.inRollback() || busy);
        });

        MenuItem backupsItem = item("menu-backups", "Backups…", "Shortcut+Shift+B");
        backupsItem.setOnAction(e -> showBackups());
        MenuItem about = item("menu-about", "About Isometry", null);
        about.setOnAction(e -> showAbout());
        Menu help = new Menu("Help", null, backupsItem, new SeparatorMenuItem(), about);
        help.setId("menu-help");
        // Not before the store is open for editing: a store that is not ready has its own screen for backups.
        help.setOnShowing(e -> backupsItem.setDisable(store.current().map(c -> c.readOnly()).orElse(true)));

        MenuBar bar = new MenuBar(file, help);
        bar.setId("menu-bar");
        bar.setUseSystemMenuBar(true); // the screen's menu bar on macOS; in the window elsewhere
        return bar;
    }

    private boolean busy;

    /** File → Rollback Mode…: after a confirmation, the same app on a verified sql.js copy of the cards. */
    private void enterRollback() {
        if (!confirm("Open your cards in rollback mode?", "Isometry checks your data, backs it up, makes a verified "
                + "copy for the page's own database engine and reopens on it, with a \"Rollback mode\" banner. Your "
                + "edits are kept as snapshots; File → Return to Native… merges them back.")) {
            return;
        }
        int queued = store.pageQueuedWrites(); // on the FX thread: the page's own count of unsent changes
        runSwitch("Entering rollback mode", status -> store.enterRollback(queued, status));
    }

    /** File → Return to Native…: after a confirmation, merge rollback mode's changes back and reopen the store. */
    private void returnToNative() {
        if (!confirm("Return to native mode?", "Your store is backed up, the changes made in rollback mode are merged "
                + "into it (changes made on both sides are reported, not overwritten) and checked, and the app "
                + "reopens on it.")) {
            return;
        }
        runSwitch("Returning to native mode", status -> store.returnToNative(status).summary());
    }

    private boolean confirm(String header, String text) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Isometry");
        a.setHeaderText(header);
        a.getDialogPane().setId("rollback-confirm");
        return a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent();
    }

    /** Runs a mode switch off the FX thread and tells the person how it went. */
    private void runSwitch(String what, java.util.function.Function<java.util.function.Consumer<String>, String> work) {
        busy = true;
        Thread t = new Thread(() -> {
            String done;
            boolean ok;
            try {
                done = work.apply(s -> org.slf4j.LoggerFactory.getLogger(AppMenus.class).info("{}: {}", what, s));
                ok = true;
            } catch (RuntimeException e) {
                done = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ok = false;
            }
            String text = done;
            boolean succeeded = ok;
            Platform.runLater(() -> {
                busy = false;
                Alert a = new Alert(succeeded ? Alert.AlertType.INFORMATION : Alert.AlertType.ERROR, text);
                a.initOwner(owner);
                a.setTitle("Isometry");
                a.setHeaderText(what + (succeeded ? ": done" : ": not done"));
                a.getDialogPane().setId("rollback-result");
                a.show();
            });
        }, "isometry-rollback");
        t.setDaemon(true);
        t.start();
    }

    private void showBackups() {
        if (store.current().isEmpty()) {
            return;
        }
        if (backups == null) {
            backups = new BackupsDialog(owner, store);
        }
        backups.show();
    }

    private void showAbout() {
        Alert about = new Alert(Alert.AlertType.INFORMATION);
        about.initOwner(owner);
        about.setTitle("About Isometry");
        about.setHeaderText("Isometry " + AppVersion.get());
        about.setContentText("A desktop knowledge base. Your cards are kept in "
                + store.backups().dataDir().root() + ".");
        about.getDialogPane().setId("about-dialog");
        about.show();
    }

    private static MenuItem item(String id, String text, String accelerator) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        return item;
    }
}

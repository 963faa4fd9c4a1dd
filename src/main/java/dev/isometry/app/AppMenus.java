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
        quit.setOnAction(e -> Platform.exit());
        Menu file = new Menu("File", null, open, close, new SeparatorMenuItem(), quit);
        file.setId("menu-file");
        file.setOnShowing(e -> open.setDisable(store.current().isEmpty()));

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

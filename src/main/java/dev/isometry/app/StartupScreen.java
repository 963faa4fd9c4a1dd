package dev.isometry.app;

import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.BackupRestore;
import dev.isometry.safety.MigrationListener;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.safety.StartupReport;
import dev.isometry.safety.StoreStatus;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The screen shown instead of the page when the store is not ready: what happened in plain words, and
 * the ways out that fit — upgrade (with a progress bar), open read-only, restore a backup from a list,
 * try again, quit. Long work runs off the FX thread; the screen only reports it. FX thread only.
 */
final class StartupScreen {
    private final StartupFlow flow;
    private final Runnable showPage;
    private final Executor background;
    private final VBox root = new VBox(14);
    private final Label title = new Label();
    private final Label reason = new Label();
    private final Label message = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final HBox actions = new HBox(10);
    private final ListView<BackupManifest> backupList = new ListView<>();

    StartupScreen(StartupFlow flow, StartupReport report, Runnable showPage, Executor background) {
        this.flow = flow;
        this.showPage = showPage;
        this.background = background;
        root.setPadding(new Insets(48));
        root.setAlignment(Pos.TOP_LEFT);
        root.setMaxWidth(760);
        title.setId("startup-title");
        title.setStyle("-fx-font-size: 22px; -fx-font-weight: bold;");
        reason.setId("startup-reason");
        reason.setWrapText(true);
        message.setId("startup-message");
        message.setWrapText(true);
        progress.setId("startup-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        backupList.setId("backup-list");
        backupList.setPrefHeight(220);
        backupList.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(BackupManifest m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : String.format("%s   %s   %d cards   schema %d", m.createdAt(),
                        m.kind().slug(), m.cards(), m.schemaVersion()));
            }
        });
        root.getChildren().addAll(title, reason, actions, progress, message);
        show(report);
    }

    Parent root() {
        return root;
    }

    private void show(StartupReport report) {
        reason.setText(report.reason());
        message.setText("");
        progress.setVisible(false);
        root.getChildren().remove(backupList);
        actions.getChildren().clear();
        switch (report.status()) {
            case NEEDS_MIGRATION -> {
                title.setText("Isometry needs to upgrade your cards");
                message.setText("Your cards are backed up first, the upgrade is tried on a copy, and it is checked "
                        + "before it is kept. If anything goes wrong, your store is put back exactly as it was.");
                actions.getChildren().addAll(button("startup-migrate", "Upgrade now", this::migrate),
                        button("startup-read-only", "Open read-only", this::openReadOnly),
                        button("startup-restore", "Restore a backup…", this::listBackups), quit());
            }
            case BLOCKED -> {
                title.setText("Isometry cannot open your cards with this version");
                actions.getChildren().addAll(button("startup-retry", "Try again", this::retry),
                        button("startup-read-only", "Open read-only", this::openReadOnly), quit());
            }
            case NEEDS_RECOVERY -> {
                title.setText("Your cards need repair");
                message.setText("Restore a backup to carry on. The damaged file is kept in the backups folder, "
                        + "never deleted.");
                actions.getChildren().addAll(button("startup-restore", "Restore a backup…", this::listBackups),
                        button("startup-read-only", "Open read-only", this::openReadOnly));
                offerRollback();
                actions.getChildren().add(quit());
            }
            case READY -> {
                title.setText("Opening your cards");
                open(() -> flow.open(() -> AppContext.open(flow.dataDir())));
            }
        }
    }

    /**
     * Offers rollback mode (the cards in the same UI on the page's own engine, from a verified export of
     * the store or of its newest sound backup), when the app can enter it.
     */
    private void offerRollback() {
        if (flow.rollbackEntry() != null && actions.lookup("#startup-rollback") == null) {
            actions.getChildren().add(button("startup-rollback", "Open in rollback mode…", this::enterRollback));
        }
    }

    private void enterRollback() {
        var confirm = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Your cards will open in rollback mode: the same app on a verified copy of your data (or of your "
                        + "newest sound backup). Your edits are kept, and 'Return to native' in the File menu brings "
                        + "them back once the problem is fixed.", javafx.scene.control.ButtonType.OK,
                javafx.scene.control.ButtonType.CANCEL);
        confirm.setHeaderText("Open in rollback mode?");
        confirm.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        confirm.getDialogPane().setId("rollback-confirm");
        confirm.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> {
            busy("Checking, backing up and exporting your cards for rollback mode…");
            background.execute(() -> {
                try {
                    flow.rollbackEntry().apply(text -> Platform.runLater(() -> message.setText(text)));
                    Platform.runLater(showPage);
                } catch (RuntimeException e) {
                    afterWork(e.getMessage());
                }
            });
        });
    }

    private Button button(String id, String text, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private Button quit() {
        return button("startup-quit", "Quit", Platform::exit);
    }

    /** Runs the safe upgrade with a progress bar; on success opens the store. */
    void migrate() {
        busy("Upgrading…");
        background.execute(() -> {
            try {
                SafeMigrator.shipped(flow.dataDir(), flow.backups()).migrate(new MigrationListener() {
                    @Override
                    public void progress(double fraction, String text) {
                        Platform.runLater(() -> {
                            progress.setProgress(fraction);
                            message.setText(text);
                        });
                    }
                });
                afterWork(null);
            } catch (RuntimeException e) {
                afterWork(e.getMessage());
            }
        });
    }

    private void openReadOnly() {
        busy("Opening read-only…");
        open(() -> flow.open(() -> AppContext.openReadOnly(flow.dataDir())));
    }

    private void retry() {
        busy("Checking again…");
        background.execute(() -> afterWork(null));
    }

    private void listBackups() {
        List<BackupManifest> all = flow.backups().list();
        backupList.getItems().setAll(all);
        actions.getChildren().clear();
        if (all.isEmpty()) {
            message.setText("There are no backups in " + flow.dataDir().backups() + ".");
        } else {
            backupList.getSelectionModel().selectFirst();
            message.setText("Choose a backup. The store you have now is backed up (or kept byte for byte) before "
                    + "it is replaced, and the restored file is checked against the backup's hash.");
        }
        root.getChildren().add(3, backupList);
        actions.getChildren().addAll(button("backup-restore-selected", "Restore selected", this::restoreSelected),
                button("backup-back", "Back", this::retry), quit());
    }

    private void restoreSelected() {
        BackupManifest m = backupList.getSelectionModel().getSelectedItem();
        if (m == null) {
            return;
        }
        busy("Restoring " + m.file() + "…");
        background.execute(() -> {
            try {
                new BackupRestore(flow.backups()).restore(flow.backups().fileOf(m));
                afterWork(null);
            } catch (RuntimeException e) {
                afterWork(e.getMessage());
            }
        });
    }

    /** Off the FX thread: validate again and show what is now true (opening the store if it is ready). */
    private void afterWork(String failure) {
        StartupReport now = flow.revalidate();
        Platform.runLater(() -> {
            show(now);
            if (failure != null) {
                message.setText(failure);
                if (!now.ready()) {
                    offerRollback(); // a failed upgrade that could not be undone: rollback mode is a way in
                }
            }
        });
    }

    private void open(Runnable opening) {
        background.execute(() -> {
            try {
                opening.run();
                Platform.runLater(showPage);
            } catch (RuntimeException e) {
                StartupReport now = flow.revalidate();
                Platform.runLater(() -> {
                    show(now.ready() ? blockedBy(now) : now);
                    message.setText("Could not open: " + e.getMessage());
                });
            }
        });
    }

    /** A READY store that still failed to open is shown as blocked, with the failure, rather than retried in a loop. */
    private static StartupReport blockedBy(StartupReport r) {
        return new StartupReport(StoreStatus.BLOCKED, r.reason(), r.storeVersion(), r.appVersion(), r.pending(),
                r.fresh(), r.checks(), r.durationMs());
    }

    private void busy(String text) {
        actions.getChildren().forEach(n -> n.setDisable(true));
        progress.setVisible(true);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        message.setText(text);
    }
}

package dev.isometry.app;

import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.safety.RestoreResult;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Help → Backups: the backups in the data folder (date, kind, size, schema, cards, and whether each still
 * matches its manifest), with "Back up now" and "Restore…". Listing, verifying and backing up run on the
 * open store's job threads; a restore runs on its own thread because it closes the store (and its
 * threads) on the way. The window only shows progress and the outcome. FX thread only.
 */
final class BackupsDialog {
    private static final Logger log = LoggerFactory.getLogger(BackupsDialog.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final RunningStore store;
    private final Stage stage = new Stage();
    private final TableView<Row> table = new TableView<>();
    private final Label status = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Button backUp = button("backup-now", "Back up now");
    private final Button restore = button("backup-restore", "Restore…");
    private final Button close = button("backup-close", "Close");
    private final Executor restoring = r -> {
        Thread t = new Thread(r, "isometry-restore");
        t.setDaemon(true);
        t.start();
    };
    /** Bumped by each refresh and restore, so verifications of an earlier listing are ignored. */
    private int generation;
    private boolean working;

    /** One backup in the table, with its verification as it arrives. */
    record Row(BackupManifest manifest, StringProperty verified) {
    }

    BackupsDialog(Stage owner, RunningStore store) {
        this.store = store;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Backups");
        table.setId("backups-table");
        table.setPlaceholder(new Label("There are no backups yet."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().addAll(List.of(
                column("Made", r -> WHEN.format(Instant.parse(r.manifest().createdAt())), 150),
                column("Kind", r -> r.manifest().kind().slug(), 100),
                column("Size", r -> megabytes(r.manifest().sizeBytes()), 80),
                column("Schema", r -> "v" + r.manifest().schemaVersion(), 60),
                column("Cards", r -> r.manifest().cards() < 0 ? "–" : Long.toString(r.manifest().cards()), 60)));
        TableColumn<Row, String> verified = new TableColumn<>("Verified");
        verified.setCellValueFactory(c -> c.getValue().verified());
        table.getColumns().add(verified);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> updateButtons());
        status.setId("backup-status");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        busy.setId("backup-busy");
        busy.setPrefSize(18, 18);
        busy.setVisible(false);
        backUp.setOnAction(e -> backUpNow());
        restore.setOnAction(e -> confirmRestore());
        close.setOnAction(e -> stage.hide());
        close.setCancelButton(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, backUp, restore, gap, close);
        HBox footer = new HBox(8, busy, status);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox root = new VBox(10, table, footer, buttons);
        VBox.setVgrow(table, Priority.ALWAYS);
        root.setPadding(new Insets(12));
        stage.setScene(new Scene(root, 720, 420));
        stage.setOnCloseRequest(e -> {
            if (working) {
                e.consume(); // a restore in progress must finish where the person can see it
            }
        });
    }

    /** Shows the window (or brings it forward) with a fresh listing. */
    void show() {
        if (!working) {
            refresh();
        }
        stage.show();
        stage.toFront();
    }

    private void refresh() {
        int gen = ++generation;
        List<BackupManifest> all = store.backups().list();
        table.getItems().setAll(all.stream().map(m -> new Row(m, new SimpleStringProperty("checking…"))).toList());
        if (!table.getItems().isEmpty()) {
            table.getSelectionModel().selectFirst();
        }
        updateButtons();
        for (Row row : table.getItems()) {
            background(() -> verdict(row.manifest()), text -> {
                if (gen == generation) {
                    row.verified().set(text);
                }
            });
        }
    }

    /** Off the FX thread: the backup checked against its manifest, in a word or a sentence. */
    private String verdict(BackupManifest m) {
        try {
            Backups.verify(store.backups().fileOf(m));
            return "✓ matches";
        } catch (RuntimeException e) {
            log.warn("Backup {} does not verify: {}", m.file(), e.getMessage());
            return "✗ changed or damaged";
        }
    }

    private void backUpNow() {
        working("Backing up your cards…");
        background(() -> {
            try {
                BackupManifest m = store.backUpNow();
                return "Backed up " + m.cards() + " cards as " + m.file() + ".";
            } catch (RuntimeException e) {
                log.warn("Manual backup failed", e);
                return e.getMessage();
            }
        }, text -> {
            done(text);
            refresh();
        });
    }

    private void confirmRestore() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        BackupManifest m = row.manifest();
        String when = WHEN.format(Instant.parse(m.createdAt()));
        ButtonType go = new ButtonType("Restore", ButtonBar.ButtonData.OK_DONE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, "", go, ButtonType.CANCEL);
        ask.initOwner(stage);
        ask.setTitle("Restore a backup");
        ask.setHeaderText("Restore the backup made " + when + "?");
        ask.setContentText("Your cards as they are now are backed up first, so nothing is lost. Then they are "
                + "replaced by this backup, which is checked against its hash. Changes made after " + when
                + " will not be in the restored cards; the page reloads when it is done.");
        ask.getDialogPane().setId("restore-confirmation");
        ask.getDialogPane().lookupButton(go).setId("restore-confirm");
        ask.getDialogPane().lookupButton(ButtonType.CANCEL).setId("restore-cancel");
        if (ask.showAndWait().filter(go::equals).isPresent()) {
            restore(m);
        }
    }

    private void restore(BackupManifest m) {
        working("Restoring…");
        generation++;
        restoring.execute(() -> {
            String outcome;
            try {
                RestoreResult r = store.restore(m, text -> Platform.runLater(() -> status.setText(text)));
                outcome = "Restored the backup " + m.file() + " (" + r.restored().cards() + " cards)."
                        + (r.savedCurrent() == null ? "" : " Your cards from before are saved as "
                        + r.savedCurrent().getFileName() + ".");
            } catch (RuntimeException e) {
                log.warn("Restore of {} did not happen: {}", m.file(), e.getMessage());
                outcome = e.getMessage();
            }
            String text = outcome;
            Platform.runLater(() -> {
                done(text);
                refresh();
            });
        });
    }

    /** Runs {@code work} on the open store's job threads and hands its result to {@code then} on the FX thread. */
    private void background(Supplier<String> work, Consumer<String> then) {
        Executor jobs = store.current().<Executor>map(c -> c.tasks().jobs()).orElse(restoring);
        try {
            jobs.execute(() -> {
                String result = work.get();
                Platform.runLater(() -> then.accept(result));
            });
        } catch (RejectedExecutionException e) {
            restoring.execute(() -> {
                String result = work.get();
                Platform.runLater(() -> then.accept(result));
            });
        }
    }

    private void working(String text) {
        working = true;
        busy.setVisible(true);
        status.setText(text);
        updateButtons();
    }

    private void done(String text) {
        working = false;
        busy.setVisible(false);
        status.setText(text);
        updateButtons();
    }

    private void updateButtons() {
        boolean writable = store.current().map(c -> !c.readOnly()).orElse(false);
        backUp.setDisable(working || !writable);
        restore.setDisable(working || !writable || table.getSelectionModel().getSelectedItem() == null);
        close.setDisable(working);
    }

    private static TableColumn<Row, String> column(String title, Function<Row, String> value,
                                                   double width) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }

    private static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }
}

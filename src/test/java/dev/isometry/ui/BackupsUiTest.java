package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.safety.BackupKind;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real app, headless: Help → Backups makes a backup and restores one while the app runs. */
class BackupsUiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    @Test
    void aRestoredBackupReplacesTheCardsAndThePageReconnects() throws Exception {
        // Given the app on a store with cards, and a backup made from Help → Backups
        WebPage page = startAndBackUp();

        // And a card added after it
        addCard(page, "Added after the backup");

        // When that backup is restored from Help → Backups
        openBackups(page);
        robot.clickOn("manual");
        robot.clickOn("#backup-restore");
        robot.clickOn("#restore-confirm");
        page.waitUntil(WAIT, () -> status().startsWith("Restored"), "the restore (status: " + status() + ")");

        // Then the page reconnects: the earlier cards are there and the added one is gone
        page.waitUntil(WAIT, () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the page to reload");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Welcome to Isometry"), "the earlier cards");
        assertFalse(page.texts("card-item").contains("Added after the backup"), page.texts("card-item"));
        assertEquals("", page.text("error-banner"));
        // And the store before the restore was backed up first
        assertTrue(backups().stream().anyMatch(m -> m.kind() == BackupKind.PRE_RESTORE), "a pre-restore backup");
        robot.clickOn("#backup-close");

        // And the reconnected page writes to the restored store
        addCard(page, "Added after the restore");
    }

    @Test
    void aTamperedBackupIsRefusedAndTheCardsStay() throws Exception {
        // Given a backup whose bytes were changed after it was made
        WebPage page = startAndBackUp();
        addCard(page, "Kept through a refused restore");
        BackupManifest made = backups().get(0);
        try (RandomAccessFile f = new RandomAccessFile(Backups.of(new DataDir(dataDir), "test").fileOf(made).toFile(),
                "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xFF);
        }

        // When it is listed and a restore is asked for
        openBackups(page);
        page.waitUntil(WAIT, () -> robot.lookup("✗ changed or damaged").tryQuery().isPresent(),
                "the backup to be shown as not matching its manifest");
        robot.clickOn("manual");
        robot.clickOn("#backup-restore");
        robot.clickOn("#restore-confirm");

        // Then it is refused with the safety layer's reason, and nothing was replaced
        page.waitUntil(WAIT, () -> status().contains("does not match its manifest"), "the refusal (status: "
                + status() + ")");
        assertTrue(backups().stream().noneMatch(m -> m.kind() == BackupKind.PRE_RESTORE), "nothing was touched");
        robot.clickOn("#backup-close");
        assertTrue(page.texts("card-item").contains("Kept through a refused restore"), page.texts("card-item"));
        addCard(page, "Still writable");
    }

    @Test
    void aRestoreThatCannotBeOpenedPutsThePreviousCardsBack() throws Exception {
        // Given a backup that matches its manifest but holds a store this version will not open (a changed
        // migration record), and a card added after it
        WebPage page = startAndBackUp();
        addCard(page, "Kept through a failed restore");
        BackupManifest made = backups().get(0);
        Path file = Backups.of(new DataDir(dataDir), "test").fileOf(made);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE migration_history SET checksum = 'changed' WHERE version = 1");
        }
        byte[] bytes = Files.readAllBytes(file);
        BackupManifest resealed = new BackupManifest(made.file(), made.kind(), made.createdAt(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes.length,
                made.schemaVersion(), made.appVersion(), made.rowCounts());
        Json.mapper().writeValue(Backups.manifestOf(file).toFile(), resealed);

        // When it is restored from Help → Backups
        openBackups(page);
        robot.clickOn("manual");
        robot.clickOn("#backup-restore");
        robot.clickOn("#restore-confirm");

        // Then the person is told, and the previous cards are open again, writable, on a reconnected page
        page.waitUntil(WAIT, () -> status().contains("Your previous cards are open again"), "the failure (status: "
                + status() + ")");
        robot.clickOn("#backup-close");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Kept through a failed restore"),
                "the previous cards after the failed restore");
        addCard(page, "Still writable after a failed restore");
    }

    /** Starts the app on the sample cards and makes a backup from Help → Backups. */
    private WebPage startAndBackUp() throws Exception {
        WebPage page = app.start(dataDir);
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Welcome to Isometry"), "the sample cards");
        openBackups(page);
        robot.clickOn("#backup-now");
        page.waitUntil(WAIT, () -> status().startsWith("Backed up"), "the backup (status: " + status() + ")");
        robot.clickOn("#backup-close");
        return page;
    }

    private void openBackups(WebPage page) {
        robot.clickOn("Help");
        robot.clickOn("Backups…");
        page.waitUntil(WAIT, () -> robot.lookup("#backups-table").tryQuery().isPresent(), "the Backups window");
        page.waitUntil(WAIT, () -> !robot.lookup("#backup-now").queryButton().isDisabled(), "the Backups buttons");
    }

    private String status() {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(
                () -> robot.lookup("#backup-status").queryAs(Labeled.class).getText()));
    }

    private List<BackupManifest> backups() {
        return Backups.of(new DataDir(dataDir), "test").list();
    }

    private static void addCard(WebPage page, String name) {
        page.click("new-card");
        page.click("editor-name");
        page.type(name);
        page.click("editor-content");
        page.type("Some words");
        page.click("save");
        page.waitUntil(WAIT, () -> page.text("status").contains("Saved"), "the saved status");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains(name), "the card " + name + " in the list");
    }
}

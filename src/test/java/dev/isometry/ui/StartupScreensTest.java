package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.LaunchOptions;
import dev.isometry.safety.BackupKind;
import dev.isometry.safety.BackupManifest;
import dev.isometry.safety.Backups;
import dev.isometry.safety.StartupValidator;
import dev.isometry.safety.StoreStatus;
import dev.isometry.safety.ValidationDepth;
import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javafx.scene.control.Labeled;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** The real app, headless, on stores that are not ready: each start-up screen and its way out. */
class StartupScreensTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    @TempDir
    Path root;
    private final FxRobot robot = new FxRobot();
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private DataDir store(int version, int cards) throws Exception {
        DataDir dir = new DataDir(root).prepare();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database())) {
            new MigrationRunner(MigrationCatalog.shipped().upTo(version)).migrate(c);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cards (id, card_type, name, content, created_at, "
                    + "modified_at) VALUES (?, 'note', ?, 'words', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")) {
                for (int i = 0; i < cards; i++) {
                    ps.setString(1, "card-" + i);
                    ps.setString(2, "Card " + i);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        return dir;
    }

    private void launch(DataDir dir) throws Exception {
        app.launch(new LaunchOptions(dir, true, false));
    }

    private String text(String id) {
        return robot.lookup("#" + id).tryQueryAs(Labeled.class).map(Labeled::getText).orElse("");
    }

    private void waitFor(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("waited 60 s for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void waitForPage() throws Exception {
        waitFor(() -> robot.lookup(".web-view").tryQuery().isPresent()
                && robot.lookup(".web-view").queryAs(WebView.class).getScene() != null, "the page in the window");
        WebPage page = new WebPage(robot, robot.lookup(".web-view").queryAs(WebView.class));
        page.waitUntil(Duration.ofSeconds(30), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the page to show its list");
    }

    private static long cards(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM cards")) {
            return rs.getLong(1);
        }
    }

    private static String sha(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void anOlderStoreAsksFirstThenUpgradesWithProgressAndOpens() throws Exception {
        // Given a version-1 store with cards
        DataDir dir = store(1, 40);
        String before = sha(dir.database());

        // When the app starts, it explains and waits: nothing is written before the person chooses
        launch(dir);
        waitFor(() -> text("startup-title").contains("upgrade"), "the upgrade screen");
        assertTrue(text("startup-reason").contains("older version"), text("startup-reason"));
        assertEquals(before, sha(dir.database()));

        // When the person chooses to upgrade
        robot.clickOn("#startup-migrate");

        // Then the page opens on the upgraded store, with every card and a pre-upgrade backup
        waitForPage();
        assertEquals(1, Backups.of(dir, "t").list().stream().filter(m -> m.kind() == BackupKind.PRE_MIGRATION).count());
        app.closeApp();
        assertEquals(StoreStatus.READY, StartupValidator.shipped().validate(dir, ValidationDepth.FULL).status());
        assertTrue(cards(dir.database()) >= 40);
    }

    @Test
    void anOlderStoreCanBeOpenedReadOnlyAndIsNotChanged() throws Exception {
        DataDir dir = store(1, 10);
        String before = sha(dir.database());
        launch(dir);
        waitFor(() -> text("startup-title").contains("upgrade"), "the upgrade screen");

        robot.clickOn("#startup-read-only");

        waitFor(() -> robot.lookup(".web-view").tryQuery().isPresent()
                && robot.lookup(".web-view").queryAs(WebView.class).getScene() != null, "the page");
        app.closeApp();
        assertEquals(before, sha(dir.database()));
    }

    @Test
    void aStoreFromANewerVersionIsBlockedAndLeftUntouched() throws Exception {
        DataDir dir = store(LATEST, 5);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database()); Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = " + (LATEST + 1));
        }
        String before = sha(dir.database());

        launch(dir);

        waitFor(() -> text("startup-title").contains("cannot open"), "the blocked screen");
        assertTrue(text("startup-reason").contains("newer Isometry"), text("startup-reason"));
        assertTrue(robot.lookup("#startup-retry").tryQuery().isPresent());
        assertEquals(before, sha(dir.database()));
    }

    @Test
    void aDamagedStoreOffersItsBackupsAndOpensOnceOneIsRestored() throws Exception {
        // Given a store with a backup, then damaged in the middle
        DataDir dir = store(LATEST, 300);
        BackupManifest backup = Backups.of(dir, "t").create(BackupKind.MANUAL);
        try (RandomAccessFile f = new RandomAccessFile(dir.database().toFile(), "rw")) {
            f.seek(f.length() / 2 / 4096 * 4096);
            f.write(new byte[8192]);
        }

        // When the app starts, it says the cards need repair and lists the backup
        launch(dir);
        waitFor(() -> text("startup-title").contains("repair"), "the repair screen");
        robot.clickOn("#startup-restore");
        waitFor(() -> robot.lookup("#backup-list").tryQuery().isPresent(), "the list of backups");
        robot.clickOn("#backup-restore-selected");

        // Then the backup is restored and the page opens on it
        waitForPage();
        app.closeApp();
        assertEquals(300, cards(dir.database()));
        assertTrue(Backups.of(dir, "t").list().stream().anyMatch(m -> m.kind() == BackupKind.PRE_RESTORE
                || m.kind() == BackupKind.DAMAGED_COPY), "the damaged store was kept");
        assertEquals(backup.cards(), 300);
    }
}

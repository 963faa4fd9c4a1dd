package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isometry.app.LaunchOptions;
import dev.isometry.app.RollbackLaunch;
import dev.isometry.app.cli.Cli;
import dev.isometry.bridge.FaultInjector;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The real app, headless, launched with {@code --rollback}: the page is told where its database is and can
 * fetch it by URL, native card commands are refused, a save becomes a snapshot that a restart opens, and
 * File → Return to Native… brings the edit into the native store.
 */
class RollbackUiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    private final RunningApp app = new RunningApp();
    private final FxRobot robot = new FxRobot();
    private int calls;

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private WebPage launchRollback() throws Exception {
        app.launch(new LaunchOptions(new DataDir(dataDir), true, false, FaultInjector.off(), new RollbackLaunch(null)));
        WebView view = robot.lookup(".web-view").queryAs(WebView.class);
        WebPage page = new WebPage(robot, view);
        page.waitUntil(WAIT, () -> "object".equals(String.valueOf(page.js("typeof window.isometryHost")))
                && String.valueOf(page.js("location.search")).equals("?mode=rollback"), "the rollback page's bridge");
        return page;
    }

    /** Sends one request through the page's bridge object and returns the reply envelope. */
    private JsonNode call(WebPage page, String cmd, String argsJson) throws Exception {
        String id = "t-" + (++calls);
        page.js("(function(){if(!window.__t){window.__t={};var orig=window.isometryReceive;window.isometryReceive="
                + "function(b){try{JSON.parse(b).forEach(function(e){if(e.id&&e.id.indexOf('t-')===0){window.__t[e.id]="
                + "JSON.stringify(e);}});}catch(x){}if(orig){return orig.apply(this,arguments);}};}"
                + "window.isometryHost.postMessage(JSON.stringify({v:1,id:'" + id + "',cmd:'" + cmd + "',args:"
                + argsJson + "}));})()");
        page.waitUntil(WAIT, () -> !"undefined".equals(String.valueOf(page.js("typeof window.__t['" + id + "']"))),
                "the reply to " + cmd);
        return Json.mapper().readTree(String.valueOf(page.js("window.__t['" + id + "']")));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private void cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        assertEquals(0, Cli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), all));
    }

    private static String nameOf(Path db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM cards WHERE name = '" + name + "'")) {
            return rs.getLong(1) == 1 ? name : null;
        }
    }

    @Test
    void rollbackModeServesItsDatabaseByUrlKeepsSavesAcrossARestartAndReturnsThemToNative() throws Exception {
        // Given a store with cards
        for (int i = 0; i < 12; i++) {
            cli("cards", "add", "--type", "note", "--name", "Seeded " + i, "--content", "words about " + i);
        }

        // When the app starts in rollback mode
        WebPage first = launchRollback();
        WebPage page = first;

        // Then the page is told where its database is, and fetches it by URL as it is on disk
        JsonNode session = call(page, "rollback:session", "{}").get("result");
        assertTrue(session.get("active").asBoolean(), session.toString());
        String dbUrl = session.get("dbUrl").asText();
        assertTrue(dbUrl.startsWith("file:/"), dbUrl);
        Path db = Path.of(URI.create(dbUrl));
        page.js("window.__x='pending';var x=new XMLHttpRequest();x.open('GET','" + dbUrl + "');x.responseType="
                + "'arraybuffer';x.onload=function(){var b=new Uint8Array(x.response);window.__x=b.length+':'+"
                + "String.fromCharCode.apply(null,b.subarray(0,15))};x.onerror=function(){window.__x='error'};x.send();");
        first.waitUntil(WAIT, () -> !"pending".equals(String.valueOf(first.js("window.__x"))), "the database fetch");
        assertEquals(Files.size(db) + ":SQLite format 3", String.valueOf(first.js("window.__x")));
        assertEquals(sha256(Files.readAllBytes(db)), session.get("snapshotSha256").asText());
        // and the native card commands are not served in rollback mode
        JsonNode list = call(page, "cards:list", "{}");
        assertEquals("BLOCKED", list.get("error").get("kind").asText(), list.toString());

        // When the page saves an edit (its sql.js database, whole)
        Path edited = scratch.resolve("edited.db");
        Files.copy(db, edited);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + edited); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE cards SET name = 'Edited in rollback', version = version + 1 WHERE name = 'Seeded 3'");
        }
        byte[] bytes = Files.readAllBytes(edited);
        String exportId = session.get("exportId").asText();
        JsonNode bad = call(page, "rollback:save", "{exportId:'" + exportId + "',data:'" + Base64.getEncoder()
                .encodeToString(bytes) + "',sha256:'" + sha256("other".getBytes()) + "'}");
        assertEquals("INVALID", bad.get("error").get("kind").asText(), bad.toString());
        JsonNode saved = call(page, "rollback:save", "{exportId:'" + exportId + "',data:'" + Base64.getEncoder()
                .encodeToString(bytes) + "',sha256:'" + sha256(bytes) + "'}").get("result");
        assertEquals(sha256(bytes), saved.get("sha256").asText(), saved.toString());

        // Then a restart in rollback mode opens the saved snapshot
        app.closeApp();
        WebPage restarted = launchRollback();
        page = restarted;
        JsonNode again = call(page, "rollback:session", "{}").get("result");
        assertEquals(sha256(bytes), again.get("snapshotSha256").asText());
        assertTrue(again.get("dbUrl").asText().endsWith(saved.get("file").asText()), again.toString());
        assertEquals("Edited in rollback", nameOf(Path.of(URI.create(again.get("dbUrl").asText())), "Edited in rollback"));

        // When the person returns to native from the File menu
        robot.clickOn("File");
        robot.clickOn("Return to Native…");
        robot.clickOn("OK");
        restarted.waitUntil(WAIT, () -> robot.lookup("#rollback-result").tryQuery().isPresent(), "the return to finish");

        // Then the edit is in the native store and the native page shows it
        WebPage nativePage = restarted;
        nativePage.waitUntil(WAIT, () -> "".equals(String.valueOf(nativePage.js("location.search")))
                && "true".equals(String.valueOf(nativePage.js("document.documentElement.getAttribute('data-ready')"))),
                "the native page");
        assertEquals("Edited in rollback", nameOf(new DataDir(dataDir).database(), "Edited in rollback"));
        nativePage.waitUntil(WAIT, () -> nativePage.texts("card-item").contains("Edited in rollback"),
                "the edit in the native list");
        assertFalse(nativePage.texts("card-item").contains("Seeded 3|"), nativePage.texts("card-item"));
    }

    @Test
    void aDamagedStoreOffersRollbackModeOnItsNewestSoundBackup() throws Exception {
        // Given a store with a backup, then damaged in the middle
        for (int i = 0; i < 40; i++) {
            cli("cards", "add", "--type", "note", "--name", "Kept " + i, "--content", "x".repeat(400));
        }
        cli("backup");
        DataDir dir = new DataDir(dataDir);
        try (var f = new java.io.RandomAccessFile(dir.database().toFile(), "rw")) {
            f.seek(f.length() / 2 / 4096 * 4096);
            f.write(new byte[8192]);
        }

        // When the app starts, the repair screen offers rollback mode, and the person takes it
        app.launch(new LaunchOptions(dir, true, false));
        org.testfx.util.WaitForAsyncUtils.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#startup-rollback").tryQuery().isPresent());
        robot.clickOn("#startup-rollback");
        robot.clickOn("OK");

        // Then the page opens in rollback mode on a verified export of the backup
        org.testfx.util.WaitForAsyncUtils.waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup(".web-view").tryQuery().isPresent());
        WebPage page = new WebPage(robot, robot.lookup(".web-view").queryAs(WebView.class));
        page.waitUntil(WAIT, () -> "?mode=rollback".equals(String.valueOf(page.js("location.search")))
                && "object".equals(String.valueOf(page.js("typeof window.isometryHost"))), "the rollback page");
        JsonNode session = call(page, "rollback:session", "{}").get("result");
        assertTrue(session.get("source").asText().startsWith("backup:isometry-"), session.toString());
        assertEquals("Kept 7", nameOf(Path.of(URI.create(session.get("dbUrl").asText())), "Kept 7"));
    }

    @Test
    void enteringFromTheMenuWithUnsentWritesIsRefusedAndKeepsThem() throws Exception {
        // Given the app in native mode whose page holds a write it has not had answered
        cli("cards", "add", "--type", "note", "--name", "Native card", "--content", "words");
        WebPage page = app.start(dataDir);
        page.js("localStorage.setItem('isometry.outbox.v1.test-unsent', 'queued')");

        // When the person asks for rollback mode from the File menu
        robot.clickOn("File");
        robot.clickOn("Rollback Mode…");
        robot.clickOn("OK");
        page.waitUntil(WAIT, () -> robot.lookup("#rollback-result").tryQuery().isPresent(), "the answer");

        // Then it is refused with the reason, the write is still queued, and the app stays native
        String said = robot.lookup("#rollback-result").queryAs(javafx.scene.control.DialogPane.class).getContentText();
        assertTrue(said.contains("1 change(s) made in the app have not reached the store yet"), said);
        assertEquals("queued", String.valueOf(page.js("localStorage.getItem('isometry.outbox.v1.test-unsent')")));
        assertEquals("", String.valueOf(page.js("location.search")));
        assertFalse(Files.exists(new DataDir(dataDir).rollback().resolve("web")));
        page.js("localStorage.removeItem('isometry.outbox.v1.test-unsent')");
        robot.clickOn("OK"); // closes the answer

        // And once the write is through, the same menu switches the running app to rollback mode
        robot.clickOn("File");
        robot.clickOn("Rollback Mode…");
        robot.clickOn("OK");
        page.waitUntil(WAIT, () -> "?mode=rollback".equals(String.valueOf(page.js("location.search")))
                && "object".equals(String.valueOf(page.js("typeof window.isometryHost"))), "the rollback page");
        JsonNode session = call(page, "rollback:session", "{}").get("result");
        assertEquals("native", session.get("source").asText(), session.toString());
        assertEquals("Native card", nameOf(Path.of(URI.create(session.get("dbUrl").asText())), "Native card"));
        assertEquals("Isometry — Rollback mode", robot.window(0).getScene().getWindow() instanceof javafx.stage.Stage st
                ? org.testfx.util.WaitForAsyncUtils.waitFor(org.testfx.util.WaitForAsyncUtils.asyncFx(st::getTitle)) : "");
    }
}

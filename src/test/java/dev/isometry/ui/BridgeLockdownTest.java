package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.app.AppContext;
import dev.isometry.app.LaunchOptions;
import dev.isometry.model.CardChanges;
import dev.isometry.store.DataDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Lockdown of the bridge in the real app: a page that is not ours never gets it, navigation away is
 * refused, and cards carrying script cannot reach it. Every attack tries to create a card named
 * "pwned …" through the bridge; the store must have none afterwards.
 */
class BridgeLockdownTest {
    /** A script that uses the bridge if it can see it, and marks the window if it ran at all. */
    private static final String ATTACK = "try{window.__pwned=(window.__pwned||0)+1;var h=window.isometryHost||"
            + "(window.parent&&window.parent.isometryHost)||(window.top&&window.top.isometryHost);if(h){h.postMessage("
            + "JSON.stringify({v:1,id:'pwn-'+Math.random(),cmd:'cards:create',args:{card:{cardType:'note',"
            + "name:'pwned '+location.href}}}));}}catch(e){}";

    @TempDir
    Path dataDir;
    @TempDir
    Path elsewhere;
    private final FxRobot robot = new FxRobot();
    private final RunningApp app = new RunningApp();
    private WebView view;

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    private WebPage start() throws Exception {
        app.launch(new LaunchOptions(new DataDir(dataDir), true, false));
        view = robot.lookup(".web-view").queryAs(WebView.class);
        WebPage page = new WebPage(robot, view);
        waitForOurPage(page);
        return page;
    }

    private static void waitForOurPage(WebPage page) {
        page.waitUntil(Duration.ofSeconds(30), () -> {
            try {
                return "true".equals(String.valueOf(page.js("document.documentElement.getAttribute('data-ready')")))
                        && Boolean.TRUE.equals(page.js("!!window.isometryHost"));
            } catch (RuntimeException e) {
                return false;
            }
        }, "the app's own page with its bridge");
    }

    private String location() {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> view.getEngine().getLocation()));
    }

    private Path foreignPage(String name) throws Exception {
        Path file = elsewhere.resolve(name);
        Files.writeString(file, "<!doctype html><html><head><script>" + ATTACK + "</script></head><body>"
                + "<img src=x onerror=\"" + ATTACK.replace("\"", "&quot;") + "\"></body></html>", StandardCharsets.UTF_8);
        return file;
    }

    private List<String> pwnedCards() {
        try (AppContext ctx = AppContext.openReadOnly(new DataDir(dataDir))) {
            return ctx.database().read(tx -> tx.fetch("select name from cards where name like 'pwned%'")
                    .getValues(0, String.class));
        }
    }

    @Test
    void aForeignPageNeverGetsTheBridgeAndNavigationAwayIsRefused() throws Exception {
        // Given the app on its own page
        WebPage page = start();
        String ours = location();
        String foreign = foreignPage("foreign.html").toUri().toString();

        // When the page tries to go to an external web address, it stays (the link goes to the browser)
        page.js("window.location.href = 'https://example.com/steal'");
        WaitForAsyncUtils.waitForFxEvents();
        waitForOurPage(page);
        assertEquals(ours, location());

        // When it navigates to a local page that is not ours, the navigation is refused and ours comes back
        page.js("window.location.href = '" + foreign + "'");
        WaitForAsyncUtils.waitForFxEvents();
        waitForOurPage(page);
        assertTrue(location().startsWith(ours.substring(0, ours.lastIndexOf('/'))), location());

        // When something loads a foreign page straight into the view, it is replaced by ours
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            view.getEngine().load(foreign);
            return null;
        }));
        WaitForAsyncUtils.waitForFxEvents();
        waitForOurPage(page);

        // When a page is written into the view as content (no address), it runs without the bridge
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            view.getEngine().loadContent("<html><body><script>" + ATTACK + "</script></body></html>");
            return null;
        }));
        page.waitUntil(Duration.ofSeconds(10), () -> page.js("window.__pwned") != null
                && !"undefined".equals(String.valueOf(page.js("window.__pwned"))), "the written page's script to run");
        assertEquals(Boolean.FALSE, page.js("!!window.isometryHost"), "a written page has no bridge");
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            view.getEngine().load(ours);
            return null;
        }));
        waitForOurPage(page);

        // When our page embeds a frame from elsewhere, the frame cannot reach the bridge through its parent
        page.js("var f=document.createElement('iframe');f.src='" + foreign + "';document.body.appendChild(f);0");
        page.js("var g=document.createElement('iframe');g.setAttribute('srcdoc','<script>" + ATTACK.replace("'", "\\'")
                + "</scr'+'ipt>');document.body.appendChild(g);0");
        WaitForAsyncUtils.waitForFxEvents();
        // let any frame load and run what it can; the ping proves the page is alive meanwhile
        page.waitUntil(Duration.ofSeconds(5), () -> Boolean.TRUE.equals(page.js(
                "Array.from(document.querySelectorAll('iframe')).every(function(f){try{return !f.contentDocument||"
                        + "f.contentDocument.readyState==='complete';}catch(e){return true;}})")), "the frames to settle");

        // Then no attack created anything
        app.closeApp();
        assertEquals(List.of(), pwnedCards());
    }

    @Test
    void cardsCarryingScriptCannotReachTheBridge() throws Exception {
        // Given cards whose every text field carries script, in the ways Markdown and HTML allow
        String img = "<img src=x onerror=\"" + ATTACK.replace("\"", "&quot;") + "\">";
        List<Map<String, Object>> payloads = List.of(
                Map.of("cardType", "note", "name", img, "content", "<script>" + ATTACK + "</script>\n\n" + img),
                Map.of("cardType", "note", "name", "links", "content", "[click](javascript:" + ATTACK.replace(")", "%29")
                        + ")\n\n<a href=\"javascript:" + ATTACK.replace("\"", "&quot;") + "\">x</a>"),
                Map.of("cardType", "note", "name", "frames", "content", "<iframe srcdoc=\"<script>" + ATTACK.replace("\"",
                        "&quot;") + "</script>\"></iframe><svg onload=\"" + ATTACK.replace("\"", "&quot;") + "\"></svg>"),
                Map.of("cardType", "resource", "name", "<svg/onload=" + ATTACK + ">", "summary", img,
                        "url", "javascript:" + ATTACK, "tags", List.of(img), "folder", "<script>" + ATTACK + "</script>"));
        Files.createDirectories(dataDir);
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            for (Map<String, Object> p : payloads) {
                ctx.cards().create(CardChanges.fromRaw(p), "test");
            }
        }

        // When the app lists them and a person opens each, in every content view
        WebPage page = start();
        int n = ((Number) page.js("document.querySelectorAll('[data-testid=\"card-item\"]').length")).intValue();
        assertTrue(n >= payloads.size(), "the cards are listed: " + n);
        for (int i = 0; i < n; i++) {
            page.js("document.querySelectorAll('[data-testid=\"card-item\"]')[" + i + "].click()");
            WaitForAsyncUtils.waitForFxEvents();
            for (String mode : List.of("Split", "Preview")) {
                page.js("Array.from(document.querySelectorAll('button')).filter(function(b){return b.textContent==='"
                        + mode + "';}).forEach(function(b){b.click();})");
                WaitForAsyncUtils.waitForFxEvents();
            }
        }
        page.js("document.querySelectorAll('a').forEach(function(a){if(/^javascript:/i.test(a.getAttribute('href')||''))a.click();})");
        WaitForAsyncUtils.waitForFxEvents();

        // Then no payload ran in the page, and none reached the bridge
        assertEquals("undefined", String.valueOf(page.js("typeof window.__pwned")), "a payload ran in the page");
        app.closeApp();
        assertEquals(List.of(), pwnedCards());
    }
}

package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.app.AppContext;
import dev.isometry.model.CardChanges;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cards whose content and names carry script payloads render inert in the real WebView: no script
 * runs and no bridge call is made by them (each payload would flag window.__pwned, and would try to
 * trash a target card through the bridge with a request id starting "pwn").
 */
class HostileContentUiTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @TempDir
    Path dataDir;
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    @Test
    void hostileContentRendersInertAndNeverReachesTheBridge() throws Exception {
        // Given a store with a target card and the hostile cards
        List<String> names = new ArrayList<>();
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            String target = ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Target card")),
                    "test").id();
            String payload = "'{\"v\":1,\"id\":\"pwn-' + Math.random() + '\",\"cmd\":\"cards:delete\",\"args\":{\"id\":\""
                    + target + "\"}}'";
            JsonNode fixture = new ObjectMapper().readTree(getClass().getResource("/fixtures/hostile-cards.json"));
            for (JsonNode c : fixture) {
                String content = c.get("content").asText().replace("PAYLOAD", payload);
                ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", c.get("name").asText(),
                        "content", content)), "test");
                names.add(c.get("name").asText());
            }
            ctx.services().settings().setFlag("sampleOffered", true);
        }

        // When the app shows each card, its preview, and a search that snippets them
        WebPage page = app.start(dataDir);
        page.js("(function(){var real=window.isometryHost;window.__sent=[];window.isometryHost={postMessage:"
                + "function(m){window.__sent.push(m);real.postMessage(m);}};})()");
        for (String name : names) {
            String visible = name.startsWith("<img") ? "pwned name" : name;
            page.clickCard(visible);
            page.waitUntil(WAIT, () -> page.exists("[data-testid=\"preview\"]"), "the preview of " + name);
            clickEveryLinkIn(page);
            assertInert(page, name);
        }
        page.click("search");
        page.type("pwned");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("pwned name"), "search results with snippets");

        // Then nothing ran, nothing was sent by a payload, and the target card is untouched
        assertInert(page, "the search results");
        page.setValue("search", "", "input");
        page.waitUntil(WAIT, () -> page.texts("card-item").contains("Target card"), "the target card still listed");
        assertTrue(page.text("card-list").contains("<img src=x"), "a hostile name shows as text");
    }

    private static void clickEveryLinkIn(WebPage page) {
        Object count = page.js("document.querySelectorAll('[data-testid=\"preview\"] a').length");
        int n = ((Number) count).intValue();
        for (int i = 0; i < n; i++) {
            page.js("(function(){var a=document.querySelectorAll('[data-testid=\"preview\"] a')[" + i + "];"
                    + "if(a){a.setAttribute('data-testid','probe-link');}})()");
            if (page.exists("[data-testid=\"probe-link\"]")) {
                page.click("probe-link");
                page.js("(function(){var a=document.querySelector('[data-testid=\"probe-link\"]');"
                        + "if(a){a.removeAttribute('data-testid');}})()");
            }
        }
    }

    private static void assertInert(WebPage page, String where) {
        assertEquals("undefined", String.valueOf(page.js("typeof window.__pwned")), "a payload ran in " + where
                + ": " + page.js("String(window.__pwned)"));
        Object pwnCalls = page.js("window.__sent.filter(function(m){return m.indexOf('\"pwn-')>=0;}).length");
        assertEquals(0, ((Number) pwnCalls).intValue(), "a payload called the bridge in " + where);
        Object scripts = page.js("document.querySelectorAll('[data-testid=\"preview\"] script, [data-testid=\"preview\"] iframe,"
                + " [data-testid=\"preview\"] object, [data-testid=\"preview\"] [onerror], [data-testid=\"preview\"] [onmouseover]').length");
        assertEquals(0, ((Number) scripts).intValue(), "active markup survived in " + where);
    }
}

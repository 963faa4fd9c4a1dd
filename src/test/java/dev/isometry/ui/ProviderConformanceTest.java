package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The provider conformance suite in the real WebView: the same scenarios (web-ui/src/conformance)
 * run against the native store through the bridge and against SqlJsProvider on a rollback export of
 * the same seeded store, and their normalized results must be equal. The export is made here the
 * way the rollback format says (db/rollback/fts4.sql) until the real exporter is used instead.
 */
class ProviderConformanceTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path work;
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    @Test
    void theSameScenariosGiveTheSameResultsOnTheNativeStoreAndOnSqlJs() throws Exception {
        // Given the app on a fresh store (with its first-run sample cards), and a rollback export of it
        WebPage page = app.start(dataDir);
        Path export = rollbackExport(dataDir.resolve("isometry.db"), work.resolve("rollback.db"));
        Path archive = work.resolve("archive.json");
        Files.writeString(archive, String.valueOf(page.js("window.__isometryConformance.archive('r1')")));

        // When the scenarios run on the native store, then on sql.js over the export, in the same page
        JsonNode nativeRun = run(page, "native", "{run:'r1',archivePath:" + JSON.writeValueAsString(archive.toString()) + "}");
        // (fetched by URL, as rollback mode fetches its export)
        JsonNode sqlRun = run(page, "sqljs", "{run:'r1',dbUrl:" + JSON.writeValueAsString(export.toUri().toString()) + "}");
        System.out.printf("conformance: native %d ms, sql.js %d ms; sql.js before the scenarios %s%n",
                nativeRun.path("ms").asLong(), sqlRun.path("ms").asLong(), sqlRun.path("sqljs"));

        // Then every scenario passes on both and their results are equal
        List<String> failures = new ArrayList<>();
        JsonNode nativeResults = nativeRun.path("results");
        JsonNode sqlResults = sqlRun.path("results");
        assertEquals(nativeResults.size(), sqlResults.size(), "both runs report every scenario");
        assertTrue(nativeResults.size() >= 8, "all scenarios ran: " + nativeResults);
        for (int i = 0; i < nativeResults.size(); i++) {
            JsonNode n = nativeResults.get(i);
            JsonNode s = sqlResults.get(i);
            String name = n.path("scenario").asText();
            if (!n.path("ok").asBoolean()) {
                failures.add(name + " failed natively: " + n.path("error").asText());
            }
            if (!s.path("ok").asBoolean()) {
                failures.add(name + " failed on sql.js: " + s.path("error").asText());
            }
            if (!n.path("result").equals(s.path("result"))) {
                failures.add(name + " differs:\n  native " + n.path("result") + "\n  sql.js " + s.path("result"));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Starts a run in the page and waits for its outcome. */
    private static JsonNode run(WebPage page, String kind, String options) throws IOException {
        page.js("window.__isometryConformance.run('" + kind + "'," + options + ");void 0");
        page.waitUntil(RUN_LIMIT, () -> !String.valueOf(page.js("window.__isometryConformance.lastJson()"))
                .contains("\"running\""), "the " + kind + " conformance run");
        JsonNode outcome = JSON.readTree(String.valueOf(page.js("window.__isometryConformance.lastJson()")));
        assertEquals("done", outcome.path("status").asText(), kind + " run: " + outcome);
        return outcome;
    }

    /**
     * A rollback export of {@code store}: a VACUUM INTO copy whose FTS5 index, its triggers and
     * fts_deferred are replaced by the FTS4 index of db/rollback/fts4.sql.
     */
    static Path rollbackExport(Path store, Path out) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            st.execute("VACUUM INTO '" + out.toString().replace("'", "''") + "'");
        }
        String script;
        try (InputStream in = ProviderConformanceTest.class.getResourceAsStream("/db/rollback/fts4.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out);
             Statement st = c.createStatement()) {
            for (String trigger : List.of("cards_fts_ai", "cards_fts_ad", "cards_fts_au")) {
                st.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
            st.execute("DROP TABLE IF EXISTS cards_fts");
            st.execute("DROP TABLE IF EXISTS fts_deferred");
            st.execute("DROP TABLE IF EXISTS fts_batch");
            st.execute("DROP TABLE IF EXISTS fts_pending");
            // The whole script at once (its triggers hold semicolons), as sqlite3_exec runs it.
            int rc = ((SQLiteConnection) c).getDatabase()._exec(script);
            assertEquals(0, rc, "fts4.sql ran (SQLite result code)");
            st.execute("INSERT INTO rollback_meta (key, value) VALUES ('format', '1'), ('source', 'test')");
        }
        return out;
    }
}

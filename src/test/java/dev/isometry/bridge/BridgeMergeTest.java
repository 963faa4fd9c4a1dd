package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.core.CardService;
import dev.isometry.core.Services;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging over the bridge: CONFLICT details, cards:resolve, cards:history, the merge settings, and writes replayed from the page's outbox. */
class BridgeMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Database db;
    private CardService cards;
    private BridgeDispatcher dispatcher;
    private Card card;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        Services services = Services.over(db);
        cards = services.cards();
        dispatcher = new BridgeDispatcher(new BridgeCommands(services, HostActions.none(),
                () -> new BridgeShapes.SystemInfo("test", dir.toString(), 1, cards.count()),
                new Jobs(Runnable::run, new EventHub())), db, BridgeLimits.ofDefaults());
        // Given a card that another window changed after this page read version 1
        card = cards.create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Plan", "content", "first")), "test");
        cards.update(card.id(), 1, CardChanges.fromRaw(Map.of("content", "theirs", "name", "Plan B")), "other");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JsonNode send(String id, String cmd, String args) throws Exception {
        return JSON.readTree(dispatcher.handle("{\"v\":1,\"id\":\"" + id + "\",\"cmd\":\"" + cmd + "\",\"args\":" + args + "}"));
    }

    @Test
    void aConflictCarriesTheFieldsAndTheStoredCardThenAResolutionIsWrittenAndShownInTheHistory() throws Exception {
        JsonNode reply = send("r1", "cards:update", "{\"id\":\"" + card.id() + "\",\"baseVersion\":1,"
                + "\"changes\":{\"content\":\"mine\",\"folder\":\"Home\"}}");

        assertFalse(reply.get("ok").asBoolean(), reply.toString());
        JsonNode error = reply.get("error");
        assertEquals("CONFLICT", error.get("kind").asText());
        JsonNode details = error.get("details");
        assertEquals(2, details.get("currentVersion").asInt());
        assertEquals(1, details.get("baseVersion").asInt());
        assertEquals(1, details.get("fields").size());
        JsonNode field = details.get("fields").get(0);
        assertEquals("content", field.get("field").asText());
        assertEquals("first", field.get("base").asText());
        assertEquals("mine", field.get("mine").asText());
        assertEquals("theirs", field.get("theirs").asText());
        assertEquals("Plan B", details.get("card").get("name").asText());

        JsonNode resolved = send("r2", "cards:resolve", "{\"id\":\"" + card.id() + "\",\"baseVersion\":1,"
                + "\"theirsVersion\":2,\"changes\":{\"content\":\"mine\",\"folder\":\"Home\"},"
                + "\"choices\":{\"content\":\"edited\"},\"edited\":{\"content\":\"theirs and mine\"}}");
        assertTrue(resolved.get("ok").asBoolean(), resolved.toString());
        assertEquals("theirs and mine", resolved.get("result").get("content").asText());
        assertEquals("Home", resolved.get("result").get("folder").asText());

        JsonNode history = send("r3", "cards:history", "{\"id\":\"" + card.id() + "\"}").get("result").get("versions");
        JsonNode newest = history.get(0);
        assertEquals(3, newest.get("version").asInt());
        JsonNode res = newest.get("resolutions").get(0);
        assertEquals("content", res.get("field").asText());
        assertEquals("person", res.get("strategy").asText());
        assertEquals("edited", res.get("chosen").asText());
        assertEquals("mine", res.get("mine").asText());
        assertEquals("theirs", res.get("theirs").asText());
    }

    @Test
    void aWriteReplayedFromTheOutboxGoesThroughTheSameMergeAndIsAppliedOnce() throws Exception {
        // The page queued this write while the bridge was down, an hour before the other window's change
        String queued = "{\"id\":\"" + card.id() + "\",\"baseVersion\":1,\"changes\":{\"name\":\"Offline name\","
                + "\"folder\":\"Travel\"},\"editedAt\":\"" + java.time.Instant.now().minusSeconds(3_600) + "\"}";

        JsonNode first = send("queued-1", "cards:update", queued);
        JsonNode again = send("queued-1", "cards:update", queued);

        assertTrue(first.get("ok").asBoolean(), first.toString());
        assertEquals(first.get("result"), again.get("result"), "the replay gets the first reply");
        Card stored = cards.get(card.id());
        assertEquals(3, stored.version(), "applied once");
        assertEquals("Travel", stored.folder(), "the field only the queued write changed merged");
        assertEquals("Plan B", stored.name(), "the later name wins over the older queued one");
        var r = cards.history(card.id()).get(0).resolutions().get(0).resolution();
        assertEquals("theirs", r.chosen());
        assertEquals("Offline name", r.mine());
    }

    @Test
    void badInputIsInvalidAndWritesNothing() throws Exception {
        String base = "{\"id\":\"" + card.id() + "\",";
        for (String args : new String[] {
            base + "\"baseVersion\":5,\"changes\":{\"folder\":\"x\"}}",
            base + "\"baseVersion\":1,\"changes\":{\"colour\":\"red\"}}",
            base + "\"baseVersion\":1,\"changes\":{\"folder\":\"x\"},\"editedAt\":\"yesterday\"}",
            base + "\"baseVersion\":1,\"theirsVersion\":2,\"changes\":{\"content\":\"mine\"},\"choices\":{}}",
            base + "\"baseVersion\":1,\"theirsVersion\":2,\"changes\":{\"content\":\"mine\"},"
                    + "\"choices\":{\"content\":\"edited\"}}",
            base + "\"baseVersion\":1,\"theirsVersion\":2,\"changes\":{\"content\":\"mine\"},"
                    + "\"choices\":{\"content\":\"mine\",\"folder\":\"theirs\"}}",
        }) {
            String cmd = args.contains("theirsVersion") ? "cards:resolve" : "cards:update";
            JsonNode reply = send(java.util.UUID.randomUUID().toString(), cmd, args);
            assertEquals("INVALID", reply.get("error").get("kind").asText(), args + " -> " + reply);
        }
        assertEquals(2, cards.get(card.id()).version());
        assertTrue(cards.history(card.id()).stream().allMatch(v -> v.resolutions().isEmpty()));
    }

    @Test
    void mergeStrategiesAreReadAndSetOverTheBridgeAndABadOneChangesNothing() throws Exception {
        JsonNode before = send("s1", "settings:get", "{}").get("result");
        assertEquals("ask", before.get("mergeStrategies").get("content").asText());
        assertEquals("last-writer-wins", before.get("mergeStrategies").get("name").asText());

        JsonNode set = send("s2", "settings:update", "{\"mergeStrategies\":{\"content\":\"last-writer-wins\",\"*\":\"ask\"}}");
        assertTrue(set.get("ok").asBoolean(), set.toString());
        assertEquals("last-writer-wins", set.get("result").get("mergeStrategies").get("content").asText(), set.toString());
        assertEquals("ask", set.get("result").get("mergeStrategies").get("folder").asText());

        // A bad strategy alongside a good retention: refused as a whole, nothing written
        JsonNode bad = send("s3", "settings:update", "{\"trashRetentionDays\":7,\"mergeStrategies\":{\"name\":\"coin\"}}");
        assertEquals("INVALID", bad.get("error").get("kind").asText(), bad.toString());
        JsonNode unknown = send("s4", "settings:update", "{\"mergeStrategies\":{\"colour\":\"ask\"}}");
        assertEquals("INVALID", unknown.get("error").get("kind").asText(), unknown.toString());
        JsonNode after = send("s5", "settings:get", "{}").get("result");
        assertEquals(set.get("result"), after);
        assertEquals(30, after.get("trashRetentionDays").asInt());

        JsonNode reset = send("s6", "settings:update", "{\"mergeStrategies\":{}}");
        assertEquals(before.get("mergeStrategies"), reset.get("result").get("mergeStrategies"));
        // The reply is read inside the write: it shows the new value, not the one before it
        assertEquals(7, send("s7", "settings:update", "{\"trashRetentionDays\":7}").get("result").get("trashRetentionDays").asInt());
    }
}

package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.core.CardService;
import dev.isometry.core.Services;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Database db;
    private CardService cards;
    private BridgeDispatcher dispatcher;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        Services services = Services.over(db);
        cards = services.cards();
        BridgeCommands commands = new BridgeCommands(services, HostActions.none(),
                () -> new BridgeShapes.SystemInfo("test", dir.toString(), 1, cards.count()),
                new Jobs(Runnable::run, new EventHub()));
        dispatcher = new BridgeDispatcher(commands, db, BridgeLimits.builder().maxMessageChars(10_000).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JsonNode send(String message) throws Exception {
        return JSON.readTree(dispatcher.handle(message));
    }

    private static String request(String id, String cmd, String args) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"cmd\":\"" + cmd + "\",\"args\":" + args + "}";
    }

    private void assertError(JsonNode reply, String kind) {
        assertFalse(reply.get("ok").asBoolean(), reply.toString());
        assertEquals(kind, reply.get("error").get("kind").asText(), reply.toString());
        assertFalse(reply.toString().contains("Exception"), "no Java internals reach the page: " + reply);
        assertFalse(reply.toString().contains("\tat "), "no stack trace reaches the page: " + reply);
    }

    @Test
    void pingRepliesWithTheRequestId() throws Exception {
        JsonNode reply = send(request("r1", "system:ping", "{}"));
        assertEquals("r1", reply.get("id").asText());
        assertTrue(reply.get("ok").asBoolean());
        assertEquals(1, reply.get("v").asInt());
    }

    @Test
    void createThenGetRoundTripsTheCard() throws Exception {
        JsonNode created = send(request("c1", "cards:create", "{\"card\":{\"cardType\":\"person\",\"name\":\"Ada\"}}"));
        assertTrue(created.get("ok").asBoolean(), created.toString());
        String id = created.get("result").get("id").asText();
        assertEquals("person", created.get("result").get("cardType").asText());

        JsonNode got = send(request("g1", "cards:get", "{\"id\":\"" + id + "\"}"));
        assertEquals(created.get("result"), got.get("result"));
    }

    @Test
    void badInputGetsAnErrorReplyAndWritesNothing() throws Exception {
        assertError(send("{not json"), "INVALID");
        assertError(send("[1,2]"), "INVALID");
        assertError(send(request("a", "cards:explode", "{}")), "INVALID");
        assertError(send(request("b", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":7}}")), "INVALID");
        assertError(send(request("c", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"x\"},\"extra\":1}")), "INVALID");
        assertError(send(request("d", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"x\",\"evil\":1}}")), "INVALID");
        assertError(send(request("e", "cards:list", "{\"limit\":\"5\"}")), "INVALID");
        assertError(send("{\"v\":2,\"id\":\"f\",\"cmd\":\"system:ping\"}"), "INVALID");
        assertError(send("{\"v\":1,\"cmd\":\"system:ping\"}"), "INVALID");
        assertError(send("{\"v\":1,\"id\":\"g\",\"cmd\":\"system:ping\",\"args\":{},\"more\":0}"), "INVALID");
        assertError(send(request("h", "cards:get", "{\"id\":\"nope\"}")), "NOT_FOUND");
        assertEquals(0, cards.count());
    }

    @Test
    void oversizedMessageIsTooLargeAndKeepsItsId() throws Exception {
        String big = request("big-1", "cards:create",
                "{\"card\":{\"cardType\":\"note\",\"name\":\"x\",\"content\":\"" + "a".repeat(20_000) + "\"}}");
        JsonNode reply = send(big);
        assertError(reply, "TOO_LARGE");
        assertEquals("big-1", reply.get("id").asText());
        assertEquals(0, cards.count());
    }

    @Test
    void deeplyNestedMessageIsRefused() throws Exception {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertError(send(request("deep", "system:ping", "{\"x\":" + deep + "}")), "TOO_LARGE");
    }

    @Test
    void replayedWriteIsAppliedOnceAndGetsTheFirstReply() throws Exception {
        String req = request("same-id", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Once\"}}");
        JsonNode first = send(req);
        JsonNode second = send(req);

        assertTrue(second.get("ok").asBoolean());
        assertEquals(first.get("result"), second.get("result"));
        assertEquals(1, cards.count());
    }

    @Test
    void reusedIdWithDifferentPayloadIsRefusedAndNotApplied() throws Exception {
        send(request("dup", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"A\"}}"));
        assertError(send(request("dup", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"B\"}}")), "INVALID");
        assertEquals(1, cards.count());
        assertEquals("A", cards.list(10, 0, dev.isometry.model.CardFilter.NONE).items().get(0).name());
    }

    @Test
    void staleUpdateOfContentChangedSinceIsAConflict() throws Exception {
        // A stale base merges; content changed differently on both sides waits for a person (BridgeMergeTest).
        String id = send(request("c", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"A\"}}"))
                .get("result").get("id").asText();
        assertTrue(send(request("u1", "cards:update", "{\"id\":\"" + id + "\",\"baseVersion\":1,\"changes\":{\"content\":\"B\"}}"))
                .get("ok").asBoolean());
        assertError(send(request("u2", "cards:update", "{\"id\":\"" + id + "\",\"baseVersion\":1,\"changes\":{\"content\":\"C\"}}")),
                "CONFLICT");
    }

    @Test
    void failedWriteIsNotRecordedSoACorrectedRetryWithTheSameIdApplies() throws Exception {
        // A retry carries the same payload; a failed attempt must not poison the id.
        String id = send(request("c", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"A\"}}"))
                .get("result").get("id").asText();
        cards.trash(id, "test");
        String upd = request("u", "cards:update", "{\"id\":\"missing\",\"baseVersion\":1,\"changes\":{\"name\":\"B\"}}");
        assertError(send(upd), "NOT_FOUND");
        assertError(send(upd), "NOT_FOUND");
    }

    @Test
    void everyCommandIsAreaColonVerb() {
        assertTrue(dispatcher.commandNames().contains("cards:create"));
        dispatcher.commandNames().forEach(n -> assertTrue(n.matches("[a-z]+:[a-zA-Z]+"), n));
    }

    @Test
    void aSettledUnansweredWriteIsNeverAppliedLaterAndAnAppliedOneReturnsItsReply() throws Exception {
        // Given a write whose reply the page never got, and one it never sent
        String applied = request("w-applied", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Kept\"}}");
        JsonNode first = send(applied);

        // When the page settles both
        JsonNode settledApplied = send(request("s1", "requests:settle", "{\"requestId\":\"w-applied\"}"));
        JsonNode settledLost = send(request("s2", "requests:settle", "{\"requestId\":\"w-lost\"}"));

        // Then the applied one comes back with its first reply, and the lost one is abandoned for good
        assertEquals("applied", settledApplied.get("result").get("outcome").asText());
        assertEquals(first.get("result"), settledApplied.get("result").get("result"));
        assertEquals("abandoned", settledLost.get("result").get("outcome").asText());
        JsonNode late = send(request("w-lost", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Late\"}}"));
        assertError(late, "INVALID");
        assertEquals(1, cards.count(), "the late copy of the abandoned write was not applied");
    }


    /** Sends every message through the asynchronous path at once and collects one reply per message. */
    private java.util.Map<String, JsonNode> sendAll(java.util.List<String> messages) throws Exception {
        var replies = new java.util.concurrent.ConcurrentHashMap<String, java.util.List<String>>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (String m : messages) {
                String id = JSON.readTree(m).get("id").asText();
                pool.execute(() -> dispatcher.handle(m, reply ->
                        replies.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(reply)));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (String m : messages) {
                ids.add(JSON.readTree(m).get("id").asText());
            }
            while (!replies.keySet().containsAll(ids)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not every request was answered within 30 s: " + replies.keySet());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        } finally {
            pool.shutdown();
        }
        var out = new java.util.HashMap<String, JsonNode>();
        for (var e : replies.entrySet()) {
            out.put(e.getKey(), JSON.readTree(e.getValue().get(0)));
        }
        return out;
    }

    @Test
    void writesSentTogetherAreEachAnsweredOnceCommittedAndABadOneFailsAlone() throws Exception {
        // Given 200 creates sent at once through the asynchronous path, every tenth one breaking a rule
        var messages = new java.util.ArrayList<String>();
        for (int i = 0; i < 200; i++) {
            String name = i % 10 == 3 ? "" : "Card " + i;
            messages.add(request("w" + i, "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"" + name + "\"}}"));
        }

        // When they are handled (many share a commit)
        var replies = sendAll(messages);

        // Then each good one is stored once and answered with its card; each bad one is INVALID, alone
        for (int i = 0; i < 200; i++) {
            JsonNode reply = replies.get("w" + i);
            if (i % 10 == 3) {
                assertError(reply, "INVALID");
            } else {
                assertTrue(reply.get("ok").asBoolean(), reply.toString());
                assertEquals("Card " + i, reply.get("result").get("name").asText());
            }
        }
        assertEquals(180, cards.count());
        // and sending them all again (a replay) applies nothing twice and gives the first replies
        var again = sendAll(messages);
        for (int i = 0; i < 200; i++) {
            if (i % 10 != 3) {
                assertEquals(replies.get("w" + i).get("result"), again.get("w" + i).get("result"));
            }
        }
        assertEquals(180, cards.count());
    }
}

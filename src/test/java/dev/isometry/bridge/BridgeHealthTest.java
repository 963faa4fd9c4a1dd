package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.core.CardService;
import dev.isometry.core.Services;
import dev.isometry.model.CardFilter;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** system:health figures, the handler timeout and the fault injector, against a real store. */
class BridgeHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Database db;
    private CardService cards;
    private BridgeDispatcher dispatcher;
    private final FaultInjector faults = FaultInjector.off();

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        Services services = Services.over(db);
        cards = services.cards();
        dispatcher = dispatcher(services, Duration.ofSeconds(30));
    }

    private BridgeDispatcher dispatcher(Services services, Duration handlerTimeout) {
        BridgeCommands commands = new BridgeCommands(services, HostActions.none(),
                () -> new BridgeShapes.SystemInfo("test", dir.toString(), 1, 0), new Jobs(Runnable::run, new EventHub()));
        BridgeDispatcher d = new BridgeDispatcher(commands, db, BridgeLimits.builder().handlerTimeout(handlerTimeout).build());
        d.injectFaults(faults);
        return d;
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JsonNode send(String id, String cmd, String args) throws Exception {
        return JSON.readTree(dispatcher.handle("{\"v\":1,\"id\":\"" + id + "\",\"cmd\":\"" + cmd + "\",\"args\":" + args + "}"));
    }

    private long stored(String name) {
        return cards.list(1_000, 0, CardFilter.NONE).items().stream().filter(c -> c.name().equals(name)).count();
    }

    @Test
    void healthReportsLatencyPercentilesAndErrorsPerCommand() throws Exception {
        for (int i = 0; i < 50; i++) {
            send("p" + i, "system:ping", "{}");
        }
        send("bad", "cards:get", "{\"id\":\"missing\"}");
        send("worse", "cards:get", "{\"nope\":1}");

        JsonNode health = send("h", "system:health", "{}").get("result");

        JsonNode ping = health.at("/commands/system:ping");
        assertEquals(50, ping.get("calls").asLong());
        assertEquals(0, ping.get("errors").asLong());
        assertTrue(ping.get("p50Us").asLong() <= ping.get("p99Us").asLong(), health.toString());
        assertTrue(ping.get("p99Us").asLong() <= ping.get("maxUs").asLong(), health.toString());
        assertEquals(2, health.at("/commands/cards:get/errors").asLong(), health.toString());
        assertEquals(1, health.at("/errors/NOT_FOUND").asLong(), health.toString());
        assertEquals(1, health.at("/errors/INVALID").asLong(), health.toString());
        assertFalse(health.get("faultInjection").asBoolean());
    }

    @Test
    void anInjectedHandlerFailureRollsTheWriteBackAndItsRetryAppliesOnce() throws Exception {
        // Given every handler failing
        faults.plan(FaultPlan.builder().failHandlers(1).build());

        // When a create is sent, it fails as INTERNAL (with a log reference, no internals) and stores nothing
        JsonNode failed = send("w1", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Once\"}}");
        assertEquals("INTERNAL", failed.at("/error/kind").asText(), failed.toString());
        assertFalse(failed.toString().contains("Exception"), failed.toString());
        assertEquals(0, stored("Once"));

        // Then its retry with the same id, faults off, applies once; a second retry gets the first reply
        faults.plan(FaultPlan.none());
        JsonNode ok = send("w1", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Once\"}}");
        JsonNode again = send("w1", "cards:create", "{\"card\":{\"cardType\":\"note\",\"name\":\"Once\"}}");
        assertTrue(ok.get("ok").asBoolean(), ok.toString());
        assertEquals(ok.get("result"), again.get("result"));
        assertEquals(1, stored("Once"));
        assertEquals(1, faults.counts().handlerFailures());
    }

    @Test
    void aDroppedReplyLeavesTheWriteAppliedAndTheRetryGetsTheFirstReply() throws Exception {
        // Writes are answered from the writer thread once committed: wait for that, with a deadline
        List<String> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
        BridgeEndpoint endpoint = new BridgeEndpoint(dispatcher, Runnable::run, replies::add);
        String create = "{\"v\":1,\"id\":\"d1\",\"cmd\":\"cards:create\",\"args\":{\"card\":{\"cardType\":\"note\",\"name\":\"Dropped\"}}}";

        faults.plan(FaultPlan.builder().dropReplies(1).build());
        endpoint.postMessage(create);
        awaitTrue(() -> faults.counts().droppedReplies() == 1);
        assertEquals(List.of(), replies);
        assertEquals(1, stored("Dropped"));

        faults.plan(FaultPlan.builder().dropRequests(1).build());
        endpoint.postMessage(create);
        assertEquals(List.of(), replies);

        faults.plan(FaultPlan.none());
        endpoint.postMessage(create);
        awaitTrue(() -> !replies.isEmpty());
        assertEquals(1, replies.size());
        assertTrue(JSON.readTree(replies.get(0)).get("ok").asBoolean());
        assertEquals(1, stored("Dropped"));
        assertEquals(new FaultCounts(1, 1, 0, 0), faults.counts());
    }

    @Test
    void aHandlerOverItsTimeRepliesTimeoutAndLeavesTheThreadUninterrupted() throws Exception {
        // Given handlers held for up to 2 s against a 100 ms handler timeout
        dispatcher = dispatcher(Services.over(db), Duration.ofMillis(100));
        faults.plan(FaultPlan.builder().delayed(1).maxDelay(Duration.ofSeconds(2)).build());
        int timeouts = 0;
        for (int i = 0; i < 10 && timeouts == 0; i++) {
            JsonNode reply = send("t" + i, "system:ping", "{}");
            assertFalse(Thread.currentThread().isInterrupted(), "the handler thread keeps no interrupt");
            if (!reply.get("ok").asBoolean()) {
                assertEquals("TIMEOUT", reply.at("/error/kind").asText(), reply.toString());
                assertTrue(reply.at("/error/retryable").asBoolean());
                timeouts++;
            }
        }
        assertTrue(timeouts > 0, "a held handler timed out");

        // Then, faults off, the same thread serves normally
        faults.plan(FaultPlan.none());
        assertTrue(send("after", "system:ping", "{}").get("ok").asBoolean());
    }

    @Test
    void faultPlansParseFromTheDevelopmentFlag() {
        FaultPlan plan = FaultPlan.parse("drop-requests=0.2, drop-replies=0.2,fail=0.05,delay=0.1,max-delay-ms=200,reload-every-s=30");
        assertEquals(new FaultPlan(0.2, 0.2, 0.05, 0.1, Duration.ofMillis(200), Duration.ofSeconds(30)), plan);
        assertTrue(plan.active());
        assertFalse(FaultPlan.parse("").active());
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("explode=1"));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("fail=2"));
        assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse("fail"));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}

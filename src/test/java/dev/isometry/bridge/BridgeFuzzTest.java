package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.isometry.core.BackgroundTasks;
import dev.isometry.core.Services;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and hostile envelopes: each gets exactly one well-formed reply (an error or a result), quickly,
 * without a stack trace or a Java class name in it, and a flood of 100,000 messages is answered in full.
 */
class BridgeFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> KINDS = new HashSet<>();

    static {
        for (ErrorKind k : EnumSet.allOf(ErrorKind.class)) {
            KINDS.add(k.name());
        }
    }

    @TempDir
    Path dir;
    private Database db;
    private BridgeDispatcher dispatcher;
    private final long seed = System.nanoTime();
    private final SplittableRandom random = new SplittableRandom(seed);

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        Services services = Services.over(db);
        BridgeCommands commands = new BridgeCommands(services, HostActions.none(),
                () -> new BridgeShapes.SystemInfo("test", dir.toString(), 1, 0), new Jobs(Runnable::run, new EventHub()));
        dispatcher = new BridgeDispatcher(commands, db, BridgeLimits.builder().maxMessageChars(20_000).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyRandomEnvelopeGetsOneWellFormedReplyQuickly() throws Exception {
        // Given every command name, and a generator of hostile messages (seed printed for a rerun)
        List<String> commands = new ArrayList<>(dispatcher.commandNames());
        System.out.println("BridgeFuzzTest seed " + seed);
        int served = 0;
        int refused = 0;
        long slowest = 0;
        for (int i = 0; i < 5_000; i++) {
            String message = message(commands, i);
            String id = textualId(message);

            // When it is handled
            long start = System.nanoTime();
            String reply = dispatcher.handle(message);
            long took = System.nanoTime() - start;
            slowest = Math.max(slowest, took);

            // Then there is exactly one well-formed reply, correlated when the message had a usable id
            assertNotNull(reply, message);
            JsonNode node = JSON.readTree(reply);
            assertEquals(1, node.path("v").asInt(), reply);
            assertTrue(node.path("ok").isBoolean(), reply);
            if (id != null) {
                assertEquals(id, node.path("id").asText(null), "reply to " + abbreviate(message));
            }
            if (node.get("ok").asBoolean()) {
                served++;
            } else {
                refused++;
                JsonNode error = node.get("error");
                assertTrue(KINDS.contains(error.path("kind").asText()), reply);
                assertTrue(error.path("retryable").isBoolean(), reply);
                String text = error.path("message").asText();
                assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("dev.isometry"),
                        "no Java internals reach the page: " + reply);
            }
            assertTrue(took < TimeUnit.SECONDS.toNanos(5), "handling took " + took / 1_000_000 + " ms: " + abbreviate(message));
        }
        System.out.printf("BridgeFuzzTest: 5000 messages, %d served, %d refused, slowest %.1f ms%n", served, refused,
                slowest / 1e6);
        assertTrue(refused > 2_000, "most random messages are refused");
    }

    @Test
    void aFloodOf100kMessagesIsAnsweredInFullAndTheBridgeStillWorks() throws Exception {
        // Given the real handler pool (bounded queue) and a page that counts replies
        try (BackgroundTasks tasks = new BackgroundTasks()) {
            ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
            BridgeEndpoint endpoint = new BridgeEndpoint(dispatcher, tasks.handlers(), replies::add);

            // When 100,000 messages arrive at once (every tenth one malformed)
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                endpoint.postMessage(i % 10 == 9 ? "{\"v\":1,\"id\":\"f" + i + "\",\"cmd\":" : request("f" + i, "system:ping"));
            }

            // Then each gets exactly one reply: served, refused as malformed, or BUSY when the queue was full
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (replies.size() < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertEquals(n, replies.size(), "replies");
            Set<String> ids = new HashSet<>();
            int ok = 0;
            int busy = 0;
            int invalid = 0;
            for (String r : replies) {
                JsonNode node = JSON.readTree(r);
                assertTrue(ids.add(node.path("id").asText()), "one reply per id: " + r);
                if (node.get("ok").asBoolean()) {
                    ok++;
                } else if ("BUSY".equals(node.at("/error/kind").asText())) {
                    busy++;
                } else {
                    assertEquals("INVALID", node.at("/error/kind").asText(), r);
                    invalid++;
                }
            }
            System.out.printf("BridgeFuzzTest flood: %d messages, %d served, %d invalid, %d BUSY%n", n, ok, invalid, busy);
            assertEquals(n, ok + busy + invalid);

            // And the bridge answers normally afterwards
            replies.clear();
            endpoint.postMessage(request("after", "system:health"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (replies.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            JsonNode health = JSON.readTree(replies.peek());
            assertTrue(health.get("ok").asBoolean(), health.toString());
            assertTrue(health.at("/result/commands/system:ping/calls").asLong() > 0, health.toString());
        }
    }

    private static String request(String id, String cmd) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"cmd\":\"" + cmd + "\",\"args\":{}}";
    }

    /** The id the reply must carry: a text id of 1..64 characters in a message that parses as an object. */
    private static String textualId(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            JsonNode id = n == null ? null : n.get("id");
            return id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= 64
                    && message.length() <= 20_000 && depth(n) <= 30 ? id.textValue() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int depth(JsonNode n) {
        int d = 0;
        for (JsonNode c : n) {
            d = Math.max(d, depth(c));
        }
        return d + 1;
    }

    private String message(List<String> commands, int i) {
        return switch (i % 8) {
            case 0 -> randomText(random.nextInt(200));
            case 1 -> randomJson(random.nextInt(6)).toString();
            case 2 -> envelope(commands).toString();
            case 3 -> {
                ObjectNode e = envelope(commands);
                e.set(pick("v", "id", "cmd", "args", "extra"), randomJson(2));
                yield e.toString();
            }
            case 4 -> {
                ObjectNode e = envelope(commands);
                e.remove(pick("v", "id", "cmd", "args"));
                yield e.toString();
            }
            case 5 -> "{\"v\":1,\"id\":\"deep" + i + "\",\"cmd\":\"cards:list\",\"args\":" + "{\"a\":[".repeat(20 + random.nextInt(40))
                    + "]}".repeat(random.nextInt(3) == 0 ? 0 : 1);
            case 6 -> "{\"v\":1,\"id\":\"big" + i + "\",\"cmd\":\"cards:create\",\"args\":{\"card\":{\"name\":\""
                    + "x".repeat(15_000 + random.nextInt(10_000)) + "\"}}}";
            default -> {
                ObjectNode e = envelope(commands);
                e.put("cmd", random.nextBoolean() ? randomText(12) : pick(commands.toArray(String[]::new)) + "x");
                yield e.toString();
            }
        };
    }

    private ObjectNode envelope(List<String> commands) {
        ObjectNode e = NODES.objectNode();
        e.put("v", 1);
        e.put("id", random.nextInt(20) == 0 ? "x".repeat(65) : "fz-" + random.nextLong());
        e.put("cmd", commands.get(random.nextInt(commands.size())));
        ObjectNode args = e.putObject("args");
        for (String key : new String[] {"id", "card", "limit", "query", "changes", "baseVersion", "url", "format"}) {
            if (random.nextInt(3) == 0) {
                args.set(key, randomJson(2));
            }
        }
        return e;
    }

    private JsonNode randomJson(int depth) {
        int kind = depth <= 0 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(7) == 0 ? Long.MIN_VALUE : random.nextLong(-5, 1_000_000));
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6 - 5);
            case 4, 5 -> NODES.textNode(randomText(random.nextInt(40)));
            case 6 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomJson(depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.set(pick("name", "cardType", "id", "content", "tags", randomText(5)), randomJson(depth - 1));
                }
                yield o;
            }
        };
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(10);
            sb.append(switch (r) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> "{}[]\":,\\".charAt(random.nextInt(8));
                case 2 -> (char) (0xD800 + random.nextInt(0x800)); // lone surrogates
                case 3 -> (char) random.nextInt(0x10000);
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return sb.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}

package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.core.Services;
import dev.isometry.core.ValidationException;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rollback:session and rollback:save through the dispatcher, in native mode and in rollback mode. */
class RollbackCommandsBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Database db;
    private final List<byte[]> saved = new ArrayList<>();

    /** A rollback host that keeps what it is given (the app's checks are tested with the safety layer). */
    private final RollbackHost rollback = new RollbackHost() {
        @Override
        public boolean active() {
            return true;
        }

        @Override
        public BridgeShapes.RollbackSessionView session() {
            return new BridgeShapes.RollbackSessionView(true, "file:///data/rollback/r/export.db", "e1", 4,
                    "2026-11-22T06:00:00.000Z", "native", "ab");
        }

        @Override
        public BridgeShapes.RollbackSaved save(String exportId, byte[] data, String sha256) {
            if (!"e1".equals(exportId)) {
                throw new ValidationException("not this session's export");
            }
            saved.add(data);
            return new BridgeShapes.RollbackSaved("snapshot-" + saved.size() + ".db", sha256, data.length, "now");
        }
    };

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private BridgeDispatcher dispatcher(RollbackHost host) {
        Services services = Services.over(db);
        return new BridgeDispatcher(new BridgeCommands(services, HostActions.none(),
                () -> new BridgeShapes.SystemInfo("test", dir.toString(), 4, 0), new Jobs(Runnable::run, new EventHub()),
                host), db, BridgeLimits.ofDefaults());
    }

    private static JsonNode send(BridgeDispatcher d, String id, String cmd, String args) throws Exception {
        return JSON.readTree(d.handle("{\"v\":1,\"id\":\"" + id + "\",\"cmd\":\"" + cmd + "\",\"args\":" + args + "}"));
    }

    @Test
    void inNativeModeTheSessionIsInactiveAndSavesAreBlocked() throws Exception {
        BridgeDispatcher d = dispatcher(RollbackHost.none());
        JsonNode session = send(d, "s1", "rollback:session", "{}");
        assertTrue(session.get("ok").asBoolean(), session.toString());
        assertFalse(session.get("result").get("active").asBoolean());
        assertTrue(session.get("result").get("dbUrl").isNull());
        JsonNode save = send(d, "s2", "rollback:save", "{\"exportId\":\"e1\",\"data\":\"AAAA\",\"sha256\":\"x\"}");
        assertEquals("BLOCKED", save.get("error").get("kind").asText(), save.toString());
        assertTrue(send(d, "s3", "cards:list", "{}").get("ok").asBoolean());
    }

    @Test
    void inRollbackModeOnlySystemRollbackAndSettleAreServedAndASaveIsAppliedOncePerRequestId() throws Exception {
        BridgeDispatcher d = dispatcher(rollback);
        assertEquals("file:///data/rollback/r/export.db",
                send(d, "r1", "rollback:session", "{}").get("result").get("dbUrl").asText());
        assertTrue(send(d, "r2", "system:ping", "{}").get("ok").asBoolean());
        for (String cmd : new String[] {"cards:list", "cards:search", "connections:list", "trash:list"}) {
            JsonNode r = send(d, "r-" + cmd, cmd, "{}");
            assertEquals("BLOCKED", r.get("error").get("kind").asText(), r.toString());
        }
        String data = Base64.getEncoder().encodeToString("SQLite format 3\u0000 and more".getBytes());
        String args = "{\"exportId\":\"e1\",\"data\":\"" + data + "\",\"sha256\":\"cafe\"}";
        JsonNode first = send(d, "save-1", "rollback:save", args);
        JsonNode retry = send(d, "save-1", "rollback:save", args);
        assertEquals(first.get("result"), retry.get("result"));
        assertEquals(1, saved.size(), "a retried save is kept once");
        assertEquals("INVALID", send(d, "save-2", "rollback:save", "{\"exportId\":\"e1\",\"data\":\"%%%\",\"sha256\":\"x\"}")
                .get("error").get("kind").asText());
        assertEquals("INVALID", send(d, "save-3", "rollback:save", "{\"exportId\":\"other\",\"data\":\"" + data
                + "\",\"sha256\":\"x\"}").get("error").get("kind").asText());
        // The page in the WebView sends the byte count instead of a hash: a wrong count, or neither, is refused
        int n = "SQLite format 3\u0000 and more".getBytes().length;
        JsonNode counted = send(d, "save-4", "rollback:save", "{\"exportId\":\"e1\",\"data\":\"" + data
                + "\",\"bytes\":" + n + "}");
        assertTrue(counted.get("ok").asBoolean(), counted.toString());
        assertEquals(2, saved.size());
        JsonNode miscounted = send(d, "save-5", "rollback:save", "{\"exportId\":\"e1\",\"data\":\"" + data
                + "\",\"bytes\":" + (n - 1) + "}");
        assertEquals("INVALID", miscounted.get("error").get("kind").asText(), miscounted.toString());
        assertEquals("INVALID", send(d, "save-6", "rollback:save", "{\"exportId\":\"e1\",\"data\":\"" + data + "\"}")
                .get("error").get("kind").asText());
        assertEquals(2, saved.size(), "nothing refused was kept");
        JsonNode settle = send(d, "settle-1", "requests:settle", "{\"requestId\":\"save-1\"}");
        assertEquals("applied", settle.get("result").get("outcome").asText(), settle.toString());
    }
}

package dev.isometry.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void addedCardIsListedAsJson() throws Exception {
        Result add = run("--data-dir", dir.toString(), "cards", "add", "--type", "note", "--name", "First");
        assertEquals(0, add.code(), add.err());
        String id = add.out().strip();
        assertTrue(id.matches("[0-9a-f-]{36}"), id);

        Result list = run("cards", "list", "--json", "--data-dir", dir.toString());
        JsonNode json = new ObjectMapper().readTree(list.out());
        assertEquals(1, json.get("total").asInt());
        assertEquals(id, json.get("items").get(0).get("id").asText());
        assertEquals("First", json.get("items").get(0).get("name").asText());

        Result get = run("--data-dir", dir.toString(), "cards", "get", id, "--json");
        assertEquals("note", new ObjectMapper().readTree(get.out()).get("cardType").asText());
    }

    @Test
    void unknownIdIsOneLineAndExitOne() {
        Result r = run("--data-dir", dir.toString(), "cards", "get", "no-such-id");
        assertEquals(1, r.code());
        assertEquals("isometry: No card with id no-such-id", r.err().strip());
    }

    @Test
    void unwritableDataDirIsOneClearLineAndExitOneWithoutStackTrace() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Result r = run("--data-dir", file.resolve("data").toString(), "cards", "list");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("isometry: Cannot use data directory"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void invalidInputIsBadUsageAndWritesNothing() throws Exception {
        Result r = run("--data-dir", dir.toString(), "cards", "add", "--type", "planet", "--name", "X");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cardType must be one of"), r.err());
        Result list = run("--data-dir", dir.toString(), "cards", "list", "--json");
        assertEquals(0, new ObjectMapper().readTree(list.out()).get("total").asInt());
        assertEquals(2, run("cards", "frobnicate").code());
    }
}

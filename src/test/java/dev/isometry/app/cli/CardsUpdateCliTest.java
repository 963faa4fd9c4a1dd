package dev.isometry.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code isometry cards update --base-version N --set F=V}: merges, exit 3 for a person, bad input refused whole. */
class CardsUpdateCliTest {
    @TempDir
    Path dir;
    private String id;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Result(code, out.toString(), err.toString());
    }

    private JsonNode card() throws Exception {
        return new ObjectMapper().readTree(run("cards", "get", id, "--json").out());
    }

    @BeforeEach
    void aCardChangedOnceSinceVersionOne() {
        Result add = run("cards", "add", "--type", "note", "--name", "Plan", "--content", "first", "--folder", "Work");
        assertEquals(0, add.code(), add.err());
        id = add.out().strip();
        Result other = run("cards", "update", id, "--base-version", "1", "--set", "content=theirs", "--set", "name=Plan B");
        assertEquals(0, other.code(), other.err());
    }

    @Test
    void aDisjointChangeOnAStaleBaseMerges() throws Exception {
        Result r = run("cards", "update", id, "--base-version", "1", "--set", "folder=Home");
        assertEquals(0, r.code(), r.err());
        JsonNode c = card();
        assertEquals("Home", c.get("folder").asText());
        assertEquals("Plan B", c.get("name").asText());
        assertEquals("theirs", c.get("content").asText());
        assertEquals(3, c.get("version").asInt());
    }

    @Test
    void conflictingFieldsThatNeedAPersonExitThreeListedOnePerLineAndNothingIsWritten() throws Exception {
        Result r = run("cards", "update", id, "--base-version", "1", "--set", "content=mine", "--set", "folder=Home");

        assertEquals(3, r.code(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertTrue(lines.get(0).startsWith("isometry: card " + id + " changed since version 1"), lines.get(0));
        assertEquals(List.of("content"), lines.subList(1, lines.size()));
        assertEquals(2, card().get("version").asInt(), "nothing was written");
        assertEquals("Work", card().get("folder").asText());
    }

    @Test
    void aScalarFieldChangedOnBothSidesGoesToTheLaterWriter() throws Exception {
        Result r = run("cards", "update", id, "--base-version", "1", "--set", "name=Plan C");
        assertEquals(0, r.code(), r.err());
        assertEquals("Plan C", card().get("name").asText());
    }

    @Test
    void aBaseVersionFromTheFutureIsOneLineExitTwoAndNothingIsWritten() throws Exception {
        Result r = run("cards", "update", id, "--base-version", "9", "--set", "folder=Home");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("baseVersion 9 does not exist"), r.err());
        assertEquals(2, card().get("version").asInt());
    }

    @Test
    void anUnknownFieldIsOneLineExitTwoAndNothingIsWritten() throws Exception {
        Result r = run("cards", "update", id, "--base-version", "2", "--set", "colour=red", "--set", "folder=Home");
        assertEquals(2, r.code());
        assertEquals("isometry: unknown field \"colour\"", r.err().strip());
        assertEquals("Work", card().get("folder").asText());
    }
}

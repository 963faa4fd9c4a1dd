package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardType;
import dev.isometry.model.Connection;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportExportTest {
    @TempDir
    Path dir;
    private Database db;
    private Services s;

    @BeforeEach
    void open() {
        db = TestStores.open(dir.resolve("t.db"));
        s = Services.over(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportExportTest.class.getResource("/fixtures/" + name).toURI());
    }

    private Card byName(String name) {
        return s.cards().findByName(name).map(c -> s.cards().get(c.id())).orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void markdownVaultImportsFieldsFoldersAndLinksAndReportsBadFiles() throws Exception {
        // Given a vault with nested folders, front matter, links, a broken file and a Latin-1 file
        TransferReport r = s.importer().run(TransferFormat.MARKDOWN, fixture("vault"), TransferListener.silent());

        // Then the good files are cards with the right fields
        assertEquals(5, r.imported(), r.toString());
        Card ada = byName("Ada Lovelace");
        assertEquals(CardType.PERSON, ada.cardType());
        assertEquals("People", ada.folder());
        assertEquals(List.of("math", "history"), ada.tags());
        assertEquals("https://example.org/ada", ada.url());
        assertEquals("London", ada.locationName());
        assertEquals(51.5, ada.latitude());
        Card project = byName("Engine Project");
        assertEquals(CardType.TASK, project.cardType());
        assertEquals("Projects/Isometry", project.folder());
        assertEquals("doing", project.status());
        assertEquals(2, project.priority());
        assertEquals("2026-12-01T00:00:00.000Z", project.dueAt());
        assertTrue(project.content().startsWith("# Engine Project"), project.content());
        Card meeting = byName("Meeting");
        assertEquals("2026-12-02T14:00:00.000Z", meeting.eventStart());
        assertEquals("2026-12-02T15:30:00.000Z", meeting.eventEnd());
        Card welcome = byName("Welcome");
        assertEquals(List.of("start", "meta"), welcome.tags());
        assertEquals("Where it all begins", welcome.summary());

        // And links became connections, case-insensitively and through aliases
        assertEquals(List.of("Ada Lovelace", "Engine Project"), names(s.connections().list(welcome.id()).outgoing()));
        assertEquals(List.of("Ada Lovelace"), names(s.connections().list(project.id()).outgoing()));
        assertEquals(List.of("Engine Project"), names(s.connections().list(meeting.id()).outgoing()));

        // And each bad file is named with a readable reason; hidden folders are skipped
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals("Broken front matter.md")
                && p.message().contains("front matter")));
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals("Latin1.md") && p.message().contains("UTF-8")));
        assertEquals(5, s.cards().count());
    }

    @Test
    void reimportingTheSameVaultUpdatesInsteadOfDuplicating() throws Exception {
        s.importer().run(TransferFormat.MARKDOWN, fixture("vault"), TransferListener.silent());
        TransferReport again = s.importer().run(TransferFormat.MARKDOWN, fixture("vault"), TransferListener.silent());
        assertEquals(0, again.imported());
        assertEquals(5, again.unchanged());
        assertEquals(5, s.cards().count());
    }

    @Test
    void csvWithUnknownColumnsAndABadRowImportsTheRest() throws Exception {
        TransferReport r = s.importer().run(TransferFormat.CSV, fixture("csv/people.csv"), TransferListener.silent());
        assertEquals(2, r.imported(), r.toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("favourite colour")), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals("people.csv row 4")), r.problems().toString());
        Card grace = byName("Grace Hopper");
        assertEquals(List.of("navy", "compilers"), grace.tags());
        assertEquals("Rear admiral", grace.summary());
        assertEquals("2026-12-24T00:00:00.000Z", byName("Fix the bug").dueAt());
    }

    @Test
    void aHugeNoteAndAWrongShapeArchiveAreRefusedReadably() throws Exception {
        Path vault = Files.createDirectories(dir.resolve("big"));
        Files.writeString(vault.resolve("ok.md"), "fine");
        try (var out = Files.newBufferedWriter(vault.resolve("huge.md"))) {
            String line = "x".repeat(1023) + "\n";
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(line);
            }
        }
        TransferReport r = s.importer().run(TransferFormat.MARKDOWN, vault, TransferListener.silent());
        assertEquals(1, r.imported());
        assertEquals("huge.md", r.problems().get(0).file());

        Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"cards\": 5}");
        assertThrows(ValidationException.class, () -> s.importer().run(TransferFormat.JSON, wrong, TransferListener.silent()));
        Path cut = Files.writeString(dir.resolve("cut.json"),
                "{\"format\":\"isometry-archive\",\"version\":1,\"cards\":[{\"id\":\"x\"}, {\"id\":");
        assertThrows(ValidationException.class, () -> s.importer().run(TransferFormat.JSON, cut, TransferListener.silent()),
                "a truncated archive is refused, not read forever");
        Path notJson = Files.writeString(dir.resolve("not.json"), "hello");
        assertThrows(ValidationException.class, () -> s.importer().run(TransferFormat.JSON, notJson, TransferListener.silent()));
        assertEquals(1, s.cards().count());
    }

    @Test
    void jsonExportThenImportIntoAnEmptyStoreIsIdenticalInEveryField() throws Exception {
        // Given cards of every type with every field, links, manual connections and a trashed card
        s.importer().run(TransferFormat.MARKDOWN, fixture("vault"), TransferListener.silent());
        Card full = s.cards().create(CardChanges.fromRaw(Map.ofEntries(Map.entry("cardType", "event"),
                Map.entry("name", "Everything"), Map.entry("content", "Ünïcödé ✓ [[Welcome]]"),
                Map.entry("summary", "s"), Map.entry("latitude", -33.9), Map.entry("longitude", 151.2),
                Map.entry("locationName", "Sydney"), Map.entry("dueAt", "2027-01-01T00:00:00Z"),
                Map.entry("completedAt", "2027-01-02T00:00:00Z"), Map.entry("eventStart", "2027-01-03T00:00:00Z"),
                Map.entry("eventEnd", "2027-01-04T00:00:00Z"), Map.entry("folder", "A/B"),
                Map.entry("tags", List.of("x", "y")), Map.entry("status", "open"), Map.entry("priority", 3),
                Map.entry("sortOrder", 1.5), Map.entry("url", "https://example.org"))), "test");
        s.connections().create(full.id(), byName("Ada Lovelace").id(), byName("Meeting").id(), "met at", 0.25);
        s.cards().trash(byName("Meeting").id(), "test");
        Path archive = dir.resolve("out/archive.json");

        TransferReport out = s.exporter().run(TransferFormat.JSON, archive, TransferListener.silent());
        assertEquals(6, out.imported());

        try (Database other = TestStores.open(dir.resolve("other.db"))) {
            Services t = Services.over(other);
            TransferReport in = t.importer().run(TransferFormat.JSON, archive, TransferListener.silent());
            assertTrue(in.problems().isEmpty(), in.problems().toString());
            assertEquals(allCards(db), allCards(other));
            assertEquals(allConnections(db), allConnections(other));
            assertFalse(allConnections(other).isEmpty());
        }
    }

    @Test
    void cancellingAnImportLeavesOnlyWholeCards() throws Exception {
        Path vault = Files.createDirectories(dir.resolve("many"));
        for (int i = 0; i < 2_500; i++) {
            Files.writeString(vault.resolve("n" + i + ".md"), "---\ntags: [t]\n---\nnote " + i);
        }
        AtomicInteger progress = new AtomicInteger();
        TransferListener cancelAfterFirstBatch = new TransferListener() {
            @Override
            public void progress(String phase, long done, long total) {
                if (phase.equals("importing cards")) {
                    progress.incrementAndGet();
                }
            }

            @Override
            public boolean cancelled() {
                return progress.get() >= 1;
            }
        };
        TransferReport r = s.importer().run(TransferFormat.MARKDOWN, vault, cancelAfterFirstBatch);
        assertTrue(r.cancelled());
        assertEquals(Importer.BATCH, r.imported());
        assertEquals(Importer.BATCH, s.cards().count());
        for (var c : s.cards().list(1000, 0, CardFilter.NONE).items()) {
            assertEquals(List.of("t"), c.tags());
        }
    }

    @Test
    void markdownAndCsvExportsWriteEveryLiveCard() throws Exception {
        s.importer().run(TransferFormat.MARKDOWN, fixture("vault"), TransferListener.silent());
        Path md = dir.resolve("md");
        assertEquals(5, s.exporter().run(TransferFormat.MARKDOWN, md, TransferListener.silent()).imported());
        assertTrue(Files.readString(md.resolve("Projects/Isometry/Engine Project.md")).contains("type: task"));
        try (Database other = TestStores.open(dir.resolve("again.db"))) {
            Services t = Services.over(other);
            assertEquals(5, t.importer().run(TransferFormat.MARKDOWN, md, TransferListener.silent()).imported());
            assertNotNull(t.cards().findByName("Engine Project").orElse(null));
        }
        Path csv = dir.resolve("cards.csv");
        s.exporter().run(TransferFormat.CSV, csv, TransferListener.silent());
        assertEquals(6, Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - extraLines(csv));
    }

    private static long extraLines(Path csv) throws Exception {
        // Content with newlines spans several physical lines; count records by parsing instead.
        long physical = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count();
        long records = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerForListOf(String.class).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(csv.toFile()).readAll().size();
        return physical - records;
    }

    private static List<String> names(List<dev.isometry.model.LinkedCard> links) {
        return links.stream().map(l -> l.other().name()).sorted().toList();
    }

    private static List<Card> allCards(Database d) {
        List<Card> all = new ArrayList<>();
        d.read(tx -> {
            new CardStore().each(tx, true, all::add);
            return null;
        });
        all.sort(Comparator.comparing(Card::id));
        return all;
    }

    private static List<Connection> allConnections(Database d) {
        List<Connection> all = new ArrayList<>(d.read(tx -> new ConnectionStore().all(tx)));
        all.sort(Comparator.comparing(Connection::id));
        return all;
    }
}

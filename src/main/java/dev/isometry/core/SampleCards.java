package dev.isometry.core;

import dev.isometry.model.CardChanges;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.Database;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The small knowledge base a new user starts with: linked cards of every type, so the app shows what
 * it does. Added once, to an empty store; one call removes it (to the trash). Thread-safe.
 */
public final class SampleCards {
    public static final String SOURCE = "isometry-sample";
    static final String OFFERED_FLAG = "sampleOffered";

    private final Database db;
    private final CardStore cards;
    private final CardService service;
    private final SettingsService settings;

    public SampleCards(Database db, CardStore cards, CardService service, SettingsService settings) {
        this.db = Objects.requireNonNull(db);
        this.cards = Objects.requireNonNull(cards);
        this.service = Objects.requireNonNull(service);
        this.settings = Objects.requireNonNull(settings);
    }

    /** Adds the samples if this store has never had them and has no cards; returns how many were added. */
    public int addIfFirstRun() {
        if (settings.flag(OFFERED_FLAG) || db.read(cards::countAll) > 0) {
            return 0;
        }
        String now = Timestamps.now();
        int n = db.write(tx -> {
            int made = 0;
            for (Map<String, Object> raw : samples()) {
                raw.put("source", SOURCE);
                raw.put("sourceId", raw.get("name"));
                service.createIn(tx, CardChanges.fromRaw(raw), "sample", now);
                made++;
            }
            return made;
        });
        settings.setFlag(OFFERED_FLAG, true);
        return n;
    }

    /** How many sample cards are still live. */
    public int count() {
        return db.read(tx -> cards.idsFromSource(tx, SOURCE)).size();
    }

    /** Moves every remaining sample card to the trash; returns how many. */
    public int remove() {
        List<String> ids = db.read(tx -> cards.idsFromSource(tx, SOURCE));
        for (String id : ids) {
            service.trash(id, "sample");
        }
        return ids.size();
    }

    private static List<Map<String, Object>> samples() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return List.of(
                card("note", "Welcome to Isometry",
                        "Isometry keeps **cards** — notes, people, events, resources and tasks — and the connections "
                                + "between them.\n\n- Write `[[Card name]]` to link to a card: try [[Ada Lovelace]].\n"
                                + "- Search as you type with the box at the top (`/` or Ctrl+K).\n"
                                + "- These sample cards can be removed with one click.\n",
                        "Start here", "Getting started", List.of("start")),
                card("person", "Ada Lovelace",
                        "Wrote the first published algorithm, for the [[Analytical Engine]]. Speaks at the "
                                + "[[Engine demonstration]].",
                        "Mathematician and writer", "People", List.of("math", "history")),
                card("resource", "Analytical Engine",
                        "Charles Babbage's design for a general-purpose mechanical computer.",
                        "A mechanical computer, 1837", "Reading", List.of("history")),
                with(card("event", "Engine demonstration", "A walk through the Engine's design with [[Ada Lovelace]].",
                        "Demonstration and talk", "Events", List.of("history")),
                        Map.of("eventStart", today.plus(7, ChronoUnit.DAYS).plus(14, ChronoUnit.HOURS).toString(),
                                "eventEnd", today.plus(7, ChronoUnit.DAYS).plus(16, ChronoUnit.HOURS).toString(),
                                "locationName", "London")),
                with(card("task", "Read the notes on the Engine",
                        "Start with [[Analytical Engine]], then the notes by [[Ada Lovelace]].",
                        null, "Reading", List.of("reading")),
                        Map.of("dueAt", today.plus(3, ChronoUnit.DAYS).toString(), "status", "todo", "priority", 2)));
    }

    private static Map<String, Object> card(String type, String name, String content, String summary, String folder,
                                            List<String> tags) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cardType", type);
        m.put("name", name);
        m.put("content", content);
        if (summary != null) {
            m.put("summary", summary);
        }
        m.put("folder", folder);
        m.put("tags", tags);
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> card, Map<String, Object> more) {
        card.putAll(more);
        return card;
    }
}

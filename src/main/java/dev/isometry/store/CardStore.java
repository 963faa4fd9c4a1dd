package dev.isometry.store;

import static dev.isometry.store.CardTable.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.model.Card;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardType;
import dev.isometry.model.Facets;
import dev.isometry.model.SearchHit;
import dev.isometry.model.SearchResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The card queries. Every method takes the {@link DSLContext} of a {@link Database#read} or
 * {@link Database#write} callback, so callers choose the transaction. Stateless apart from a shared
 * JSON mapper; thread-safe.
 */
public final class CardStore {
    private static final ObjectMapper JSON = Json.mapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    /** How many versions of each card {@code card_history} keeps. */
    public static final int HISTORY_PER_CARD = 50;

    public void insert(DSLContext db, Card card) {
        Sql.update(db, INSERT_ONE, values(card));
    }

    private static final String COLUMNS = java.util.Arrays.stream(ALL).map(Field::getName)
            .collect(java.util.stream.Collectors.joining(", "));
    /** One card's row (plain SQL: written for every card created, decision 29). */
    private static final String INSERT_ONE = "INSERT INTO cards (" + COLUMNS + ") VALUES ("
            + Sql.placeholders(ALL.length) + ")";

    /** Rows per multi-row INSERT (24 values each, well under SQLite's limit of 32,766 variables). */
    static final int ROWS_PER_STATEMENT = 500;

    /**
     * Inserts many cards in the caller's transaction, indexing their text in one pass at the end: the
     * insert trigger stands aside while {@code fts_deferred} holds a row (see migration V4), because
     * FTS5 writes an index segment per statement. Plain JDBC with multi-row statements: for bulk loads
     * per-row statements and jOOQ's per-value binding cost more than SQLite's own work.
     */
    public void insertAll(DSLContext db, List<Card> cards) {
        if (cards.isEmpty()) {
            return;
        }
        String row = "(" + Sql.placeholders(ALL.length) + ")";
        db.connection(c -> {
            long before;
            try (java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT coalesce(max(rowid), 0) FROM cards")) {
                rs.next();
                before = rs.getLong(1);
                st.executeUpdate("INSERT INTO fts_deferred (id) VALUES (1)");
            }
            for (int from = 0; from < cards.size(); from += ROWS_PER_STATEMENT) {
                List<Card> slice = cards.subList(from, Math.min(cards.size(), from + ROWS_PER_STATEMENT));
                String sql = "INSERT INTO cards (" + COLUMNS + ") VALUES " + String.join(", ",
                        java.util.Collections.nCopies(slice.size(), row));
                try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                    int p = 1;
                    for (Card card : slice) {
                        for (Object v : values(card)) {
                            ps.setObject(p++, v);
                        }
                    }
                    ps.executeUpdate();
                }
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM fts_deferred");
                st.executeUpdate("INSERT INTO cards_fts (rowid, name, content, summary, tags, folder) "
                        + "SELECT rowid, name, content, summary, tags, folder FROM cards "
                        + "WHERE rowid > " + before + " AND deleted_at IS NULL");
            }
        });
    }

    public Optional<Card> find(DSLContext db, String id) {
        return db.select(ALL).from(CARDS).where(ID.eq(id)).fetchOptional().map(CardStore::toCard);
    }

    /** Live (not trashed) cards that pass the filter, most recently modified first. */
    public CardPage page(DSLContext db, int limit, int offset, CardFilter filter) {
        Condition where = DELETED_AT.isNull().and(matches(filter));
        List<CardSummary> items = db.select(SUMMARY_FIELDS).from(CARDS).where(where)
                .orderBy(MODIFIED_AT.desc(), ID.asc()).limit(limit).offset(offset)
                .fetch(CardStore::toSummary);
        long total = db.fetchCount(CARDS, where);
        return new CardPage(items, total);
    }

    /**
     * The rows of these cards that a {@link #page} with this filter would list (live and passing the
     * filter), in no order: what a live list needs to bring a few changed rows up to date.
     */
    public List<CardSummary> listedAmong(DSLContext db, java.util.Collection<String> ids, CardFilter filter) {
        return db.select(SUMMARY_FIELDS).from(CARDS).where(ID.in(ids).and(DELETED_AT.isNull()).and(matches(filter)))
                .fetch(CardStore::toSummary);
    }

    /** Trashed cards, most recently trashed first. */
    public CardPage trashPage(DSLContext db, int limit, int offset) {
        Condition where = DELETED_AT.isNotNull();
        List<CardSummary> items = db.select(SUMMARY_FIELDS).from(CARDS).where(where)
                .orderBy(DELETED_AT.desc(), ID.asc()).limit(limit).offset(offset)
                .fetch(CardStore::toSummary);
        return new CardPage(items, db.fetchCount(CARDS, where));
    }

    /** When each of these trashed cards was trashed (id to timestamp). */
    public Map<String, String> trashedAt(DSLContext db, List<String> ids) {
        return db.select(ID, DELETED_AT).from(CARDS).where(ID.in(ids)).fetchMap(ID, DELETED_AT);
    }

    /** Ids of trashed cards trashed before {@code cutoff} (all trashed cards when null). */
    public List<String> trashedBefore(DSLContext db, String cutoff) {
        Condition where = DELETED_AT.isNotNull();
        if (cutoff != null) {
            where = where.and(DELETED_AT.lt(cutoff));
        }
        return db.select(ID).from(CARDS).where(where).fetch(ID);
    }

    /** Deletes a card row for good (its connections go with it; history stays as the audit trail). */
    public boolean purge(DSLContext db, String id) {
        return db.deleteFrom(CARDS).where(ID.eq(id)).execute() == 1;
    }

    /** The live card with this name, compared without regard to case (the oldest if several). */
    public Optional<CardSummary> findLiveByName(DSLContext db, String name) {
        return db.select(SUMMARY_FIELDS).from(CARDS)
                .where(DSL.condition("name = ? COLLATE NOCASE", name).and(DELETED_AT.isNull()))
                .orderBy(CREATED_AT.asc()).limit(1)
                .fetchOptional(CardStore::toSummary);
    }

    /** The card imported from this source record, live or trashed. */
    public Optional<Card> findBySource(DSLContext db, String source, String sourceId) {
        return db.select(ALL).from(CARDS).where(SOURCE.eq(source).and(SOURCE_ID.eq(sourceId)))
                .fetchOptional().map(CardStore::toCard);
    }

    /** Ids of live cards from this source. */
    public List<String> idsFromSource(DSLContext db, String source) {
        return db.select(ID).from(CARDS).where(SOURCE.eq(source).and(DELETED_AT.isNull())).fetch(ID);
    }

    /**
     * Ids and content of live cards that hold every word of one of {@code names} and a {@code [[} in
     * their content: the cards that may link to one of them (the caller reads their links to know). One
     * statement, run once per name. The search is over all columns on purpose: limiting it to content
     * makes the index walk every entry of each word, where all the words together skip through it.
     */
    public Map<String, String> mayLinkTo(DSLContext db, java.util.Collection<String> names) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        // The index holds live cards only. A condition on deleted_at would make SQLite walk every live
        // card by its index instead of reading the few the search found.
        String sql = "SELECT id, content FROM cards WHERE rowid IN (SELECT rowid FROM cards_fts WHERE cards_fts "
                + "MATCH ?) AND instr(content, '[[') > 0";
        for (String name : names) {
            List<String> words = java.util.Arrays.stream(name.split("[^\\p{L}\\p{N}]+"))
                    .filter(w -> !w.isEmpty()).map(w -> '"' + w + '"').toList();
            if (!words.isEmpty()) {
                for (String[] row : Sql.list(db, sql, Sql::texts, String.join(" ", words))) {
                    out.put(row[0], row[1]);
                }
            }
        }
        return out;
    }

    /** Folder, tag and type counts over live cards. */
    public Facets facets(DSLContext db) {
        List<Facets.Count> folders = db.resultQuery(
                "SELECT folder, count(*) FROM cards WHERE deleted_at IS NULL AND folder IS NOT NULL "
                        + "GROUP BY folder ORDER BY folder COLLATE NOCASE")
                .fetch(r -> new Facets.Count(r.get(0, String.class), r.get(1, Long.class)));
        List<Facets.Count> tags = db.resultQuery(
                "SELECT j.value, count(*) FROM cards, json_each(cards.tags) AS j WHERE cards.deleted_at IS NULL "
                        + "GROUP BY j.value ORDER BY j.value COLLATE NOCASE")
                .fetch(r -> new Facets.Count(r.get(0, String.class), r.get(1, Long.class)));
        List<Facets.Count> types = db.resultQuery(
                "SELECT card_type, count(*) FROM cards WHERE deleted_at IS NULL GROUP BY card_type ORDER BY card_type")
                .fetch(r -> new Facets.Count(r.get(0, String.class), r.get(1, Long.class)));
        return new Facets(folders, tags, types);
    }

    private static Condition matches(CardFilter filter) {
        Condition c = DSL.noCondition();
        if (filter == null) {
            return c;
        }
        if (filter.cardType() != null) {
            c = c.and(CARD_TYPE.eq(filter.cardType().wireName()));
        }
        if (filter.folder() != null) {
            c = c.and(FOLDER.eq(filter.folder()));
        }
        if (filter.tag() != null) {
            c = c.and(DSL.condition("EXISTS (SELECT 1 FROM json_each(cards.tags) WHERE json_each.value = ?)",
                    filter.tag()));
        }
        return c;
    }

    /** Streams every card (trashed ones too when asked) in creation order, without holding them all. */
    public void each(DSLContext db, boolean includeTrashed, java.util.function.Consumer<Card> sink) {
        var select = db.select(ALL).from(CARDS).where(includeTrashed ? DSL.noCondition() : DELETED_AT.isNull())
                .orderBy(DSL.field(DSL.name("rowid")));
        try (var cursor = select.fetchLazy()) {
            for (Record r : cursor) {
                sink.accept(toCard(r));
            }
        }
    }

    /**
     * The names of those of these cards that are live, by id (plain SQL: read for every group of writes
     * that created cards, decision 29).
     */
    public Map<String, String> liveNames(DSLContext db, java.util.Collection<String> ids) {
        Map<String, String> out = new java.util.HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            // Trashed cards are left out here, not in SQL: a condition on deleted_at can make SQLite walk
            // the live cards by its index instead of looking up these few by id.
            for (String[] row : Sql.list(db, "SELECT id, name, deleted_at FROM cards WHERE id IN ("
                    + Sql.placeholders(slice.size()) + ")", Sql::texts, slice.toArray())) {
                if (row[2] == null) {
                    out.put(row[0], row[1]);
                }
            }
        }
        return out;
    }

    /** Cards by id (those that exist). */
    public Map<String, Card> findAll(DSLContext db, java.util.Collection<String> ids) {
        Map<String, Card> out = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            db.select(ALL).from(CARDS).where(ID.in(ids)).fetch().forEach(r -> {
                Card c = toCard(r);
                out.put(c.id(), c);
            });
        }
        return out;
    }

    public long countAll(DSLContext db) {
        return db.fetchCount(CARDS);
    }

    public long countLive(DSLContext db) {
        return db.fetchCount(CARDS, DELETED_AT.isNull());
    }

    /** Writes every field of {@code card} if the stored version is {@code expectedVersion}. */
    public boolean updateIfVersion(DSLContext db, Card card, long expectedVersion) {
        Map<Field<?>, Object> set = new java.util.LinkedHashMap<>();
        Object[] v = values(card);
        for (int i = 1; i < ALL.length; i++) {
            set.put(ALL[i], v[i]);
        }
        return db.update(CARDS).set(set).where(ID.eq(card.id()).and(VERSION.eq(expectedVersion))).execute() == 1;
    }

    /** Records a snapshot of {@code card} and trims that card's history to {@link #HISTORY_PER_CARD}. */
    public void recordHistory(DSLContext db, Card card, String origin) {
        Sql.update(db, "INSERT INTO card_history (card_id, version, snapshot, changed_at, origin) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                card.id(), card.version(), toJson(card), card.modifiedAt(), origin);
        if (card.version() > HISTORY_PER_CARD) {
            Sql.update(db, "DELETE FROM card_history WHERE card_id = ? AND version <= ?",
                    card.id(), card.version() - HISTORY_PER_CARD);
        }
    }

    /** Records the first version of many new cards (bulk loads). */
    public void recordHistoryAll(DSLContext db, List<Card> cards, String origin) {
        if (cards.isEmpty()) {
            return;
        }
        var batch = db.batch(db.insertInto(HISTORY, H_CARD_ID, H_VERSION, H_SNAPSHOT, H_CHANGED_AT, H_ORIGIN)
                .values((String) null, null, null, null, null));
        for (Card c : cards) {
            batch.bind(c.id(), c.version(), toJson(c), c.modifiedAt(), origin);
        }
        batch.execute();
    }

    /**
     * Full-text search of live cards with an FTS5 match expression, best matches first (bm25 with the
     * name weighted above summary, tags and folder, and those above content), each with a highlighted
     * snippet. Ranking costs about a microsecond per matching card, so when more than
     * {@code rankWindow} cards match, only the {@code rankWindow} most recently created matches are
     * ranked (counting all matches is cheap and is reported); see docs/decisions.
     */
    public SearchResults search(DSLContext db, String ftsQuery, CardFilter filter, int limit, int rankWindow) {
        // A filter narrows the candidate rows inside the FTS query, so ranking and the window apply
        // to matching cards of that filter only. The same condition as a listing's, rendered with its
        // values inlined (jOOQ escapes them).
        String narrow = filter == null || filter.isEmpty() ? "" : " AND rowid IN (" + db.renderInlined(
                db.select(DSL.field(DSL.name("rowid"))).from(CARDS).where(DELETED_AT.isNull().and(matches(filter))))
                + ")";
        long total = db.resultQuery("SELECT count(*) FROM cards_fts WHERE cards_fts MATCH ?" + narrow, ftsQuery)
                .fetchOne(0, Long.class);
        if (total == 0) {
            return new SearchResults(List.of(), 0, rankWindow, false, null);
        }
        boolean windowed = total > rankWindow;
        long floor = Long.MIN_VALUE;
        if (windowed) {
            floor = db.resultQuery("SELECT rowid FROM cards_fts WHERE cards_fts MATCH ?" + narrow
                    + " ORDER BY rowid DESC LIMIT 1 OFFSET ?", ftsQuery, rankWindow - 1)
                    .fetchOne(0, Long.class);
        }
        // Rank and cut inside the FTS table first, then fetch only the winning rows' columns.
        String sql = """
                SELECT c.id, c.card_type, c.name, c.summary, c.folder, c.tags, c.modified_at, c.version, f.snip
                FROM (SELECT rowid AS rid, bm25(cards_fts, 10.0, 1.0, 3.0, 2.0, 2.0) AS score,
                             snippet(cards_fts, -1, char(2), char(3), '…', 12) AS snip
                      FROM cards_fts WHERE cards_fts MATCH ? AND rowid >= ?%s
                      ORDER BY score LIMIT ?) AS f
                JOIN cards c ON c.rowid = f.rid
                ORDER BY f.score""".formatted(narrow);
        List<SearchHit> hits = new ArrayList<>();
        for (Record r : db.resultQuery(sql, ftsQuery, floor, limit).fetch()) {
            CardSummary s = new CardSummary(r.get(0, String.class), cardType(r.get(1, String.class)),
                    r.get(2, String.class), r.get(3, String.class), r.get(4, String.class),
                    tags(r.get(5, String.class)), r.get(6, String.class), r.get(7, Long.class));
            hits.add(new SearchHit(s, r.get(8, String.class)));
        }
        return new SearchResults(hits, total, rankWindow, windowed, null);
    }

    private static Object[] values(Card c) {
        return new Object[] {c.id(), c.cardType().wireName(), c.name(), c.content(), c.summary(), c.latitude(),
            c.longitude(), c.locationName(), c.createdAt(), c.modifiedAt(), c.dueAt(), c.completedAt(),
            c.eventStart(), c.eventEnd(), c.folder(), toJson(c.tags()), c.status(), c.priority(), c.sortOrder(),
            c.url(), c.source(), c.sourceId(), c.deletedAt(), c.version()};
    }

    static Card toCard(Record r) {
        return new Card(r.get(ID), cardType(r.get(CARD_TYPE)), r.get(NAME), r.get(CONTENT), r.get(SUMMARY),
                r.get(LATITUDE), r.get(LONGITUDE), r.get(LOCATION_NAME), r.get(CREATED_AT), r.get(MODIFIED_AT),
                r.get(DUE_AT), r.get(COMPLETED_AT), r.get(EVENT_START), r.get(EVENT_END), r.get(FOLDER),
                tags(r.get(TAGS)), r.get(STATUS), r.get(PRIORITY), r.get(SORT_ORDER), r.get(URL), r.get(SOURCE),
                r.get(SOURCE_ID), r.get(DELETED_AT), r.get(VERSION));
    }

    private static CardSummary toSummary(Record r) {
        return new CardSummary(r.get(ID), cardType(r.get(CARD_TYPE)), r.get(NAME), r.get(SUMMARY), r.get(FOLDER),
                tags(r.get(TAGS)), r.get(MODIFIED_AT), r.get(VERSION));
    }

    private static CardType cardType(String wire) {
        return CardType.parse(wire).orElseThrow(() -> new StoreException("Unknown card type in store: " + wire));
    }

    static List<String> tags(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new StoreException("Stored tags are not a JSON list of text: " + json, e);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("Cannot encode as JSON", e);
        }
    }
}

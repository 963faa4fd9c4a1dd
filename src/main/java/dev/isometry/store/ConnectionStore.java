package dev.isometry.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.isometry.model.CardSummary;
import dev.isometry.model.CardType;
import dev.isometry.model.Connection;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.model.LinkedCard;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * The connection queries. Every method takes the {@link DSLContext} of a {@link Database} callback.
 * Stateless; thread-safe.
 */
public final class ConnectionStore {
    private static final Table<Record> T = table(name("connections"));
    private static final Field<String> ID = field(name("id"), String.class);
    private static final Field<String> SOURCE_ID = field(name("source_id"), String.class);
    private static final Field<String> TARGET_ID = field(name("target_id"), String.class);
    private static final Field<String> VIA = field(name("via_card_id"), String.class);
    private static final Field<String> LABEL = field(name("label"), String.class);
    private static final Field<Double> WEIGHT = field(name("weight"), Double.class);
    private static final Field<String> CREATED_AT = field(name("created_at"), String.class);
    private static final Field<String> ORIGIN = field(name("origin"), String.class);

    public void insert(DSLContext db, Connection c) {
        db.insertInto(T, ID, SOURCE_ID, TARGET_ID, VIA, LABEL, WEIGHT, CREATED_AT, ORIGIN)
                .values(c.id(), c.sourceId(), c.targetId(), c.viaCardId(), c.label(), c.weight(), c.createdAt(),
                        c.origin().wireName())
                .execute();
    }

    public Optional<Connection> find(DSLContext db, String id) {
        return db.select(ID, SOURCE_ID, TARGET_ID, VIA, LABEL, WEIGHT, CREATED_AT, ORIGIN).from(T).where(ID.eq(id))
                .fetchOptional(ConnectionStore::toConnection);
    }

    /** True when a connection with exactly these ends, via card and label exists. */
    public boolean exists(DSLContext db, String sourceId, String targetId, String via, String label) {
        return db.fetchExists(T, SOURCE_ID.eq(sourceId).and(TARGET_ID.eq(targetId))
                .and(via == null ? VIA.isNull() : VIA.eq(via))
                .and(label == null ? LABEL.isNull() : LABEL.eq(label)));
    }

    public void update(DSLContext db, String id, String label, double weight) {
        db.update(T).set(LABEL, label).set(WEIGHT, weight).where(ID.eq(id)).execute();
    }

    public boolean delete(DSLContext db, String id) {
        return db.deleteFrom(T).where(ID.eq(id)).execute() == 1;
    }

    /** Targets of the link-made connections from {@code sourceId}. */
    public Set<String> linkTargets(DSLContext db, String sourceId) {
        // Plain SQL: run for every card written (decision 29).
        return new java.util.HashSet<>(Sql.list(db,
                "SELECT target_id FROM connections WHERE source_id = ? AND origin = ?",
                rs -> rs.getString(1), sourceId, ConnectionOrigin.LINK.wireName()));
    }

    /** Removes the link-made connections from {@code sourceId} to these targets. */
    public int deleteLinks(DSLContext db, String sourceId, Set<String> targets) {
        if (targets.isEmpty()) {
            return 0;
        }
        return db.deleteFrom(T).where(SOURCE_ID.eq(sourceId).and(TARGET_ID.in(targets))
                .and(ORIGIN.eq(ConnectionOrigin.LINK.wireName()))).execute();
    }

    /** Ids of cards with a link-made connection to {@code targetId}. */
    public List<String> linkSources(DSLContext db, String targetId) {
        return db.selectDistinct(SOURCE_ID).from(T)
                .where(TARGET_ID.eq(targetId).and(ORIGIN.eq(ConnectionOrigin.LINK.wireName())))
                .fetch(SOURCE_ID);
    }

    /** Connections from {@code cardId}, with the target card. */
    public List<LinkedCard> outgoing(DSLContext db, String cardId) {
        return linked(db, "x.target_id", "x.source_id = ?", cardId);
    }

    /** Connections to {@code cardId} (backlinks), with the source card. */
    public List<LinkedCard> incoming(DSLContext db, String cardId) {
        return linked(db, "x.source_id", "x.target_id = ?", cardId);
    }

    private List<LinkedCard> linked(DSLContext db, String otherColumn, String where, String cardId) {
        String sql = """
                SELECT x.id, x.source_id, x.target_id, x.via_card_id, x.label, x.weight, x.created_at, x.origin,
                       c.id, c.card_type, c.name, c.summary, c.folder, c.tags, c.modified_at, c.version
                FROM connections x JOIN cards c ON c.id = %s
                WHERE %s AND c.deleted_at IS NULL
                ORDER BY c.name COLLATE NOCASE, x.created_at""".formatted(otherColumn, where);
        // Typed columns: by its metadata jOOQ would read SQLite's REAL as a float and lose precision.
        return db.resultQuery(sql, cardId).coerce(ID, SOURCE_ID, TARGET_ID, VIA, LABEL, WEIGHT, CREATED_AT, ORIGIN,
                field(name("cid"), String.class), field(name("ctype"), String.class), field(name("cname"), String.class),
                field(name("csummary"), String.class), field(name("cfolder"), String.class),
                field(name("ctags"), String.class), field(name("cmodified"), String.class),
                field(name("cversion"), Long.class)).fetch(r -> new LinkedCard(
                new Connection(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, String.class), r.get(5, Double.class), r.get(6, String.class),
                        ConnectionOrigin.parse(r.get(7, String.class))),
                new CardSummary(r.get(8, String.class), CardType.parse(r.get(9, String.class)).orElseThrow(),
                        r.get(10, String.class), r.get(11, String.class), r.get(12, String.class),
                        CardStore.tags(r.get(13, String.class)), r.get(14, String.class), r.get(15, Long.class))));
    }

    /** Every connection, in a stable order (export). */
    public List<Connection> all(DSLContext db) {
        return db.select(ID, SOURCE_ID, TARGET_ID, VIA, LABEL, WEIGHT, CREATED_AT, ORIGIN).from(T)
                .orderBy(CREATED_AT, ID).fetch(ConnectionStore::toConnection);
    }

    public long count(DSLContext db) {
        return db.fetchCount(T);
    }

    private static Connection toConnection(Record r) {
        return new Connection(r.get(ID), r.get(SOURCE_ID), r.get(TARGET_ID), r.get(VIA), r.get(LABEL), r.get(WEIGHT),
                r.get(CREATED_AT), ConnectionOrigin.parse(r.get(ORIGIN)));
    }
}

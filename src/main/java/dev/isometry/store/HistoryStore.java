package dev.isometry.store;

import static dev.isometry.store.CardTable.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.model.Card;
import dev.isometry.model.CardField;
import dev.isometry.model.FieldResolution;
import dev.isometry.model.RecordedResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Reads a card's kept versions ({@code card_history}) and keeps and reads the audit of merge resolutions
 * ({@code card_resolutions}, migration V5). Every method takes the caller's transaction. Stateless apart
 * from the shared JSON mapper; thread-safe.
 */
public final class HistoryStore {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Table<Record> RESOLUTIONS = table(name("card_resolutions"));
    private static final Field<String> R_CARD_ID = field(name("card_id"), String.class);
    private static final Field<Long> R_VERSION = field(name("version"), Long.class);
    private static final Field<Long> R_BASE_VERSION = field(name("base_version"), Long.class);
    private static final Field<Long> R_THEIRS_VERSION = field(name("theirs_version"), Long.class);
    private static final Field<String> R_FIELD = field(name("field"), String.class);
    private static final Field<String> R_STRATEGY = field(name("strategy"), String.class);
    private static final Field<String> R_CHOSEN = field(name("chosen"), String.class);
    private static final Field<String> R_BASE = field(name("base_value"), String.class);
    private static final Field<String> R_MINE = field(name("mine_value"), String.class);
    private static final Field<String> R_THEIRS = field(name("theirs_value"), String.class);
    private static final Field<String> R_RESULT = field(name("result_value"), String.class);
    private static final Field<String> R_AT = field(name("resolved_at"), String.class);
    private static final Field<String> R_ORIGIN = field(name("origin"), String.class);
    private static final Field<Long> R_ID = field(name("id"), Long.class);

    /** A kept version of a card: its number, when and by what it was written. */
    public record KeptVersion(long version, String changedAt, String origin) {
    }

    /** The card as it was at {@code version}, if the history still keeps that version. */
    public Optional<Card> snapshot(DSLContext db, String cardId, long version) {
        return db.select(H_SNAPSHOT).from(HISTORY).where(H_CARD_ID.eq(cardId).and(H_VERSION.eq(version)))
                .fetchOptional(H_SNAPSHOT).map(json -> {
                    try {
                        return JSON.readValue(json, Card.class);
                    } catch (JsonProcessingException e) {
                        throw new StoreException("the kept version " + version + " of card " + cardId
                                + " cannot be read", e);
                    }
                });
    }

    /** The kept versions of a card, newest first. */
    public List<KeptVersion> versions(DSLContext db, String cardId) {
        return db.select(H_VERSION, H_CHANGED_AT, H_ORIGIN).from(HISTORY).where(H_CARD_ID.eq(cardId))
                .orderBy(H_VERSION.desc()).fetch(r -> new KeptVersion(r.value1(), r.value2(), r.value3()));
    }

    /** Records how fields were settled in one merge. */
    public void recordResolutions(DSLContext db, String cardId, long version, long baseVersion, long theirsVersion,
                                  String resolvedAt, String origin, List<FieldResolution> resolutions) {
        for (FieldResolution r : resolutions) {
            db.insertInto(RESOLUTIONS, R_CARD_ID, R_VERSION, R_BASE_VERSION, R_THEIRS_VERSION, R_FIELD, R_STRATEGY,
                            R_CHOSEN, R_BASE, R_MINE, R_THEIRS, R_RESULT, R_AT, R_ORIGIN)
                    .values(cardId, version, baseVersion, theirsVersion, r.field().wireName(), r.strategy(), r.chosen(),
                            r.baseKnown() ? toJson(r.base()) : null, toJson(r.mine()), toJson(r.theirs()),
                            toJson(r.result()), resolvedAt, origin)
                    .execute();
        }
    }

    /** Every recorded resolution of a card, newest first (by the version it produced, then field order). */
    public List<RecordedResolution> resolutions(DSLContext db, String cardId) {
        List<RecordedResolution> out = new ArrayList<>();
        for (Record r : db.select(R_ID, R_VERSION, R_BASE_VERSION, R_THEIRS_VERSION, R_FIELD, R_STRATEGY, R_CHOSEN, R_BASE,
                        R_MINE, R_THEIRS, R_RESULT, R_AT, R_ORIGIN).from(RESOLUTIONS).where(R_CARD_ID.eq(cardId))
                .orderBy(R_VERSION.desc(), R_ID.asc()).fetch()) {
            CardField f = CardField.parse(r.get(R_FIELD)).orElseThrow(() -> new StoreException(
                    "a recorded resolution names an unknown field " + r.get(R_FIELD)));
            String base = r.get(R_BASE);
            FieldResolution res = new FieldResolution(f, r.get(R_STRATEGY), r.get(R_CHOSEN), base != null,
                    base == null ? null : fromJson(f, base), fromJson(f, r.get(R_MINE)), fromJson(f, r.get(R_THEIRS)),
                    fromJson(f, r.get(R_RESULT)));
            out.add(new RecordedResolution(cardId, r.get(R_VERSION), r.get(R_BASE_VERSION), r.get(R_THEIRS_VERSION),
                    r.get(R_AT), r.get(R_ORIGIN), res));
        }
        return out;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("a field value cannot be written as JSON", e);
        }
    }

    /** A stored value typed as the field types it; a value that no longer fits is returned as read. */
    private static Object fromJson(CardField f, String json) {
        Object raw;
        try {
            raw = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a recorded value of " + f.wireName() + " cannot be read", e);
        }
        try {
            return raw == null && f.kind() == CardField.Kind.CONTENT ? "" : f.coerce(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}

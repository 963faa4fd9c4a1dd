package dev.isometry.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** Settings kept with the data, as JSON values by key. Stateless; thread-safe. */
public final class SettingsStore {
    private static final Table<Record> T = table(name("settings"));
    private static final Field<String> KEY = field(name("key"), String.class);
    private static final Field<String> VALUE = field(name("value"), String.class);

    /** The JSON text stored under {@code key}. */
    public Optional<String> get(DSLContext db, String key) {
        return db.select(VALUE).from(T).where(KEY.eq(key)).fetchOptional(VALUE);
    }

    /** Stores the JSON text {@code json} under {@code key}. */
    public void put(DSLContext db, String key, String json) {
        db.insertInto(T, KEY, VALUE).values(key, json).onConflict(KEY).doUpdate().set(VALUE, json).execute();
    }
}

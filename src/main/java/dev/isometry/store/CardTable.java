package dev.isometry.store;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** Typed handles on the {@code cards} and {@code card_history} tables for jOOQ queries. */
final class CardTable {
    static final Table<Record> CARDS = table(name("cards"));
    static final Field<String> ID = field(name("id"), String.class);
    static final Field<String> CARD_TYPE = field(name("card_type"), String.class);
    static final Field<String> NAME = field(name("name"), String.class);
    static final Field<String> CONTENT = field(name("content"), String.class);
    static final Field<String> SUMMARY = field(name("summary"), String.class);
    static final Field<Double> LATITUDE = field(name("latitude"), Double.class);
    static final Field<Double> LONGITUDE = field(name("longitude"), Double.class);
    static final Field<String> LOCATION_NAME = field(name("location_name"), String.class);
    static final Field<String> CREATED_AT = field(name("created_at"), String.class);
    static final Field<String> MODIFIED_AT = field(name("modified_at"), String.class);
    static final Field<String> DUE_AT = field(name("due_at"), String.class);
    static final Field<String> COMPLETED_AT = field(name("completed_at"), String.class);
    static final Field<String> EVENT_START = field(name("event_start"), String.class);
    static final Field<String> EVENT_END = field(name("event_end"), String.class);
    static final Field<String> FOLDER = field(name("folder"), String.class);
    static final Field<String> TAGS = field(name("tags"), String.class);
    static final Field<String> STATUS = field(name("status"), String.class);
    static final Field<Integer> PRIORITY = field(name("priority"), Integer.class);
    static final Field<Double> SORT_ORDER = field(name("sort_order"), Double.class);
    static final Field<String> URL = field(name("url"), String.class);
    static final Field<String> SOURCE = field(name("source"), String.class);
    static final Field<String> SOURCE_ID = field(name("source_id"), String.class);
    static final Field<String> DELETED_AT = field(name("deleted_at"), String.class);
    static final Field<Long> VERSION = field(name("version"), Long.class);

    static final Field<?>[] ALL = {ID, CARD_TYPE, NAME, CONTENT, SUMMARY, LATITUDE, LONGITUDE, LOCATION_NAME,
        CREATED_AT, MODIFIED_AT, DUE_AT, COMPLETED_AT, EVENT_START, EVENT_END, FOLDER, TAGS, STATUS, PRIORITY,
        SORT_ORDER, URL, SOURCE, SOURCE_ID, DELETED_AT, VERSION};
    static final Field<?>[] SUMMARY_FIELDS = {ID, CARD_TYPE, NAME, SUMMARY, FOLDER, TAGS, MODIFIED_AT, VERSION};

    static final Table<Record> HISTORY = table(name("card_history"));
    static final Field<String> H_CARD_ID = field(name("card_id"), String.class);
    static final Field<Long> H_VERSION = field(name("version"), Long.class);
    static final Field<String> H_SNAPSHOT = field(name("snapshot"), String.class);
    static final Field<String> H_CHANGED_AT = field(name("changed_at"), String.class);
    static final Field<String> H_ORIGIN = field(name("origin"), String.class);

    private CardTable() {
    }
}

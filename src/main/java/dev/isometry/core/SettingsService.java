package dev.isometry.core;

import dev.isometry.store.Database;
import dev.isometry.store.SettingsStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Settings kept with the data: how long the trash keeps cards. Each method one transaction. Thread-safe. */
public final class SettingsService {
    static final String TRASH_RETENTION = "trashRetentionDays";
    static final int DEFAULT_RETENTION_DAYS = 30;
    static final int MAX_RETENTION_DAYS = 3_650;

    private final Database db;
    private final SettingsStore store;

    public SettingsService(Database db, SettingsStore store) {
        this.db = Objects.requireNonNull(db);
        this.store = Objects.requireNonNull(store);
    }

    /** Days a trashed card is kept before it is deleted for good; empty means forever. */
    public Optional<Integer> trashRetentionDays() {
        String json = db.read(tx -> store.get(tx, TRASH_RETENTION)).orElse(String.valueOf(DEFAULT_RETENTION_DAYS));
        return "null".equals(json) ? Optional.empty() : Optional.of(Integer.parseInt(json));
    }

    public Optional<Duration> trashRetention() {
        return trashRetentionDays().map(Duration::ofDays);
    }

    /** Sets the trash retention; null keeps trashed cards forever. */
    public void setTrashRetentionDays(Integer days) {
        if (days != null && (days < 1 || days > MAX_RETENTION_DAYS)) {
            throw new ValidationException("the trash keeps cards for 1 to " + MAX_RETENTION_DAYS + " days, or forever");
        }
        db.write(tx -> {
            store.put(tx, TRASH_RETENTION, days == null ? "null" : String.valueOf(days));
            return null;
        });
    }

    /** A flag stored with the data (for example that the sample cards were offered once). */
    public boolean flag(String key) {
        return db.read(tx -> store.get(tx, key)).map("true"::equals).orElse(false);
    }

    public void setFlag(String key, boolean value) {
        db.write(tx -> {
            store.put(tx, key, String.valueOf(value));
            return null;
        });
    }
}

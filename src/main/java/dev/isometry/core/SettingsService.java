package dev.isometry.core;

import dev.isometry.store.Database;
import dev.isometry.store.SettingsStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Settings kept with the data: how long the trash keeps cards, how conflicting edits merge. Each method one transaction. Thread-safe. */
public final class SettingsService {
    static final String TRASH_RETENTION = "trashRetentionDays";
    static final int DEFAULT_RETENTION_DAYS = 30;
    static final int MAX_RETENTION_DAYS = 3_650;

    private final Database db;
    private final SettingsStore store;
    private final MergeSettings merge = new MergeSettings();

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
        update(new Retention(days), null);
    }

    /** A new trash retention: days, or null to keep trashed cards forever. */
    public record Retention(Integer days) {
    }

    /**
     * Changes the trash retention and the merge strategies (see {@link #setMergeStrategies}) in one
     * transaction; a null argument leaves that setting as it is. Both are checked before anything is
     * written, so a bad value changes nothing.
     */
    public void update(Retention retention, Map<String, String> mergeStrategies) {
        Integer days = retention == null ? null : retention.days();
        if (days != null && (days < 1 || days > MAX_RETENTION_DAYS)) {
            throw new ValidationException("the trash keeps cards for 1 to " + MAX_RETENTION_DAYS + " days, or forever");
        }
        if (mergeStrategies != null) {
            MergePolicy.fromSetting(mergeStrategies);
        }
        db.write(tx -> {
            if (retention != null) {
                store.put(tx, TRASH_RETENTION, days == null ? "null" : String.valueOf(days));
            }
            if (mergeStrategies != null) {
                merge.put(tx, mergeStrategies);
            }
            return null;
        });
    }

    /** How updates based on an older version are merged: the defaults, overridden by the setting. */
    public MergePolicy mergePolicy() {
        return db.read(merge::mergePolicyIn);
    }

    /**
     * Sets the merge strategy per field ({@code "content"}, {@code "name"}, ... or {@code "*"} for the other
     * fields) to {@code "ask"} or {@code "last-writer-wins"}; an empty map goes back to the defaults.
     */
    public MergePolicy setMergeStrategies(Map<String, String> strategies) {
        return db.write(tx -> {
            merge.put(tx, strategies);
            return merge.mergePolicyIn(tx);
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

package dev.isometry.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.isometry.store.Json;
import dev.isometry.store.SettingsStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The merge policy kept with the data: the {@code mergeStrategies} setting, a JSON object of field wire
 * names (or {@code "*"}) to {@code "ask"} or {@code "last-writer-wins"} over {@link MergePolicy#ofDefaults()}.
 * Stateless; thread-safe.
 */
final class MergeSettings {
    static final String KEY = "mergeStrategies";
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };

    private final SettingsStore store = new SettingsStore();

    /** The policy in force, read in the caller's transaction. */
    MergePolicy mergePolicyIn(DSLContext tx) {
        return store.get(tx, KEY).map(json -> MergePolicy.fromSetting(parse(json))).orElse(MergePolicy.ofDefaults());
    }

    /** Replaces the setting after checking that it is understood. */
    void put(DSLContext tx, Map<String, String> strategies) {
        MergePolicy.fromSetting(strategies);
        try {
            store.put(tx, KEY, Json.mapper().writeValueAsString(strategies));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("merge strategies cannot be written as JSON", e);
        }
    }

    private static Map<String, String> parse(String json) {
        try {
            return Json.mapper().readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new ValidationException("the mergeStrategies setting is not a map of field to strategy", e);
        }
    }
}

package dev.isometry.safety;

import java.util.List;
import java.util.Map;

/**
 * A row changed both in rollback mode and in the native store since the export, differently: the native
 * row was kept and both versions are reported (never overwritten). Immutable.
 *
 * @param table    cards, connections or settings
 * @param key      the row's id (or settings key)
 * @param name     the card's name, when it is a card
 * @param fields   the columns whose values differ between the two
 * @param rollback the row as rollback mode left it (null: deleted there)
 * @param nativeRow the row as the native store has it (null: deleted there)
 */
public record RollbackConflict(String table, String key, String name, List<String> fields, Map<String, Object> rollback,
                               Map<String, Object> nativeRow) {
}

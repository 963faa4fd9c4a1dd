package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;

/**
 * One card read from an import source: either field values with the source record they came from
 * (Markdown, CSV), or a whole card to restore exactly (JSON). Immutable.
 */
record ImportItem(String file, CardChanges changes, String source, String sourceId, Card exact) {
    static ImportItem fields(String file, CardChanges changes, String source, String sourceId) {
        return new ImportItem(file, changes, source, sourceId, null);
    }

    static ImportItem exact(String file, Card card) {
        return new ImportItem(file, null, null, null, card);
    }
}

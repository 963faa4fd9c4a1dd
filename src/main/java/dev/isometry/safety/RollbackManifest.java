package dev.isometry.safety;

import java.util.Map;

/**
 * What a rollback export is, written beside it as {@code export.db.json}: its SHA-256 and size, the
 * source it was made from (and that source's SHA-256), and every compared table's rows and content
 * hash as they were in the source — which is what the export must still match. Immutable.
 *
 * @param exportId      a UUID naming this export; rollback snapshots of it carry the same id
 * @param file          the export's file name (in the same folder)
 * @param sha256        SHA-256 of the export file, lower-case hex
 * @param sizeBytes     size of the export file
 * @param format        the export format (1: {@code db/rollback/fts4.sql})
 * @param schemaVersion the store's schema version
 * @param exportedAt    when (UTC ISO-8601 with milliseconds)
 * @param source        {@code native}, {@code backup:<file>} or {@code snapshot:<file>}
 * @param sourceSha256  SHA-256 of the source copy the export was made from
 * @param appVersion    the Isometry version that made it
 * @param liveCards     cards not in the trash (what the search index holds)
 * @param tables        rows and content hash per compared table, as in the source
 */
public record RollbackManifest(String exportId, String file, String sha256, long sizeBytes, int format,
                               int schemaVersion, String exportedAt, String source, String sourceSha256,
                               String appVersion, long liveCards, Map<String, TableDigest> tables) {

    /** The export format this version writes and reads. */
    public static final int FORMAT = 1;
    /** The export's file name inside an export folder. */
    public static final String EXPORT_FILE = "export.db";

    public RollbackManifest {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    /** Cards in the export (live and trashed), or -1 when it has no cards table. */
    public long cards() {
        TableDigest t = tables.get("cards");
        return t == null ? -1 : t.rows();
    }
}

package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.Json;
import dev.isometry.store.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes a rollback export (format 1) from an unchanging copy of a store, and verifies one. The export
 * is a {@code VACUUM INTO} copy whose FTS5 index, its triggers and the tables they use while indexing
 * ({@code fts_deferred}, {@code fts_batch}, {@code fts_pending}) are replaced by
 * {@code db/rollback/fts4.sql}, with {@code rollback_meta} saying what it was made from; it is accepted
 * only when every compared table has the source's rows and content hash. Stateless; thread-safe.
 */
final class RollbackExporter {
    static final String FTS4_SCRIPT = "/db/rollback/fts4.sql";
    private static final String[] NATIVE_FTS = {"DROP TRIGGER IF EXISTS cards_fts_ai", "DROP TRIGGER IF EXISTS cards_fts_ad",
        "DROP TRIGGER IF EXISTS cards_fts_au", "DROP TABLE IF EXISTS cards_fts", "DROP TABLE IF EXISTS fts_deferred",
        "DROP TABLE IF EXISTS fts_batch", "DROP TABLE IF EXISTS fts_pending"};

    private RollbackExporter() {
    }

    /**
     * Writes {@code export.db} and its manifest into {@code folder} from {@code source}.
     *
     * @throws RollbackException when the copy cannot be made or does not match the source (nothing is left)
     */
    static RollbackManifest export(Path source, String sourceSha256, String sourceLabel, Path folder,
                                   String appVersion) {
        Path target = folder.resolve(RollbackManifest.EXPORT_FILE);
        Path tmp = folder.resolve("." + RollbackManifest.EXPORT_FILE + ".tmp");
        String exportId = UUID.randomUUID().toString();
        String at = Timestamps.now();
        try {
            Files.createDirectories(folder);
            if (Files.exists(target)) {
                throw new RollbackException("There is already an export in " + folder + "; choose an empty folder.");
            }
            Files.deleteIfExists(tmp);
            int version;
            long live;
            try (Connection c = SqliteFiles.open(source, SqliteFiles.Access.IMMUTABLE)) {
                version = (int) SqliteFiles.longValue(c, "PRAGMA user_version");
                live = SqliteFiles.longValue(c, "SELECT count(*) FROM cards WHERE deleted_at IS NULL");
                try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                    ps.setString(1, tmp.toString());
                    ps.execute();
                }
            }
            // The source's digests are read beside the rebuild of the search index (two cores are common).
            java.util.concurrent.FutureTask<Map<String, TableDigest>> digests = SideThread.start("isometry-rollback-digest", () -> {
                try (Connection c = SqliteFiles.open(source, SqliteFiles.Access.IMMUTABLE)) {
                    return TableDigests.of(c);
                }
            });
            try (Connection c = SqliteFiles.open(tmp, SqliteFiles.Access.READ_WRITE)) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA cache_size=-65536");
                    st.execute("PRAGMA journal_mode=DELETE"); // sql.js opens one plain file, never a WAL
                    for (String sql : NATIVE_FTS) {
                        st.execute(sql);
                    }
                }
                SqlScript.execute(c, fts4Script());
                Map<String, String> meta = new java.util.LinkedHashMap<>();
                meta.put("format", String.valueOf(RollbackManifest.FORMAT));
                meta.put("schema_version", String.valueOf(version));
                meta.put("exported_at", at);
                meta.put("source_sha256", sourceSha256);
                meta.put("export_id", exportId);
                meta.put("source", sourceLabel);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollback_meta (key, value) VALUES (?, ?)")) {
                    for (var e : meta.entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setString(2, e.getValue());
                        ps.executeUpdate();
                    }
                }
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM"); // the dropped FTS5 pages would otherwise travel to the page
                }
            }
            SqliteFiles.fsync(tmp);
            Map<String, TableDigest> expected = joined(digests);
            // The export is compared with these by verify(), which reads it back from where it lands.
            RollbackManifest m = new RollbackManifest(exportId, RollbackManifest.EXPORT_FILE, SqliteFiles.sha256(tmp),
                    Files.size(tmp), RollbackManifest.FORMAT, version, at, sourceLabel, sourceSha256, appVersion, live,
                    expected);
            Backups.move(tmp, target);
            AtomicFiles.syncDirectory(folder);
            AtomicFiles.write(manifestOf(folder), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
            return m;
        } catch (SQLException | IOException e) {
            Backups.deleteQuietly(tmp);
            throw new RollbackException("The rollback export could not be made: " + e.getMessage(),
                    RollbackException.FAILED, e);
        } catch (RuntimeException e) {
            Backups.deleteQuietly(tmp);
            throw e;
        }
    }

    private static <T> T joined(java.util.concurrent.FutureTask<T> task) throws SQLException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException("Interrupted while reading the source.", RollbackException.FAILED, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new RollbackException("The source could not be read: " + e.getCause().getMessage(),
                    RollbackException.FAILED, e.getCause());
        }
    }

    /**
     * Checks the export in {@code folder} against its manifest: size and SHA-256, SQLite's integrity
     * check, {@code rollback_meta}, the search index, and every table's rows and content hash.
     *
     * @throws RollbackException ({@link RollbackException#VERIFICATION_FAILED}) naming every difference;
     *                           ({@link RollbackException#NOT_FOUND}) when there is no export there
     */
    static RollbackManifest verify(Path folder) {
        RollbackManifest m = readManifest(folder);
        Path file = folder.resolve(m.file());
        List<String> problems = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                throw new RollbackException("The export " + file + " is missing (its manifest is there).",
                        RollbackException.NOT_FOUND, null);
            }
            if (Files.size(file) != m.sizeBytes()) {
                problems.add("the file has " + Files.size(file) + " bytes but its manifest says " + m.sizeBytes());
            }
            java.util.concurrent.FutureTask<String> hash = SideThread.start("isometry-rollback-hash", () -> SqliteFiles.sha256(file));
            List<String> content = check(file, m.tables(), m.liveCards(), m);
            String sha;
            try {
                sha = hash.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RollbackException("Interrupted while hashing the export.", RollbackException.FAILED, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
            if (!sha.equals(m.sha256())) {
                problems.add("its SHA-256 is " + sha.substring(0, 12) + "… but its manifest says "
                        + m.sha256().substring(0, 12) + "…");
            }
            problems.addAll(content);
        } catch (IOException e) {
            throw new RollbackException("The export " + file + " cannot be read: " + e.getMessage(),
                    RollbackException.FAILED, e);
        }
        if (!problems.isEmpty()) {
            throw new RollbackException("The export " + file + " was changed or damaged and must not be used: "
                    + String.join("; ", problems) + ".", RollbackException.VERIFICATION_FAILED, null);
        }
        return m;
    }

    /** The differences between a rollback file and what it should hold; empty when it is sound. */
    static List<String> check(Path file, Map<String, TableDigest> expected, long live, RollbackManifest meta) {
        List<String> problems = new ArrayList<>();
        try (Connection c = SqliteFiles.open(file, SqliteFiles.Access.IMMUTABLE)) {
            CheckResult integrity = StoreVerifier.integrity(c, true);
            if (!integrity.ok()) {
                problems.add(integrity.detail());
                return problems;
            }
            problems.addAll(TableDigests.differences(expected, TableDigests.of(c), "source", "export"));
            Map<String, String> m = meta(c);
            if (!String.valueOf(RollbackManifest.FORMAT).equals(m.get("format"))) {
                problems.add("rollback_meta says format " + m.get("format") + ", not " + RollbackManifest.FORMAT);
            }
            if (meta != null) {
                expectMeta(problems, m, "export_id", meta.exportId());
                expectMeta(problems, m, "source_sha256", meta.sourceSha256());
                expectMeta(problems, m, "schema_version", String.valueOf(meta.schemaVersion()));
            }
            if (!StoreVerifier.tableExists(c, "cards_fts")) {
                problems.add("the search index (cards_fts) is missing");
            } else {
                long indexed = SqliteFiles.longValue(c, "SELECT count(*) FROM cards_fts");
                if (indexed != live) {
                    problems.add("the search index holds " + indexed + " cards but " + live + " are live");
                }
            }
        } catch (SQLException e) {
            problems.add("SQLite cannot read it (" + e.getMessage() + ")");
        }
        return problems;
    }

    private static void expectMeta(List<String> problems, Map<String, String> m, String key, String value) {
        if (!value.equals(m.get(key))) {
            problems.add("rollback_meta " + key + " is " + m.get(key) + " but the manifest says " + value);
        }
    }

    /** The rows of {@code rollback_meta}; empty when the table is missing. */
    static Map<String, String> meta(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (!StoreVerifier.tableExists(c, "rollback_meta")) {
            return out;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM rollback_meta")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static Path manifestOf(Path folder) {
        return folder.resolve(RollbackManifest.EXPORT_FILE + ".json");
    }

    static RollbackManifest readManifest(Path folder) {
        Path manifest = manifestOf(folder);
        if (!Files.exists(manifest)) {
            throw new RollbackException("There is no rollback export in " + folder + " (no " + manifest.getFileName()
                    + ").", RollbackException.NOT_FOUND, null);
        }
        try {
            return Json.mapper().readValue(manifest.toFile(), RollbackManifest.class);
        } catch (IOException e) {
            throw new RollbackException("The manifest " + manifest + " cannot be read: " + e.getMessage(),
                    RollbackException.VERIFICATION_FAILED, e);
        }
    }

    private static String fts4Script() throws IOException {
        try (InputStream in = RollbackExporter.class.getResourceAsStream(FTS4_SCRIPT)) {
            if (in == null) {
                throw new IOException(FTS4_SCRIPT + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

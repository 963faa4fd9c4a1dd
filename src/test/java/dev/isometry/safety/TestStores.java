package dev.isometry.safety;

import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Real stores for the safety tests: made at any shipped schema version, filled with varied cards. */
final class TestStores {
    /** The newest schema version the app ships (stores the running app opens without an upgrade). */
    static final int LATEST = dev.isometry.store.MigrationCatalog.shipped().latestVersion();
    static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra",
        "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "café", "naïve", "straße", "東京"};
    private static final String CONTENT_COLUMNS = "id, card_type, name, content, summary, latitude, longitude, "
            + "location_name, created_at, modified_at, due_at, completed_at, event_start, event_end, folder, tags, "
            + "status, priority, sort_order, url, source, source_id, deleted_at, version";

    private TestStores() {
    }

    /** A store at {@code version} holding {@code cards} cards (a tenth trashed), connections and history. */
    static DataDir create(Path root, int version, int cards) throws Exception {
        DataDir dir = new DataDir(root).prepare();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database())) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("PRAGMA journal_mode=WAL");
            }
            new MigrationRunner(MigrationCatalog.shipped().upTo(version)).migrate(c);
            fill(c, cards, 42);
        }
        return dir;
    }

    static void fill(Connection c, int cards, long seed) throws Exception {
        Random rnd = new Random(seed);
        String[] types = {"note", "person", "event", "resource", "task"};
        c.setAutoCommit(false);
        try (PreparedStatement card = c.prepareStatement("INSERT INTO cards (id, card_type, name, content, summary, "
                + "created_at, modified_at, due_at, event_start, folder, tags, status, priority, sort_order, deleted_at, "
                + "version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement link = c.prepareStatement("INSERT INTO connections (id, source_id, target_id, label, "
                     + "weight, created_at) VALUES (?,?,?,?,?,?)");
             PreparedStatement hist = c.prepareStatement("INSERT INTO card_history (card_id, version, snapshot, "
                     + "changed_at, origin) VALUES (?,?,?,?,?)")) {
            for (int i = 0; i < cards; i++) {
                String id = String.format("00000000-0000-4000-8000-%012d", i);
                StringBuilder text = new StringBuilder();
                for (int w = 0, n = 20 + rnd.nextInt(200); w < n; w++) {
                    text.append(WORDS[rnd.nextInt(WORDS.length)]).append(w % 17 == 16 ? ".\n\n" : " ");
                }
                String at = String.format("2026-0%d-%02dT10:00:00.000Z", 1 + i % 9, 1 + i % 28);
                card.setString(1, id);
                card.setString(2, types[i % types.length]);
                card.setString(3, WORDS[i % WORDS.length] + " card " + i);
                card.setString(4, text.toString());
                card.setString(5, i % 3 == 0 ? "summary of " + i : null);
                card.setString(6, at);
                card.setString(7, at);
                card.setString(8, i % 5 == 4 ? at : null);
                card.setString(9, i % 5 == 2 ? at : null);
                card.setString(10, i % 4 == 0 ? "folder " + (i % 7) : null);
                card.setString(11, "[\"" + WORDS[(i * 7) % WORDS.length] + "\"]");
                card.setString(12, i % 5 == 4 ? (i % 2 == 0 ? "todo" : "done") : null);
                if (i % 6 == 0) {
                    card.setInt(13, i % 4);
                } else {
                    card.setNull(13, java.sql.Types.INTEGER);
                }
                card.setDouble(14, i);
                card.setString(15, i % 10 == 9 ? at : null);
                card.setInt(16, 1 + i % 3);
                card.executeUpdate();
                hist.setString(1, id);
                hist.setInt(2, 1);
                hist.setString(3, "{\"name\":\"" + i + "\"}");
                hist.setString(4, at);
                hist.setString(5, "test");
                hist.executeUpdate();
                if (i > 0 && i % 2 == 0) {
                    link.setString(1, "link-" + i);
                    link.setString(2, String.format("00000000-0000-4000-8000-%012d", i));
                    link.setString(3, String.format("00000000-0000-4000-8000-%012d", rnd.nextInt(i)));
                    link.setString(4, "related");
                    link.setDouble(5, 0.5);
                    link.setString(6, at);
                    link.executeUpdate();
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Every card's id with the SHA-256 of all its content columns. */
    static Map<String, String> cardHashes(Path db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + CONTENT_COLUMNS + " FROM cards")) {
            ResultSetMetaData md = rs.getMetaData();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    sha.update((v == null ? "\u0000null" : v.getClass().getSimpleName() + ":" + v).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0x1f);
                }
                out.put(rs.getString(1), HexFormat.of().formatHex(sha.digest()));
            }
        }
        return out;
    }

    static int userVersion(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    static void exec(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

package dev.isometry.safety;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Row counts and content hashes of a store's own tables, and the differences between two sets of them
 * named table by table. The full-text index (FTS5 natively, FTS4 in an export), its deferral flag and
 * {@code rollback_meta} are not compared: they are what an export changes on purpose. Stateless.
 */
final class TableDigests {
    /** Tables an export adds, drops or rebuilds, so they are not compared. */
    static final Set<String> NOT_COMPARED = Set.of("fts_deferred", "fts_batch", "fts_pending", "rollback_meta");

    private TableDigests() {
    }

    /** Every compared table of the store on {@code c}. */
    static Map<String, TableDigest> of(Connection c) throws SQLException {
        Map<String, TableDigest> out = new TreeMap<>();
        for (String t : StoreVerifier.rowCounts(c).keySet()) {
            if (!NOT_COMPARED.contains(t)) {
                out.put(t, digest(c, t));
            }
        }
        return out;
    }

    static TableDigest digest(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> key = new ArrayList<>();
        Map<Integer, String> pk = new TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA table_info(" + quoteId(table) + ")")) {
            while (rs.next()) {
                columns.add(quoteId(rs.getString("name")));
                if (rs.getInt("pk") > 0) {
                    pk.put(rs.getInt("pk"), quoteId(rs.getString("name")));
                }
            }
        }
        key.addAll(pk.isEmpty() ? columns : pk.values());
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("quote(").append(columns.get(i)).append(')');
        }
        sql.append(" FROM ").append(quoteId(table)).append(" ORDER BY ").append(String.join(", ", key));
        MessageDigest md = sha256();
        long rows = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            int n = columns.size();
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= n; i++) {
                    md.update(rs.getString(i).getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0x1f);
                }
                md.update((byte) 0x1e);
            }
        }
        return new TableDigest(rows, HexFormat.of().formatHex(md.digest()));
    }

    /**
     * What differs between {@code expected} and {@code actual}, one plain sentence per table; empty
     * when they are equal.
     */
    static List<String> differences(Map<String, TableDigest> expected, Map<String, TableDigest> actual,
                                    String expectedName, String actualName) {
        List<String> out = new ArrayList<>();
        Set<String> all = new TreeSet<>(expected.keySet());
        all.addAll(actual.keySet());
        for (String t : all) {
            TableDigest e = expected.get(t);
            TableDigest a = actual.get(t);
            if (e == null) {
                out.add("table " + t + " is in the " + actualName + " but not in the " + expectedName);
            } else if (a == null) {
                out.add("table " + t + " is missing from the " + actualName);
            } else if (e.rows() != a.rows()) {
                out.add("table " + t + " has " + a.rows() + " rows in the " + actualName + " but " + e.rows()
                        + " in the " + expectedName);
            } else if (!e.sha256().equals(a.sha256())) {
                out.add("table " + t + " has the same " + a.rows() + " rows but different content (content hash "
                        + a.sha256().substring(0, 12) + " instead of " + e.sha256().substring(0, 12) + ")");
            }
        }
        return out;
    }

    static String quoteId(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

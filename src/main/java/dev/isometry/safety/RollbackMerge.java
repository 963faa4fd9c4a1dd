package dev.isometry.safety;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The three-way merge of one table, inside the caller's transaction on the native store ({@code main})
 * with the export ({@code base}) and the rollback snapshot ({@code rb}) attached: a row rollback mode
 * changed is applied when the native row is still as exported; a row both sides changed differently is a
 * {@link RollbackConflict} and the native row is kept. Rows are compared by a hash of every column. Not
 * thread-safe (one merge, one connection).
 */
final class RollbackMerge {
    /** What the merge of one table did. */
    record Outcome(int inserted, int updated, List<String> deletedKeys, List<String> applied,
                   List<RollbackConflict> conflicts) {
        int deleted() {
            return deletedKeys.size();
        }
    }

    private final Connection c;
    private final String table;
    private final String key;
    private final List<String> columns = new ArrayList<>();

    RollbackMerge(Connection c, String table, String key) throws SQLException {
        this.c = c;
        this.table = table;
        this.key = key;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.table_info(" + TableDigests.quoteId(table) + ")")) {
            while (rs.next()) {
                columns.add(TableDigests.quoteId(rs.getString("name")));
            }
        }
    }

    /**
     * Applies rollback mode's changes to rows; deletions are only collected (the caller deletes after
     * every table's inserts, so the rows that refer to them are settled first).
     */
    Outcome merge() throws SQLException {
        Map<String, byte[]> base = hashes("base");
        Map<String, byte[]> rb = hashes("rb");
        Map<String, byte[]> main = hashes("main");
        TreeSet<String> keys = new TreeSet<>(base.keySet());
        keys.addAll(rb.keySet());
        int inserted = 0;
        int updated = 0;
        List<String> deletions = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        List<RollbackConflict> conflicts = new ArrayList<>();
        String cols = String.join(", ", columns);
        String k = TableDigests.quoteId(key);
        String t = TableDigests.quoteId(table);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO main." + t + " (" + cols + ") SELECT " + cols
                + " FROM rb." + t + " WHERE " + k + " = ?");
             PreparedStatement update = c.prepareStatement("UPDATE main." + t + " SET (" + cols + ") = (SELECT " + cols
                     + " FROM rb." + t + " WHERE " + k + " = ?) WHERE " + k + " = ?")) {
            for (String id : keys) {
                byte[] b = base.get(id);
                byte[] r = rb.get(id);
                byte[] n = main.get(id);
                if (Arrays.equals(r, b) || Arrays.equals(n, r)) {
                    continue; // not changed in rollback mode, or the same change on both sides
                }
                if (!Arrays.equals(n, b)) {
                    conflicts.add(conflict(id));
                } else if (r == null) {
                    deletions.add(id);
                    applied.add(id);
                } else if (n == null) {
                    applied.add(id);
                    insert.setString(1, id);
                    inserted += insert.executeUpdate();
                } else {
                    applied.add(id);
                    update.setString(1, id);
                    update.setString(2, id);
                    updated += update.executeUpdate();
                }
            }
        }
        return new Outcome(inserted, updated, deletions, applied, conflicts);
    }

    int delete(List<String> keys) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM main." + TableDigests.quoteId(table) + " WHERE "
                + TableDigests.quoteId(key) + " = ?")) {
            for (String id : keys) {
                ps.setString(1, id);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /** True when the native row now equals the rollback row (or both are gone). */
    boolean matchesRollback(String id) throws SQLException {
        return Arrays.equals(hash("main", id), hash("rb", id));
    }

    private Map<String, byte[]> hashes(String schema) throws SQLException {
        Map<String, byte[]> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select(schema, null))) {
            while (rs.next()) {
                out.put(rs.getString(1), digest(rs.getString(2)));
            }
        }
        return out;
    }

    private byte[] hash(String schema, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select(schema, id))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? digest(rs.getString(2)) : null;
            }
        }
    }

    private String select(String schema, String id) {
        StringBuilder b = new StringBuilder("SELECT ").append(TableDigests.quoteId(key)).append(", ");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : " || char(31) || ").append("quote(").append(columns.get(i)).append(')');
        }
        b.append(" FROM ").append(schema).append('.').append(TableDigests.quoteId(table));
        if (id != null) {
            b.append(" WHERE ").append(TableDigests.quoteId(key)).append(" = ?");
        }
        return b.toString();
    }

    private static byte[] digest(String row) {
        MessageDigest md = TableDigests.sha256();
        return md.digest(row.getBytes(StandardCharsets.UTF_8));
    }

    /** The conflict report for row {@code id} (both sides' rows and the fields that differ). */
    RollbackConflict conflict(String id) throws SQLException {
        Map<String, Object> r = row("rb", id);
        Map<String, Object> n = row("main", id);
        List<String> fields = new ArrayList<>();
        Map<String, Object> any = r != null ? r : n;
        for (String col : any.keySet()) {
            Object a = r == null ? null : r.get(col);
            Object b = n == null ? null : n.get(col);
            if (!Objects.equals(a, b)) {
                fields.add(col);
            }
        }
        Object name = r != null ? r.get("name") : n.get("name");
        return new RollbackConflict(table, id, name == null ? null : name.toString(), fields, r, n);
    }

    private Map<String, Object> row(String schema, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + schema + "." + TableDigests.quoteId(table)
                + " WHERE " + TableDigests.quoteId(key) + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ResultSetMetaData md = rs.getMetaData();
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.put(md.getColumnName(i), rs.getObject(i));
                }
                return out;
            }
        }
    }
}

package dev.isometry.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Plain JDBC for the few statements every card write runs (decision 29). jOOQ renders its query tree
 * to SQL text on every execution, which cost about as much as SQLite's own work for these one-row
 * statements; here the text is a constant, and the writer's {@link StatementCache} keeps it compiled.
 * Parameters are bound with {@code setObject} in order. Failures surface as jOOQ's
 * {@code DataAccessException} with the SQLite exception as cause, as jOOQ's own queries do.
 */
final class Sql {
    private Sql() {
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it changed. */
    static int update(DSLContext db, String sql, Object... args) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    /** Every row of a query. */
    static <T> List<T> list(DSLContext db, String sql, Row<T> row, Object... args) {
        return query(db, sql, args, rs -> {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.read(rs));
            }
            return out;
        });
    }

    /** The first row of a query, if any. */
    static <T> Optional<T> first(DSLContext db, String sql, Row<T> row, Object... args) {
        return query(db, sql, args, rs -> rs.next() ? Optional.of(row.read(rs)) : Optional.<T>empty());
    }

    /** Runs a query and hands its whole result to {@code read}. */
    private static <T> T query(DSLContext db, String sql, Object[] args, Row<T> read) {
        return db.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return read.read(rs);
                }
            }
        });
    }

    /** A {@link Row} reader: every column of the row, as text. */
    static String[] texts(ResultSet rs) throws SQLException {
        String[] out = new String[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rs.getString(i + 1);
        }
        return out;
    }

    /** {@code count} placeholders separated by commas, for a VALUES row or an IN list. */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}

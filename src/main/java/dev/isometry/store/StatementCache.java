package dev.isometry.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the writer's prepared statements for reuse (decision 29). Compiling a statement costs SQLite
 * more than running it for the small writes the app makes: about 0.1 ms of each 0.5 ms card write
 * went to {@code sqlite3_prepare}. {@link #connection()} is the writer seen through the cache: its
 * {@code prepareStatement(String)} hands out a kept statement for SQL it has seen (the same SQL text,
 * as jOOQ renders it for every query of one shape), and closing that statement clears its parameters
 * and keeps it instead. A statement still in use when its SQL is asked for again (a query run inside
 * the loop over its own results) is prepared afresh and closed for real. The least recently used
 * statements beyond {@code capacity} are closed.
 *
 * <p>Kept statements are reset (SQLite resets a statement before every run and when its results are
 * closed), so they hold no lock; a schema change makes SQLite compile them again by itself. Work that
 * replaces the schema wholesale calls {@link #clear()} after. One thread at a time (the writer's).
 */
final class StatementCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatementCache.class);

    private final Connection raw;
    private final Connection connection;
    private final LinkedHashMap<String, Kept> kept;
    private long prepared;
    private long reused;

    StatementCache(Connection raw, int capacity) {
        this.raw = raw;
        this.kept = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                if (size() <= capacity || eldest.getValue().inUse) {
                    return false;
                }
                closeQuietly(eldest.getValue().statement);
                return true;
            }
        };
        this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this::onConnection);
    }

    /** The connection whose {@code prepareStatement(String)} goes through the cache. */
    Connection connection() {
        return connection;
    }

    /** Statements compiled, and statements handed out again, so far. */
    synchronized long[] counts() {
        return new long[] {prepared, reused};
    }

    /** Closes every kept statement that is not in use (after schema work, and before the connection closes). */
    synchronized void clear() {
        var it = kept.values().iterator();
        while (it.hasNext()) {
            Kept k = it.next();
            if (!k.inUse) {
                closeQuietly(k.statement);
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        clear();
    }

    private Object onConnection(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return prepare((String) args[0]);
        }
        if (m.getName().equals("close")) {
            clear();
        }
        return invoke(raw, m, args);
    }

    private synchronized PreparedStatement prepare(String sql) throws SQLException {
        Kept k = kept.get(sql);
        if (k != null && !k.inUse) {
            k.inUse = true;
            reused++;
            return k.view;
        }
        prepared++;
        PreparedStatement ps = raw.prepareStatement(sql);
        if (k != null) {
            return ps; // the kept one is busy: this one is the caller's alone, closed for real
        }
        Kept fresh = new Kept(ps);
        fresh.inUse = true;
        kept.put(sql, fresh);
        return fresh.view;
    }

    private synchronized void giveBack(Kept k) throws SQLException {
        k.inUse = false;
        try {
            k.statement.clearParameters();
            k.statement.clearBatch();
        } catch (SQLException e) {
            // A statement that cannot be cleared is not handed out again.
            kept.values().remove(k);
            closeQuietly(k.statement);
            throw e;
        }
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            log.debug("Closing a kept statement failed", e);
        }
    }

    /** A kept statement and the view of it handed out, whose close gives it back. */
    private final class Kept {
        final PreparedStatement statement;
        final PreparedStatement view;
        /** Handed out and not yet closed by its holder (a second close is a no-op). */
        boolean inUse;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this::onStatement);
        }

        private Object onStatement(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "close":
                    if (inUse) {
                        giveBack(this);
                    }
                    return null;
                case "isClosed":
                    return !inUse || statement.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return invoke(statement, m, args);
            }
        }
    }
}

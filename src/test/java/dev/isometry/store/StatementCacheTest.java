package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's kept statements (decision 29): reused, never shared while in use, bounded, and lock-free. */
class StatementCacheTest {
    private static final String BY_ID = "SELECT name FROM t WHERE id = ?";

    @TempDir
    Path dir;
    private Connection raw;

    @BeforeEach
    void open() throws SQLException {
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement st = raw.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        raw.close();
    }

    @Test
    void theSameSqlIsCompiledOnceAndAnswersWithTheParametersOfEachUse() throws SQLException {
        StatementCache cache = new StatementCache(raw, 8);
        Connection c = cache.connection();
        List<String> names = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
                ps.setInt(1, id);
                names.add(only(ps));
            }
        }
        assertEquals(List.of("one", "two", "three"), names);
        assertArrayEquals(new long[] {1, 2}, cache.counts(), "compiled once, reused twice");
    }

    @Test
    void aStatementInUseIsNotHandedOutAgain() throws SQLException {
        StatementCache cache = new StatementCache(raw, 8);
        Connection c = cache.connection();
        List<String> pairs = new ArrayList<>();
        try (PreparedStatement outer = c.prepareStatement("SELECT id FROM t ORDER BY id");
             ResultSet rs = outer.executeQuery()) {
            while (rs.next()) {
                // The same query inside the loop over its own results gets a statement of its own.
                try (PreparedStatement inner = c.prepareStatement("SELECT id FROM t ORDER BY id")) {
                    assertNotSame(outer, inner);
                    try (ResultSet all = inner.executeQuery()) {
                        int n = 0;
                        while (all.next()) {
                            n++;
                        }
                        pairs.add(rs.getInt(1) + ":" + n);
                    }
                }
            }
        }
        assertEquals(List.of("1:3", "2:3", "3:3"), pairs, "the outer loop was not disturbed");
        PreparedStatement again = c.prepareStatement("SELECT id FROM t ORDER BY id");
        again.close();
        assertEquals(4, cache.counts()[0], "the outer one, then three for the inner uses");
        assertSame(again, c.prepareStatement("SELECT id FROM t ORDER BY id"), "the kept one is back");
    }

    @Test
    void theLeastRecentlyUsedStatementsBeyondTheCapacityAreClosed() throws SQLException {
        StatementCache cache = new StatementCache(raw, 2);
        Connection c = cache.connection();
        for (String sql : List.of("SELECT 1", "SELECT 2", "SELECT 1", "SELECT 3", "SELECT 1", "SELECT 2")) {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(sql.charAt(7) - '0', rs.getInt(1));
            }
        }
        // SELECT 2 was the eldest when SELECT 3 came, so it was compiled again at the end.
        assertArrayEquals(new long[] {4, 2}, cache.counts());
    }

    @Test
    void keptStatementsHoldNoLockAndFollowASchemaChange() throws Exception {
        StatementCache cache = new StatementCache(raw, 8);
        Connection c = cache.connection();
        try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
            ps.setInt(1, 2);
            assertEquals("two", only(ps));
        }
        // Another connection can write and checkpoint the whole log: the kept statement holds no read.
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
             Statement st = other.createStatement()) {
            st.execute("INSERT INTO t VALUES (4, 'four')");
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the checkpoint was not blocked");
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE t");
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, extra TEXT, name TEXT)");
            st.execute("INSERT INTO t (id, name) VALUES (2, 'again')");
        }
        try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
            ps.setInt(1, 2);
            assertEquals("again", only(ps), "compiled again by SQLite for the new table");
        }
        cache.clear();
        try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
            ps.setInt(1, 2);
            assertEquals("again", only(ps));
        }
        assertEquals(2, cache.counts()[0], "cleared statements are compiled again");
    }

    @Test
    void theStoreWriterReusesItsStatements() {
        try (Database db = Database.open(dir.resolve("w.db"), DatabaseConfig.builder().build())) {
            db.withWriterConnection(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE w (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                }
                return null;
            });
            for (int i = 0; i < 50; i++) {
                String body = "row " + i;
                db.write(dsl -> dsl.execute("INSERT INTO w (body) VALUES (?)", body));
            }
            long[] counts = db.writerStatementCounts();
            assertTrue(counts[1] >= 49, "fifty writes of one shape reused their statement: " + counts[1]);
            long rows = db.read(dsl -> ((Number) dsl.fetchValue("SELECT count(*) FROM w")).longValue());
            assertEquals(50, rows);
        }
    }

    private static String only(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}

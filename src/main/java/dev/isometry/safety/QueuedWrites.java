package dev.isometry.safety;

import dev.isometry.store.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts the changes the page made that have not reached the store: its bridge outbox (native writes
 * only; rollback mode's own saves are not store writes), kept in the WebView's localStorage ({@code webview/} in the data folder, one key {@code isometry.outbox.v1.<id>}
 * per write). Read from WebKit's own files, read-only, so the command line can tell without a page.
 * Stateless.
 */
public final class QueuedWrites {
    /** The prefix of the page's outbox keys (web-ui/src/bridge/outbox.ts). */
    public static final String OUTBOX_PREFIX = "isometry.outbox.v1.";

    private QueuedWrites() {
    }

    /**
     * The number of writes waiting in the page's outbox, or -1 when the page's storage exists but cannot
     * be read.
     */
    public static int count(DataDir dir) {
        Path webview = dir.root().resolve("webview");
        if (!Files.isDirectory(webview)) {
            return 0;
        }
        List<Path> stores;
        try (Stream<Path> s = Files.walk(webview, 4)) {
            stores = s.filter(p -> p.getFileName().toString().endsWith(".localstorage")).toList();
        } catch (IOException e) {
            return -1;
        }
        int total = 0;
        for (Path p : stores) {
            int n;
            try {
                n = count(p);
            } catch (SQLException e) {
                n = countCopy(p); // WebKit is writing it, or left a journal behind: read a copy instead
            }
            if (n < 0) {
                return -1;
            }
            total += n;
        }
        return total;
    }

    private static int count(Path store) throws SQLException {
        try (Connection c = SqliteFiles.open(store, SqliteFiles.Access.READ_ONLY)) {
            return nativeWrites(c);
        }
    }

    /**
     * Outbox entries of native writes: rollback mode's own saves ({@code "command":"rollback:…"}) are not
     * writes to the store and do not count. WebKit keeps each value as UTF-16 text.
     */
    private static int nativeWrites(Connection c) throws SQLException {
        if (!StoreVerifier.tableExists(c, "ItemTable")) {
            return 0;
        }
        int n = 0;
        try (java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT value FROM ItemTable WHERE key >= '" + OUTBOX_PREFIX
                     + "' AND key < '" + OUTBOX_PREFIX.substring(0, OUTBOX_PREFIX.length() - 1) + "/'")) {
            while (rs.next()) {
                byte[] v = rs.getBytes(1);
                String text = v == null ? "" : new String(v, java.nio.charset.StandardCharsets.UTF_16LE)
                        + new String(v, java.nio.charset.StandardCharsets.UTF_8);
                if (!text.replace(" ", "").contains("\"command\":\"rollback:")) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Counts in a copy of the file and its journal, where SQLite may roll an unfinished write back without
     * touching WebKit's own files; -1 when even that cannot be read.
     */
    private static int countCopy(Path store) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("isometry-outbox");
            Path copy = tmp.resolve(store.getFileName());
            Files.copy(store, copy);
            Path journal = store.resolveSibling(store.getFileName() + "-journal");
            if (Files.exists(journal)) {
                Files.copy(journal, copy.resolveSibling(copy.getFileName() + "-journal"));
            }
            try (Connection c = SqliteFiles.open(copy, SqliteFiles.Access.READ_WRITE)) {
                return nativeWrites(c);
            }
        } catch (IOException | SQLException e) {
            return -1;
        } finally {
            if (tmp != null) {
                try (Stream<Path> s = Files.walk(tmp)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // a temp folder left behind is harmless
                }
            }
        }
    }
}

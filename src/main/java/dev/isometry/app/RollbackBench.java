package dev.isometry.app;

import dev.isometry.app.bench.SafetyBench;
import dev.isometry.bridge.FaultInjector;
import dev.isometry.bridge.HostActions;
import dev.isometry.safety.MigrationListener;
import dev.isometry.safety.RollbackAssessment;
import dev.isometry.safety.RollbackManager;
import dev.isometry.safety.RollbackSession;
import dev.isometry.safety.RollbackSource;
import dev.isometry.safety.SafeMigrator;
import dev.isometry.store.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rollback figures of {@code isometry bench}, Java's share of each target: entering (assess + backup
 * + export + verify) a ~10 MB and a ~100 MB store, or the refusal when memory is too small for the latter;
 * and a save of a ~10 MB database as the bridge receives it (parse the envelope, decode base64, hash,
 * integrity-check, write atomically, record the request). The page's share (loading the file in sql.js,
 * painting, {@code db.export()}) is measured in the page. Medians of a few runs. Not thread-safe; run once.
 */
final class RollbackBench {
    private RollbackBench() {
    }

    /** The 10 MB and 100 MB stores' exports, for the page's share of the figures ({@link #page}). */
    private static Path exported10mb;
    private static Path exported100mb;

    /** Cards that make a store of about 10 MB at the newest schema (search index included). */
    static final int CARDS_10MB = 5_600;

    static Map<String, Number> run(Path tmp, boolean quick, Consumer<String> progress) throws Exception {
        Map<String, Number> figures = new LinkedHashMap<>();
        int rounds = quick ? 1 : 3;
        progress.accept("rollback: generating a ~10 MB store");
        DataDir small = store(tmp.resolve("rollback-10mb"), CARDS_10MB);
        figures.put("rollback.store_10mb_mb", Math.round(Files.size(small.database()) / 1048576.0));
        RollbackManager manager = RollbackManager.of(small, "bench");
        long[] enter = new long[rounds];
        RollbackSession session = null;
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            session = manager.enter(RollbackSource.nativeStore(), 0);
            enter[i] = (System.nanoTime() - t) / 1_000_000;
        }
        figures.put("rollback.enter_10mb_java_ms", median(enter));
        exported10mb = session.exportFile();
        progress.accept("rollback: saves of the 10 MB database through the bridge's dispatcher");
        figures.put("rollback.save_10mb_java_ms", save(small, session, quick ? 3 : 7));
        progress.accept("rollback: generating a ~100 MB store");
        {
            DataDir big = store(tmp.resolve("rollback-100mb"), CARDS_10MB * 10);
            RollbackManager m = RollbackManager.of(big, "bench");
            RollbackAssessment a = m.assess(RollbackSource.nativeStore(), 0);
            figures.put("rollback.store_100mb_mb", Math.round(a.storeBytes() / 1048576.0));
            if (!a.allowed()) {
                progress.accept("rollback: the 100 MB store is refused, as it should be: " + a.summary());
                figures.put("rollback.enter_100mb_java_ms", -1);
            } else {
                progress.accept("rollback: entering with the 100 MB store");
                long t = System.nanoTime();
                exported100mb = m.enter(RollbackSource.nativeStore(), 0).exportFile();
                figures.put("rollback.enter_100mb_java_ms", (System.nanoTime() - t) / 1_000_000);
            }
        }
        return figures;
    }

    /**
     * The page's share, measured in a WebView showing the web UI from files (as rollback mode shows it):
     * loading sql-asm, fetching the 10 MB export by its file URL, opening it and reading the first list;
     * then {@code db.export()} and base64, as a save does. With Java's shares from {@link #run}, the
     * whole figures: entering = Java's enter + load + fetch + open and first list; saving = export +
     * base64 + Java's save. Call after {@link #run}, with the JavaFX toolkit started.
     *
     * @param runInPage runs a script in a page loaded from {@code page} and polls the result it names
     */
    static Map<String, Number> page(Map<String, Number> javaFigures, PageProbe runInPage, Path webDir) throws Exception {
        Map<String, Number> figures = new LinkedHashMap<>();
        if (exported10mb == null) {
            return figures;
        }
        java.net.URL url = RollbackPage.rollbackPage(webDir);
        String plain = url.toExternalForm().replace(RollbackPage.QUERY, "");
        var m = runInPage.measure(plain, exported10mb.toUri().toString(), false);
        long load = m.path("loadSqlMs").asLong();
        long fetch = m.path("fetchMs").asLong();
        long open = m.path("openAndFirstListMs").asLong();
        long export = m.path("exportMs").asLong();
        long base64 = m.path("base64Ms").asLong();
        figures.put("rollback.page_load_sqljs_ms", load);
        figures.put("rollback.page_fetch_10mb_ms", fetch);
        figures.put("rollback.page_open_first_list_ms", open);
        figures.put("rollback.page_export_10mb_ms", export);
        figures.put("rollback.page_base64_10mb_ms", base64);
        figures.put("rollback.enter_10mb_ms", javaFigures.get("rollback.enter_10mb_java_ms").longValue() + load + fetch + open);
        figures.put("rollback.save_10mb_ms", export + base64 + javaFigures.get("rollback.save_10mb_java_ms").longValue());
        if (exported100mb != null) {
            var big = runInPage.measure(plain, exported100mb.toUri().toString(), true);
            long pageShare = big.path("loadSqlMs").asLong() + big.path("fetchMs").asLong()
                    + big.path("openAndFirstListMs").asLong();
            figures.put("rollback.page_enter_100mb_ms", pageShare);
            figures.put("rollback.enter_100mb_ms", javaFigures.get("rollback.enter_100mb_java_ms").longValue() + pageShare);
        }
        return figures;
    }

    /** Opens a page and runs the conformance runner's measure on a database URL. */
    @FunctionalInterface
    interface PageProbe {
        com.fasterxml.jackson.databind.JsonNode measure(String pageUrl, String dbUrl, boolean enterOnly) throws Exception;
    }

    /** A store of {@code cards} generated cards at the newest schema, its WAL folded in as a closed app leaves it. */
    private static DataDir store(Path root, int cards) throws Exception {
        DataDir dir = new DataDir(root).prepare();
        SafetyBench.generate(dir.database(), cards);
        SafeMigrator.shipped(dir, dev.isometry.safety.Backups.of(dir, "bench")).migrate(MigrationListener.none());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             var st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return dir;
    }

    private static long save(DataDir dir, RollbackSession session, int rounds) throws Exception {
        byte[] bytes = Files.readAllBytes(session.exportFile());
        String data = Base64.getEncoder().encodeToString(bytes);
        long[] took = new long[rounds];
        try (RollbackContext ctx = RollbackContext.open(dir, session, System.nanoTime())) {
            var dispatcher = ctx.wiring(HostActions.none(), FaultInjector.off()).dispatcher();
            for (int i = 0; i < rounds; i++) {
                String envelope = "{\"v\":1,\"id\":\"bench-save-" + i + "\",\"cmd\":\"rollback:save\",\"args\":{"
                        + "\"exportId\":\"" + session.exportId() + "\",\"data\":\"" + data + "\",\"bytes\":"
                        + bytes.length + "}}"; // as the page sends it: Java hashes what it keeps
                long t = System.nanoTime();
                String reply = dispatcher.handle(envelope);
                took[i] = (System.nanoTime() - t) / 1_000_000;
                if (!reply.contains("\"ok\":true")) {
                    throw new IllegalStateException("the bench save was refused: " + reply);
                }
            }
        }
        return median(took);
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

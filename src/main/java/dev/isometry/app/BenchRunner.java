package dev.isometry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.app.bench.CardGenerator;
import dev.isometry.app.bench.FeedBench;
import dev.isometry.app.bench.Jit;
import dev.isometry.app.bench.SafetyBench;
import dev.isometry.app.bench.TransferBench;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;

/**
 * Runs the benchmarks of {@code isometry bench}: the real page in a headless WebView talking to a real
 * store in a temporary data directory, measured from JavaScript through the same client the UI uses;
 * and cold start in child JVMs. Produces named figures. Not thread-safe; run once per JVM.
 */
public final class BenchRunner {
    private static final ObjectMapper JSON = Json.mapper();
    /** Cards in the store for the search figure (the name of the figure says 100k). */
    static final int SEARCH_CARDS = 100_000;
    static final int VOCABULARY = 20_000;

    private final boolean quick;
    private final Consumer<String> progress;

    public BenchRunner(boolean quick, Consumer<String> progress) {
        this.quick = quick;
        this.progress = progress;
    }

    /** Only the safety figures (start-up validation, backups, the safe upgrade): no JavaFX, no page. */
    public Map<String, Number> runSafety() throws Exception {
        Path tmp = Files.createTempDirectory("isometry-bench");
        try {
            return SafetyBench.run(tmp.resolve("safety"), quick, progress);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Runs everything and returns the figures in a stable order. */
    public Map<String, Number> run() throws Exception {
        return run(false);
    }

    /**
     * Only the bridge figures (round trips, replay, throughput, card creation, autosave over the
     * generated cards), under the same names and measured the same way as in the whole run; no cold
     * starts, safety, rollback, feed, search or transfer figures.
     */
    public Map<String, Number> runBridge() throws Exception {
        return run(true);
    }

    /** Queues 1,000 creates while the bridge is down, reconnects, and times until all are answered. */
    private static double replay(BenchPage page, boolean inMemoryOutbox) throws Exception {
        JsonNode replay = page.run("isometryBench.replay(1000, " + inMemoryOutbox + ")");
        if (replay.get("failed").asInt() != 0 || replay.get("left").asInt() != 0) {
            throw new IllegalStateException("replay benchmark: " + replay);
        }
        return round1(replay.get("ms").doubleValue());
    }

    private Map<String, Number> run(boolean bridgeOnly) throws Exception {
        Map<String, Number> figures = new LinkedHashMap<>();
        Path tmp = Files.createTempDirectory("isometry-bench");
        try {
            if (!bridgeOnly) {
                progress.accept("cold start (child JVMs)");
                figures.put("startup.interactive_ms", measureStartup(tmp.resolve("startup"), quick ? 3 : 7));
                progress.accept("safety: validation, backup and safe upgrade of a 100k-card store");
                figures.putAll(SafetyBench.run(tmp.resolve("safety"), quick, progress));
                progress.accept("rollback: enter and save (Java's share)");
                figures.putAll(RollbackBench.run(tmp.resolve("rollback"), quick, progress));
            }
            BenchPage.startFx();
            if (!bridgeOnly) {
                progress.accept("rollback: the page's share (sql.js load, fetch, open, export, base64)");
                figures.putAll(RollbackBench.page(figures, BenchPage::measureRollbackPage, tmp.resolve("rollback-web")));
            }
            try (AppContext ctx = AppContext.open(new DataDir(tmp.resolve("data")))) {
                BenchPage page = BenchPage.open(ctx, tmp.resolve("webview"));
                progress.accept("bridge round trips");
                // The full path (retry, breaker, outbox, heartbeat in the page; handler timeout and latency
                // histograms in Java) and the bare one (none of those), alternately, in the same run: six
                // short turns each rather than two long ones, so a busy spell of this shared machine falls
                // on both paths alike instead of on one of them.
                int turns = 6;
                int rounds = (quick ? 10_000 : 100_000) / turns;
                double[] full = new double[0];
                double[] bare = new double[0];
                JsonNode rtt = null;
                for (int round = 0; round < turns; round++) {
                    page.startRecording(rounds);
                    rtt = page.run("isometryBench.rtt(" + rounds + ", 500)");
                    full = concat(full, page.roundTripMicros());
                    page.dispatcher().instrumented(false);
                    page.startRecording(rounds);
                    page.run("isometryBench.rttBare(" + rounds + ", 500)");
                    bare = concat(bare, page.roundTripMicros());
                    page.dispatcher().instrumented(true);
                }
                java.util.Arrays.sort(full);
                java.util.Arrays.sort(bare);
                figures.put("bridge.rtt.p50_us", round1(percentile(full, 50)));
                figures.put("bridge.rtt.p99_us", round1(percentile(full, 99)));
                figures.put("bridge.rtt.mean_us", round1(rtt.get("meanUs").doubleValue()));
                figures.put("bridge.rtt_bare.p50_us", round1(percentile(bare, 50)));
                figures.put("bridge.rtt_bare.p99_us", round1(percentile(bare, 99)));
                figures.put("bridge.rtt.full_over_bare", Math.round(percentile(full, 50) / percentile(bare, 50) * 100) / 100.0);
                progress.accept("replaying 1,000 queued writes, the first time");
                // The first replay in a fresh process runs through code neither the JIT nor the page's
                // engine has seen yet (round trips are all pings): reported on its own. The replay
                // figures proper are taken after the card creation below, on a warm path, as the round
                // trips are taken after their warm-up.
                figures.put("bridge.replay_1k_cold_ms", replay(page, false));
                JsonNode tput = page.run("isometryBench.throughput(" + (quick ? 20_000 : 100_000) + ", 64)");
                figures.put("bridge.rtt_per_s", Math.round(tput.get("perSecond").doubleValue()));
                if (!bridgeOnly) {
                    progress.accept("change feed: commit to page");
                    figures.putAll(FeedBench.feed(ctx, page, quick));
                }
                progress.accept("card creation through the bridge");
                JsonNode create = page.run("isometryBench.create(" + (quick ? 2_000 : 10_000) + ", 16)");
                figures.put("cards.create_per_s", Math.round(create.get("perSecond").doubleValue()));
                progress.accept("replaying 1,000 queued writes");
                Jit.awaitQuiet();
                long writerBefore = ctx.database().writerBusyNanos();
                figures.put("bridge.replay_1k_ms", replay(page, false));
                // The writer thread's share of it: less noisy than the wall time, which the page shares.
                figures.put("bridge.replay_1k_writer_ms",
                        round1((ctx.database().writerBusyNanos() - writerBefore) / 1e6));
                figures.put("bridge.replay_1k_memory_ms", replay(page, true));
                CardGenerator gen = fillCorpus(ctx);
                if (!bridgeOnly) {
                    progress.accept("search over " + ctx.cards().count() + " cards");
                    JsonNode search = page.run("isometryBench.search(" + JSON.writeValueAsString(searchQueries(gen))
                            + ", " + (quick ? 3 : 10) + ")");
                    figures.put("search.p50_ms", search.get("p50Ms").doubleValue());
                    figures.put("search.p99_ms", search.get("p99Ms").doubleValue());
                    figures.put("search.cards", ctx.cards().count());
                    progress.accept("live queries and writes by another process over " + ctx.cards().count() + " cards");
                    figures.putAll(FeedBench.live(ctx, page, quick));
                }
                progress.accept("autosave over " + ctx.cards().count() + " cards");
                JsonNode autosave = page.run("isometryBench.autosave(" + (quick ? 200 : 1_000) + ")");
                figures.put("editor.autosave_ms.p50", autosave.get("p50Ms").doubleValue());
                figures.put("editor.autosave_ms", autosave.get("p99Ms").doubleValue());
                if (!bridgeOnly) {
                    progress.accept("JSON export and import of " + ctx.cards().count() + " cards");
                    figures.putAll(TransferBench.run(ctx, tmp.resolve("transfer")));
                }
                page.close();
            }
        } finally {
            Platform.exit();
            deleteTree(tmp);
        }
        return figures;
    }

    /**
     * Only the change feed and live query figures, under the same names and measured the same way as in
     * {@link #run()}: the page opened on a fresh store, the feed figures, then the 100k-card corpus and
     * the live query figures. For comparing builds on these figures without the two-minute whole run.
     */
    public Map<String, Number> runFeed() throws Exception {
        Map<String, Number> figures = new LinkedHashMap<>();
        Path tmp = Files.createTempDirectory("isometry-bench");
        try {
            BenchPage.startFx();
            try (AppContext ctx = AppContext.open(new DataDir(tmp.resolve("data")))) {
                BenchPage page = BenchPage.open(ctx, tmp.resolve("webview"));
                progress.accept("change feed: commit to page");
                figures.putAll(FeedBench.feed(ctx, page, quick));
                fillCorpus(ctx);
                progress.accept("live queries and writes by another process over " + ctx.cards().count() + " cards");
                figures.putAll(FeedBench.live(ctx, page, quick));
                page.close();
            }
        } finally {
            Platform.exit();
            deleteTree(tmp);
        }
        return figures;
    }

    /** Generates cards until the store holds {@link #SEARCH_CARDS}; returns the generator (its vocabulary). */
    private CardGenerator fillCorpus(AppContext ctx) {
        progress.accept("generating " + SEARCH_CARDS + " cards");
        CardGenerator gen = new CardGenerator(42, VOCABULARY);
        long have = ctx.cards().count();
        for (long made = have; made < SEARCH_CARDS; ) {
            int n = (int) Math.min(5_000, SEARCH_CARDS - made);
            ctx.cards().createAll(gen.next(n), "bench");
            made += n;
        }
        return gen;
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * Queries a person might type: words spread evenly over the orders of magnitude of frequency (from
     * words in nearly every card to words in a few), each also as a three-letter prefix (typing) and
     * with a second word; and a phrase.
     */
    static List<String> searchQueries(CardGenerator gen) {
        List<String> q = new ArrayList<>();
        int[] ranks = {0, 3, 10, 30, 100, 300, 1000, 3000, 10000, 19000};
        for (int r : ranks) {
            String w = gen.word(r);
            q.add(w);
            q.add(w.substring(0, Math.min(3, w.length())));
            q.add(w + " " + gen.word((r * 7 + 11) % gen.vocabularySize()));
        }
        q.add("\"" + gen.word(5) + " " + gen.word(6) + "\"");
        return q;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Median wall time from spawning the app to its page reporting interactive, in ms. */
    private long measureStartup(Path dataDir, int runs) throws IOException, InterruptedException {
        startOnce(dataDir); // first run creates the store; not counted
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(startOnce(dataDir));
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    private long startOnce(Path dataDir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "--data-dir", dataDir.toString(), "--headless", "--exit-when-interactive")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(IsometryApp.INTERACTIVE_MARKER)) {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    return ms;
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        throw new IllegalStateException("the app exited with code " + p.waitFor() + " before its page was interactive");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("isometry: could not remove " + root + ": " + e.getMessage());
        }
    }
}

package dev.isometry.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isometry.app.AppContext;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardType;
import dev.isometry.model.ChangeBatch;
import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Figures of the change feed and live queries, measured in the real page: Java commits, the page answers
 * the event (or the live push) at once with a ping, and the ping's arrival in Java closes the interval
 * (the page's own clock has 1 ms resolution). Not thread-safe; one run at a time.
 */
public final class FeedBench {
    /** The page the figures are taken through. */
    public interface Page {
        /** Runs an in-page benchmark call and returns its result. */
        JsonNode run(String call) throws Exception;

        /** {@link System#nanoTime()} of the first bridge message arriving after {@code after}, or -1. */
        long arrivalAfter(long after, Duration limit) throws InterruptedException;
    }

    /**
     * Warm-up edits run in rounds of this many until rounds leave the JIT compilers almost idle. After
     * a fixed 1,000 warm-up edits and a quiet wait, C2 still compiled the path for 70% of a core through
     * the measured edits (perf sched: 156 ms of a 224 ms window), and the FX thread waited behind the
     * compiler threads for 1.5–3.5 ms at a time: the path was still crossing the compilers' thresholds
     * (jOOQ and Jackson above all). Rounds ending at the first quiet one (at most 25) still left 21–101
     * ms of compiling in the measured edits; see {@link #QUIET_ROUNDS}. A session's edits run compiled
     * code.
     */
    static final int WARM_UP_ROUND = 200;
    /** At most this many warm-up rounds. */
    static final int WARM_UP_ROUNDS = 50;
    /**
     * Quiet rounds in a row that end the warm-up. One was not enough: methods called once per edit reach
     * C2's thresholds only after thousands of edits, and a round between two bursts of compiling looked
     * settled while C2 went on compiling the path through the measured edits.
     */
    static final int QUIET_ROUNDS = 3;
    /** A round whose edits cost the compilers less than this is taken as compiled. */
    static final long SETTLED_COMPILE_MS = 10;

    private final AppContext ctx;
    private final Page page;
    /** The last batch the feed published; guarded by itself, notified on each. */
    private final ChangeBatch[] last = new ChangeBatch[1];
    /** The last batch of the stand-in for another process (its writer thread publishes it before the write returns). */
    private final AtomicReference<ChangeBatch> otherLast = new AtomicReference<>();

    private FeedBench(AppContext ctx, Page page) {
        this.ctx = ctx;
        this.page = page;
    }

    /** commit → page figures on the current store: feed latency, one batch per transaction. */
    public static Map<String, Number> feed(AppContext ctx, Page page, boolean quick) throws Exception {
        return new FeedBench(ctx, page).feed(quick ? 100 : 500);
    }

    /** Live query and external-write figures; the store should hold the 100k cards by now. */
    public static Map<String, Number> live(AppContext ctx, Page page, boolean quick) throws Exception {
        return new FeedBench(ctx, page).live(quick ? 30 : 100, quick ? 10 : 30);
    }

    private Map<String, Number> feed(int n) throws Exception {
        Map<String, Number> out = new LinkedHashMap<>();
        try (AutoCloseable sub = ctx.database().changes().subscribeDirectLast(this::published)) {
            page.run("isometryBench.feedAck(true)");
            String id = ctx.cards().create(CardChanges.fromRaw(Map.of("cardType", "note", "name", "Feed probe")), "bench").id();
            warmUp(List.of(id), WARM_UP_ROUND, WARM_UP_ROUNDS);
            double[] us = scaled(timeEdits(List.of(id), "edit ", n), 1e3);
            out.put("feed.commit_to_js_us.p50", round1(percentile(us, 50)));
            out.put("feed.commit_to_js_us", round1(percentile(us, 99)));

            // A 1,000-row transaction: the page should hear one event carrying all of it.
            JsonNode before = page.run("isometryBench.feedAck(true)");
            ctx.cards().createAll(new CardGenerator(7, 500).next(1_000), "bench");
            long committed = committedAt();
            page.arrivalAfter(committed, Duration.ofSeconds(10));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // any further event would be here by now
            JsonNode after = page.run("isometryBench.feedAck(false)");
            out.put("feed.batch_1k_events", after.get("events").asInt() - before.get("events").asInt());
        }
        return out;
    }

    private Map<String, Number> live(int n, int external) throws Exception {
        Map<String, Number> out = new LinkedHashMap<>();
        try (AutoCloseable sub = ctx.database().changes().subscribeDirectLast(this::published)) {
            page.run("isometryBench.feedAck(false)");
            page.run("isometryBench.liveAck({\"cardType\":\"task\"})");
            List<String> tasks = ctx.cards().list(n, 0, new CardFilter(CardType.TASK, null, null)).items().stream()
                    .map(c -> c.id()).toList();
            warmUp(tasks, 100, 1);
            double[] ms = scaled(timeEdits(tasks, "live ", tasks.size()), 1e6);
            page.run("isometryBench.liveAck(null)");
            out.put("livequery.100k_push_ms.p50", round1(percentile(ms, 50)));
            out.put("livequery.100k_push_ms", round1(percentile(ms, 99)));
            out.put("livequery.cards", ctx.cards().count());

            // Another process's write, found by the data_version poll.
            ctx.database().watchOtherProcesses(AppContext.externalPoll());
            page.run("isometryBench.feedAck(true)");
            double[] detect = new double[external];
            try (Database other = Database.open(ctx.database().file(), DatabaseConfig.builder().readers(1).build());
                 AutoCloseable otherSub = other.changes().subscribeDirect(otherLast::set)) {
                for (int i = 0; i < external; i++) {
                    int k = i;
                    otherLast.set(null);
                    // The poll may see the commit before the write returns to this thread, and the page may
                    // answer before then too: answers are looked for from before the write, and the interval
                    // runs from the commit as the other process's own change feed timed it.
                    long before = System.nanoTime();
                    other.write(tx -> tx.execute("UPDATE cards SET summary = ? WHERE rowid = (SELECT min(rowid) FROM cards)",
                            "external " + k));
                    long committed = otherLast.get().committedAtNanos();
                    long arrived = page.arrivalAfter(before, Duration.ofSeconds(5));
                    detect[i] = Math.max(0, arrived - committed) / 1e6;
                    // spread the writes over the poll's phase, so the figure covers its whole interval
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(37 + (k * 53) % 170));
                }
            }
            page.run("isometryBench.feedAck(false)");
            Arrays.sort(detect);
            out.put("feed.external_detect_ms.p50", round1(percentile(detect, 50)));
            out.put("feed.external_detect_ms", round1(percentile(detect, 99)));
            out.put("feed.external_poll_ms", AppContext.externalPoll().toMillis());
        }
        return out;
    }

    /**
     * Edits the summary of {@code ids} in turn, {@code count} times, each as soon as the page answered
     * the previous one; returns each edit's commit → page answer, in nanoseconds. This thread sleeps
     * until the page has answered and only then looks up the commit: on two cores a measuring thread
     * woken at the commit took a core from the path it measured.
     */
    private double[] timeEdits(List<String> ids, String prefix, int count) throws Exception {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            String id = ids.get(i % ids.size());
            long version = ctx.cards().get(id).version();
            long before = System.nanoTime();
            ctx.cards().update(id, version, CardChanges.fromRaw(Map.of("summary", prefix + i)), "bench");
            page.arrivalAfter(before, Duration.ofSeconds(5));
            long committed = committedAt();
            out[i] = page.arrivalAfter(committed, Duration.ofSeconds(5)) - committed;
        }
        return out;
    }

    /** {@code nanos} in another unit, sorted. */
    private static double[] scaled(double[] nanos, double per) {
        double[] out = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            out[i] = nanos[i] / per;
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Unmeasured edits before the measured ones, as the round trips have their warm-ups: rounds of
     * {@code round} edits until {@link #QUIET_ROUNDS} in a row leave the JIT compilers almost idle (at
     * most {@code rounds}), then a wait for them to finish. On two cores the compiler threads, still
     * busy with the path just run, took the CPU from the threads being measured for milliseconds at a
     * time.
     */
    private void warmUp(List<String> ids, int round, int rounds) throws Exception {
        int quiet = 0;
        for (int r = 0; r < rounds && quiet < QUIET_ROUNDS; r++) {
            long before = Jit.compileMillis();
            timeEdits(ids, "warm-up ", round);
            quiet = Jit.compileMillis() - before < SETTLED_COMPILE_MS ? quiet + 1 : 0;
        }
        Jit.awaitQuiet();
    }

    private void published(ChangeBatch b) {
        synchronized (last) {
            last[0] = b;
            last.notifyAll();
        }
    }

    /**
     * When the write that just returned was committed: its batch was published (on the writer thread)
     * before the write returned.
     */
    private long committedAt() throws InterruptedException {
        long start = System.nanoTime();
        ChangeBatch b = Waits.until(last, Duration.ofSeconds(5), () -> {
            ChangeBatch seen = last[0];
            if (seen == null || seen.committedAtNanos() < start - TimeUnit.SECONDS.toNanos(1) || seen.external()) {
                return null;
            }
            last[0] = null; // taken, under the monitor
            return seen;
        }, "the change feed published nothing for the write");
        return b.committedAtNanos();
    }

    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

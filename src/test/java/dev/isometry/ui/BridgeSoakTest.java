package dev.isometry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.app.AppContext;
import dev.isometry.app.LaunchOptions;
import dev.isometry.bridge.FaultCounts;
import dev.isometry.bridge.FaultInjector;
import dev.isometry.bridge.FaultPlan;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javafx.scene.web.WebView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The bridge under fire, in the real app and WebView: writes from the page while 20% of requests and
 * 20% of replies are dropped, 5% of handlers throw, and the page reloads three times mid-run. Every
 * write the page was told succeeded must be in the store exactly once, every other write must have
 * been reported failed, and none may be missing without a report. The size is
 * {@code -Disometry.soak.writes} (1,000 in {@code mvn verify}, 10,000 with {@code -Psoak-long}).
 */
class BridgeSoakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WRITES = Integer.getInteger("isometry.soak.writes", 1_000);
    private static final int RELOADS = 3;
    private static final int CONCURRENCY = 32;
    /**
     * Short timeouts so a dropped message costs little (but long enough for a machine busy with other
     * builds), generous retries, and a breaker that still trips now and then.
     */
    private static final String TUNING = "{\"readTimeoutMs\":3000,\"writeTimeoutMs\":1000,\"probeTimeoutMs\":1000,"
            + "\"heartbeatMs\":1000,\"tickMs\":50,\"replayWindow\":32,"
            + "\"retry\":{\"maxAttempts\":12,\"initialDelayMs\":20,\"maxDelayMs\":400,\"maxRetryTimeMs\":60000},"
            + "\"breaker\":{\"consecutiveFailures\":8,\"failureRate\":0.8,\"windowCalls\":50,\"minimumCalls\":30,"
            + "\"halfOpenAfterMs\":100,\"maxHalfOpenAfterMs\":1000,\"halfOpenTrials\":2}}";

    @TempDir
    Path dataDir;
    private final FxRobot robot = new FxRobot();
    private final RunningApp app = new RunningApp();

    @AfterEach
    void stop() throws Exception {
        app.stop();
    }

    /** What the page was told, by write number. */
    private static final class Told {
        final Map<Integer, Integer> issued = new HashMap<>();
        final Map<Integer, String> outcome = new HashMap<>();
        int doubleReports;

        void absorb(String drained) throws Exception {
            JsonNode n = JSON.readTree(drained);
            n.get("issued").forEach(k -> issued.merge(k.asInt(), 1, Integer::sum));
            n.get("ok").forEach(k -> report(k.asInt(), "OK"));
            n.get("failed").forEach(f -> report(f.get(0).asInt(), f.get(1).asText()));
        }

        private void report(int k, String what) {
            if (outcome.put(k, what) != null) {
                doubleReports++;
            }
        }
    }

    @Test
    void everyWriteTheUiWasToldSucceededIsStoredOnceAndEveryOtherWasReportedFailed() throws Exception {
        // Given the app, its page's bridge tuned for the soak, and faults switched on once it has loaded
        FaultInjector faults = FaultInjector.off();
        app.launch(new LaunchOptions(new DataDir(dataDir), true, false, faults));
        WebView view = robot.lookup(".web-view").queryAs(WebView.class);
        WebPage page = new WebPage(robot, view);
        page.waitUntil(Duration.ofSeconds(30), () -> "true".equals(String.valueOf(
                page.js("document.documentElement.getAttribute('data-ready')"))), "the page to show its first list");
        page.js("localStorage.setItem('isometry.bridge.tuning', '" + TUNING + "')");
        onFx(() -> {
            view.getEngine().reload();
            return null;
        });
        waitForHarness(page);
        faults.plan(FaultPlan.builder().dropRequests(0.2).dropReplies(0.2).failHandlers(0.05).build());
        long start = System.nanoTime();

        // When the page writes WRITES cards, and reloads three times along the way
        Told told = new Told();
        start(page, IntStream.range(0, WRITES).boxed().toList());
        int reloads = 0;
        int polls = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90 + WRITES / 8);
        while (told.issued.size() < WRITES || told.outcome.size() < told.issued.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("soak did not finish: " + told.issued.size() + " issued, "
                        + told.outcome.size() + " reported");
            }
            if (reloads < RELOADS && told.issued.size() >= (long) WRITES * (reloads + 1) / (RELOADS + 1)) {
                // Drain and reload in one go on the FX thread: nothing the page was told is lost in between.
                told.absorb(onFx(() -> {
                    String drained = (String) view.getEngine().executeScript("window.isometrySoak.drain()");
                    view.getEngine().reload();
                    return drained;
                }));
                reloads++;
                waitForHarness(page);
                start(page, IntStream.range(0, WRITES).filter(k -> !told.issued.containsKey(k)).boxed().toList());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (++polls % 100 == 0) {
                System.out.println("BridgeSoakTest: " + told.issued.size() + " issued, " + told.outcome.size()
                        + " reported; page " + status(page));
            }
            String drained = drain(page);
            if (drained != null) {
                told.absorb(drained);
            }
        }
        FaultCounts injected = faults.counts();
        faults.plan(FaultPlan.none());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        String health = status(page);
        app.closeApp();

        // Then the store holds each write told OK exactly once, and no write twice
        Map<Integer, Long> stored = new TreeMap<>();
        try (AppContext ctx = AppContext.open(new DataDir(dataDir))) {
            ctx.database().read(tx -> tx.fetch("select name, count(*) as n from cards where name like 'soak %' group by name"))
                    .forEach(r -> stored.put(Integer.parseInt(r.get(0, String.class).substring(5)), r.get(1, Long.class)));
        }
        long ok = told.outcome.values().stream().filter("OK"::equals).count();
        Map<String, Long> failedByKind = told.outcome.values().stream().filter(v -> !"OK".equals(v))
                .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
        List<Integer> okNotStoredOnce = new ArrayList<>();
        List<Integer> failedButStored = new ArrayList<>();
        List<Integer> failedNotTimeoutButStored = new ArrayList<>();
        told.outcome.forEach((k, v) -> {
            long n = stored.getOrDefault(k, 0L);
            if ("OK".equals(v) && n != 1) {
                okNotStoredOnce.add(k);
            } else if (!"OK".equals(v) && n > 0) {
                failedButStored.add(k);
                if (!"TIMEOUT".equals(v)) {
                    failedNotTimeoutButStored.add(k);
                }
            }
        });
        long doubled = stored.values().stream().filter(n -> n > 1).count();
        long unreported = IntStream.range(0, WRITES).filter(k -> !told.outcome.containsKey(k)).count();
        System.out.printf("BridgeSoakTest: %d writes in %d s, %d page reloads; injected: %d requests dropped, "
                        + "%d replies dropped, %d handler failures%n", WRITES, seconds, reloads,
                injected.droppedRequests(), injected.droppedReplies(), injected.handlerFailures());
        System.out.printf("BridgeSoakTest: told OK %d (stored exactly once: %d), told failed %d %s, unreported %d, "
                        + "stored twice %d, reported failed yet stored %d, issued twice %d, reported twice %d%n",
                ok, ok - okNotStoredOnce.size(), told.outcome.size() - ok, failedByKind, unreported, doubled,
                failedButStored.size(), told.issued.values().stream().filter(n -> n > 1).count(), told.doubleReports);
        System.out.println("BridgeSoakTest: page health at the end " + health);

        assertEquals(RELOADS, reloads);
        assertEquals(List.of(), okNotStoredOnce, "writes told OK that are not stored exactly once");
        assertEquals(0, doubled, "writes stored twice");
        assertEquals(0, unreported, "writes with no report");
        assertEquals(0, told.doubleReports, "writes reported twice");
        assertEquals(List.of(), failedNotTimeoutButStored, "writes reported failed (not a timeout) yet stored");
        assertTrue(ok > WRITES / 2, "most writes get through");
    }

    private void start(WebPage page, List<Integer> ks) {
        page.js("window.isometrySoak.run(" + ks + ", " + CONCURRENCY + ")");
    }

    private static String status(WebPage page) {
        try {
            return String.valueOf(page.js("window.isometrySoak ? window.isometrySoak.status() : null"));
        } catch (RuntimeException e) {
            return "(between loads)";
        }
    }

    private static String drain(WebPage page) {
        try {
            Object r = page.js("window.isometrySoak ? window.isometrySoak.drain() : null");
            return r instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null; // the page is between loads
        }
    }

    private static void waitForHarness(WebPage page) {
        page.waitUntil(Duration.ofSeconds(30), () -> {
            try {
                return Boolean.TRUE.equals(page.js("document.readyState === 'complete' && !!window.isometrySoak"
                        + " && !!window.isometryHost"));
            } catch (RuntimeException e) {
                return false;
            }
        }, "the reloaded page and its bridge");
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(work));
    }
}

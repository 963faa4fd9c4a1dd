package dev.isometry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.app.bench.FeedBench;
import dev.isometry.app.bench.Waits;
import dev.isometry.bridge.BridgeDispatcher;
import dev.isometry.bridge.HostActions;
import dev.isometry.store.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.web.WebView;
import javafx.stage.Stage;

/**
 * The app's page as the benchmarks drive it: loaded in a headless WebView on a store, in-page benchmark
 * calls run and awaited, and the arrival in Java of every bridge message timed (round trips from
 * consecutive arrivals; the feed figures from the page's answer to an event). Not thread-safe; one page
 * per run.
 */
final class BenchPage implements FeedBench.Page {
    private static final ObjectMapper JSON = Json.mapper();

    private final BridgeDispatcher dispatcher;
    private WebView view;
    private Stage stage;
    /** Arrival times of bridge messages while a round-trip run records them (FX thread only). */
    private long[] arrivals = new long[0];
    private int arrivalCount;
    private boolean recording;
    /** The latest arrivals of any bridge message, a ring (feed figures look for the page's answer in it). */
    private final long[] recent = new long[1024];
    private int recentNext;

    private BenchPage(BridgeDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Starts the JavaFX platform, headless, once per process. */
    static void startFx() throws Exception {
        HeadlessFx.configure();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    /** Opens the page on {@code ctx}'s store and waits until it is ready; its localStorage is kept in {@code webStorage}. */
    static BenchPage open(AppContext ctx, Path webStorage) throws Exception {
        var channel = ctx.events().channel();
        BenchPage page = new BenchPage(ctx.dispatcher(HostActions.none(), channel));
        CompletableFuture<PageHost.BridgeWiring> wiring = CompletableFuture.completedFuture(
                new PageHost.BridgeWiring(page.dispatcher, ctx.tasks().handlers(), page::onArrival, channel));
        fx(() -> {
            page.view = new WebView();
            // The page's localStorage (the outbox) lives in the benchmark's temporary directory.
            PageHost host = new PageHost(page.view, wiring, HostActions.none(), webStorage);
            page.stage = new Stage();
            page.stage.setScene(new Scene(page.view, 1200, 800));
            page.stage.show();
            host.load();
            return null;
        });
        waitFor(Duration.ofSeconds(30), () -> "true".equals(fx(() -> String.valueOf(page.view.getEngine()
                .executeScript("document.documentElement.getAttribute('data-ready') === 'true'")))));
        return page;
    }

    /** The page's command handlers (the round trips switch their instruments off for the bare path). */
    BridgeDispatcher dispatcher() {
        return dispatcher;
    }

    /** Starts an in-page benchmark and polls its result global until it is done. */
    @Override
    public JsonNode run(String call) throws Exception {
        fx(() -> view.getEngine().executeScript("window.isometryBenchResult = {status:'starting'}; " + call + "; 0"));
        JsonNode[] result = new JsonNode[1];
        waitFor(Duration.ofMinutes(10), () -> {
            String s = fx(() -> (String) view.getEngine().executeScript("JSON.stringify(window.isometryBenchResult)"));
            JsonNode node = JSON.readTree(s);
            String status = node.path("status").asText();
            if ("error".equals(status)) {
                throw new IllegalStateException("in-page benchmark failed: " + node.path("message").asText());
            }
            result[0] = node;
            return "done".equals(status);
        });
        return result[0];
    }

    /** The first arrival after {@code after}, waiting for the arrivals' notifications. */
    @Override
    public long arrivalAfter(long after, Duration limit) throws InterruptedException {
        return Waits.until(recent, limit, () -> {
            long first = Long.MAX_VALUE;
            for (long t : recent) {
                if (t > after && t < first) {
                    first = t;
                }
            }
            return first == Long.MAX_VALUE ? null : first;
        }, "the page did not answer within " + limit);
    }

    /** Records the arrivals of the next round-trip run ({@code rounds} and its warm-ups). */
    void startRecording(int rounds) throws Exception {
        fx(() -> {
            arrivals = new long[rounds + 1_000];
            arrivalCount = 0;
            recording = true;
            return null;
        });
    }

    /**
     * Awaited round trips in µs, sorted: the time between consecutive arrivals of a sequential ping loop,
     * which spans send, handling, reply, promise resolution and the next send. The 500 warm-up pings are
     * dropped. Stops the recording.
     */
    double[] roundTripMicros() throws Exception {
        return fx(() -> {
            recording = false;
            int first = 500;
            int n = Math.max(0, arrivalCount - first - 1);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = (arrivals[first + i + 1] - arrivals[first + i]) / 1000.0;
            }
            java.util.Arrays.sort(out);
            return out;
        });
    }

    /** Closes the page's window. */
    void close() throws Exception {
        fx(() -> {
            stage.close();
            return null;
        });
    }

    private void onArrival(long nanos) {
        synchronized (recent) {
            recent[recentNext++ & (recent.length - 1)] = nanos;
            recent.notifyAll();
        }
        if (recording && arrivalCount < arrivals.length) {
            arrivals[arrivalCount++] = nanos;
        }
    }

    /** Loads {@code pageUrl} in a WebView of its own (no bridge) and runs the rollback measure there. */
    static JsonNode measureRollbackPage(String pageUrl, String dbUrl, boolean enterOnly) throws Exception {
        WebView[] probe = new WebView[1];
        fx(() -> {
            probe[0] = new WebView();
            probe[0].getEngine().load(pageUrl);
            return null;
        });
        try {
            waitFor(Duration.ofSeconds(60), () -> "object".equals(fx(() -> String.valueOf(
                    probe[0].getEngine().executeScript("typeof window.__isometryConformance")))));
            fx(() -> probe[0].getEngine().executeScript("window.__isometryConformance.measure('" + dbUrl + "', "
                    + enterOnly + "); 0"));
            JsonNode[] result = new JsonNode[1];
            waitFor(Duration.ofMinutes(2), () -> {
                JsonNode node = JSON.readTree(fx(() -> String.valueOf(
                        probe[0].getEngine().executeScript("window.__isometryConformance.lastJson()"))));
                if ("error".equals(node.path("status").asText())) {
                    throw new IllegalStateException("rollback page measure failed: " + node.path("message").asText());
                }
                result[0] = node.path("figures");
                return "measured".equals(node.path("status").asText());
            });
            return result[0];
        } finally {
            fx(() -> {
                probe[0].getEngine().load("about:blank");
                return null;
            });
        }
    }

    /** A condition checked until it holds or the deadline passes. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("benchmark step did not finish within " + limit);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    private static <T> T fx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}

package dev.isometry.bridge;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push channel of one page: events for this page only (its live query results) and the hub's
 * broadcasts, numbered per page. The page's host attaches the sink while its bridge is installed and
 * detaches it when the page reloads or its window closes; a detach tells the page's listeners (its
 * live queries are dropped then, since the page that asked for them is gone). Thread-safe.
 */
public final class PageChannel {
    private final EventHub hub;
    private final AtomicLong seq = new AtomicLong();
    private final CopyOnWriteArrayList<Runnable> onDetach = new CopyOnWriteArrayList<>();
    private volatile ReplySink sink;
    private volatile boolean closed;

    PageChannel(EventHub hub) {
        this.hub = hub;
    }

    /** Delivers this page's events to {@code sink} from now on. */
    public void attach(ReplySink sink) {
        this.sink = sink;
    }

    /** Stops delivering and tells the detach listeners (the page reloaded or closed). */
    public void detach() {
        if (sink == null) {
            return;
        }
        sink = null;
        for (Runnable r : onDetach) {
            r.run();
        }
    }

    /** Detaches for good and leaves the hub (the window closed, or the store it served closed). */
    public void close() {
        closed = true;
        detach();
        hub.forget(this);
        onDetach.clear();
    }

    /** Runs {@code listener} at every detach. */
    public void onDetach(Runnable listener) {
        if (!closed) {
            onDetach.add(listener);
        }
    }

    public boolean attached() {
        return sink != null;
    }

    /** Sends one event to this page only (dropped while no page is attached). */
    public void publish(String event, Object data) {
        if (sink != null) {
            send(event, hub.body(data));
        }
    }

    void send(String event, String body) {
        ReplySink s = sink;
        if (s == null) {
            return;
        }
        String name = hub.quote(event);
        // Numbered and queued as one step: events come from several threads (the writer's notices, two
        // live-query threads, jobs), and the page should see them in the order of their numbers.
        synchronized (this) {
            long n = seq.incrementAndGet();
            s.deliver("{\"v\":1,\"event\":" + name + ",\"seq\":" + n + ",\"data\":" + body + "}");
        }
    }
}

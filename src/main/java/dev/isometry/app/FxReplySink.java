package dev.isometry.app;

import dev.isometry.bridge.ReplySink;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import netscape.javascript.JSException;
import netscape.javascript.JSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.events.DocumentEvent;
import org.w3c.dom.events.Event;
import org.w3c.dom.events.EventTarget;

/**
 * Delivers reply and event envelopes to the page on the FX thread: envelopes that arrive together go
 * in one call to {@code window.isometryReceive(batchJson)}, followed by one {@code isometry:nudge} DOM
 * event on the document. Without that event WebKit runs the page's promise continuations only at the
 * next pulse (~16.7 ms later); with it they run at once. Thread-safe.
 */
final class FxReplySink implements ReplySink {
    private static final Logger log = LoggerFactory.getLogger(FxReplySink.class);
    static final String RECEIVER = "isometryReceive";
    static final String NUDGE_EVENT = "isometry:nudge";

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private JSObject window;
    private Document document;
    private java.util.function.Supplier<JSObject> windowLookup = () -> null;

    /** Points the sink at a freshly loaded page (FX thread). Null detaches it. */
    void attach(JSObject window, Document document) {
        this.window = window;
        this.document = document;
    }

    /**
     * How to find the page's window again. A JSObject for the window can go stale while the page lives
     * on (WebKit reports "Invalid function reference" on every later call, seen after a few hundred
     * replies under load); the sink then looks the window up afresh and retries once.
     */
    void windowLookup(java.util.function.Supplier<JSObject> lookup) {
        this.windowLookup = lookup;
    }

    @Override
    public void deliver(String envelopeJson) {
        pending.add(envelopeJson);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::flush);
        }
    }

    private void flush() {
        scheduled.set(false);
        StringBuilder batch = new StringBuilder(256).append('[');
        int n = 0;
        for (String s; (s = pending.poll()) != null; n++) {
            if (n > 0) {
                batch.append(',');
            }
            batch.append(s);
        }
        if (n == 0 || window == null) {
            return;
        }
        batch.append(']');
        String json = batch.toString();
        try {
            window.call(RECEIVER, json);
        } catch (JSException stale) {
            JSObject fresh = windowLookup.get();
            if (fresh == null) {
                log.warn("The page did not take {} replies: {}", n, stale.getMessage());
                return;
            }
            window = fresh;
            try {
                window.call(RECEIVER, json);
            } catch (JSException e) {
                log.warn("The page did not take {} replies: {}", n, e.getMessage());
                return;
            }
        }
        nudge();
    }

    /** Dispatches a DOM event on the document so WebKit drains its microtask queue now. */
    void nudge() {
        if (document instanceof DocumentEvent de && document instanceof EventTarget target) {
            Event ev = de.createEvent("Event");
            ev.initEvent(NUDGE_EVENT, false, false);
            target.dispatchEvent(ev);
        }
    }
}

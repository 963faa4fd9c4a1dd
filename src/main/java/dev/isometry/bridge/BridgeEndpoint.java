package dev.isometry.bridge;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongConsumer;

/**
 * The one object the page sees. Its only public method is {@link #postMessage(String)}: any script in
 * the page can call every public method of this object, so it has no other. The request is handled on
 * a background thread and the reply goes to the {@link ReplySink}. The dispatcher's {@link FaultInjector}
 * (off unless a test or the development flag sets one) may drop the request or the reply. Thread-safe.
 */
public final class BridgeEndpoint {
    private final BridgeDispatcher dispatcher;
    private final Executor handlers;
    private final ReplySink replies;
    private final LongConsumer arrivals;
    private final FaultInjector faults;

    public BridgeEndpoint(BridgeDispatcher dispatcher, Executor handlers, ReplySink replies) {
        this(dispatcher, handlers, replies, null);
    }

    /**
     * @param arrivals told the {@link System#nanoTime()} at which each message arrived (benchmarks
     *                 time awaited round trips by it, since the page's own clock has 1 ms resolution);
     *                 null for none
     */
    public BridgeEndpoint(BridgeDispatcher dispatcher, Executor handlers, ReplySink replies, LongConsumer arrivals) {
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.handlers = Objects.requireNonNull(handlers);
        this.replies = Objects.requireNonNull(replies);
        this.arrivals = arrivals;
        this.faults = dispatcher.faults();
        if (handlers instanceof ThreadPoolExecutor pool) {
            dispatcher.attachHandlers(pool);
        }
    }

    /** Accepts one request envelope (JSON text); the reply arrives later through the page's receiver. */
    public void postMessage(String json) {
        if (arrivals != null) {
            arrivals.accept(System.nanoTime());
        }
        if (faults.dropRequest()) {
            return; // injected: lost on the way in
        }
        try {
            // A write's reply comes from the writer thread once committed; the handler is free before that.
            handlers.execute(() -> dispatcher.handle(json, reply -> {
                if (!faults.dropReply()) {
                    replies.deliver(reply);
                }
            }));
        } catch (RejectedExecutionException e) {
            replies.deliver(dispatcher.busyReply(json));
        }
    }
}

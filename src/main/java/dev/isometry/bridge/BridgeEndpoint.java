package dev.isometry.bridge;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one object the page sees. Its only public method is {@link #postMessage(String)}: any script in
 * the page can call every public method of this object, so it has no other. The request is handled on
 * a background thread and the reply goes to the {@link ReplySink}. Thread-safe.
 */
public final class BridgeEndpoint {
    private final BridgeDispatcher dispatcher;
    private final Executor handlers;
    private final ReplySink replies;

    public BridgeEndpoint(BridgeDispatcher dispatcher, Executor handlers, ReplySink replies) {
        this.dispatcher = Objects.requireNonNull(dispatcher);
        this.handlers = Objects.requireNonNull(handlers);
        this.replies = Objects.requireNonNull(replies);
    }

    /** Accepts one request envelope (JSON text); the reply arrives later through the page's receiver. */
    public void postMessage(String json) {
        try {
            handlers.execute(() -> replies.deliver(dispatcher.handle(json)));
        } catch (RejectedExecutionException e) {
            replies.deliver(dispatcher.busyReply(json));
        }
    }
}

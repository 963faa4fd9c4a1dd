package dev.isometry.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.store.Json;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes events to every attached page as {@code {"v":1,"event":…,"seq":N,"data":…}}, with one
 * sequence shared by all events so a page can tell if it missed some. Thread-safe.
 */
public final class EventHub {
    private final ObjectMapper json = Json.mapper();
    private final AtomicLong seq = new AtomicLong();
    private final CopyOnWriteArrayList<ReplySink> sinks = new CopyOnWriteArrayList<>();

    public void attach(ReplySink sink) {
        sinks.addIfAbsent(sink);
    }

    public void detach(ReplySink sink) {
        sinks.remove(sink);
    }

    /** Sends one event to every attached page. */
    public void publish(String event, Object data) {
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serializable: " + e.getOriginalMessage(), e);
        }
        long n = seq.incrementAndGet();
        String envelope = "{\"v\":1,\"event\":" + quote(event) + ",\"seq\":" + n + ",\"data\":" + body + "}";
        for (ReplySink s : sinks) {
            s.deliver(envelope);
        }
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

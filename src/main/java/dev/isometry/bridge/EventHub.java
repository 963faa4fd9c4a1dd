package dev.isometry.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.store.Json;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pushes events to the open pages as {@code {"v":1,"event":…,"seq":N,"data":…}}. Each page has a
 * {@link PageChannel} numbering its own events 1, 2, 3… (so a page can tell it missed one); an event is
 * published to every page ({@link #publish}) or to one ({@link PageChannel#publish}). Thread-safe.
 */
public final class EventHub {
    private final ObjectMapper json = Json.mapper();
    private final CopyOnWriteArrayList<PageChannel> channels = new CopyOnWriteArrayList<>();

    /** A new channel for one page; it receives broadcasts while attached to a sink. */
    public PageChannel channel() {
        PageChannel c = new PageChannel(this);
        channels.add(c);
        return c;
    }

    void forget(PageChannel c) {
        channels.remove(c);
    }

    /** Sends one event to every attached page. */
    public void publish(String event, Object data) {
        if (channels.isEmpty()) {
            return;
        }
        String body = body(data);
        for (PageChannel c : channels) {
            c.send(event, body);
        }
    }

    String body(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not serializable: " + e.getOriginalMessage(), e);
        }
    }

    String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

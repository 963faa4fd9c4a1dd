package dev.isometry.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PageChannelTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Test
    void eventsPublishedFromSeveralThreadsReachThePageInTheOrderOfTheirNumbers() throws Exception {
        // Given a page's channel whose sink keeps what it is handed, in order
        EventHub hub = new EventHub();
        PageChannel channel = hub.channel();
        List<String> delivered = new ArrayList<>();
        channel.attach(envelope -> {
            synchronized (delivered) {
                delivered.add(envelope);
            }
        });

        // When four threads publish at once (as the writer, two live-query threads and a job do)
        int threads = 4;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread p = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    channel.publish("live", List.of(id, i));
                }
            });
            p.start();
            publishers.add(p);
        }
        start.countDown();
        for (Thread p : publishers) {
            p.join(TimeUnit.SECONDS.toMillis(30));
        }

        // Then every event arrived once, numbered 1, 2, 3... in the order it was handed on
        synchronized (delivered) {
            assertEquals(threads * each, delivered.size());
            for (int i = 0; i < delivered.size(); i++) {
                Matcher m = SEQ.matcher(delivered.get(i));
                assertTrue(m.find(), delivered.get(i));
                assertEquals(i + 1, Long.parseLong(m.group(1)), "event " + i);
            }
        }
    }
}

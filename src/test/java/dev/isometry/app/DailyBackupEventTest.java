package dev.isometry.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.bridge.PageChannel;
import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every open page hears of the daily backup, made or not. */
class DailyBackupEventTest {
    @TempDir
    Path root;

    @Test
    void theDailyBackupIsToldToTheOpenPages() throws Exception {
        try (AppContext ctx = AppContext.open(new DataDir(root.resolve("data")))) {
            List<String> delivered = new CopyOnWriteArrayList<>();
            PageChannel page = ctx.events().channel();
            page.attach(delivered::add);

            ctx.startDailyBackups(Duration.ZERO, Duration.ofDays(1));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delivered.stream().noneMatch(e -> e.contains("\"event\":\"backup\""))
                    && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            String event = delivered.stream().filter(e -> e.contains("\"event\":\"backup\"")).findFirst()
                    .orElseThrow(() -> new AssertionError("no backup event within 30 s: " + delivered));
            assertTrue(event.contains("\"kind\":\"daily\"") && event.contains("\"ok\":true")
                    && event.contains("\"file\":\"") , event);
        }
    }
}

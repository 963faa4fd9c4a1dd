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

    @Test
    void aPageLoadedAfterAFailedBackupHearsOfItWhenItIsReady() throws Exception {
        DataDir dir = new DataDir(root.resolve("data"));
        try (AppContext ctx = AppContext.open(dir)) {
            // The backups folder cannot be made: a file stands where it should be.
            java.nio.file.Files.deleteIfExists(dir.backups()); // empty: nothing backed up yet
            java.nio.file.Files.writeString(dir.backups(), "not a folder");
            List<String> first = new CopyOnWriteArrayList<>();
            PageChannel open = ctx.events().channel();
            open.attach(first::add);
            ctx.startDailyBackups(Duration.ZERO, Duration.ofDays(1));
            String failed = await(first, "\"ok\":false");
            assertTrue(failed.contains("\"message\":\""), failed);

            // A page opened afterwards hears nothing until it says it is ready, then the failure again.
            List<String> later = new CopyOnWriteArrayList<>();
            PageChannel reloaded = ctx.events().channel();
            reloaded.attach(later::add);
            var dispatcher = ctx.dispatcher(dev.isometry.bridge.HostActions.none(), reloaded);
            assertTrue(later.stream().noneMatch(e -> e.contains("\"event\":\"backup\"")), later.toString());
            String reply = dispatcher.handle(
                    "{\"v\":1,\"id\":\"r1\",\"cmd\":\"system:ready\",\"args\":{\"sinceNavigationMs\":5}}");
            assertTrue(reply.contains("\"ok\":true"), reply);
            String told = await(later, "\"ok\":false");
            assertTrue(told.contains("\"kind\":\"daily\""), told);
        }
    }

    private static String await(List<String> delivered, String marker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String e : delivered) {
                if (e.contains("\"event\":\"backup\"") && e.contains(marker)) {
                    return e;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("no backup event with " + marker + " within 30 s: " + delivered);
    }
}

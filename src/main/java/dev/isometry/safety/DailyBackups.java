package dev.isometry.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup once a day while the app is used: checked soon after start and then every hour, a backup is
 * made when none (daily or manual) is younger than a day, and retention runs after it. Backups read
 * through their own read-only connection, so the app keeps working meanwhile. Thread-safe; close once.
 */
public final class DailyBackups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DailyBackups.class);
    private final ScheduledExecutorService timer;
    private final Backups backups;

    private DailyBackups(Backups backups, Duration first, Duration every) {
        this.backups = backups;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "isometry-backups");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkNow, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts checking after {@code first}, then every {@code every}. */
    public static DailyBackups start(Backups backups, Duration first, Duration every) {
        return new DailyBackups(backups, first, every);
    }

    /** Makes today's backup if it is due; returns whether one was made. */
    public boolean checkNow() {
        try {
            if (!backups.dailyDue(Instant.now(), Duration.ofHours(24))) {
                return false;
            }
            BackupManifest m = backups.create(BackupKind.DAILY);
            backups.prune(Instant.now());
            log.info("Daily backup {} made", m.file());
            return true;
        } catch (SafetyException e) {
            log.warn("Daily backup not made: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.isometry.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    private final Consumer<Outcome> listener;

    /**
     * What one attempt at the daily backup came to: {@code file} when one was made, {@code problem} (in
     * plain words) when one was due and could not be made.
     */
    public record Outcome(String file, String problem) {
        public boolean made() {
            return problem == null;
        }
    }

    private DailyBackups(Backups backups, Duration first, Duration every, Consumer<Outcome> listener) {
        this.backups = backups;
        this.listener = listener;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "isometry-backups");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkNow, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts checking after {@code first}, then every {@code every}; {@code listener} hears each backup
     * made and each one that was due and failed (on the backup thread; it must not block).
     */
    public static DailyBackups start(Backups backups, Duration first, Duration every, Consumer<Outcome> listener) {
        return new DailyBackups(backups, first, every, listener);
    }

    /**
     * Makes today's backup if it is due; returns whether one was made. A failure is told to the listener
     * (a person must know their backups stopped) and tried again at the next check; nothing here throws,
     * since a scheduled task that throws is never run again.
     */
    public boolean checkNow() {
        BackupManifest m;
        try {
            if (!backups.dailyDue(Instant.now(), Duration.ofHours(24))) {
                return false;
            }
            m = backups.createWhileInUse(BackupKind.DAILY);
        } catch (RuntimeException e) {
            String problem;
            if (e instanceof SafetyException) {
                problem = e.getMessage();
                log.warn("Daily backup not made: {}", problem);
            } else {
                problem = "the backup failed: " + e;
                log.warn("Daily backup not made", e);
            }
            tell(new Outcome(null, problem));
            return false;
        }
        try {
            backups.prune(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Old backups were not pruned: {}", e.getMessage(), e);
        }
        log.info("Daily backup {} made", m.file());
        tell(new Outcome(m.file(), null));
        return true;
    }

    private void tell(Outcome outcome) {
        try {
            listener.accept(outcome);
        } catch (RuntimeException e) {
            log.warn("The daily backup's listener failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts during an upgrade: the safe upgrade runs in a child JVM that is killed with SIGKILL at
 * every state boundary, at random points inside the apply (the backup and the upgrade of its copy, which
 * run side by side), at random points inside the swap (closing the store, checking the copy, the rename),
 * and anywhere in the run. After each
 * kill a restart — recovery, then full validation — must find the store sound, at the old or the new
 * schema exactly, with every card's content hash equal to the original; and the upgrade must then
 * complete. {@code -Dcrash.runs=N} (or {@code -Pcrash-long}) runs more. Only children are killed.
 */
class SafeMigrationCrashTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    private static final int CARDS = Integer.getInteger("crash.cards", 3_000);
    private static final int RUNS = Math.max(50, Integer.getInteger("crash.runs", 50));

    @TempDir
    static Path root;
    private static DataDir template;
    private static Map<String, String> original;
    private static long applyMs;
    private static long swapMs;
    private static long wholeRunMs;
    private static ScheduledExecutorService killer;

    @BeforeAll
    static void makeTemplate() throws Exception {
        template = TestStores.create(root.resolve("template"), 1, CARDS);
        original = TestStores.cardHashes(template.database());
        // How long the phases take here, so random kills land inside them.
        DataDir probe = copy("probe");
        long start = System.nanoTime();
        MigrationResult r = SafeMigrator.shipped(probe, Backups.of(probe, "crash-test")).migrate(MigrationListener.none());
        wholeRunMs = (System.nanoTime() - start) / 1_000_000;
        applyMs = Math.max(5, r.phasesMs().get("backup_and_dry_run"));
        swapMs = Math.max(5, r.phasesMs().get("swap"));
        killer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopKiller() {
        killer.shutdownNow();
    }

    private static DataDir copy(String name) throws Exception {
        DataDir dir = new DataDir(root.resolve(name)).prepare();
        Files.copy(template.database(), dir.database());
        return dir;
    }

    /** One run's plan and what came of it. */
    private record Run(int n, String plan, MigrationState stopAt, String afterState, long delayMicros) {
    }

    private record Outcome(Run run, String lastState, String recovered, int version, boolean cardsEqual, String status,
                           boolean copyLeft) {
        String line() {
            return String.format("run %3d  %-34s last=%-15s recovery=%-11s version=%d cards=%s status=%s%s", run.n(),
                    run.plan(), lastState, recovered, version, cardsEqual ? "equal" : "DIFFERENT", status,
                    copyLeft ? " UPGRADE COPY LEFT" : "");
        }
    }

    @Test
    void killedAtEveryBoundaryAndAtRandomPointsTheStoreComesBackWholeAndTheUpgradeCompletes() throws Exception {
        List<Run> runs = new ArrayList<>();
        Random rnd = new Random(Long.getLong("crash.seed", System.nanoTime()));
        MigrationState[] boundaries = java.util.Arrays.copyOfRange(MigrationState.values(), 0,
                MigrationState.COMMITTED.ordinal() + 1);
        for (int i = 0; runs.size() < RUNS; i++) {
            int n = runs.size() + 1;
            if (i < boundaries.length) {
                runs.add(new Run(n, "at boundary " + boundaries[i], boundaries[i], null, 0));
            } else if (i % 4 == 1) {
                // The swap is short: kills land from just after the copy passed to a little past the rename.
                long d = (long) (rnd.nextDouble() * swapMs * 1_500);
                runs.add(new Run(n, "inside swap +" + d / 1000 + " ms", null, "DRY_RUN_PASSED", d));
            } else if (i % 4 != 0) {
                long d = (long) (rnd.nextDouble() * applyMs * 1_200);
                runs.add(new Run(n, "inside apply +" + d / 1000 + " ms", null, "NOT_STARTED", d));
            } else {
                long d = (long) (rnd.nextDouble() * wholeRunMs * 1_000);
                runs.add(new Run(n, "anywhere +" + d / 1000 + " ms", null, "NOT_STARTED", d));
            }
        }
        System.out.printf("crash test: %d runs, %d cards, apply ~%d ms, swap ~%d ms, whole run ~%d ms%n", runs.size(),
                CARDS, applyMs, swapMs, wholeRunMs);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Run r : runs) {
            futures.add(pool.submit(() -> runOnce(r)));
        }
        Map<String, Integer> tally = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            Outcome o = f.get(5, TimeUnit.MINUTES);
            System.out.println("crash test: " + o.line());
            tally.merge(o.recovered() + " -> v" + o.version(), 1, Integer::sum);
            if (!o.cardsEqual() || !o.status().equals("READY") || (o.version() != 1 && o.version() != LATEST)
                    || o.copyLeft()) {
                failures.add(o.line());
            }
        }
        pool.shutdown();
        System.out.println("crash test: outcomes " + tally);
        assertTrue(failures.isEmpty(), "runs that lost data or did not recover:\n" + String.join("\n", failures));
    }

    private Outcome runOnce(Run run) throws Exception {
        DataDir dir = copy("run-" + run.n());
        String last = "none";
        try (ChildJvm child = run.stopAt != null
                ? ChildJvm.start("migrate", dir.root().toString(), run.stopAt.name())
                : ChildJvm.start("migrate", dir.root().toString())) {
            if (run.stopAt != null) {
                assertNotNull(child.await("STATE " + run.stopAt, Duration.ofSeconds(60)), "reached " + run.stopAt
                        + ": " + child.seen());
                child.kill();
            } else {
                assertNotNull(child.await("STATE " + run.afterState, Duration.ofSeconds(60)), child.seen().toString());
                killer.schedule(() -> {
                    child.kill();
                    return null;
                }, run.delayMicros, TimeUnit.MICROSECONDS);
                child.waitFor(Duration.ofSeconds(60));
            }
            child.await("<never>", Duration.ofMillis(200));
            for (String l : child.seen()) {
                if (l.startsWith("STATE ")) {
                    last = l.substring(6);
                } else if (l.equals("DONE")) {
                    last = "DONE";
                }
            }
        }
        // The restart: what the app does first, then every check
        SafeMigrator migrator = SafeMigrator.shipped(dir, Backups.of(dir, "crash-test"));
        String recovered = migrator.recover().map(r -> r.outcome().name()).orElse("none");
        boolean copyLeft = !recovered.equals("none") && Files.exists(dir.journal().resolve(SafeMigrator.UPGRADE_COPY));
        StartupReport report = StartupValidator.shipped().validate(dir, ValidationDepth.FULL);
        int version = TestStores.userVersion(dir.database());
        boolean equal = original.equals(TestStores.cardHashes(dir.database()));
        String status = report.status() == StoreStatus.NEEDS_MIGRATION || report.ready() ? "READY" : report.reason();
        // And the upgrade then completes with every card intact
        migrator.migrate(MigrationListener.none());
        assertEquals(LATEST, TestStores.userVersion(dir.database()));
        equal &= original.equals(TestStores.cardHashes(dir.database()));
        deleteTree(dir.root());
        return new Outcome(run, last, recovered, version, equal, status, copyLeft);
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}

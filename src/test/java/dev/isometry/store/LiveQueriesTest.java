package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.ChangeBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveQueriesTest {
    @TempDir
    Path dir;
    private Database db;
    private LiveQueries live;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        live = new LiveQueries(db.changes(), new LiveQueries.Limits(50, 10, 16));
    }

    @AfterEach
    void close() {
        live.close();
        db.close();
    }

    /** Counts live cards; runs again on any change to cards. */
    private LiveQueries.Query<Integer> countCards(AtomicInteger runs) {
        return new LiveQueries.Query<>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return batch.touches(ChangeBatch.CARDS);
            }

            @Override
            public Integer run() {
                runs.incrementAndGet();
                return db.read(tx -> tx.fetchOne("SELECT count(*) FROM cards").get(0, Integer.class));
            }
        };
    }

    private void addCard(String id) {
        db.write(tx -> {
            ChangeFeedTest.insertCard(tx, id);
            return null;
        });
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aSubscriptionGetsItsFirstResultAndThenEachChange() {
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        var first = live.subscribe("page", "count", countCards(new AtomicInteger()), (prev, next, seq) -> pushed.add(next));
        assertEquals(0, first.result());

        addCard("a");
        await(() -> pushed.contains(1), "the push after one card");
        addCard("b");
        await(() -> pushed.contains(2), "the push after two cards");
        assertEquals(List.of(1, 2), pushed);
    }

    @Test
    void aBurstOfCommitsIsCoalescedIntoFewPushesEndingWithTheLatest() {
        AtomicInteger runs = new AtomicInteger();
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        live.subscribe("page", "count", countCards(runs), (prev, next, seq) -> pushed.add(next));

        for (int i = 0; i < 200; i++) {
            addCard("c" + i);
        }
        await(() -> !pushed.isEmpty() && pushed.get(pushed.size() - 1) == 200, "the final count");
        assertTrue(runs.get() < 200, "runs were coalesced: " + runs.get());
    }

    @Test
    void unaffectedQueriesDoNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        live.subscribe("page", "conn", new LiveQueries.Query<Integer>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return batch.touches(ChangeBatch.CONNECTIONS);
            }

            @Override
            public Integer run() {
                return runs.incrementAndGet();
            }
        }, (prev, next, seq) -> { });
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        live.subscribe("page", "count", countCards(new AtomicInteger()), (prev, next, seq) -> pushed.add(next));

        addCard("a");
        await(() -> pushed.contains(1), "the card count");
        assertEquals(1, runs.get(), "only the first run");
    }

    @Test
    void closingTheOwnerDropsItsSubscriptionsAndStopsPushes() {
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        live.subscribe("window-1", "count", countCards(new AtomicInteger()), (prev, next, seq) -> pushed.add(next));
        List<Integer> other = new CopyOnWriteArrayList<>();
        live.subscribe("window-2", "count", countCards(new AtomicInteger()), (prev, next, seq) -> other.add(next));

        assertEquals(1, live.closeOwner("window-1"));
        addCard("a");
        await(() -> other.contains(1), "the other window's push");
        assertEquals(List.of(), pushed);
        assertEquals(1, live.size());
    }

    @Test
    void openingAndClosingManyWindowsLeavesNothingBehind() {
        for (int w = 0; w < 500; w++) {
            Object owner = new Object();
            for (int i = 0; i < 5; i++) {
                live.subscribe(owner, "q" + i, countCards(new AtomicInteger()), (prev, next, seq) -> { });
            }
            live.closeOwner(owner);
        }
        assertEquals(0, live.size());
    }

    @Test
    void aFloodOfSubscriptionsIsRefusedPastTheLimits() {
        for (int i = 0; i < 10; i++) {
            live.subscribe("greedy", "q" + i, countCards(new AtomicInteger()), (prev, next, seq) -> { });
        }
        assertThrows(LiveQueryLimitException.class,
                () -> live.subscribe("greedy", "one-more", countCards(new AtomicInteger()), (p, n, s) -> { }));
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            try {
                live.subscribe("owner-" + (i % 1000), "q" + i, countCards(new AtomicInteger()), (p, n, s) -> { });
            } catch (LiveQueryLimitException e) {
                refused++;
            }
        }
        assertEquals(50, live.size(), "bounded in all");
        assertEquals(10_000 - 40, refused);
    }

    @Test
    void resubscribingWithTheSameIdReplacesTheSubscription() {
        live.subscribe("page", "count", countCards(new AtomicInteger()), (p, n, s) -> { });
        live.subscribe("page", "count", countCards(new AtomicInteger()), (p, n, s) -> { });
        assertEquals(1, live.size());
        assertTrue(live.unsubscribe("page", "count"));
        assertEquals(0, live.size());
    }
}

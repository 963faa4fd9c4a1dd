package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.ChangeBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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

    private int cardCount() {
        return db.read(tx -> tx.fetchOne("SELECT count(*) FROM cards").get(0, Integer.class));
    }

    /** A query that runs again on any change to cards. */
    private static LiveQueries.Query<Integer> onCards(Supplier<Integer> run) {
        return LiveQueries.Query.of(batch -> batch.touches(ChangeBatch.CARDS), run);
    }

    /** Counts live cards; runs again on any change to cards. */
    private LiveQueries.Query<Integer> countCards(AtomicInteger runs) {
        return onCards(() -> {
            runs.incrementAndGet();
            return cardCount();
        });
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
    void aQueryIsUpdatedFromTheCardsThatChangedWhenTheBatchesNamedThemAndRunsWholeOtherwise() {
        // Given a query that can update itself: it records the changed cards it was given
        AtomicInteger runs = new AtomicInteger();
        List<java.util.Set<String>> updates = new CopyOnWriteArrayList<>();
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        live.subscribe("page", "count", new LiveQueries.Query<Integer>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return batch.touches(ChangeBatch.CARDS);
            }

            @Override
            public Integer run() {
                runs.incrementAndGet();
                return cardCount();
            }

            @Override
            public Integer update(Integer previous, java.util.Set<String> changedCards) {
                updates.add(java.util.Set.copyOf(changedCards));
                return previous + changedCards.size(); // each change here adds one card
            }
        }, (prev, next, seq) -> pushed.add(next));

        // When a card is added, the query is updated with its id, not run
        addCard("a");
        await(() -> pushed.contains(1), "the push after one card");
        assertEquals(List.of(java.util.Set.of("a")), updates);
        assertEquals(1, runs.get(), "only the first run");

        // When a card is deleted (a batch that cannot name it), the query runs whole
        db.write(tx -> tx.execute("DELETE FROM cards WHERE id = 'a'"));
        await(() -> pushed.size() == 2 && pushed.get(1) == 0, "the push after the delete");
        assertEquals(2, runs.get(), "run whole after a delete");
        assertEquals(1, updates.size());
    }

    @Test
    void unaffectedQueriesDoNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        live.subscribe("page", "conn", LiveQueries.Query.of(batch -> batch.touches(ChangeBatch.CONNECTIONS),
                runs::incrementAndGet), (prev, next, seq) -> { });
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

    /** A query that blocks in every run after its first until {@code release} opens; counts its runs. */
    private LiveQueries.Query<Integer> blockedAfterFirstRun(CountDownLatch release, AtomicInteger runs) {
        return onCards(() -> {
            if (runs.incrementAndGet() > 1) {
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return cardCount();
        });
    }

    @Test
    void aSlowQueryDoesNotDelayAnotherSubscriptionsPush() {
        // Given a costly view (stuck in its re-run) and a cheap one, of another page
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowRuns = new AtomicInteger();
        List<Integer> slow = new CopyOnWriteArrayList<>();
        live.subscribe("page-1", "slow", blockedAfterFirstRun(release, slowRuns), (p, n, s) -> slow.add(n));
        List<Integer> fast = new CopyOnWriteArrayList<>();
        live.subscribe("page-2", "fast", countCards(new AtomicInteger()), (p, n, s) -> fast.add(n));

        // When a card is added
        addCard("a");

        // Then the cheap view's push comes while the costly one is still running
        await(() -> slowRuns.get() == 2, "the slow query's re-run to start");
        await(() -> fast.contains(1), "the fast view's push");
        assertEquals(List.of(), slow);
        release.countDown();
        await(() -> slow.contains(1), "the slow view's push once it finishes");
    }

    @Test
    void aSubscriptionNeverRunsConcurrentlyWithItselfAndPushesInOrder() {
        // Given more live-query threads than subscriptions, and a query that notes overlapping runs
        live.close();
        live = new LiveQueries(db.changes(), new LiveQueries.Limits(50, 10, 0, 4));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> seqs = new CopyOnWriteArrayList<>();
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        live.subscribe("page", "count", new LiveQueries.Query<Integer>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return true;
            }

            @Override
            public Integer run() {
                if (inFlight.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    return cardCount();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        }, (prev, next, seq) -> {
            seqs.add(seq);
            pushed.add(next);
        });

        // When commits come faster than the query runs
        for (int i = 0; i < 300; i++) {
            addCard("c" + i);
        }

        // Then it ran one at a time, its pushes reflect ever newer batches, and the last is the final count
        await(() -> !pushed.isEmpty() && pushed.get(pushed.size() - 1) == 300, "the final count");
        assertEquals(0, overlaps.get(), "overlapping runs of one subscription");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "pushes in batch order: " + seqs);
            assertTrue(pushed.get(i) >= pushed.get(i - 1), "no older result after a newer one: " + pushed);
        }
    }

    @Test
    void aChangeCommittedDuringTheFirstRunIsPushedAfterIt() throws Exception {
        // Given a subscription whose first run has read its result but not yet returned
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<Integer> pushed = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<LiveQueries.Initial<Integer>> first = CompletableFuture.supplyAsync(() ->
                live.subscribe("page", "count", onCards(() -> {
                    int n = cardCount();
                    if (runs.incrementAndGet() == 1) {
                        read.countDown();
                        try {
                            assertTrue(finish.await(10, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return n;
                }), (prev, next, seq) -> pushed.add(next)));
        assertTrue(read.await(10, TimeUnit.SECONDS));

        // When a card is committed meanwhile
        addCard("a");
        await(() -> db.changes().lastSeq() >= 1, "the batch");
        finish.countDown();

        // Then the first result is the old one and the change follows it as a push
        assertEquals(0, first.get(10, TimeUnit.SECONDS).result());
        await(() -> pushed.contains(1), "the push of the change made during the first run");
        assertEquals(List.of(1), pushed);
    }
}

package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeFeedTest {
    @TempDir
    Path dir;
    private Database db;
    private final LinkedBlockingQueue<ChangeBatch> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        db.changes().subscribe(heard::add);
        heard.clear(); // the migration's own batch
    }

    @AfterEach
    void close() {
        db.close();
    }

    static void insertCard(DSLContext tx, String id) {
        tx.execute("INSERT INTO cards (id, card_type, name, created_at, modified_at) VALUES (?, 'note', ?, "
                + "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", id, "Card " + id);
    }

    private ChangeBatch next() throws InterruptedException {
        ChangeBatch b = heard.poll(10, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("no batch within 10 s");
        }
        return b;
    }

    @Test
    void aCommittedWriteIsOneBatchNamingItsRows() throws Exception {
        // Given a store, when one transaction inserts two cards and connects them
        db.write(tx -> {
            insertCard(tx, "a");
            insertCard(tx, "b");
            tx.execute("INSERT INTO connections (id, source_id, target_id, created_at) VALUES ('c1', 'a', 'b', "
                    + "'2026-01-01T00:00:00.000Z')");
            return null;
        });

        // Then one batch says so, by id
        ChangeBatch b = next();
        assertEquals(Set.of(ChangeBatch.CARDS, ChangeBatch.CONNECTIONS), b.tables());
        assertEquals(Set.of("a", "b"), Set.copyOf(b.cardIds()));
        assertEquals(List.of("c1"), b.connectionIds());
        assertTrue(b.complete());
        assertFalse(b.external());
        assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "one batch per commit");
    }

    @Test
    void sequenceNumbersRiseByOnePerCommit() throws Exception {
        insertCardsOneByOne("s", 5);
        long first = next().seq();
        for (int i = 1; i < 5; i++) {
            assertEquals(first + i, next().seq());
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws Exception {
        // When a transaction writes and then fails
        assertThrows(IllegalStateException.class, () -> db.write(tx -> {
            insertCard(tx, "gone");
            throw new IllegalStateException("fail on purpose");
        }));
        // and a later one commits
        db.write(tx -> {
            insertCard(tx, "kept");
            return null;
        });

        // Then only the committed one is published, with the next number
        ChangeBatch b = next();
        assertEquals(List.of("kept"), b.cardIds());
        assertEquals(1, b.seq());
        assertNull(heard.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aThousandRowTransactionArrivesAsOneBatch() throws Exception {
        db.write(tx -> {
            for (int i = 0; i < 1_000; i++) {
                insertCard(tx, "bulk-" + i);
            }
            return null;
        });

        ChangeBatch b = next();
        assertEquals(1_000, b.rows());
        assertEquals(1_000, b.cardIds().size());
        assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "a single batch");
    }

    @Test
    void updatesAndDeletesAreCountedDeletesUnnamed() throws Exception {
        db.write(tx -> {
            insertCard(tx, "x");
            return null;
        });
        next();
        db.write(tx -> {
            tx.execute("UPDATE cards SET name = 'X' WHERE id = 'x'");
            return null;
        });
        assertEquals(List.of("x"), next().cardIds());
        db.write(tx -> {
            tx.execute("DELETE FROM cards WHERE id = 'x'");
            return null;
        });
        ChangeBatch deleted = next();
        assertEquals(1, deleted.deletes());
        assertTrue(deleted.mayTouchCard("x"));
    }

    @Test
    void aWriteByAnotherConnectionIsPublishedAsExternal() throws Exception {
        // Given the store watching for other processes
        db.watchOtherProcesses(Duration.ofMillis(20));
        // When another connection (as another process would) writes
        try (Database other = Database.open(dir.resolve("t.db"), DatabaseConfig.ofDefaults())) {
            other.write(tx -> {
                insertCard(tx, "from-elsewhere");
                return null;
            });
        }

        // Then an external batch names every watched table
        ChangeBatch b = next();
        assertTrue(b.external());
        assertEquals(ChangeBatch.WATCHED, b.tables());
        assertFalse(b.complete());
        assertTrue(b.mayTouchCard("from-elsewhere"));
    }

    @Test
    void ownWritesAreNeverTakenForExternalOnes() throws Exception {
        db.watchOtherProcesses(Duration.ofMillis(5));
        insertCardsOneByOne("own", 20);
        for (int i = 0; i < 20; i++) {
            assertFalse(next().external());
        }
        assertNull(heard.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void directListenersHearEachBatchInOrderBeforeTheFeedThreadDoes() throws Exception {
        // Given a direct listener (it notes what the feed thread's listener had heard by then)
        List<Long> direct = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> feedHeardBefore = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger feedHeard = new java.util.concurrent.atomic.AtomicInteger();
        db.changes().subscribe(b -> feedHeard.incrementAndGet());
        db.changes().subscribeDirect(b -> {
            direct.add(b.seq());
            feedHeardBefore.add(feedHeard.get());
            threads.add(Thread.currentThread().getName());
        });

        // When ten transactions commit
        insertCardsOneByOne("d", 10);

        // Then the direct listener heard all ten in order, each before the feed thread's listener did
        for (int i = 0; i < 10; i++) {
            next();
        }
        assertEquals(10, direct.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(direct.get(0) + i, direct.get(i), "in sequence order: " + direct);
            assertTrue(feedHeardBefore.get(i) <= i, "heard before the feed thread: " + feedHeardBefore);
        }
        assertFalse(threads.stream().anyMatch(t -> t.equals("isometry-change-feed")), "on the writer thread: " + threads);
    }

    @Test
    void listenersThatWakeWorkHearEachBatchAfterTheHandOns() throws Exception {
        // Given a listener that wakes work, subscribed before one that hands batches on
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        db.changes().subscribeDirectLast(b -> order.add("wakes work " + b.seq()));
        db.changes().subscribeDirect(b -> order.add("hands on " + b.seq()));

        // When two transactions commit
        insertCardsOneByOne("o", 2);
        long first = next().seq();
        next();

        // Then each batch was handed on before the work was woken
        assertEquals(List.of("hands on " + first, "wakes work " + first, "hands on " + (first + 1),
                "wakes work " + (first + 1)), order);
    }

    @Test
    void aFailingDirectListenerDoesNotStopTheFeed() throws Exception {
        db.changes().subscribeDirect(b -> {
            throw new IllegalStateException("listener bug");
        });
        db.write(tx -> {
            insertCard(tx, "x");
            return null;
        });
        assertEquals(List.of("x"), next().cardIds());
    }

    /** {@code n} cards named {@code prefix0}..., each in a transaction of its own. */
    private void insertCardsOneByOne(String prefix, int n) {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            db.write(tx -> {
                insertCard(tx, id);
                return null;
            });
        }
    }
}

package dev.isometry.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.model.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on the writer thread: writes that wait together are committed in one transaction, each
 * in its own savepoint. The writer is held on a latch while the writes of a group queue up behind it.
 */
class DatabaseGroupCommitTest {
    @TempDir
    Path dir;
    private Database db;
    private final LinkedBlockingQueue<ChangeBatch> heard = new LinkedBlockingQueue<>();
    private final AppliedRequests ledger = new AppliedRequests();
    private final List<Thread> writers = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.builder().groupFor(Duration.ofSeconds(30)).build());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        db.changes().subscribe(heard::add);
        heard.clear(); // the migration's own batch
    }

    @AfterEach
    void close() throws InterruptedException {
        for (Thread t : writers) {
            t.join(10_000);
        }
        db.close();
    }

    /** Holds the writer thread until the returned latch is opened; waits until it is held. */
    private CountDownLatch holdWriter() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        submit(tx -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertTrue(held.await(10, TimeUnit.SECONDS), "the writer thread took the holding write");
        return release;
    }

    /** Calls {@code db.write(work)} on a thread of its own, as a bridge handler does. */
    private <T> CompletableFuture<T> submit(Function<DSLContext, T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(db.write(work));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        writers.add(t);
        t.start();
        return f;
    }

    /** Submits writes one after another, each once the one before is queued, so their order is known. */
    @SafeVarargs
    private List<CompletableFuture<Object>> queue(Function<DSLContext, Object>... works) {
        List<CompletableFuture<Object>> out = new ArrayList<>();
        for (Function<DSLContext, Object> w : works) {
            int before = db.waitingWrites();
            out.add(submit(w));
            await(() -> db.waitingWrites() > before);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private ChangeBatch nextBatch() throws InterruptedException {
        ChangeBatch b = heard.poll(10, TimeUnit.SECONDS);
        if (b == null) {
            throw new AssertionError("no batch within 10 s");
        }
        return b;
    }

    private Set<String> cardIds() {
        return Set.copyOf(db.read(tx -> tx.fetch("SELECT id FROM cards").getValues(0, String.class)));
    }

    private static Function<DSLContext, Object> create(String id) {
        return tx -> {
            ChangeFeedTest.insertCard(tx, id);
            return id;
        };
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void writesWaitingTogetherAreOneCommitAndOneBatchNamingAllTheirRows() throws Exception {
        // Given a writer busy with one write, and three writes queued behind it
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), create("b"), create("c"));

        // When the writer is free
        release.countDown();

        // Then each write got its own result, and the three are one batch naming all their rows
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("a", "b", "c").get(i), group.get(i).get(10, TimeUnit.SECONDS));
        }
        ChangeBatch batch = nextBatch();
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(batch.cardIds()));
        assertEquals(3, batch.rows());
        assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "exactly one batch for the group");
    }

    @Test
    void aFailingWriteInAGroupIsRolledBackAloneAndGetsItsOwnError() throws Exception {
        // Given three writes queued together, the middle one failing after it wrote a card
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), tx -> {
            ChangeFeedTest.insertCard(tx, "b");
            throw new IllegalStateException("b fails after its insert");
        }, create("c"));

        // When they run
        release.countDown();

        // Then the others are committed and the failing one gets its own error, with nothing of it kept
        assertEquals("a", group.get(0).get(10, TimeUnit.SECONDS));
        assertEquals("c", group.get(2).get(10, TimeUnit.SECONDS));
        Throwable b = failureOf(group.get(1));
        assertInstanceOf(IllegalStateException.class, b);
        assertEquals("b fails after its insert", b.getMessage());
        assertEquals(Set.of("a", "c"), cardIds());
        // and the group's one batch names only what was kept
        ChangeBatch batch = nextBatch();
        assertEquals(Set.of("a", "c"), Set.copyOf(batch.cardIds()));
        assertEquals(2, batch.rows());
        assertNull(heard.poll(200, TimeUnit.MILLISECONDS), "one batch per commit");
    }

    @Test
    void aFailedCommitFailsEveryWriteOfTheGroup() throws Exception {
        // Given three writes queued together, the last one leaving a foreign key broken that SQLite
        // checks only at the commit (deferred)
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), create("b"), tx -> {
            tx.execute("PRAGMA defer_foreign_keys = ON");
            tx.execute("INSERT INTO connections (id, source_id, target_id, created_at) VALUES ('x', 'a', 'nowhere', "
                    + "'2026-01-01T00:00:00.000Z')");
            return "x";
        });

        // When the commit fails
        release.countDown();

        // Then every write of the group failed and nothing of them is in the store or on the feed
        for (var f : group) {
            assertInstanceOf(StoreException.class, failureOf(f));
        }
        assertEquals(Set.of(), cardIds());
        assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "a rolled-back group publishes nothing");
        // and the writer goes on with the next write
        assertEquals("d", db.write(create("d")));
        assertEquals(List.of("d"), nextBatch().cardIds());
    }

    /** An Error (not an exception a write may throw) is not trusted to have left the transaction usable. */
    @Test
    void anErrorInOneWriteRollsBackItsWholeGroup() throws Exception {
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), tx -> {
            throw new AssertionError("the process is in trouble");
        }, create("c"));

        release.countDown();

        // The group ends with the error: the writes it had run are undone with it; the next write was not
        // yet part of it and is committed on its own
        assertInstanceOf(AssertionError.class, failureOf(group.get(0)));
        assertInstanceOf(AssertionError.class, failureOf(group.get(1)));
        assertEquals("c", group.get(2).get(10, TimeUnit.SECONDS));
        assertEquals(Set.of("c"), cardIds());
    }

    @Test
    void aRequestIdIsRecordedInTheSameSavepointAsItsWrite() throws Exception {
        // Given three requests queued together, each recording its id with its write; the second fails
        // after both its write and its record
        CountDownLatch release = holdWriter();
        Function<DSLContext, Object> r1 = tx -> {
            ChangeFeedTest.insertCard(tx, "a");
            ledger.record(tx, "req-1", "cards:create", "h1", "{\"id\":\"a\"}");
            return "a";
        };
        Function<DSLContext, Object> r2 = tx -> {
            ChangeFeedTest.insertCard(tx, "b");
            ledger.record(tx, "req-2", "cards:create", "h2", "{\"id\":\"b\"}");
            throw new IllegalStateException("fails after recording");
        };
        Function<DSLContext, Object> r3 = tx -> {
            ChangeFeedTest.insertCard(tx, "c");
            ledger.record(tx, "req-3", "cards:create", "h3", "{\"id\":\"c\"}");
            return "c";
        };
        var group = queue(r1, r2, r3);

        release.countDown();

        // Then each write and its record stand or fall together
        group.get(0).get(10, TimeUnit.SECONDS);
        group.get(2).get(10, TimeUnit.SECONDS);
        failureOf(group.get(1));
        Optional<AppliedRequests.Applied> one = db.read(tx -> ledger.find(tx, "req-1"));
        Optional<AppliedRequests.Applied> two = db.read(tx -> ledger.find(tx, "req-2"));
        Optional<AppliedRequests.Applied> three = db.read(tx -> ledger.find(tx, "req-3"));
        assertTrue(one.isPresent());
        assertFalse(two.isPresent(), "a failed write leaves no record, so its retry runs again");
        assertTrue(three.isPresent());
        assertEquals(Set.of("a", "c"), cardIds());
    }

    /** The holding write takes the writes queued behind it into its group (the bound counts it too). */
    @Test
    void aGroupTakesNoMoreThanItsBound() throws Exception {
        db.close();
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.builder().groupWrites(2)
                .groupFor(Duration.ofSeconds(30)).build());
        db.changes().subscribe(heard::add);
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), create("b"), create("c"));

        release.countDown();

        for (var f : group) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of("a"), nextBatch().cardIds());
        assertEquals(Set.of("b", "c"), Set.copyOf(nextBatch().cardIds()));
    }

    @Test
    void aWriteAloneIsCommittedAtOnce() throws Exception {
        assertEquals("a", db.write(create("a")));
        assertEquals(List.of("a"), nextBatch().cardIds());
        assertTrue(db.read(tx -> tx.fetchOne("SELECT count(*) FROM cards").get(0, Integer.class)) == 1);
    }

    /** A write that also asks for {@code name} to be handed to the group's before-commit task. */
    private Function<DSLContext, Object> createAndRemember(String id, List<Set<String>> runs) {
        return tx -> {
            ChangeFeedTest.insertCard(tx, id);
            Database.beforeCommit(tx, "test.ids", id, (t, ids) -> {
                // runs in the transaction: it sees every card of the group, and what it writes commits
                runs.add(Set.copyOf(ids));
                t.execute("UPDATE cards SET summary = 'seen' WHERE id IN (" + String.join(",",
                        ids.stream().map(x -> "'" + x + "'").toList()) + ")");
            });
            return id;
        };
    }

    @Test
    void beforeCommitWorkRunsOnceForTheWholeGroupWithoutTheValuesOfAWriteRolledBack() throws Exception {
        // Given three writes queued together that each hand their id to the same before-commit task,
        // the middle one failing after it did so
        List<Set<String>> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = holdWriter();
        Function<DSLContext, Object> failing = tx -> {
            createAndRemember("b", runs).apply(tx);
            throw new IllegalStateException("b fails");
        };
        var group = queue(createAndRemember("a", runs), failing, createAndRemember("c", runs));

        // When they run
        release.countDown();
        group.get(0).get(10, TimeUnit.SECONDS);
        group.get(2).get(10, TimeUnit.SECONDS);
        failureOf(group.get(1));

        // Then the task ran once, with the kept writes' values only, and its own write was committed
        assertEquals(List.of(Set.of("a", "c")), runs);
        assertEquals(Set.of("a", "c"), Set.copyOf(db.read(tx -> tx.fetch(
                "SELECT id FROM cards WHERE summary = 'seen'").getValues(0, String.class))));
    }

    @Test
    void beforeCommitWorkThatFailsFailsTheGroupAndKeepsNothing() throws Exception {
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), tx -> {
            ChangeFeedTest.insertCard(tx, "b");
            Database.beforeCommit(tx, "test.fail", "b", (t, ids) -> {
                throw new IllegalStateException("the task fails");
            });
            return "b";
        });

        release.countDown();

        for (var f : group) {
            assertEquals("the task fails", failureOf(f).getMessage());
        }
        assertEquals(Set.of(), cardIds());
    }

    @Test
    void beforeCommitOutsideAGroupRunsAtOnce() {
        List<Set<String>> runs = new ArrayList<>();
        db.withWriterConnection(c -> {
            Database.beforeCommit(Database.dsl(c), "test.now", "x", (t, ids) -> runs.add(Set.copyOf(ids)));
            assertEquals(List.of(Set.of("x")), runs);
            return null;
        });
    }

    private Set<String> found(String match) {
        return Set.copyOf(db.read(tx -> tx.fetch("SELECT c.id FROM cards_fts f JOIN cards c ON c.rowid = f.rowid "
                + "WHERE cards_fts MATCH ?", match).getValues(0, String.class)));
    }

    private static Function<DSLContext, Object> sql(String statement) {
        return tx -> tx.execute(statement);
    }

    @Test
    void aGroupIndexesItsNewCardsOnceWithWhatTheyHoldAtItsCommit() throws Exception {
        // Given a card already indexed, and a group that creates, renames, trashes and purges cards —
        // some of them cards the group itself created — with one write failing after its own create
        db.write(create("old"));
        CountDownLatch release = holdWriter();
        var group = queue(create("a"), create("b"), create("c"),
                sql("UPDATE cards SET name = 'Renamed alpha' WHERE id = 'a'"),
                sql("UPDATE cards SET deleted_at = '2026-01-02T00:00:00.000Z' WHERE id = 'b'"),
                sql("DELETE FROM cards WHERE id = 'c'"),
                sql("UPDATE cards SET name = 'Renamed old' WHERE id = 'old'"),
                tx -> {
                    ChangeFeedTest.insertCard(tx, "d");
                    throw new IllegalStateException("d fails");
                });

        // When the group is committed
        release.countDown();
        for (int i = 0; i < 7; i++) {
            group.get(i).get(10, TimeUnit.SECONDS);
        }
        failureOf(group.get(7));

        // Then the search index holds each live card once, under its name at the commit, and nothing
        // of the trashed, purged or failed cards; the index is sound and nothing is left listed
        assertEquals(Set.of("a"), found("alpha"));
        assertEquals(Set.of("old"), found("renamed old"));
        assertEquals(Set.of("a", "old"), found("renamed"));
        assertEquals(Set.of(), found("\"card b\" OR \"card c\" OR \"card d\" OR \"card a\""));
        db.write(tx -> tx.execute("INSERT INTO cards_fts (cards_fts) VALUES ('integrity-check')"));
        assertEquals(0, (int) db.read(tx -> tx.fetchOne("SELECT (SELECT count(*) FROM fts_pending) "
                + "+ (SELECT count(*) FROM fts_batch)").get(0, Integer.class)));
        // and a card written after the group is indexed at once, as before
        db.write(tx -> tx.execute("UPDATE cards SET deleted_at = NULL WHERE id = 'b'"));
        assertEquals(Set.of("b"), found("\"card b\""));
    }

    @Test
    void aStoreBelowVersion7IndexesAtOnceAndGroupsAfterItsUpgradeInTheSameSession() throws Exception {
        // Given a store at version 6 (no fts_batch), open and written through groups
        db.close();
        java.nio.file.Files.delete(dir.resolve("t.db"));
        db = Database.open(dir.resolve("t.db"), DatabaseConfig.builder().groupFor(Duration.ofSeconds(30)).build());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped().upTo(6)).migrate(c));
        db.write(create("before"));
        assertEquals(Set.of("before"), found("\"card before\""));

        // When the same open store is upgraded and written again
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        CountDownLatch release = holdWriter();
        var group = queue(create("x"), create("y"));
        release.countDown();
        for (var f : group) {
            f.get(10, TimeUnit.SECONDS);
        }

        // Then the cards written before and after are all found, and nothing is left listed
        assertEquals(Set.of("before", "x", "y"), found("card"));
        assertEquals(0, (int) db.read(tx -> tx.fetchOne("SELECT count(*) FROM fts_pending").get(0, Integer.class)));
        db.write(tx -> tx.execute("INSERT INTO cards_fts (cards_fts) VALUES ('integrity-check')"));
    }
}

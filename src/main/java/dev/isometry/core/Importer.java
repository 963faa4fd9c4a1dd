package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.Connection;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports cards from a Markdown folder, a CSV file or a JSON archive. Cards are written in batches,
 * each batch one transaction, so a cancel or a failure leaves whole cards only; a source record seen
 * before (same source and source id, or the same card id for an archive) is updated, not duplicated.
 * Problems are collected per file; the rest is imported. One import at a time per instance is not
 * enforced; each run is independent. Thread-safe.
 */
public final class Importer {
    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    /** Cards per transaction from Markdown and CSV (each may resolve links and update in place). */
    static final int BATCH = 1_000;
    /** Cards per transaction from an archive: new cards go in bulk, indexed once per batch. */
    static final int ARCHIVE_BATCH = 10_000;

    private final Database db;
    private final CardStore cards;
    private final ConnectionStore connections;
    private final LinkSync links;

    public Importer(Database db, CardStore cards, ConnectionStore connections) {
        this.db = Objects.requireNonNull(db);
        this.cards = Objects.requireNonNull(cards);
        this.connections = Objects.requireNonNull(connections);
        this.links = new LinkSync(cards, connections);
    }

    /** Counts kept while an import runs. Not thread-safe; one per run. */
    private static final class Tally {
        long imported;
        long updated;
        long unchanged;
        long connections;
        final List<TransferProblem> problems = new ArrayList<>();
        final List<String> linkCandidates = new ArrayList<>();
        boolean cancelled;

        TransferReport report() {
            return new TransferReport(imported, updated, unchanged, connections, problems, cancelled);
        }
    }

    public TransferReport run(TransferFormat format, Path path, TransferListener listener) throws IOException {
        if (!Files.exists(path)) {
            throw new ValidationException("nothing to import at " + path);
        }
        Tally tally = new Tally();
        switch (format) {
            case MARKDOWN -> markdown(path, listener, tally);
            case CSV -> csv(path, listener, tally);
            case JSON -> json(path, listener, tally);
        }
        if (!tally.cancelled && format != TransferFormat.JSON) {
            resolveLinks(listener, tally);
        }
        listener.progress(tally.cancelled ? "cancelled" : "done", tally.imported + tally.updated + tally.unchanged,
                tally.imported + tally.updated + tally.unchanged);
        log.info("Import of {} ({}) finished: {}", path, format.wireName(), tally.report());
        return tally.report();
    }

    private void markdown(Path root, TransferListener listener, Tally tally) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ValidationException("a Markdown import takes a folder, not a file");
        }
        List<Path> files = MarkdownCards.files(root);
        List<ImportItem> items = new ArrayList<>();
        int read = 0;
        for (Path f : files) {
            if (listener.cancelled()) {
                tally.cancelled = true;
                return;
            }
            try {
                items.add(MarkdownCards.read(root, f));
            } catch (ValidationException | IOException e) {
                tally.problems.add(new TransferProblem(root.relativize(f).toString().replace('\\', '/'), e.getMessage()));
            }
            if (++read % 200 == 0) {
                listener.progress("reading", read, files.size());
            }
        }
        write(items, listener, tally);
    }

    private void csv(Path file, TransferListener listener, Tally tally) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("a CSV import takes a file, not a folder");
        }
        List<ImportItem> items = new ArrayList<>();
        CsvCards.read(file, items::add, tally.problems::add);
        write(items, listener, tally);
    }

    private void json(Path file, TransferListener listener, Tally tally) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("a JSON import takes an archive file, not a folder");
        }
        String name = file.getFileName().toString();
        List<ImportItem> batch = new ArrayList<>(ARCHIVE_BATCH);
        List<Connection> links = new ArrayList<>();
        List<TransferProblem> parseProblems = new ArrayList<>();
        // Reading the next batch overlaps with writing the previous one (one batch in flight), so
        // parsing and SQLite each get a core. The tally is touched by one batch writer at a time and
        // read only after joining it.
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "isometry-import-writer");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<?>[] inflight = {CompletableFuture.completedFuture(null)};
        try (InputStream in = Files.newInputStream(file)) {
            JsonArchive.read(in, name, card -> {
                if (tally.cancelled) {
                    return;
                }
                batch.add(ImportItem.exact(name, card));
                if (batch.size() >= ARCHIVE_BATCH) {
                    List<ImportItem> full = List.copyOf(batch);
                    batch.clear();
                    inflight[0].join();
                    listener.progress("importing cards", tally.imported + tally.updated + tally.unchanged, 0);
                    tally.cancelled = listener.cancelled();
                    if (!tally.cancelled) {
                        inflight[0] = CompletableFuture.runAsync(() -> writeBatch(full, tally), writer);
                    }
                }
            }, links::add, parseProblems::add);
            inflight[0].join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            writer.shutdown();
            tally.problems.addAll(parseProblems);
        }
        if (tally.cancelled) {
            return;
        }
        writeBatch(batch, tally);
        listener.progress("importing connections", 0, links.size());
        for (int i = 0; i < links.size() && !tally.cancelled; i += BATCH) {
            List<Connection> slice = links.subList(i, Math.min(links.size(), i + BATCH));
            db.write(tx -> {
                for (Connection c : slice) {
                    importConnection(tx, c, name, tally);
                }
                return null;
            });
            listener.progress("importing connections", Math.min(links.size(), i + BATCH), links.size());
            tally.cancelled = listener.cancelled();
        }
    }

    private void importConnection(DSLContext tx, Connection c, String file, Tally tally) {
        if (connections.find(tx, c.id()).isPresent()) {
            return;
        }
        var ends = cards.findAll(tx, c.viaCardId() == null ? List.of(c.sourceId(), c.targetId())
                : List.of(c.sourceId(), c.targetId(), c.viaCardId()));
        if (!ends.containsKey(c.sourceId()) || !ends.containsKey(c.targetId())) {
            tally.problems.add(new TransferProblem(file, "connection " + c.id() + " joins a card that is not in the archive"));
            return;
        }
        if (c.weight() < 0 || c.weight() > 1) {
            tally.problems.add(new TransferProblem(file, "connection " + c.id() + " has a weight outside 0..1"));
            return;
        }
        connections.insert(tx, new Connection(c.id(), c.sourceId(), c.targetId(),
                ends.containsKey(c.viaCardId()) ? c.viaCardId() : null, c.label(), c.weight(), c.createdAt(), c.origin()));
        tally.connections++;
    }

    private void write(List<ImportItem> items, TransferListener listener, Tally tally) {
        for (int i = 0; i < items.size(); i += BATCH) {
            if (listener.cancelled()) {
                tally.cancelled = true;
                return;
            }
            writeBatch(items.subList(i, Math.min(items.size(), i + BATCH)), tally);
            listener.progress("importing cards", Math.min(items.size(), i + BATCH), items.size());
        }
    }

    /** Writes one batch in one transaction; if it fails, each card alone, so one bad card costs only itself. */
    private void writeBatch(List<ImportItem> batch, Tally tally) {
        if (batch.isEmpty()) {
            return;
        }
        Tally attempt = new Tally();
        try {
            db.write(tx -> {
                apply(tx, batch, attempt);
                return null;
            });
            merge(tally, attempt);
        } catch (RuntimeException batchFailure) {
            log.warn("Import batch failed ({}); importing its cards one by one", batchFailure.getMessage());
            for (ImportItem item : batch) {
                Tally one = new Tally();
                try {
                    db.write(tx -> {
                        apply(tx, List.of(item), one);
                        return null;
                    });
                    merge(tally, one);
                } catch (RuntimeException e) {
                    tally.problems.add(new TransferProblem(item.file(), readable(e)));
                }
            }
        }
    }

    private static void merge(Tally into, Tally from) {
        into.imported += from.imported;
        into.updated += from.updated;
        into.unchanged += from.unchanged;
        into.problems.addAll(from.problems);
        into.linkCandidates.addAll(from.linkCandidates);
    }

    private void apply(DSLContext tx, List<ImportItem> batch, Tally t) {
        String now = Timestamps.now();
        List<Card> fresh = new ArrayList<>();
        var existingById = cards.findAll(tx, batch.stream().filter(i -> i.exact() != null).map(i -> i.exact().id()).toList());
        for (ImportItem item : batch) {
            if (item.exact() != null) {
                Card in = item.exact();
                CardRules.check(in);
                Card old = existingById.get(in.id());
                if (old == null) {
                    fresh.add(in);
                } else if (old.equals(in)) {
                    t.unchanged++;
                } else {
                    Card next = in.stamped(in.modifiedAt(), Math.max(old.version() + 1, in.version()));
                    cards.updateIfVersion(tx, next, old.version());
                    cards.recordHistory(tx, next, "import");
                    t.updated++;
                }
                continue;
            }
            var old = cards.findBySource(tx, item.source(), item.sourceId());
            if (old.isEmpty()) {
                var withSource = new java.util.EnumMap<dev.isometry.model.CardField, Object>(dev.isometry.model.CardField.class);
                withSource.putAll(item.changes().values());
                withSource.put(dev.isometry.model.CardField.SOURCE, item.source());
                withSource.put(dev.isometry.model.CardField.SOURCE_ID, item.sourceId());
                Card card = CardRules.newCard(UUID.randomUUID().toString(),
                        new dev.isometry.model.CardChanges(withSource), now);
                cards.insert(tx, card);
                t.imported++;
                if (card.content().contains("[[")) {
                    t.linkCandidates.add(card.id());
                }
            } else {
                Card current = old.get();
                Card next = CardRules.apply(current, item.changes(), now, current.version() + 1);
                if (current.stamped(next.modifiedAt(), next.version()).equals(next)) {
                    t.unchanged++;
                } else {
                    cards.recordHistory(tx, current, "base");
                    cards.updateIfVersion(tx, next, current.version());
                    cards.recordHistory(tx, next, "import");
                    t.updated++;
                    if (next.content().contains("[[") || current.content().contains("[[")) {
                        t.linkCandidates.add(next.id());
                    }
                }
            }
        }
        if (!fresh.isEmpty()) {
            cards.insertAll(tx, fresh);
            t.imported += fresh.size();
        }
    }

    private void resolveLinks(TransferListener listener, Tally tally) {
        List<String> ids = tally.linkCandidates;
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<String> slice = ids.subList(i, Math.min(ids.size(), i + BATCH));
            db.write(tx -> {
                for (Card c : cards.findAll(tx, slice).values()) {
                    links.sync(tx, c);
                }
                return null;
            });
            listener.progress("linking", Math.min(ids.size(), i + BATCH), ids.size());
        }
        tally.connections += db.read(tx -> {
            long n = 0;
            for (String id : ids) {
                n += connections.linkTargets(tx, id).size();
            }
            return n;
        });
    }

    private static String readable(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("UNIQUE constraint failed: cards.source, cards.source_id")) {
            return "another card already comes from the same source record";
        }
        if (m.contains("UNIQUE constraint failed: cards.id")) {
            return "a card with this id exists already";
        }
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}

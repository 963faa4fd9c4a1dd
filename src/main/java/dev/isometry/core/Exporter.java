package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Exports cards: a JSON archive of everything (lossless; trashed cards and all connections included),
 * a Markdown folder or a CSV file of the live cards. Reads one consistent snapshot. A JSON or CSV file
 * appears whole or not at all; a cancelled Markdown export removes the files it wrote. Thread-safe.
 */
public final class Exporter {
    private final Database db;
    private final CardStore cards;
    private final ConnectionStore connections;

    public Exporter(Database db, CardStore cards, ConnectionStore connections) {
        this.db = Objects.requireNonNull(db);
        this.cards = Objects.requireNonNull(cards);
        this.connections = Objects.requireNonNull(connections);
    }

    public TransferReport run(TransferFormat format, Path path, TransferListener listener) throws IOException {
        try {
            return switch (format) {
                case JSON -> json(path, listener);
                case CSV -> csv(path, listener);
                case MARKDOWN -> markdown(path, listener);
            };
        } catch (CancellationException e) {
            listener.progress("cancelled", 0, 0);
            return new TransferReport(0, 0, 0, 0, List.of(), true);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private TransferReport json(Path file, TransferListener listener) throws IOException {
        long[] n = new long[2];
        AtomicFiles.write(file, out -> db.read(tx -> {
            long total = cards.countAll(tx);
            try (JsonArchive.Writer w = new JsonArchive.Writer(out)) {
                cards.each(tx, true, c -> {
                    io(() -> w.card(c));
                    tick(listener, "exporting cards", ++n[0], total);
                });
                for (var c : connections.all(tx)) {
                    io(() -> w.connection(c));
                    n[1]++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
        listener.progress("done", n[0], n[0]);
        return new TransferReport(n[0], 0, 0, n[1], List.of(), false);
    }

    private TransferReport csv(Path file, TransferListener listener) throws IOException {
        long[] n = new long[1];
        AtomicFiles.write(file, out -> db.read(tx -> {
            long total = cards.countLive(tx);
            List<Card> all = new ArrayList<>();
            cards.each(tx, false, c -> {
                all.add(c);
                tick(listener, "exporting cards", ++n[0], total);
            });
            try {
                var w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CsvCards.write(w, all);
                w.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
        listener.progress("done", n[0], n[0]);
        return new TransferReport(n[0], 0, 0, 0, List.of(), false);
    }

    private TransferReport markdown(Path dir, TransferListener listener) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Set<String> used = new HashSet<>();
        try {
            db.read(tx -> {
                long total = cards.countLive(tx);
                cards.each(tx, false, c -> {
                    Path target = uniquePath(dir, c, used);
                    io(() -> {
                        Files.createDirectories(target.getParent());
                        AtomicFiles.write(target, MarkdownCards.write(c).getBytes(StandardCharsets.UTF_8));
                    });
                    written.add(target);
                    tick(listener, "exporting cards", written.size(), total);
                });
                return null;
            });
        } catch (CancellationException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
        listener.progress("done", written.size(), written.size());
        return new TransferReport(written.size(), 0, 0, 0, List.of(), false);
    }

    private static Path uniquePath(Path dir, Card c, Set<String> used) {
        Path folder = dir;
        if (c.folder() != null) {
            for (String seg : c.folder().split("/")) {
                if (!seg.isBlank()) {
                    folder = folder.resolve(MarkdownCards.safeName(seg));
                }
            }
        }
        String base = MarkdownCards.safeName(c.name());
        Path p = folder.resolve(base + ".md");
        for (int i = 2; !used.add(p.toString().toLowerCase(Locale.ROOT)); i++) {
            p = folder.resolve(base + " (" + i + ").md");
        }
        return p;
    }

    private static void tick(TransferListener listener, String phase, long done, long total) {
        if (done % 500 == 0) {
            listener.progress(phase, done, total);
            if (listener.cancelled()) {
                throw new CancellationException("export cancelled");
            }
        }
    }

    @FunctionalInterface
    private interface IoWork {
        void run() throws IOException;
    }

    private static void io(IoWork work) {
        try {
            work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots of one rollback session ({@code snapshots/} in its folder): the page's sql.js database,
 * saved as a whole after edits. A save is checked before it is kept (SHA-256 of the bytes as sent,
 * SQLite's integrity check, the tables and {@code rollback_meta} of this export) and written atomically
 * with its manifest; the newest {@code keep} are kept. Thread-safe: saves are serialized.
 */
public final class RollbackSnapshots {
    private static final Logger log = LoggerFactory.getLogger(RollbackSnapshots.class);
    /** The largest snapshot accepted (the page holds the whole database in memory anyway). */
    public static final long MAX_BYTES = 128L << 20;
    /** Snapshots kept by default. */
    public static final int DEFAULT_KEEP = 10;
    private static final String[] REQUIRED_TABLES = {"cards", "connections", "card_history", "settings", "cards_fts",
        "rollback_meta"};

    private final Path folder;
    private final String exportId;
    private final int keep;

    public RollbackSnapshots(Path sessionFolder, String exportId, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.folder = sessionFolder.resolve("snapshots");
        this.exportId = exportId;
        this.keep = keep;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Keeps {@code data} as the newest snapshot.
     *
     * @param sha256 the SHA-256 the sender computed over {@code data}, checked when given; null when the
     *               sender could not afford one (the page in the WebView hashes at ~10 MB/s): the file's
     *               own checks below stand then, and the hash recorded is computed here
     * @throws RollbackException ({@link RollbackException#VERIFICATION_FAILED}) when the hash, the SQLite
     *                           file or its export id is wrong; nothing is written then
     */
    public synchronized SnapshotManifest save(byte[] data, String sha256) {
        if (data.length > MAX_BYTES) {
            throw new RollbackException("The snapshot of " + data.length + " bytes is over the limit of " + MAX_BYTES
                    + " bytes; it was not saved.");
        }
        String actual = HexFormat.of().formatHex(TableDigests.sha256().digest(data));
        if (sha256 != null && !actual.equalsIgnoreCase(sha256)) {
            throw refused("its SHA-256 is " + actual + ", not " + sha256 + " as sent");
        }
        String name = fileName();
        Path target = folder.resolve(name);
        Path tmp = folder.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(folder);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Checked checked = check(tmp, exportId);
            if (!checked.problems().isEmpty()) {
                throw refused(String.join("; ", checked.problems()));
            }
            long cards = checked.cards();
            Backups.move(tmp, target);
            AtomicFiles.syncDirectory(folder);
            SnapshotManifest m = new SnapshotManifest(name, exportId, actual, data.length, Timestamps.now(), cards);
            AtomicFiles.write(manifestOf(target), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
            prune(keep);
            return m;
        } catch (IOException e) {
            Backups.deleteQuietly(tmp);
            throw new RollbackException("The snapshot could not be written: " + e.getMessage(), RollbackException.FAILED, e);
        } catch (RuntimeException e) {
            Backups.deleteQuietly(tmp);
            throw e;
        }
    }

    private RollbackException refused(String why) {
        return new RollbackException("The snapshot was refused and nothing was written: " + why + ".",
                RollbackException.VERIFICATION_FAILED, null);
    }

    /** What a check of a rollback database found: its problems (none when sound) and its cards. */
    record Checked(List<String> problems, long cards) {
    }

    /** What is wrong with a rollback database file; empty when it is sound and belongs to {@code exportId}. */
    static List<String> problems(Path file, String exportId) {
        return check(file, exportId).problems();
    }

    /** Checks a rollback database file with one connection: header, integrity, tables, rollback_meta. */
    static Checked check(Path file, String exportId) {
        List<String> out = new ArrayList<>();
        try {
            Optional<String> header = HeaderCheck.problem(file);
            if (header.isPresent()) {
                out.add(header.get());
                return new Checked(out, -1);
            }
        } catch (IOException e) {
            out.add("it cannot be read (" + e.getMessage() + ")");
            return new Checked(out, -1);
        }
        long cards = -1;
        try (Connection c = SqliteFiles.open(file, SqliteFiles.Access.IMMUTABLE)) {
            CheckResult integrity = StoreVerifier.integrity(c, true);
            if (!integrity.ok()) {
                out.add(integrity.detail());
                return new Checked(out, -1);
            }
            for (String t : REQUIRED_TABLES) {
                if (!StoreVerifier.tableExists(c, t)) {
                    out.add("it has no " + t + " table");
                }
            }
            if (out.isEmpty()) {
                Map<String, String> meta = RollbackExporter.meta(c);
                if (!String.valueOf(RollbackManifest.FORMAT).equals(meta.get("format"))) {
                    out.add("its rollback_meta format is " + meta.get("format"));
                }
                if (!exportId.equals(meta.get("export_id"))) {
                    out.add("it belongs to export " + meta.get("export_id") + ", not " + exportId);
                }
                cards = SqliteFiles.longValue(c, "SELECT count(*) FROM cards");
            }
        } catch (SQLException e) {
            out.add("SQLite cannot read it (" + e.getMessage() + ")");
        }
        return new Checked(out, cards);
    }

    /** Every snapshot with a manifest, newest first. */
    public List<SnapshotManifest> list() {
        List<SnapshotManifest> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.db.json")) {
            for (Path p : ds) {
                try {
                    SnapshotManifest m = Json.mapper().readValue(p.toFile(), SnapshotManifest.class);
                    if (Files.exists(folder.resolve(m.file()))) {
                        out.add(m);
                    }
                } catch (IOException e) {
                    log.warn("Ignoring unreadable snapshot manifest {}: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new RollbackException("Cannot list the snapshots in " + folder + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(SnapshotManifest::savedAt).thenComparing(SnapshotManifest::file).reversed());
        return out;
    }

    public Optional<SnapshotManifest> latest() {
        return list().stream().findFirst();
    }

    public Path fileOf(SnapshotManifest m) {
        return folder.resolve(m.file());
    }

    /**
     * Checks a snapshot against its manifest (size, SHA-256) and as a rollback database of this export.
     *
     * @throws RollbackException ({@link RollbackException#VERIFICATION_FAILED}) naming what differs
     */
    public SnapshotManifest verify(SnapshotManifest m) {
        Path f = fileOf(m);
        List<String> problems = new ArrayList<>();
        try {
            if (Files.size(f) != m.sizeBytes() || !SqliteFiles.sha256(f).equals(m.sha256())) {
                problems.add("its SHA-256 or size differs from its manifest");
            }
        } catch (IOException e) {
            problems.add("it cannot be read (" + e.getMessage() + ")");
        }
        problems.addAll(problems(f, exportId));
        if (!problems.isEmpty()) {
            throw new RollbackException("The snapshot " + m.file() + " must not be used: " + String.join("; ", problems)
                    + ".", RollbackException.VERIFICATION_FAILED, null);
        }
        return m;
    }

    /** Removes all but the newest {@code keepNewest} snapshots; returns the files removed. */
    public synchronized List<Path> prune(int keepNewest) {
        if (keepNewest < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        List<SnapshotManifest> all = list();
        return ManifestedFiles.remove(all.subList(Math.min(keepNewest, all.size()), all.size()).stream()
                .map(this::fileOf).toList(), RollbackSnapshots::manifestOf, "old snapshot");
    }

    static Path manifestOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".json");
    }

    private String fileName() {
        String stamp = Timestamps.now().replace(":", "-");
        String name = "snapshot-" + stamp + ".db";
        for (int i = 2; Files.exists(folder.resolve(name)); i++) {
            name = "snapshot-" + stamp + "-" + i + ".db";
        }
        return name;
    }
}

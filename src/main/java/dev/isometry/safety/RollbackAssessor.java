package dev.isometry.safety;

import dev.isometry.store.DataDir;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The checks behind {@link RollbackManager#assess}: each finding is a reason, DANGEROUS ones first.
 * The page holds the whole database in memory (the fetched bytes, sql.js's heap, and a copy with its
 * base64 text on each save), so memory is measured against the store's size. Never writes. Thread-safe.
 */
final class RollbackAssessor {
    /** Below this much memory per byte of store (plus a floor) the page would run out: dangerous. */
    static final int MEMORY_FACTOR_MIN = 3;
    static final long MEMORY_FLOOR_MIN = 64L << 20;
    /** Below this the page may be slow to save: risky. */
    static final int MEMORY_FACTOR_OK = 6;
    static final long MEMORY_FLOOR_OK = 256L << 20;
    /** A store this large takes noticeably longer to enter. */
    static final long LARGE_BYTES = 50L << 20;

    private final DataDir dir;
    private final DiskSpace space;
    private final LongSupplier freeMemory;
    private final int latestVersion;

    RollbackAssessor(DataDir dir, DiskSpace space, LongSupplier freeMemory, int latestVersion) {
        this.dir = dir;
        this.space = space;
        this.freeMemory = freeMemory;
        this.latestVersion = latestVersion;
    }

    RollbackAssessment assess(RollbackSource source, int pageQueuedWrites) {
        long start = System.nanoTime();
        List<String> dangerous = new ArrayList<>();
        List<String> risky = new ArrayList<>();
        Path file = source.isNative() ? dir.database() : source.backup();
        long size = 0;
        long free = -1;
        String integrity = "not checked";
        int version = -1;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                dangerous.add(source.isNative() ? "there is no store in " + dir.root() : "there is no backup at " + file);
            } else {
                size = Files.size(file) + Backups.sizeOf(file.resolveSibling(file.getFileName() + "-wal"));
                Optional<String> header = HeaderCheck.problem(file);
                if (header.isPresent()) {
                    dangerous.add(header.get());
                    integrity = header.get();
                }
            }
        } catch (IOException e) {
            dangerous.add("the source cannot be read (" + e.getMessage() + ")");
        }
        if (dangerous.isEmpty()) {
            try (Connection c = SqliteFiles.open(file, source.isNative() ? SqliteFiles.Access.READ_ONLY
                    : SqliteFiles.Access.IMMUTABLE)) {
                CheckResult check = StoreVerifier.integrity(c, false);
                integrity = check.ok() ? "ok" : check.detail();
                if (!check.ok()) {
                    dangerous.add("the " + (source.isNative() ? "store" : "backup") + " is damaged (" + check.detail()
                            + ")" + (source.isNative() ? "; open a sound backup in rollback mode instead (--from-backup)" : ""));
                }
                version = (int) SqliteFiles.longValue(c, "PRAGMA user_version");
                if (version < RollbackManager.MIN_SCHEMA_VERSION || version > latestVersion) {
                    dangerous.add("its schema version " + version + " is not supported by rollback mode (versions "
                            + RollbackManager.MIN_SCHEMA_VERSION + " to " + latestVersion + ")");
                }
            } catch (SQLException e) {
                integrity = "unreadable";
                dangerous.add("SQLite cannot read the source (" + e.getMessage() + ")");
            }
        }
        if (size > RollbackSnapshots.MAX_BYTES) {
            dangerous.add("the store is " + mb(size) + " MB; rollback mode saves at most " + mb(RollbackSnapshots.MAX_BYTES)
                    + " MB");
        } else if (size > LARGE_BYTES) {
            risky.add("the store is large (" + mb(size) + " MB): entering takes about " + Math.max(1, size / (10L << 20))
                    + " s and each save copies it whole");
        }
        try {
            Files.createDirectories(dir.rollback());
            free = space.usableBytes(dir.rollback());
            long must = 2 * size + Backups.MARGIN_BYTES;
            long should = must + 3 * size;
            if (free < must) {
                dangerous.add("not enough free disk space: the backup and export need about " + mb(must) + " MB and "
                        + mb(free) + " MB are free");
            } else if (free < should) {
                risky.add("little free disk space (" + mb(free) + " MB) for the snapshots rollback mode saves");
            }
        } catch (IOException e) {
            dangerous.add("the free disk space cannot be read (" + e.getMessage() + ")");
        }
        long memory = freeMemory.getAsLong();
        if (memory >= 0) {
            if (memory < MEMORY_FACTOR_MIN * size + MEMORY_FLOOR_MIN) {
                dangerous.add("not enough free memory: the page needs about " + mb(MEMORY_FACTOR_MIN * size
                        + MEMORY_FLOOR_MIN) + " MB for a " + mb(size) + " MB store and " + mb(memory) + " MB are free");
            } else if (memory < MEMORY_FACTOR_OK * size + MEMORY_FLOOR_OK) {
                risky.add("free memory is low (" + mb(memory) + " MB) for a " + mb(size) + " MB store: saves may be slow");
            }
        } else {
            risky.add("free memory could not be measured");
        }
        int queued = pageQueuedWrites >= 0 ? pageQueuedWrites : QueuedWrites.count(dir);
        if (queued > 0) {
            dangerous.add(queued + " change(s) made in the app have not reached the store yet and rollback mode cannot "
                    + "carry them over; open Isometry normally until they are saved (or note them down), then try again");
        } else if (queued < 0) {
            risky.add("the page's queue of unsent changes could not be read");
        }
        if (source.isNative() && StoreLock.heldBy(dir).isPresent()) {
            risky.add("Isometry is open on this store; changes made there after the export are not in it");
        }
        List<String> reasons = new ArrayList<>(dangerous);
        reasons.addAll(risky);
        RollbackRisk risk = !dangerous.isEmpty() ? RollbackRisk.DANGEROUS
                : !risky.isEmpty() ? RollbackRisk.RISKY : RollbackRisk.SAFE;
        return new RollbackAssessment(risk, reasons, source.label(), size, free, memory, queued, integrity, version,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Memory the system can still give (Linux MemAvailable), else what the JVM reports free; -1 if unknown. */
    static long availableMemory() {
        try {
            Path meminfo = Path.of("/proc/meminfo");
            if (Files.isReadable(meminfo)) {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemAvailable:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the JVM's figure
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return -1;
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}

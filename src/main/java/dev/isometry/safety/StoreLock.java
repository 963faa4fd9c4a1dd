package dev.isometry.safety;

import dev.isometry.store.DataDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says "this data directory is in use" to every other Isometry process: OS locks on two regions of
 * {@code isometry.lock}. The <em>owner</em> region is held by the one process that has the store open
 * for a long time (the app, or a command run while no app is open) or is doing maintenance. The
 * <em>writers</em> region is held shared by short commands that work beside a running app (the CLI's
 * card commands: SQLite keeps their writes consistent with the app's, and the app sees them through its
 * change feed) and exclusively by maintenance (a migration, a restore), which therefore never runs while
 * such a command is writing, nor lets one start. The OS drops the locks when the process ends, however
 * it ends, so a crash never leaves a stale lock. The file holds the owner's process id for messages.
 * Thread-safe.
 */
public final class StoreLock implements AutoCloseable {
    static final String FILE = "isometry.lock";
    /** Lock files held by this JVM: a second lock on the same file in one JVM is an error in Java. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** The owner region: one long-time owner per data directory. */
    private static final long OWNER_AT = 0;
    /** The writers region: shared by commands beside the app, exclusive for maintenance. */
    private static final long WRITERS_AT = 1L << 40;
    /** How long maintenance waits for commands beside the app to finish, and they for it. */
    static final java.time.Duration WRITERS_WAIT = java.time.Duration.ofSeconds(10);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final FileLock writers;
    private final boolean owner;

    private StoreLock(Path file, FileChannel channel, FileLock lock, FileLock writers, boolean owner) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.writers = writers;
        this.owner = owner;
    }

    /**
     * Takes the owner lock and keeps short commands out (waiting for those at work to finish): for a
     * migration or a restore.
     *
     * @throws StoreLockedException when another process owns the store, or a command beside it did not
     *                              finish in time
     */
    public static StoreLock acquireForMaintenance(DataDir dir) {
        StoreLock owned = acquire(dir);
        try {
            FileLock w = waitFor(owned.channel, false);
            if (w == null) {
                throw new StoreLockedException("A command is still working on the cards; try again in a moment.");
            }
            return new StoreLock(owned.file, owned.channel, owned.lock, w, true);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /**
     * Shares the store with the process that owns it (the running app) for one short command; waits
     * while maintenance runs.
     *
     * @throws StoreLockedException when maintenance did not finish in time
     */
    public static StoreLock share(DataDir dir) {
        Path file = dir.root().resolve(FILE);
        FileChannel ch = null;
        try {
            Files.createDirectories(dir.root());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock w = waitFor(ch, true);
            if (w == null) {
                throw new StoreLockedException("Isometry is upgrading or restoring these cards; try again when it is done.");
            }
            return new StoreLock(file, ch, null, w, false);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StoreLockedException("Cannot lock the data folder " + dir.root() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The writers region, polled until {@link #WRITERS_WAIT} passes; null when it did not come free. */
    private static FileLock waitFor(FileChannel ch, boolean shared) {
        long deadline = System.nanoTime() + WRITERS_WAIT.toNanos();
        long pause = 5;
        while (true) {
            try {
                FileLock l = ch.tryLock(WRITERS_AT, 1, shared);
                if (l != null) {
                    return l;
                }
            } catch (OverlappingFileLockException e) {
                // held in this very process: wait for it like for any other holder
            } catch (IOException e) {
                throw new StoreLockedException("Cannot lock the data folder: " + e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(pause));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return null;
            }
            pause = Math.min(100, pause * 2);
        }
    }

    /**
     * Takes the lock or says who has it.
     *
     * @throws StoreLockedException when another process (or another part of this one) holds it
     */
    public static StoreLock acquire(DataDir dir) {
        Path file = dir.root().resolve(FILE);
        if (!HELD_HERE.add(file)) {
            throw new StoreLockedException("Isometry already has this data folder open in this process.");
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(dir.root());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock(OWNER_AT, 1, false);
            if (lock == null) {
                String owner = owner(ch);
                ch.close();
                throw new StoreLockedException("Isometry is already running with this data folder"
                        + (owner.isEmpty() ? "" : " (process " + owner + ")") + "; close it first.");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new StoreLock(file, ch, lock, null, true);
        } catch (IOException | OverlappingFileLockException e) {
            HELD_HERE.remove(file);
            closeQuietly(ch);
            throw new StoreLockedException("Cannot lock the data folder " + dir.root() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            HELD_HERE.remove(file);
            closeQuietly(ch);
            throw e;
        }
    }

    /** Who holds the lock, in plain words, or empty when nobody does. Takes the lock only for a moment. */
    public static Optional<String> heldBy(DataDir dir) {
        Path file = dir.root().resolve(FILE);
        if (HELD_HERE.contains(file)) {
            return Optional.of("this Isometry process");
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock(OWNER_AT, 1, false);
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            String owner = owner(ch);
            return Optional.of(owner.isEmpty() ? "another Isometry process" : "Isometry process " + owner);
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.of("another process (" + e.getMessage() + ")");
        }
    }

    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            if (writers != null) {
                writers.release();
            }
            if (lock != null) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new SafetyException("Cannot release the lock on " + file + ": " + e.getMessage(), e);
        } finally {
            if (owner) {
                HELD_HERE.remove(file);
            }
        }
    }
}

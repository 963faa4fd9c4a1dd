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
 * Says "this data directory is in use" to every other Isometry process: an OS lock on
 * {@code isometry.lock}, held while a process may write the store (the app, a migration, a restore).
 * The OS drops the lock when the process ends, however it ends, so a crash never leaves a stale lock.
 * The file holds the owner's process id for messages. Thread-safe.
 */
public final class StoreLock implements AutoCloseable {
    static final String FILE = "isometry.lock";
    /** Lock files held by this JVM: a second lock on the same file in one JVM is an error in Java. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
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
            FileLock lock = ch.tryLock();
            if (lock == null) {
                String owner = owner(ch);
                ch.close();
                throw new StoreLockedException("Isometry is already running with this data folder"
                        + (owner.isEmpty() ? "" : " (process " + owner + ")") + "; close it first.");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new StoreLock(file, ch, lock);
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
            FileLock lock = ch.tryLock();
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
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new SafetyException("Cannot release the lock on " + file + ": " + e.getMessage(), e);
        } finally {
            HELD_HERE.remove(file);
        }
    }
}

package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLockTest {
    @TempDir
    Path root;

    @Test
    void aSecondOwnerIsRefusedWithAClearMessage() {
        DataDir dir = new DataDir(root);
        try (StoreLock app = StoreLock.acquire(dir)) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> StoreLock.acquire(dir));
            assertTrue(e.getMessage().contains("already"), e.getMessage());
        }
        StoreLock.acquire(dir).close(); // free again
    }

    @Test
    void aCommandSharesTheStoreWithTheOwner() {
        DataDir dir = new DataDir(root);
        try (StoreLock app = StoreLock.acquire(dir); StoreLock cli = StoreLock.share(dir)) {
            assertTrue(StoreLock.heldBy(dir).isPresent());
        }
    }

    /** Releases {@code lock} from another thread after 300 ms of (simulated) work; says when. */
    private static AtomicLong releaseLater(StoreLock lock) {
        AtomicLong released = new AtomicLong();
        CompletableFuture.runAsync(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            released.set(System.nanoTime());
            lock.close();
        });
        return released;
    }

    @Test
    void maintenanceWaitsForACommandAtWorkToFinish() {
        DataDir dir = new DataDir(root);
        AtomicLong released = releaseLater(StoreLock.share(dir));

        try (StoreLock maintenance = StoreLock.acquireForMaintenance(dir)) {
            long got = System.nanoTime();
            assertTrue(released.get() != 0 && got >= released.get(), "maintenance began only after the command ended");
        }
    }

    @Test
    void aCommandWaitsWhileMaintenanceRuns() {
        DataDir dir = new DataDir(root);
        AtomicLong released = releaseLater(StoreLock.acquireForMaintenance(dir));

        try (StoreLock cli = StoreLock.share(dir)) {
            assertTrue(released.get() != 0 && System.nanoTime() >= released.get(), "the command waited");
        }
        assertEquals(java.util.Optional.empty(), StoreLock.heldBy(dir));
    }
}

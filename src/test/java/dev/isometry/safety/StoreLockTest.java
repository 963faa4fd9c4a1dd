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

    @Test
    void maintenanceWaitsForACommandAtWorkToFinish() throws Exception {
        DataDir dir = new DataDir(root);
        StoreLock cli = StoreLock.share(dir);
        AtomicLong released = new AtomicLong();
        CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(300); // the command's own work, in another thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            released.set(System.nanoTime());
            cli.close();
        });

        try (StoreLock maintenance = StoreLock.acquireForMaintenance(dir)) {
            long got = System.nanoTime();
            assertTrue(released.get() != 0 && got >= released.get(), "maintenance began only after the command ended");
        }
    }

    @Test
    void aCommandWaitsWhileMaintenanceRuns() throws Exception {
        DataDir dir = new DataDir(root);
        StoreLock maintenance = StoreLock.acquireForMaintenance(dir);
        AtomicLong released = new AtomicLong();
        CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            released.set(System.nanoTime());
            maintenance.close();
        });

        try (StoreLock cli = StoreLock.share(dir)) {
            assertTrue(released.get() != 0 && System.nanoTime() >= released.get(), "the command waited");
        }
        assertEquals(java.util.Optional.empty(), StoreLock.heldBy(dir));
    }
}

package dev.isometry.safety;

import dev.isometry.model.Timestamps;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a backup back as the store. The backup must match its manifest (size, SHA-256, integrity); the
 * current store is saved first (as a pre-restore backup, or byte for byte if it is too damaged for
 * SQLite); the backup is copied beside the store, checked by its hash, and renamed over it; the result
 * is checked by its hash again and opened. Thread-safe: works under the {@link StoreLock}.
 */
public final class BackupRestore {
    private static final Logger log = LoggerFactory.getLogger(BackupRestore.class);
    private final Backups backups;
    private final DataDir dir;

    public BackupRestore(Backups backups) {
        this.backups = backups;
        this.dir = backups.dataDir();
    }

    /**
     * Restores {@code backup}, taking the store lock for the duration.
     *
     * @throws StoreLockedException when the store is open elsewhere
     * @throws BackupException      when the backup does not match its manifest (nothing was changed) or the
     *                              restore could not be completed (the message says where the old store is)
     */
    public RestoreResult restore(Path backup) {
        try (StoreLock lock = StoreLock.acquireForMaintenance(dir)) {
            return restoreHeld(backup);
        }
    }

    /** Restores while the caller holds the store lock. */
    RestoreResult restoreHeld(Path backup) {
        long start = System.nanoTime();
        BackupManifest m = Backups.verify(backup);
        Path db = dir.database();
        Path tmp = dir.root().resolve(".isometry.db.restore.tmp");
        try {
            Path saved = saveCurrent(db);
            SqliteFiles.copyDurably(backup, tmp);
            if (!SqliteFiles.sha256(tmp).equals(m.sha256())) {
                Files.deleteIfExists(tmp);
                throw new BackupException("The copy of " + backup.getFileName() + " did not match its hash; nothing was "
                        + "restored.");
            }
            // The old WAL belongs to the old file: it must go before the new file takes the name.
            Files.deleteIfExists(sibling(db, "-wal"));
            Files.deleteIfExists(sibling(db, "-shm"));
            Backups.move(tmp, db);
            AtomicFiles.syncDirectory(dir.root());
            if (!SqliteFiles.sha256(db).equals(m.sha256())) {
                throw new BackupException("The restored store does not match the backup's hash."
                        + (saved == null ? "" : " The store before the restore is saved as " + saved + "."));
            }
            try (Connection c = SqliteFiles.open(db, SqliteFiles.Access.READ_ONLY)) {
                CheckResult r = StoreVerifier.integrity(c, false);
                if (!r.ok()) {
                    throw new BackupException("The restored store is not sound: " + r.detail());
                }
            }
            closeInterruptedRun(backup);
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Restored {} (sha256 {}) in {} ms; previous store saved as {}", backup, m.sha256(), ms, saved);
            return new RestoreResult(m, saved, ms);
        } catch (IOException | SQLException e) {
            Backups.deleteQuietly(tmp);
            throw new BackupException("The restore could not be completed: " + e.getMessage(), e);
        }
    }

    /** Saves the store about to be replaced; returns where, or null when there is none. */
    private Path saveCurrent(Path db) throws IOException {
        if (!Files.exists(db) || Files.size(db) == 0) {
            return null;
        }
        try {
            return backups.fileOf(backups.create(BackupKind.PRE_RESTORE));
        } catch (DiskFullException e) {
            throw new DiskFullException(e.getMessage().replace("Nothing was changed.", "")
                    + "The restore did not start, so nothing was changed.", e);
        } catch (BackupException e) {
            // Too damaged for SQLite to copy: keep its bytes (and its WAL) exactly as they are.
            log.warn("The current store cannot be backed up ({}); keeping a byte copy", e.getMessage());
            return keepRawCopy(db);
        }
    }

    private Path keepRawCopy(Path db) throws IOException {
        Files.createDirectories(dir.backups());
        Path wal = sibling(db, "-wal");
        backups.requireSpace(dir.backups(), Files.size(db) + Backups.sizeOf(wal));
        Path copy = dir.backups().resolve(backups.fileName(BackupKind.DAMAGED_COPY));
        SqliteFiles.copyDurably(db, copy);
        if (Files.exists(wal)) {
            SqliteFiles.copyDurably(wal, sibling(copy, "-wal"));
        }
        AtomicFiles.syncDirectory(dir.backups());
        Backups.writeManifest(copy, new BackupManifest(copy.getFileName().toString(), BackupKind.DAMAGED_COPY,
                Timestamps.now(), SqliteFiles.sha256(copy), Files.size(copy), -1, "", Map.of()));
        return copy;
    }

    private void closeInterruptedRun(Path backup) {
        MigrationJournal journal = new MigrationJournal(dir);
        journal.interrupted().ifPresent(e -> journal.write(e.next(MigrationState.RESTORED, Timestamps.now(),
                "the store was replaced by a restore of " + backup.getFileName())));
    }

    private static Path sibling(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}

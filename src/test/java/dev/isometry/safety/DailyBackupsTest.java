package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily backup tells what became of each attempt, so a person hears when backups stop. */
class DailyBackupsTest {
    private static final int LATEST = MigrationCatalog.shipped().latestVersion();
    private static final Duration NEVER = Duration.ofDays(1);

    @TempDir
    Path root;

    @Test
    void aDueBackupThatCannotBeMadeIsToldWithItsReasonAndTriedAgainAtTheNextCheck() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 20);
        Backups full = new Backups(dir, "test", d -> 4096, BackupRetention.ofDefaults());
        List<DailyBackups.Outcome> heard = new CopyOnWriteArrayList<>();
        try (DailyBackups daily = DailyBackups.start(full, NEVER, NEVER, heard::add)) {
            assertFalse(daily.checkNow());
            assertFalse(daily.checkNow(), "still due, so tried again");
        }
        assertEquals(2, heard.size());
        DailyBackups.Outcome first = heard.get(0);
        assertFalse(first.made());
        assertNull(first.file());
        assertTrue(first.problem().contains("Not enough free disk space"), first.problem());
        assertTrue(full.list().isEmpty());
    }

    @Test
    void aBackupMadeIsToldWithItsFileAndOneThatIsNotDueIsNotTried() throws Exception {
        DataDir dir = TestStores.create(root, LATEST, 20);
        Backups backups = Backups.of(dir, "test");
        List<DailyBackups.Outcome> heard = new CopyOnWriteArrayList<>();
        try (DailyBackups daily = DailyBackups.start(backups, NEVER, NEVER, heard::add)) {
            assertTrue(daily.checkNow());
            assertFalse(daily.checkNow(), "made less than a day ago");
        }
        assertEquals(1, heard.size());
        assertTrue(heard.get(0).made());
        assertNotNull(heard.get(0).file());
        assertEquals(heard.get(0).file(), backups.list().get(0).file());
    }
}

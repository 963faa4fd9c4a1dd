package dev.isometry.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.isometry.store.DataDir;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped version has an expected-schema snapshot, and every path from every older version to the
 * newest (plain runner and safe upgrade alike) ends in the same schema as a fresh install. Run with
 * {@code -Dsnapshots.update=true} to (re)write the snapshots after adding a migration.
 */
class SchemaSnapshotTest {
    private static final MigrationCatalog SHIPPED = MigrationCatalog.shipped();
    @TempDir
    Path dir;

    private static List<String> freshSchema(Path db, int version) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            new MigrationRunner(SHIPPED.upTo(version)).migrate(c);
            return SchemaSnapshot.capture(c);
        }
    }

    private static List<String> schemaOf(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return SchemaSnapshot.capture(c);
        }
    }

    @Test
    void everyVersionHasASnapshotEqualToAFreshInstallOfIt() throws Exception {
        boolean update = Boolean.getBoolean("snapshots.update");
        for (int v = 1; v <= SHIPPED.latestVersion(); v++) {
            // Given a fresh install of version v
            List<String> fresh = freshSchema(dir.resolve("fresh-v" + v + ".db"), v);
            if (update) {
                Path file = Path.of("src/main/resources/db/schema/v" + v + ".schema");
                Files.createDirectories(file.getParent());
                Files.writeString(file, SchemaSnapshot.render(v, fresh));
                continue;
            }
            // Then its schema is the shipped snapshot of v
            Optional<List<String>> expected = SchemaSnapshot.expected(v);
            assertTrue(expected.isPresent(), "no snapshot for schema version " + v
                    + "; run: mvn test -Dtest=SchemaSnapshotTest -Dsnapshots.update=true");
            assertEquals(expected.get(), fresh, "snapshot v" + v + " differs from a fresh install; if the migration "
                    + "was meant to change, regenerate with -Dsnapshots.update=true");
        }
    }

    @Test
    void everyPathFromAnOlderVersionEndsInTheFreshSchema() throws Exception {
        int latest = SHIPPED.latestVersion();
        List<String> fresh = freshSchema(dir.resolve("fresh.db"), latest);
        for (int from = 1; from < latest; from++) {
            // Given a store with cards at an older version
            DataDir plain = TestStores.create(dir.resolve("plain-from-v" + from), from, 50);
            DataDir safe = TestStores.create(dir.resolve("safe-from-v" + from), from, 50);

            // When it is upgraded by the plain runner, and by the safe upgrade
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain.database())) {
                new MigrationRunner(SHIPPED).migrate(c);
            }
            SafeMigrator.shipped(safe, Backups.of(safe, "test")).migrate(MigrationListener.none());

            // Then both have the schema of a fresh install
            assertEquals(fresh, schemaOf(plain.database()), "plain upgrade from v" + from);
            assertEquals(fresh, schemaOf(safe.database()), "safe upgrade from v" + from);
        }
    }
}

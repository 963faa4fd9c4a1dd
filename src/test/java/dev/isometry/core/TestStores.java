package dev.isometry.core;

import dev.isometry.store.Database;
import dev.isometry.store.DatabaseConfig;
import dev.isometry.store.MigrationCatalog;
import dev.isometry.store.MigrationRunner;
import java.nio.file.Path;

/** Opens migrated stores for tests. */
final class TestStores {
    private TestStores() {
    }

    static Database open(Path file) {
        Database db = Database.open(file, DatabaseConfig.ofDefaults());
        db.withWriterConnection(c -> new MigrationRunner(MigrationCatalog.shipped()).migrate(c));
        return db;
    }
}

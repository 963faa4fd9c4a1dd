package dev.isometry.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.isometry.store.DataDir;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * What the person allowed the app to do at start without asking, from {@code settings/startup.json}
 * (for example {@code {"migrateAutomatically": true}}). Missing or unreadable means ask. Immutable.
 *
 * @param migrateAutomatically upgrade an older store (with backup, dry run and checks) without asking first
 */
record StartupSettings(boolean migrateAutomatically) {

    static StartupSettings load(DataDir dir) {
        Path file = dir.settings().resolve("startup.json");
        if (!Files.exists(file)) {
            return new StartupSettings(false);
        }
        try {
            JsonNode n = Json.mapper().readTree(file.toFile());
            return new StartupSettings(n.path("migrateAutomatically").asBoolean(false));
        } catch (IOException e) {
            LoggerFactory.getLogger(StartupSettings.class).warn("Ignoring {}: {}", file, e.getMessage());
            return new StartupSettings(false);
        }
    }
}

package dev.isometry.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.isometry.store.AtomicFiles;
import dev.isometry.store.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window's remembered size and position, kept in {@code settings/window.json}. A saved position that
 * no longer lies on any screen (a monitor was unplugged) is ignored. Immutable.
 */
record WindowState(double x, double y, double width, double height, boolean maximized) {
    private static final Logger log = LoggerFactory.getLogger(WindowState.class);
    private static final ObjectMapper JSON = Json.mapper();

    static Optional<WindowState> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            WindowState s = JSON.readValue(file.toFile(), WindowState.class);
            return s.width() >= 200 && s.height() >= 150 ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            log.warn("Ignoring unreadable window settings {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    static WindowState of(Stage stage) {
        return new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
    }

    void save(Path file) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        } catch (IOException e) {
            log.warn("Could not save window settings {}: {}", file, e.getMessage());
        }
    }

    void applyTo(Stage stage) {
        stage.setWidth(width);
        stage.setHeight(height);
        boolean visible = Screen.getScreens().stream().map(Screen::getVisualBounds)
                .anyMatch(b -> b.intersects(new Rectangle2D(x, y, Math.max(1, width / 2), Math.max(1, height / 2))));
        if (visible) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(maximized);
    }
}

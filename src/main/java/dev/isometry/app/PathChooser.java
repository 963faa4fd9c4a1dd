package dev.isometry.app;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Native dialogs that ask where to import from or export to. Called from a bridge handler thread; the
 * dialog runs on the FX thread and the caller waits for the answer. Stateless.
 */
final class PathChooser {
    private PathChooser() {
    }

    static Optional<Path> ask(Window owner, boolean forImport, String format) {
        CompletableFuture<File> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(show(owner, forImport, format));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return Optional.ofNullable(answer.get()).map(File::toPath);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the file dialog failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static File show(Window owner, boolean forImport, String format) {
        if ("markdown".equals(format)) {
            DirectoryChooser d = new DirectoryChooser();
            d.setTitle(forImport ? "Import a folder of Markdown notes" : "Export cards as Markdown into a folder");
            return d.showDialog(owner);
        }
        FileChooser f = new FileChooser();
        boolean json = "json".equals(format);
        f.getExtensionFilters().add(json
                ? new FileChooser.ExtensionFilter("Isometry archive (*.json)", "*.json")
                : new FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv"));
        if (forImport) {
            f.setTitle(json ? "Import an Isometry archive" : "Import cards from a CSV file");
            return f.showOpenDialog(owner);
        }
        f.setTitle(json ? "Export everything as an Isometry archive" : "Export cards as CSV");
        f.setInitialFileName(json ? "isometry-archive.json" : "isometry-cards.csv");
        return f.showSaveDialog(owner);
    }
}

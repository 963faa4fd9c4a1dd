package dev.isometry.app.bench;

import dev.isometry.app.AppContext;
import dev.isometry.core.TransferFormat;
import dev.isometry.core.TransferListener;
import dev.isometry.core.TransferReport;
import dev.isometry.store.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times a JSON archive export of a full store and its import into an empty one, through the same
 * services the UI and CLI use. Not thread-safe; run once.
 */
public final class TransferBench {
    private TransferBench() {
    }

    /** Exports {@code source} to an archive under {@code tmp} and imports it into a fresh store there. */
    public static Map<String, Number> run(AppContext source, Path tmp) throws IOException {
        Map<String, Number> figures = new LinkedHashMap<>();
        Path archive = tmp.resolve("archive.json");
        long t0 = System.nanoTime();
        TransferReport out = source.services().exporter().run(TransferFormat.JSON, archive, TransferListener.silent());
        figures.put("export.json_100k_s", seconds(t0));
        try (AppContext target = AppContext.open(new DataDir(tmp.resolve("import")))) {
            long t1 = System.nanoTime();
            TransferReport in = target.services().importer().run(TransferFormat.JSON, archive, TransferListener.silent());
            figures.put("import.json_100k_s", seconds(t1));
            if (in.imported() != out.imported() || !in.problems().isEmpty()) {
                throw new IllegalStateException("the archive did not import whole: exported " + out.imported()
                        + ", imported " + in.imported() + ", problems " + in.problems().size());
            }
            figures.put("import.cards", in.imported());
        }
        figures.put("import.archive_mb", Math.round(Files.size(archive) / 1e5) / 10.0);
        return figures;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }
}

package dev.isometry.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing files that each have a manifest beside them (backups, rollback snapshots). Stateless. */
final class ManifestedFiles {
    private static final Logger log = LoggerFactory.getLogger(ManifestedFiles.class);

    private ManifestedFiles() {
    }

    /**
     * Deletes each file and its manifest (the manifest first, so a file is never left looking listed
     * without its data). A file that cannot be removed is logged and left for the next time.
     *
     * @param what names the files in the log ("expired backup", "old snapshot")
     * @return the files removed
     */
    static List<Path> remove(List<Path> files, Function<Path, Path> manifestOf, String what) {
        List<Path> removed = new ArrayList<>();
        for (Path f : files) {
            try {
                Files.deleteIfExists(manifestOf.apply(f));
                Files.deleteIfExists(f);
                removed.add(f);
            } catch (IOException e) {
                log.warn("Could not remove {} {}: {}", what, f, e.getMessage());
            }
        }
        return removed;
    }
}

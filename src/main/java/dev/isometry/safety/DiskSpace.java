package dev.isometry.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much space is free where a file would be written. A seam so a full disk can be tested. */
@FunctionalInterface
public interface DiskSpace {

    /** Bytes this process may still write on the file system holding {@code dir}. */
    long usableBytes(Path dir) throws IOException;

    /** The file system's own answer. */
    static DiskSpace system() {
        return dir -> Files.getFileStore(dir).getUsableSpace();
    }
}

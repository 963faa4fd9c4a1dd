package dev.isometry.safety;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the 100-byte SQLite header straight from the file, before SQLite opens it, to name the common
 * kinds of damage plainly: not an SQLite file, a damaged header, a file cut short. Stateless.
 */
final class HeaderCheck {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private HeaderCheck() {
    }

    /** What is wrong with the file's header, in plain words, or empty when it looks sound. */
    static Optional<String> problem(Path db) throws IOException {
        long size = Files.size(db);
        ByteBuffer h = SqliteFiles.header(db);
        if (size < 100 || h.remaining() < 100) {
            return Optional.of("The store file is cut short (" + size + " bytes): it is damaged.");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (h.get(i) != MAGIC[i]) {
                return Optional.of("The store file is not an SQLite database, or its header is damaged.");
            }
        }
        int raw = Short.toUnsignedInt(h.getShort(16));
        int pageSize = raw == 1 ? 65_536 : raw;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            return Optional.of("The store file's header is damaged (page size " + raw + ").");
        }
        if (size % pageSize != 0) {
            return Optional.of("The store file is cut short: " + size + " bytes is not a whole number of "
                    + pageSize + "-byte pages.");
        }
        long pages = Integer.toUnsignedLong(h.getInt(28));
        boolean countValid = h.getInt(24) == h.getInt(92) && pages > 0;
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        boolean walHasFrames = Files.exists(wal) && Files.size(wal) > 32;
        if (countValid && !walHasFrames && size < pages * pageSize) {
            return Optional.of("The store file is cut short: its header counts " + pages + " pages, the file holds "
                    + size / pageSize + ".");
        }
        return Optional.empty();
    }
}

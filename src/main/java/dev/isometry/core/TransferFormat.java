package dev.isometry.core;

import java.util.Locale;
import java.util.Optional;

/** The formats cards are imported from and exported to. Immutable. */
public enum TransferFormat {
    /** A folder of Markdown files with YAML front matter (as Obsidian and Joplin keep them). */
    MARKDOWN,
    /** A CSV file with a header row naming card fields. */
    CSV,
    /** Isometry's own lossless archive: every card and connection, exactly. */
    JSON;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TransferFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (TransferFormat f : values()) {
            if (f.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}

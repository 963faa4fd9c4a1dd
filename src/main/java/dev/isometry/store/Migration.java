package dev.isometry.store;

/**
 * One schema step shipped with the app: from {@code version - 1} to {@code version}. The checksum is
 * the SHA-256 of the script with line endings and trailing white space normalized, so a rebuild or a
 * checkout with other line endings does not change it. Immutable.
 */
public record Migration(int version, String id, String description, String script, String checksum) {
}

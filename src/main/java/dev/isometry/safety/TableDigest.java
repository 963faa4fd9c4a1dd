package dev.isometry.safety;

/**
 * One table's rows and a SHA-256 of its whole content (every column of every row, in primary-key order),
 * as compared between a store and its rollback export. Immutable.
 *
 * @param rows   number of rows
 * @param sha256 lower-case hex
 */
public record TableDigest(long rows, String sha256) {
}

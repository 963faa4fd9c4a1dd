package dev.isometry.model;

/**
 * A {@link FieldResolution} as the audit keeps it: the version of the card it produced (the stored version
 * itself when the stored value was kept everywhere and nothing new was written), the version the change was
 * based on, the stored version it was merged with, when and by whom. Immutable.
 */
public record RecordedResolution(String cardId, long version, long baseVersion, long theirsVersion,
                                 String resolvedAt, String origin, FieldResolution resolution) {
}

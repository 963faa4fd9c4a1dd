package dev.isometry.model;

import java.util.List;

/**
 * One version of a card as its history shows it: when and by what it was written ({@code ui}, {@code cli},
 * {@code merge}, {@code rename}, ...) and the merge resolutions that produced it. A version whose snapshot
 * the bounded history no longer keeps still appears when resolutions refer to it ({@code kept} false).
 * Immutable.
 */
public record CardVersion(long version, String changedAt, String origin, boolean kept,
                          List<RecordedResolution> resolutions) {
    public CardVersion {
        resolutions = List.copyOf(resolutions);
    }
}

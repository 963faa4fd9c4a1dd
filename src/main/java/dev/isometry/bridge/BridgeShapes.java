package dev.isometry.bridge;

import dev.isometry.core.MergeConflictException;
import dev.isometry.model.Card;
import dev.isometry.model.CardType;
import dev.isometry.model.RecordedResolution;
import dev.isometry.model.SearchHit;
import java.util.List;
import java.util.Map;

/**
 * The argument and result shapes of the bridge's commands ({@link BridgeCommands}), as Jackson reads and
 * writes them: one record per shape, named as the commands use them. Immutable.
 */
public final class BridgeShapes {
    private BridgeShapes() {
    }

    /** No arguments, or no result. */
    public record Empty() {
        static final Empty INSTANCE = new Empty();
    }

    public record SystemInfo(String appVersion, String dataDir, int schemaVersion, long cardCount) {
    }

    public record ReadyArgs(double sinceNavigationMs) {
    }

    public record UrlArgs(String url) {
    }

    public record IdArgs(String id) {
    }

    public record CreateArgs(Map<String, Object> card) {
    }

    public record ListArgs(Integer limit, Integer offset, String cardType, String folder, String tag) {
    }

    /** {@code editedAt}: when the change was made (ISO-8601), so a replayed write competes with its own time. */
    public record UpdateArgs(String id, Long baseVersion, Map<String, Object> changes, String editedAt) {
    }

    public record SearchArgs(String query, Integer limit, String cardType, String folder, String tag) {
    }

    /**
     * The hits, how many cards matched in all, whether only the most recent matches were ranked, and a
     * hint when the query's syntax was not understood.
     */
    public record SearchResult(List<SearchHitView> items, long total, boolean windowed, String hint) {
    }

    /** A search hit as the page sees it: the summary's fields plus the snippet. */
    public record SearchHitView(String id, CardType cardType, String name, String summary, String folder,
                                List<String> tags, String modifiedAt, long version, String snippet) {
        static SearchHitView of(SearchHit h) {
            var c = h.card();
            return new SearchHitView(c.id(), c.cardType(), c.name(), c.summary(), c.folder(), c.tags(),
                    c.modifiedAt(), c.version(), h.snippet());
        }
    }

    /**
     * A live view: {@code query} is {@code cards} (a filtered list: limit, offset, cardType, folder, tag),
     * {@code card} (cardId), {@code connections} (cardId) or {@code trash} (limit, offset). {@code id} is
     * the page's own name for it.
     */
    public record LiveArgs(String id, String query, Integer limit, Integer offset, String cardType, String folder,
                           String tag, String cardId) {
    }

    public record LiveIdArgs(String id) {
    }

    public record Unsubscribed(boolean removed) {
    }

    public record TrashItem(String id, CardType cardType, String name, String summary, String folder, List<String> tags,
                            String modifiedAt, long version, String deletedAt) {
    }

    public record TrashPage(List<TrashItem> items, long total) {
    }

    public record PageArgs(Integer limit, Integer offset) {
    }

    public record Purged(int purged) {
    }

    public record NameArgs(String name) {
    }

    public record FoundCard(dev.isometry.model.CardSummary card) {
    }

    public record CardIdArgs(String cardId) {
    }

    public record ConnectionView(String id, String sourceId, String targetId, String viaCardId, String label,
                                 double weight, String createdAt, String origin, dev.isometry.model.CardSummary other) {
        static ConnectionView of(dev.isometry.model.LinkedCard l) {
            var c = l.connection();
            return new ConnectionView(c.id(), c.sourceId(), c.targetId(), c.viaCardId(), c.label(), c.weight(),
                    c.createdAt(), c.origin().wireName(), l.other());
        }
    }

    public record ConnectionLinks(List<ConnectionView> outgoing, List<ConnectionView> incoming) {
    }

    public record ConnectionResult(String id, String sourceId, String targetId, String viaCardId, String label,
                                   double weight, String createdAt, String origin) {
        static ConnectionResult of(dev.isometry.model.Connection c) {
            return new ConnectionResult(c.id(), c.sourceId(), c.targetId(), c.viaCardId(), c.label(), c.weight(),
                    c.createdAt(), c.origin().wireName());
        }
    }

    public record ConnectArgs(String sourceId, String targetId, String viaCardId, String label, Double weight) {
    }

    public record ConnectionUpdateArgs(String id, String label, Double weight) {
    }

    /** {@code mergeStrategies}: every card field's wire name to the strategy in force for it. */
    public record Settings(Integer trashRetentionDays, int sampleCards, Map<String, String> mergeStrategies) {
    }

    /**
     * {@code trashRetentionDays}: days, or null to keep trashed cards forever. {@code mergeStrategies}: field
     * wire names (or {@code "*"}) to {@code "ask"} or {@code "last-writer-wins"}, replacing the whole setting
     * ({@code {}} goes back to the defaults). Absent changes nothing; both are checked before either is written.
     */
    public record SettingsArgs(com.fasterxml.jackson.databind.JsonNode trashRetentionDays,
                               Map<String, String> mergeStrategies) {
    }

    public record Removed(int removed) {
    }

    public record FormatArgs(String format) {
    }

    public record ChosenPath(String path) {
    }

    public record TransferArgs(String format, String path) {
    }

    public record JobStarted(String jobId) {
    }

    public record JobArgs(String jobId) {
    }

    public record SettleArgs(String requestId) {
    }

    /** {@code outcome} is {@code applied} (with the write's own reply) or {@code abandoned} (never applied). */
    public record Settlement(String outcome, com.fasterxml.jackson.databind.JsonNode result) {
    }

    /**
     * A person's choices for the fields {@code cards:update} could not merge alone: the same {@code changes}
     * and {@code baseVersion} as that update, the stored version the person compared with
     * ({@code theirsVersion}), and per conflicting field {@code "mine"}, {@code "theirs"} or {@code "edited"}
     * (the value then in {@code edited}).
     */
    public record ResolveArgs(String id, Long baseVersion, Long theirsVersion, Map<String, Object> changes,
                              Map<String, String> choices, Map<String, Object> edited, String editedAt) {
    }

    /** One field a person must settle, with the base (null and {@code baseKnown} false when not kept), theirs and mine. */
    public record ConflictField(String field, boolean baseKnown, Object base, Object mine, Object theirs) {
    }

    /** The {@code details} of a CONFLICT error from {@code cards:update} or {@code cards:resolve}. */
    public record ConflictDetails(String cardId, long baseVersion, long currentVersion, List<ConflictField> fields,
                                  Card card) {
        static ConflictDetails of(MergeConflictException e) {
            return new ConflictDetails(e.stored().id(), e.baseVersion(), e.currentVersion(), e.conflicts().stream()
                    .map(c -> new ConflictField(c.field().wireName(), c.baseKnown(), c.base(), c.mine(), c.theirs()))
                    .toList(), e.stored());
        }
    }

    /** A recorded resolution as the history shows it. */
    public record ResolutionView(String field, String strategy, String chosen, boolean baseKnown, Object base,
                                 Object mine, Object theirs, Object result, long baseVersion, long theirsVersion,
                                 String resolvedAt, String origin) {
        static ResolutionView of(RecordedResolution r) {
            var f = r.resolution();
            return new ResolutionView(f.field().wireName(), f.strategy(), f.chosen(), f.baseKnown(), f.base(),
                    f.mine(), f.theirs(), f.result(), r.baseVersion(), r.theirsVersion(), r.resolvedAt(), r.origin());
        }
    }

    public record VersionView(long version, String changedAt, String origin, boolean kept,
                              List<ResolutionView> resolutions) {
    }

    public record CardHistory(List<VersionView> versions) {
    }

    /**
     * {@code rollback:session}: whether the app is in rollback mode and, if so, where the page fetches
     * its database ({@code dbUrl}, a {@code file:} URL) and what export it descends from.
     */
    public record RollbackSessionView(boolean active, String dbUrl, String exportId, Integer schemaVersion,
                                      String exportedAt, String source, String snapshotSha256) {
        public static final RollbackSessionView INACTIVE = new RollbackSessionView(false, null, null, null, null, null,
                null);
    }

    /**
     * {@code rollback:save}: the page's whole database in base64 ({@code data}) with the number of bytes it
     * encodes ({@code bytes}), and optionally their SHA-256 (checked when sent; Java hashes what it keeps).
     */
    public record RollbackSaveArgs(String exportId, String data, String sha256, Long bytes) {
    }

    /** A kept snapshot. */
    public record RollbackSaved(String file, String sha256, long bytes, String savedAt) {
    }
}

package dev.isometry.bridge;

import dev.isometry.core.CardService;
import dev.isometry.core.MergeConflictException;
import dev.isometry.core.PersonChoice;
import dev.isometry.core.Services;
import dev.isometry.core.SettingsService;
import dev.isometry.core.ValidationException;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardType;
import dev.isometry.model.FieldResolution;
import dev.isometry.model.RecordedResolution;
import dev.isometry.model.SearchHit;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every command the page can send, one thin method each: check the arguments, then hand over to a
 * service. This class and {@code web-ui/src/bridge/api.ts} are the whole bridge contract. Argument
 * and result shapes are the nested records below. Thread-safe (services are).
 */
public final class BridgeCommands {
    private static final Set<String> EXTERNAL_SCHEMES = Set.of("http", "https", "mailto");
    private static final String ORIGIN = "ui";

    private final CardService cards;
    private final Services services;
    private final HostActions host;
    private final Supplier<SystemInfo> info;
    private final Jobs jobs;
    private final LiveViews live;
    private final RollbackHost rollback;

    public BridgeCommands(Services services, HostActions host, Supplier<SystemInfo> info, Jobs jobs) {
        this(services, host, info, jobs, null, RollbackHost.none());
    }

    /** @param live this page's live views; null when live queries are not offered (tests, tools) */
    public BridgeCommands(Services services, HostActions host, Supplier<SystemInfo> info, Jobs jobs, LiveViews live) {
        this(services, host, info, jobs, live, RollbackHost.none());
    }

    /** Commands of a page in rollback mode (no live views: the page's sql.js engine has the cards). */
    public BridgeCommands(Services services, HostActions host, Supplier<SystemInfo> info, Jobs jobs,
                          RollbackHost rollback) {
        this(services, host, info, jobs, null, rollback);
    }

    /**
     * @param live     this page's live views; null when live queries are not offered
     * @param rollback rollback mode's session; when it is active only {@code system:*}, {@code rollback:*}
     *                 and {@code requests:settle} are served (the page's sql.js engine has the cards)
     */
    public BridgeCommands(Services services, HostActions host, Supplier<SystemInfo> info, Jobs jobs, LiveViews live,
                          RollbackHost rollback) {
        this.rollback = Objects.requireNonNull(rollback);
        this.services = Objects.requireNonNull(services);
        this.cards = services.cards();
        this.host = Objects.requireNonNull(host);
        this.info = Objects.requireNonNull(info);
        this.jobs = Objects.requireNonNull(jobs);
        this.live = live;
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

    @BridgeCommand("system:ping")
    public Empty ping(Empty args) {
        return Empty.INSTANCE;
    }

    @BridgeCommand("system:info")
    public SystemInfo systemInfo(Empty args) {
        return info.get();
    }

    @BridgeCommand("system:ready")
    public Empty ready(ReadyArgs args) {
        host.pageInteractive(args.sinceNavigationMs());
        return Empty.INSTANCE;
    }

    @BridgeCommand("system:openExternal")
    public Empty openExternal(UrlArgs args) {
        String url = required(args.url(), "url");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ValidationException("not a valid link: " + url, e);
        }
        if (uri.getScheme() == null || !EXTERNAL_SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
            throw new ValidationException("only http, https and mailto links open outside the app");
        }
        host.openExternal(uri);
        return Empty.INSTANCE;
    }

    @BridgeCommand(value = "cards:create", write = true)
    public Card create(CreateArgs args) {
        if (args.card() == null) {
            throw new ValidationException("card is required");
        }
        return cards.create(changes(args.card()), ORIGIN);
    }

    @BridgeCommand("cards:get")
    public Card get(IdArgs args) {
        return cards.get(required(args.id(), "id"));
    }

    @BridgeCommand("cards:list")
    public CardPage list(ListArgs args) {
        return cards.list(args.limit() == null ? 200 : args.limit(), args.offset() == null ? 0 : args.offset(),
                filter(args.cardType(), args.folder(), args.tag()));
    }

    @BridgeCommand(value = "cards:update", write = true)
    public Card update(UpdateArgs args) {
        if (args.baseVersion() == null) {
            throw new ValidationException("baseVersion is required");
        }
        if (args.changes() == null) {
            throw new ValidationException("changes is required");
        }
        return cards.update(required(args.id(), "id"), args.baseVersion(), changes(args.changes()),
                instant(args.editedAt(), "editedAt"), ORIGIN);
    }

    @BridgeCommand(value = "cards:delete", write = true)
    public Empty delete(IdArgs args) {
        cards.trash(required(args.id(), "id"), ORIGIN);
        return Empty.INSTANCE;
    }

    @BridgeCommand("cards:search")
    public SearchResult search(SearchArgs args) {
        String q = args.query() == null ? "" : args.query();
        if (q.length() > 1_000) {
            throw new ValidationException("the search text is longer than 1000 characters");
        }
        int limit = args.limit() == null ? 50 : args.limit();
        var results = cards.search(q, filter(args.cardType(), args.folder(), args.tag()), limit);
        return new SearchResult(results.hits().stream().map(SearchHitView::of).toList(), results.totalMatches(),
                results.windowed(), results.hint());
    }

    private static CardFilter filter(String cardType, String folder, String tag) {
        CardType type = cardType == null ? null : CardType.parse(cardType)
                .orElseThrow(() -> new ValidationException("unknown card type " + cardType));
        return new CardFilter(type, blankToNull(folder), blankToNull(tag));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static CardChanges changes(Map<String, Object> raw) {
        try {
            return CardChanges.fromRaw(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        }
    }

    private static java.time.Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException(name + " must be an ISO-8601 UTC time (got \"" + value + "\")", e);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(name + " is required");
        }
        return value;
    }

    // ---- Live views ----

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

    @BridgeCommand("live:subscribe")
    public LiveViews.Subscribed liveSubscribe(LiveArgs args) {
        LiveViews views = liveViews();
        String id = args.id();
        String query = args.query() == null ? "" : args.query();
        return switch (query) {
            case "cards" -> {
                ListArgs list = new ListArgs(args.limit(), args.offset(), args.cardType(), args.folder(), args.tag());
                list(list); // the same checks as cards:list, before anything is registered
                yield views.cards(id, () -> list(list));
            }
            case "card" -> {
                String cardId = required(args.cardId(), "cardId");
                yield views.whole(id, b -> b.mayTouchCard(cardId), () -> LiveViews.orNull(() -> cards.get(cardId)));
            }
            case "connections" -> {
                CardIdArgs card = new CardIdArgs(required(args.cardId(), "cardId"));
                yield views.whole(id, b -> b.touches(dev.isometry.model.ChangeBatch.CONNECTIONS)
                        || b.touches(dev.isometry.model.ChangeBatch.CARDS), () -> connectionsList(card));
            }
            case "trash" -> {
                PageArgs page = new PageArgs(args.limit(), args.offset());
                trashList(page);
                yield views.whole(id, b -> b.touches(dev.isometry.model.ChangeBatch.CARDS), () -> trashList(page));
            }
            default -> throw new ValidationException("query must be one of cards, card, connections, trash");
        };
    }

    @BridgeCommand("live:unsubscribe")
    public Unsubscribed liveUnsubscribe(LiveIdArgs args) {
        return new Unsubscribed(liveViews().unsubscribe(args.id()));
    }

    private LiveViews liveViews() {
        if (live == null) {
            throw new BridgeException(ErrorKind.UNAVAILABLE, "live views are not available here");
        }
        return live;
    }

    // ---- Trash, names, facets ----

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

    @BridgeCommand(value = "cards:restore", write = true)
    public Card restore(IdArgs args) {
        return cards.restore(required(args.id(), "id"), ORIGIN);
    }

    @BridgeCommand(value = "cards:purge", write = true)
    public Empty purge(IdArgs args) {
        cards.purge(required(args.id(), "id"));
        return Empty.INSTANCE;
    }

    @BridgeCommand("trash:list")
    public TrashPage trashList(PageArgs args) {
        CardPage page = cards.trash(args.limit() == null ? 200 : args.limit(), args.offset() == null ? 0 : args.offset());
        var when = cards.trashedAt(page.items().stream().map(dev.isometry.model.CardSummary::id).toList());
        return new TrashPage(page.items().stream().map(c -> new TrashItem(c.id(), c.cardType(), c.name(), c.summary(),
                c.folder(), c.tags(), c.modifiedAt(), c.version(), when.get(c.id()))).toList(), page.total());
    }

    @BridgeCommand(value = "trash:empty", write = true)
    public Purged trashEmpty(Empty args) {
        return new Purged(cards.emptyTrash());
    }

    @BridgeCommand("cards:findByName")
    public FoundCard findByName(NameArgs args) {
        return new FoundCard(cards.findByName(required(args.name(), "name")).orElse(null));
    }

    @BridgeCommand("cards:facets")
    public dev.isometry.model.Facets facets(Empty args) {
        return cards.facets();
    }

    // ---- Connections ----

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

    @BridgeCommand("connections:list")
    public ConnectionLinks connectionsList(CardIdArgs args) {
        var links = services.connections().list(required(args.cardId(), "cardId"));
        return new ConnectionLinks(links.outgoing().stream().map(ConnectionView::of).toList(),
                links.incoming().stream().map(ConnectionView::of).toList());
    }

    @BridgeCommand(value = "connections:create", write = true)
    public ConnectionResult connectionsCreate(ConnectArgs args) {
        return ConnectionResult.of(services.connections().create(required(args.sourceId(), "sourceId"),
                required(args.targetId(), "targetId"), blankToNull(args.viaCardId()), args.label(), args.weight()));
    }

    @BridgeCommand(value = "connections:update", write = true)
    public ConnectionResult connectionsUpdate(ConnectionUpdateArgs args) {
        return ConnectionResult.of(services.connections().update(required(args.id(), "id"), args.label(), args.weight()));
    }

    @BridgeCommand(value = "connections:delete", write = true)
    public Empty connectionsDelete(IdArgs args) {
        services.connections().delete(required(args.id(), "id"));
        return Empty.INSTANCE;
    }

    // ---- Settings and the first-run samples ----

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

    @BridgeCommand("settings:get")
    public Settings settingsGet(Empty args) {
        return new Settings(services.settings().trashRetentionDays().orElse(null), services.samples().count(),
                services.settings().mergePolicy().byWireName());
    }

    @BridgeCommand(value = "settings:update", write = true)
    public Settings settingsUpdate(SettingsArgs args) {
        var days = args.trashRetentionDays();
        if (days != null && !days.isNull() && !days.isInt()) {
            throw new ValidationException("trashRetentionDays must be a whole number of days, or null for forever");
        }
        services.settings().update(days == null ? null : new SettingsService.Retention(days.isNull() ? null : days.intValue()),
                args.mergeStrategies());
        return settingsGet(Empty.INSTANCE);
    }

    @BridgeCommand(value = "sample:remove", write = true)
    public Removed sampleRemove(Empty args) {
        return new Removed(services.samples().remove());
    }

    // ---- Import and export (background jobs reporting through "job" events) ----

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

    @BridgeCommand("import:choose")
    public ChosenPath importChoose(FormatArgs args) {
        format(args.format());
        return new ChosenPath(host.choosePath(true, args.format()).map(Object::toString).orElse(null));
    }

    @BridgeCommand("export:choose")
    public ChosenPath exportChoose(FormatArgs args) {
        format(args.format());
        return new ChosenPath(host.choosePath(false, args.format()).map(Object::toString).orElse(null));
    }

    @BridgeCommand("import:start")
    public JobStarted importStart(TransferArgs args) {
        var format = format(args.format());
        var path = path(args.path());
        return new JobStarted(jobs.start("import", l -> services.importer().run(format, path, l)));
    }

    @BridgeCommand("export:start")
    public JobStarted exportStart(TransferArgs args) {
        var format = format(args.format());
        var path = path(args.path());
        return new JobStarted(jobs.start("export", l -> services.exporter().run(format, path, l)));
    }

    @BridgeCommand("jobs:cancel")
    public Empty jobsCancel(JobArgs args) {
        jobs.cancel(required(args.jobId(), "jobId"));
        return Empty.INSTANCE;
    }

    private static dev.isometry.core.TransferFormat format(String f) {
        return dev.isometry.core.TransferFormat.parse(f)
                .orElseThrow(() -> new ValidationException("format must be markdown, csv or json"));
    }

    private static java.nio.file.Path path(String p) {
        String s = required(p, "path");
        try {
            java.nio.file.Path path = java.nio.file.Path.of(s);
            if (!path.isAbsolute()) {
                throw new ValidationException("path must be absolute");
            }
            return path.normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new ValidationException("not a valid path: " + s, e);
        }
    }

    // ---- bridge health (issue 4) ----

    /** Set by the dispatcher that serves these commands (it keeps the figures). */
    private volatile Supplier<HostHealth> health = () -> new HostHealth(0, 0, 0, false, Map.of(), Map.of(), 0);

    void attachHealth(Supplier<HostHealth> source) {
        this.health = Objects.requireNonNull(source);
    }

    /** Java's half of the bridge health: per-command latency and errors, handler queue (the page adds its half). */
    @BridgeCommand("system:health")
    public HostHealth systemHealth(Empty args) {
        return health.get().withLiveViews(live == null ? 0 : live.open());
    }

    // ---- Settling writes that got no reply ----

    public record SettleArgs(String requestId) {
    }

    /** {@code outcome} is {@code applied} (with the write's own reply) or {@code abandoned} (never applied). */
    public record Settlement(String outcome, com.fasterxml.jackson.databind.JsonNode result) {
    }

    @BridgeCommand(value = "requests:settle", write = true)
    public Settlement settle(SettleArgs args) {
        return services.requests().settle(required(args.requestId(), "requestId"))
                .map(reply -> new Settlement("applied", readTree(reply)))
                .orElse(new Settlement("abandoned", null));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return dev.isometry.store.Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored reply is not JSON", e);
        }
    }

    // ---- Merging updates based on an older version (issue 6) ----

    /**
     * A person's choices for the fields {@code cards:update} could not merge alone: the same {@code changes}
     * and {@code baseVersion} as that update, the stored version the person compared with
     * ({@code theirsVersion}), and per conflicting field {@code "mine"}, {@code "theirs"} or {@code "edited"}
     * (the value then in {@code edited}).
     */
    public record ResolveArgs(String id, Long baseVersion, Long theirsVersion, Map<String, Object> changes,
                              Map<String, String> choices, Map<String, Object> edited, String editedAt) {
    }

    @BridgeCommand(value = "cards:resolve", write = true)
    public Card resolve(ResolveArgs args) {
        if (args.baseVersion() == null || args.theirsVersion() == null) {
            throw new ValidationException("baseVersion and theirsVersion are required");
        }
        if (args.changes() == null || args.choices() == null) {
            throw new ValidationException("changes and choices are required");
        }
        Map<String, Object> edited = args.edited() == null ? Map.of() : args.edited();
        EnumMap<CardField, PersonChoice> choices = new EnumMap<>(CardField.class);
        for (Map.Entry<String, String> e : args.choices().entrySet()) {
            var field = CardField.parse(e.getKey())
                    .orElseThrow(() -> new ValidationException("unknown card field \"" + e.getKey() + "\""));
            boolean isEdited = FieldResolution.EDITED.equals(e.getValue());
            if (isEdited && !edited.containsKey(e.getKey())) {
                throw new ValidationException("an edited choice for " + e.getKey() + " needs its value in edited");
            }
            choices.put(field, new PersonChoice(String.valueOf(e.getValue()),
                    isEdited ? coerce(field, edited.get(e.getKey())) : null));
        }
        for (String key : edited.keySet()) {
            if (!FieldResolution.EDITED.equals(args.choices().get(key))) {
                throw new ValidationException("an edited value for " + key + " without an edited choice");
            }
        }
        return cards.resolve(required(args.id(), "id"), args.baseVersion(), args.theirsVersion(),
                changes(args.changes()), choices, instant(args.editedAt(), "editedAt"), ORIGIN);
    }

    private static Object coerce(CardField field, Object raw) {
        try {
            return field.coerce(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        }
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

    /** A card's kept versions, newest first, each with the merge resolutions that produced it. */
    @BridgeCommand("cards:history")
    public CardHistory history(IdArgs args) {
        return new CardHistory(cards.history(required(args.id(), "id")).stream()
                .map(v -> new VersionView(v.version(), v.changedAt(), v.origin(), v.kept(),
                        v.resolutions().stream().map(ResolutionView::of).toList()))
                .toList());
    }

    // ---- Rollback mode (issue 7) ----

    /** Whether {@code command} is served now: in rollback mode the cards live in the page's engine. */
    boolean serves(String command) {
        return !rollback.active() || command.startsWith("system:") || command.startsWith("rollback:")
                || command.equals("requests:settle");
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

    /** {@code rollback:save}: the page's whole database ({@code db.export()}) in base64, with its SHA-256. */
    /**
     * {@code rollback:save}: the page's whole database in base64 ({@code data}) with the number of bytes it
     * encodes ({@code bytes}), and optionally their SHA-256 (checked when sent; Java hashes what it keeps).
     */
    public record RollbackSaveArgs(String exportId, String data, String sha256, Long bytes) {
    }

    /** A kept snapshot. */
    public record RollbackSaved(String file, String sha256, long bytes, String savedAt) {
    }

    @BridgeCommand("rollback:session")
    public RollbackSessionView rollbackSession(Empty args) {
        return rollback.session();
    }

    @BridgeCommand(value = "rollback:save", write = true)
    public RollbackSaved rollbackSave(RollbackSaveArgs args) {
        String exportId = required(args.exportId(), "exportId");
        String sha = args.sha256() == null || args.sha256().isBlank() ? null : args.sha256();
        if (sha == null && args.bytes() == null) {
            throw new ValidationException("bytes (or sha256) is required; nothing was saved");
        }
        String data = required(args.data(), "data");
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("data is not base64; nothing was saved", e);
        }
        if (args.bytes() != null && args.bytes() != bytes.length) {
            throw new ValidationException("data holds " + bytes.length + " bytes, not " + args.bytes()
                    + " as sent; nothing was saved");
        }
        return rollback.save(exportId, bytes, sha);
    }
}

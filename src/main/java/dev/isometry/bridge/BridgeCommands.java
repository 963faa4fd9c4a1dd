package dev.isometry.bridge;

import dev.isometry.bridge.BridgeShapes.*;
import dev.isometry.core.CardService;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every command the page can send, one thin method each: check the arguments, then hand over to a
 * service. This class, its argument and result shapes ({@link BridgeShapes}) and
 * {@code web-ui/src/bridge/api.ts} are the whole bridge contract. Thread-safe (services are).
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
        return cards.list(limit(args), offset(args), filter(args));
    }

    /** A list's rows at most: 200 unless asked. */
    private static int limit(ListArgs args) {
        return args.limit() == null ? 200 : args.limit();
    }

    private static int offset(ListArgs args) {
        return args.offset() == null ? 0 : args.offset();
    }

    private static CardFilter filter(ListArgs args) {
        return filter(args.cardType(), args.folder(), args.tag());
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

    @BridgeCommand("live:subscribe")
    public LiveViews.Subscribed liveSubscribe(LiveArgs args) {
        LiveViews views = liveViews();
        String id = args.id();
        String query = args.query() == null ? "" : args.query();
        return switch (query) {
            case "cards" -> {
                ListArgs list = new ListArgs(args.limit(), args.offset(), args.cardType(), args.folder(), args.tag());
                list(list); // the same checks as cards:list, before anything is registered
                CardFilter filter = filter(list);
                yield views.cards(id, limit(list), offset(list), () -> list(list),
                        changed -> cards.listedAmong(changed, filter));
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

    /** {@code rollback:save}: the page's whole database ({@code db.export()}) in base64, with its SHA-256. */
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

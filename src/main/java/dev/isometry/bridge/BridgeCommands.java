package dev.isometry.bridge;

import dev.isometry.core.CardService;
import dev.isometry.core.ValidationException;
import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardType;
import dev.isometry.model.SearchHit;
import java.net.URI;
import java.net.URISyntaxException;
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
    private final HostActions host;
    private final Supplier<SystemInfo> info;

    public BridgeCommands(CardService cards, HostActions host, Supplier<SystemInfo> info) {
        this.cards = Objects.requireNonNull(cards);
        this.host = Objects.requireNonNull(host);
        this.info = Objects.requireNonNull(info);
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

    public record ListArgs(Integer limit, Integer offset, String cardType) {
    }

    public record UpdateArgs(String id, Long baseVersion, Map<String, Object> changes) {
    }

    public record SearchArgs(String query, Integer limit) {
    }

    /** The hits, how many cards matched in all, and whether only the most recent matches were ranked. */
    public record SearchResult(List<SearchHitView> items, long total, boolean windowed) {
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
        CardType type = args.cardType() == null ? null : CardType.parse(args.cardType())
                .orElseThrow(() -> new ValidationException("unknown card type " + args.cardType()));
        return cards.list(args.limit() == null ? 200 : args.limit(), args.offset() == null ? 0 : args.offset(),
                new dev.isometry.model.CardFilter(type, null, null));
    }

    @BridgeCommand(value = "cards:update", write = true)
    public Card update(UpdateArgs args) {
        if (args.baseVersion() == null) {
            throw new ValidationException("baseVersion is required");
        }
        if (args.changes() == null) {
            throw new ValidationException("changes is required");
        }
        return cards.update(required(args.id(), "id"), args.baseVersion(), changes(args.changes()), ORIGIN);
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
        var results = cards.search(q, limit);
        return new SearchResult(results.hits().stream().map(SearchHitView::of).toList(), results.totalMatches(),
                results.windowed());
    }

    private static CardChanges changes(Map<String, Object> raw) {
        try {
            return CardChanges.fromRaw(raw);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage(), e);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(name + " is required");
        }
        return value;
    }
}

package dev.isometry.bridge;

import dev.isometry.core.CardNotFoundException;
import dev.isometry.core.ValidationException;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.ChangeBatch;
import dev.isometry.store.LiveQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One page's live views: subscriptions registered in the store's {@link LiveQueries} under this page's
 * {@link PageChannel}, whose new results are pushed to that page only, as {@code live} events
 * {@code {"id":…,"seq":N,"result":…}} — or, for card lists, {@code "diff"} keyed by card id. The page
 * reloading or its window closing drops them all. Thread-safe.
 */
public final class LiveViews {
    /** The event that carries live query results. */
    public static final String EVENT = "live";
    static final int MAX_ID_LENGTH = 100;

    private final LiveQueries registry;
    private final PageChannel channel;

    public LiveViews(LiveQueries registry, PageChannel channel) {
        this.registry = Objects.requireNonNull(registry);
        this.channel = Objects.requireNonNull(channel);
        channel.onDetach(() -> registry.closeOwner(channel));
    }

    /** What a {@code live} event carries: the full new result, or a card list's changes. */
    public record Push(String id, long seq, Object result, ListDiff diff) {
    }

    /** The first result of a subscription. */
    public record Subscribed(String id, long seq, Object result) {
    }

    /**
     * How a card list changed: the new total, the rows that are new or changed, the ids no longer in
     * it, and the full order of ids when membership or order changed (null when it did not).
     */
    public record ListDiff(long total, List<CardSummary> upserts, List<String> removed, List<String> order) {
    }

    /**
     * Subscribes to a card list (offset {@code offset}, at most {@code limit} rows); pushes diffs. When only
     * a few cards changed, the list is brought up to date from the rows of those cards ({@code listed}
     * reads the ones the list's filter takes) rather than run whole; see {@link #afterChanges}.
     */
    Subscribed cards(String id, int limit, int offset, Supplier<CardPage> run,
                     Function<Set<String>, List<CardSummary>> listed) {
        return subscribe(id, new LiveQueries.Query<CardPage>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return batch.touches(ChangeBatch.CARDS);
            }

            @Override
            public CardPage run() {
                return run.get();
            }

            @Override
            public CardPage update(CardPage previous, Set<String> changedCards) {
                return changedCards.isEmpty() ? previous
                        : afterChanges(previous, changedCards, listed.apply(changedCards), limit, offset);
            }
        }, (prev, next, seq) -> channel.publish(EVENT, new Push(id, seq, null, diff(prev, next))));
    }

    /** The order of a card list: most recently modified first, then by id (as {@code cards:list}). */
    static final Comparator<CardSummary> LIST_ORDER =
            Comparator.comparing(CardSummary::modifiedAt, Comparator.reverseOrder()).thenComparing(CardSummary::id);

    /**
     * A card list after {@code changed} cards changed, from the list before ({@code previous}) and the
     * rows of those cards that its filter takes now ({@code nowListed}); or null when that cannot be
     * known without running the list whole. It can be known when every changed card was in the list
     * before (so it counted in the total and no card outside the list changed), each is still listed (no
     * gap to fill from outside), and each still sorts before where the list ended (no card outside it
     * comes first). Editing cards already in view, the common change, is then a read by id instead of a
     * scan of the store.
     */
    static CardPage afterChanges(CardPage previous, Set<String> changed, List<CardSummary> nowListed, int limit,
                                 int offset) {
        List<CardSummary> before = previous.items();
        if (offset != 0 || before.isEmpty() || nowListed.size() != changed.size()) {
            return null;
        }
        Map<String, CardSummary> fresh = new HashMap<>(nowListed.size() * 2);
        for (CardSummary c : nowListed) {
            if (!changed.contains(c.id()) || !comparable(c)) {
                return null;
            }
            fresh.put(c.id(), c);
        }
        List<CardSummary> items = new ArrayList<>(before.size());
        int found = 0;
        for (CardSummary c : before) {
            CardSummary now = fresh.get(c.id());
            if (now != null) {
                found++;
            }
            items.add(now == null ? c : now);
        }
        if (found != changed.size()) {
            return null; // a changed card that was not in the list: it may have entered it, or left the rest
        }
        boolean whole = before.size() < limit && previous.total() == before.size();
        if (!whole) {
            CardSummary end = before.get(before.size() - 1);
            if (!comparable(end) || nowListed.stream().anyMatch(c -> LIST_ORDER.compare(c, end) > 0)) {
                return null; // one moved past where the list ended: a card outside the list may come first
            }
        }
        items.sort(LIST_ORDER);
        return new CardPage(items, previous.total());
    }

    /**
     * True when Java orders this row's sort keys as SQLite does: SQLite compares text as UTF-8 bytes,
     * Java as UTF-16 units, and the two agree below the surrogate range.
     */
    private static boolean comparable(CardSummary c) {
        return c.modifiedAt() != null && below(c.modifiedAt()) && below(c.id());
    }

    private static boolean below(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= Character.MIN_SURROGATE) {
                return false;
            }
        }
        return true;
    }

    /** Subscribes to any other query (its whole result is pushed each time it changes). */
    <T> Subscribed whole(String id, Predicate<ChangeBatch> affected, Supplier<T> run) {
        return subscribe(id, LiveQueries.Query.of(affected, run),
                (prev, next, seq) -> channel.publish(EVENT, new Push(id, seq, next, null)));
    }

    boolean unsubscribe(String id) {
        return registry.unsubscribe(channel, checkId(id));
    }

    /** Live views open over every page (system:health reports it; it falls back when windows close). */
    int open() {
        return registry.size();
    }

    private <T> Subscribed subscribe(String id, LiveQueries.Query<T> query, LiveQueries.Sink<T> sink) {
        checkId(id);
        if (!channel.attached()) {
            throw new BridgeException(ErrorKind.UNAVAILABLE, "the page is not connected");
        }
        var initial = registry.subscribe(channel, id, query, sink);
        return new Subscribed(id, initial.seq(), initial.result());
    }

    private static String checkId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new ValidationException("a live view id of 1 to " + MAX_ID_LENGTH + " characters is required");
        }
        return id;
    }

    /** Runs {@code query}, turning "no such card" into null (a live card that was purged). */
    static <T> T orNull(Supplier<T> query) {
        try {
            return query.get();
        } catch (CardNotFoundException e) {
            return null;
        }
    }

    static ListDiff diff(CardPage previous, CardPage next) {
        List<CardSummary> before = previous == null ? List.of() : previous.items();
        Map<String, CardSummary> old = new HashMap<>(before.size() * 2);
        for (CardSummary c : before) {
            old.put(c.id(), c);
        }
        List<CardSummary> upserts = new ArrayList<>();
        List<String> order = new ArrayList<>(next.items().size());
        Set<String> now = new HashSet<>(next.items().size() * 2);
        for (CardSummary c : next.items()) {
            order.add(c.id());
            now.add(c.id());
            if (!c.equals(old.get(c.id()))) {
                upserts.add(c);
            }
        }
        List<String> removed = before.stream().map(CardSummary::id).filter(x -> !now.contains(x)).toList();
        boolean sameOrder = before.stream().map(CardSummary::id).toList().equals(order);
        return new ListDiff(next.total(), upserts, removed, sameOrder ? null : order);
    }
}

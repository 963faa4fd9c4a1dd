package dev.isometry.bridge;

import dev.isometry.core.CardNotFoundException;
import dev.isometry.core.ValidationException;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.ChangeBatch;
import dev.isometry.store.LiveQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /** Subscribes to a card list; pushes diffs. */
    Subscribed cards(String id, Supplier<CardPage> run) {
        return subscribe(id, b -> b.touches(ChangeBatch.CARDS), run::get, (prev, next, seq) ->
                channel.publish(EVENT, new Push(id, seq, null, diff(prev, next))));
    }

    /** Subscribes to any other query (its whole result is pushed each time it changes). */
    <T> Subscribed whole(String id, Predicate<ChangeBatch> affected, Supplier<T> run) {
        return subscribe(id, affected, run, (prev, next, seq) -> channel.publish(EVENT, new Push(id, seq, next, null)));
    }

    boolean unsubscribe(String id) {
        return registry.unsubscribe(channel, checkId(id));
    }

    /** Live views open over every page (system:health reports it; it falls back when windows close). */
    int open() {
        return registry.size();
    }

    private <T> Subscribed subscribe(String id, Predicate<ChangeBatch> affected, Supplier<T> run,
                                     LiveQueries.Sink<T> sink) {
        checkId(id);
        if (!channel.attached()) {
            throw new BridgeException(ErrorKind.UNAVAILABLE, "the page is not connected");
        }
        var initial = registry.subscribe(channel, id, new LiveQueries.Query<T>() {
            @Override
            public boolean affectedBy(ChangeBatch batch) {
                return affected.test(batch);
            }

            @Override
            public T run() {
                return run.get();
            }
        }, sink);
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

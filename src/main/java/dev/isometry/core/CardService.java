package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardField;
import dev.isometry.model.CardFilter;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardSummary;
import dev.isometry.model.CardVersion;
import dev.isometry.model.RecordedResolution;
import dev.isometry.model.Facets;
import dev.isometry.model.SearchResults;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import dev.isometry.store.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * What a person can do with cards: create, read, list, change, trash, restore, purge, search. Validates,
 * stamps versions and times, keeps the history, merges updates based on an older version (recording how each
 * conflict was settled) and keeps {@code [[links]]} in step with connections.
 * Each method is one transaction. Thread-safe.
 */
public final class CardService {
    public static final int MAX_PAGE = 1_000;
    /** Matches ranked at most per search; broader queries rank the most recent this many. */
    public static final int RANK_WINDOW = 5_000;

    private final Database db;
    private final CardStore store;
    private final LinkSync links;
    private final HistoryStore history = new HistoryStore();
    private final MergeSettings settings = new MergeSettings();

    public CardService(Database db, CardStore store, ConnectionStore connections) {
        this.db = Objects.requireNonNull(db);
        this.store = Objects.requireNonNull(store);
        this.links = new LinkSync(store, Objects.requireNonNull(connections));
    }

    public CardService(Database db, CardStore store) {
        this(db, store, new ConnectionStore());
    }

    public Card create(CardChanges changes, String origin) {
        return db.write(tx -> createIn(tx, changes, origin, Timestamps.now()));
    }

    /** Creates a card inside the caller's transaction (imports, samples). */
    Card createIn(DSLContext tx, CardChanges changes, String origin, String now) {
        Card card = CardRules.newCard(UUID.randomUUID().toString(), changes, now);
        store.insert(tx, card);
        store.recordHistory(tx, card, origin);
        links.sync(tx, card);
        links.linkNewName(tx, card);
        return card;
    }

    /** Stores many new cards in one transaction (bulk generation). Links in their content are not resolved. */
    public List<Card> createAll(List<CardChanges> all, String origin) {
        String now = Timestamps.now();
        List<Card> cards = all.stream().map(ch -> CardRules.newCard(UUID.randomUUID().toString(), ch, now)).toList();
        return db.write(tx -> {
            store.insertAll(tx, cards);
            store.recordHistoryAll(tx, cards, origin);
            return cards;
        });
    }

    public Card get(String id) {
        return db.read(tx -> store.find(tx, id)).orElseThrow(() -> new CardNotFoundException(id));
    }

    public CardPage list(int limit, int offset, CardFilter filter) {
        checkPage(limit, offset);
        return db.read(tx -> store.page(tx, limit, offset, filter));
    }

    /** The rows of these cards that {@link #list} with this filter would list, in no order. */
    public List<CardSummary> listedAmong(java.util.Collection<String> ids, CardFilter filter) {
        return ids.isEmpty() ? List.of() : db.read(tx -> store.listedAmong(tx, ids, filter));
    }

    public CardPage trash(int limit, int offset) {
        checkPage(limit, offset);
        return db.read(tx -> store.trashPage(tx, limit, offset));
    }

    /** When each of these cards was trashed. */
    public Map<String, String> trashedAt(List<String> ids) {
        return ids.isEmpty() ? Map.of() : db.read(tx -> store.trashedAt(tx, ids));
    }

    private static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new ValidationException("offset must not be negative");
        }
    }

    public long count() {
        return db.read(store::countLive);
    }

    public Facets facets() {
        return db.read(store::facets);
    }

    /** The live card with this name (any case), if there is one. */
    public java.util.Optional<dev.isometry.model.CardSummary> findByName(String name) {
        return db.read(tx -> store.findLiveByName(tx, name.strip()));
    }

    /** {@link #update(String, long, CardChanges, Instant, String)} edited now. */
    public Card update(String id, long baseVersion, CardChanges changes, String origin) {
        return update(id, baseVersion, changes, null, origin);
    }

    /**
     * Applies {@code changes} (only the changed fields) made on {@code baseVersion}. When the card has moved
     * on since, the changes are merged field by field with it ({@link CardMerge}, the policy from the
     * settings): what merges is written and every resolution recorded with the version it produced.
     *
     * @param editedAt when the change was made (the last writer wins by it); null, or a time still to come,
     *     means now
     * @throws MergeConflictException when a field needs a person; nothing is written
     * @throws ValidationException for a version the card never had, or a merged card that breaks a rule
     */
    public Card update(String id, long baseVersion, CardChanges changes, Instant editedAt, String origin) {
        if (changes.isEmpty()) {
            throw new ValidationException("no fields to change");
        }
        return db.write(tx -> updateIn(tx, id, baseVersion, changes, editedAt, origin));
    }

    Card updateIn(DSLContext tx, String id, long baseVersion, CardChanges changes, Instant editedAt, String origin) {
        Card current = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
        checkBase(current, baseVersion);
        if (current.version() == baseVersion) {
            return applyIn(tx, current, changes, origin);
        }
        MergeOutcome outcome = mergeIn(tx, current, baseVersion, changes, editedAt);
        if (outcome.needsPerson()) {
            throw new MergeConflictException(current, baseVersion, outcome.conflicts());
        }
        return writeMerge(tx, current, baseVersion, outcome, origin);
    }

    /**
     * Writes a person's choices for the fields an update could not merge alone. {@code theirsVersion} is the
     * stored version the person compared with; if the card moved on again, nothing is written and the
     * conflict is raised anew against the newer version.
     *
     * @throws ValidationException when a conflicting field has no choice or a choice is for another field
     */
    public Card resolve(String id, long baseVersion, long theirsVersion, CardChanges changes,
                        Map<CardField, PersonChoice> choices, Instant editedAt, String origin) {
        return db.write(tx -> {
            Card current = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            checkBase(current, baseVersion);
            if (theirsVersion < baseVersion || theirsVersion > current.version()) {
                throw new ValidationException("version " + theirsVersion + " is not between the base " + baseVersion
                        + " and the current version " + current.version());
            }
            MergeOutcome outcome = mergeIn(tx, current, baseVersion, changes, editedAt);
            if (theirsVersion != current.version()) {
                throw outcome.needsPerson() ? new MergeConflictException(current, baseVersion, outcome.conflicts())
                        : new VersionConflictException(id, theirsVersion, current.version());
            }
            return writeMerge(tx, current, baseVersion, CardMerge.settle(outcome, choices), origin);
        });
    }

    private static void checkBase(Card current, long baseVersion) {
        if (baseVersion > current.version() || baseVersion < 1) {
            throw new ValidationException("baseVersion " + baseVersion + " does not exist for this card (current "
                    + current.version() + ")");
        }
    }

    private MergeOutcome mergeIn(DSLContext tx, Card current, long baseVersion, CardChanges changes, Instant editedAt) {
        Card base = history.snapshot(tx, current.id(), baseVersion).orElse(null);
        Instant now = Instant.now();
        Instant mineAt = editedAt == null || editedAt.isAfter(now) ? now : editedAt;
        return CardMerge.merge(base, current, changes, mineAt, settings.mergePolicyIn(tx));
    }

    private Card applyIn(DSLContext tx, Card current, CardChanges changes, String origin) {
        String now = Timestamps.now();
        Card next = CardRules.apply(current, changes, now, current.version() + 1);
        write(tx, current, next, origin);
        if (!LinkParser.key(current.name()).equals(LinkParser.key(next.name())) || !current.name().equals(next.name())) {
            renamed(tx, next, current.name(), now);
        }
        return next;
    }

    /** Writes what merged (if anything) and records every resolution with the version it produced. */
    private Card writeMerge(DSLContext tx, Card current, long baseVersion, MergeOutcome outcome, String origin) {
        Card result = outcome.merged().isEmpty() ? current : applyIn(tx, current, outcome.merged(), origin);
        history.recordResolutions(tx, current.id(), result.version(), baseVersion, current.version(),
                Timestamps.now(), origin, outcome.resolutions());
        return result;
    }

    /**
     * The card's kept versions, newest first, each with the merge resolutions that produced it (versions the
     * bounded history no longer keeps appear when a resolution refers to them).
     */
    public List<CardVersion> history(String id) {
        return db.read(tx -> {
            var kept = history.versions(tx, id);
            var resolutions = history.resolutions(tx, id);
            if (kept.isEmpty() && resolutions.isEmpty() && store.find(tx, id).isEmpty()) {
                throw new CardNotFoundException(id);
            }
            TreeMap<Long, List<RecordedResolution>> byVersion = new TreeMap<>(Comparator.reverseOrder());
            kept.forEach(v -> byVersion.put(v.version(), new ArrayList<>()));
            resolutions.forEach(r -> byVersion.computeIfAbsent(r.version(), v -> new ArrayList<>()).add(r));
            Map<Long, HistoryStore.KeptVersion> keptByVersion = new HashMap<>();
            kept.forEach(v -> keptByVersion.put(v.version(), v));
            List<CardVersion> out = new ArrayList<>();
            byVersion.forEach((version, rs) -> {
                var k = keptByVersion.get(version);
                out.add(new CardVersion(version, k == null ? null : k.changedAt(), k == null ? null : k.origin(),
                        k != null, rs));
            });
            return out;
        });
    }

    private void write(DSLContext tx, Card current, Card next, String origin) {
        // The version being replaced is the base of any later three-way merge; bulk loads do not
        // record it when they create cards, so make sure it is kept before it is overwritten.
        store.recordHistory(tx, current, "base");
        if (!store.updateIfVersion(tx, next, current.version())) {
            throw new VersionConflictException(next.id(), current.version(), current.version() + 1);
        }
        store.recordHistory(tx, next, origin);
        if (!Objects.equals(current.content(), next.content())) {
            links.sync(tx, next);
        }
    }

    /** After a rename, links in other cards follow the card, and links written to the new name resolve. */
    private void renamed(DSLContext tx, Card card, String oldName, String now) {
        for (String sourceId : links.linkingTo(tx, card.id())) {
            Card source = store.find(tx, sourceId).orElse(null);
            if (source == null || source.deletedAt() != null) {
                continue;
            }
            String content = LinkParser.rename(source.content(), oldName, card.name());
            if (!content.equals(source.content())) {
                Card next = CardRules.apply(source, new CardChanges(Map.of(CardField.CONTENT, content)), now,
                        source.version() + 1);
                write(tx, source, next, "rename");
            }
        }
        links.linkNewName(tx, card);
    }

    /** Moves a card to the trash. Trashing a trashed card changes nothing. */
    public Card trash(String id, String origin) {
        return db.write(tx -> {
            Card c = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            if (c.deletedAt() != null) {
                return c;
            }
            String now = Timestamps.now();
            Card trashed = c.withDeletedAt(now, now, c.version() + 1);
            store.updateIfVersion(tx, trashed, c.version());
            store.recordHistory(tx, trashed, origin);
            return trashed;
        });
    }

    /** Brings a card back from the trash. Restoring a live card changes nothing. */
    public Card restore(String id, String origin) {
        return db.write(tx -> {
            Card c = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            if (c.deletedAt() == null) {
                return c;
            }
            Card restored = c.withDeletedAt(null, Timestamps.now(), c.version() + 1);
            store.updateIfVersion(tx, restored, c.version());
            store.recordHistory(tx, restored, origin);
            links.sync(tx, restored);
            links.linkNewName(tx, restored);
            return restored;
        });
    }

    /** Deletes one trashed card for good, with its connections. */
    public void purge(String id) {
        db.write(tx -> {
            Card c = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            if (c.deletedAt() == null) {
                throw new ValidationException("only a card in the trash can be deleted for good; trash it first");
            }
            return store.purge(tx, id);
        });
    }

    /** Deletes every trashed card for good; returns how many. */
    public int emptyTrash() {
        return db.write(tx -> purgeAll(tx, store.trashedBefore(tx, null)));
    }

    /** Deletes for good the cards trashed more than {@code retention} ago; returns how many. */
    public int purgeTrashedBefore(Duration retention) {
        String cutoff = Timestamps.format(Instant.now().minus(retention));
        return db.write(tx -> purgeAll(tx, store.trashedBefore(tx, cutoff)));
    }

    private int purgeAll(DSLContext tx, List<String> ids) {
        int n = 0;
        for (String id : ids) {
            n += store.purge(tx, id) ? 1 : 0;
        }
        return n;
    }

    /**
     * Live cards matching what a person typed, best first; empty text finds nothing. Advanced FTS5
     * syntax (OR, NOT, NEAR, parentheses) is honoured; if it is malformed, the plain words are searched
     * and the result carries a hint saying so.
     */
    public SearchResults search(String text, CardFilter filter, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit must be between 1 and " + MAX_PAGE);
        }
        if (SearchQuery.looksAdvanced(text)) {
            try {
                return db.read(tx -> store.search(tx, text.strip(), filter, limit, RANK_WINDOW));
            } catch (RuntimeException e) {
                if (!SearchQuery.isSyntaxError(e)) {
                    throw e;
                }
                return SearchQuery.toFts(text)
                        .map(q -> db.read(tx -> store.search(tx, q, filter, limit, RANK_WINDOW)))
                        .orElse(SearchResults.empty())
                        .withHint("The search syntax was not understood (" + SearchQuery.describe(e)
                                + "), so these are matches for the words alone. Use quotes for phrases, and OR, NOT, "
                                + "NEAR and parentheses in capitals.");
            }
        }
        return SearchQuery.toFts(text)
                .map(q -> db.read(tx -> store.search(tx, q, filter, limit, RANK_WINDOW)))
                .orElse(SearchResults.empty());
    }

    public SearchResults search(String text, int limit) {
        return search(text, CardFilter.NONE, limit);
    }
}

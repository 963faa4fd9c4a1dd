package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardChanges;
import dev.isometry.model.CardPage;
import dev.isometry.model.CardType;
import dev.isometry.model.SearchResults;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.Database;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a person can do with cards: create, read, list, change, trash, search. Validates, stamps
 * versions and times, keeps the history. Each method is one transaction. Thread-safe.
 */
public final class CardService {
    public static final int MAX_PAGE = 1_000;
    /** Matches ranked at most per search; broader queries rank the most recent this many. */
    public static final int RANK_WINDOW = 5_000;
    private final Database db;
    private final CardStore store;

    public CardService(Database db, CardStore store) {
        this.db = Objects.requireNonNull(db);
        this.store = Objects.requireNonNull(store);
    }

    public Card create(CardChanges changes, String origin) {
        return db.write(tx -> {
            Card card = CardRules.newCard(UUID.randomUUID().toString(), changes, Timestamps.now());
            store.insert(tx, card);
            store.recordHistory(tx, card, origin);
            return card;
        });
    }

    /** Stores many new cards in one transaction (bulk generation and loads). */
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

    public CardPage list(int limit, int offset, CardType type) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new ValidationException("offset must not be negative");
        }
        return db.read(tx -> store.page(tx, limit, offset, type));
    }

    public long count() {
        return db.read(store::countLive);
    }

    /**
     * Applies {@code changes} to the card if it is still at {@code baseVersion}.
     *
     * @throws VersionConflictException when the card changed since that version
     */
    public Card update(String id, long baseVersion, CardChanges changes, String origin) {
        if (changes.isEmpty()) {
            throw new ValidationException("no fields to change");
        }
        return db.write(tx -> {
            Card current = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            if (baseVersion > current.version() || baseVersion < 1) {
                throw new ValidationException("baseVersion " + baseVersion + " does not exist for this card (current "
                        + current.version() + ")");
            }
            if (current.version() != baseVersion) {
                throw new VersionConflictException(id, baseVersion, current.version());
            }
            Card next = CardRules.apply(current, changes, Timestamps.now(), current.version() + 1);
            if (!store.updateIfVersion(tx, next, current.version())) {
                throw new VersionConflictException(id, baseVersion, current.version() + 1);
            }
            store.recordHistory(tx, next, origin);
            return next;
        });
    }

    /** Moves a card to the trash. Trashing a trashed card changes nothing. */
    public Card trash(String id, String origin) {
        return db.write(tx -> {
            Card current = store.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
            if (current.deletedAt() != null) {
                return current;
            }
            String now = Timestamps.now();
            Card c = current;
            Card trashed = new Card(c.id(), c.cardType(), c.name(), c.content(), c.summary(), c.latitude(),
                    c.longitude(), c.locationName(), c.createdAt(), now, c.dueAt(), c.completedAt(), c.eventStart(),
                    c.eventEnd(), c.folder(), c.tags(), c.status(), c.priority(), c.sortOrder(), c.url(), c.source(),
                    c.sourceId(), now, c.version() + 1);
            store.updateIfVersion(tx, trashed, c.version());
            store.recordHistory(tx, trashed, origin);
            return trashed;
        });
    }

    /** Live cards matching what a person typed, best first; empty text finds nothing. */
    public SearchResults search(String text, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ValidationException("limit must be between 1 and " + MAX_PAGE);
        }
        return SearchQuery.toFts(text)
                .map(q -> db.read(tx -> store.search(tx, q, limit, RANK_WINDOW)))
                .orElse(SearchResults.empty());
    }
}

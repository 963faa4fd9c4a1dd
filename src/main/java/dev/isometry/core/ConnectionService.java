package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.Connection;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.model.LinkedCard;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Connections a person makes between cards: create, label, weigh, delete, and list a card's outgoing
 * connections and backlinks. Link-made connections (from {@code [[links]]}) are listed too but are
 * changed through the content. Each method is one transaction. Thread-safe.
 */
public final class ConnectionService {
    static final int MAX_LABEL = 200;

    private final Database db;
    private final CardStore cards;
    private final ConnectionStore store;

    public ConnectionService(Database db, CardStore cards, ConnectionStore store) {
        this.db = Objects.requireNonNull(db);
        this.cards = Objects.requireNonNull(cards);
        this.store = Objects.requireNonNull(store);
    }

    /** A card's connections in both directions. */
    public record Links(List<LinkedCard> outgoing, List<LinkedCard> incoming) {
    }

    public Links list(String cardId) {
        return db.read(tx -> {
            cards.find(tx, cardId).orElseThrow(() -> new CardNotFoundException(cardId));
            return new Links(store.outgoing(tx, cardId), store.incoming(tx, cardId));
        });
    }

    public Connection create(String sourceId, String targetId, String viaCardId, String label, Double weight) {
        String cleanLabel = label(label);
        double w = weight(weight == null ? 1.0 : weight);
        if (sourceId.equals(targetId)) {
            throw new ValidationException("a card cannot be connected to itself");
        }
        return db.write(tx -> {
            for (String id : viaCardId == null ? List.of(sourceId, targetId) : List.of(sourceId, targetId, viaCardId)) {
                Card c = cards.find(tx, id).orElseThrow(() -> new CardNotFoundException(id));
                if (c.deletedAt() != null) {
                    throw new ValidationException("\"" + c.name() + "\" is in the trash; restore it first");
                }
            }
            if (store.exists(tx, sourceId, targetId, viaCardId, cleanLabel)) {
                throw new ValidationException("these cards already have this connection");
            }
            Connection c = new Connection(UUID.randomUUID().toString(), sourceId, targetId, viaCardId, cleanLabel, w,
                    Timestamps.now(), ConnectionOrigin.MANUAL);
            store.insert(tx, c);
            return c;
        });
    }

    public Connection update(String id, String label, Double weight) {
        return db.write(tx -> {
            Connection c = store.find(tx, id).orElseThrow(() -> new ConnectionNotFoundException(id));
            String newLabel = label == null ? c.label() : label(label);
            double newWeight = weight == null ? c.weight() : weight(weight);
            store.update(tx, id, newLabel, newWeight);
            return new Connection(c.id(), c.sourceId(), c.targetId(), c.viaCardId(), newLabel, newWeight, c.createdAt(),
                    c.origin());
        });
    }

    public void delete(String id) {
        db.write(tx -> {
            Connection c = store.find(tx, id).orElseThrow(() -> new ConnectionNotFoundException(id));
            if (c.origin() == ConnectionOrigin.LINK) {
                throw new ValidationException("this connection comes from a [[link]] in the card's content; "
                        + "remove the link there");
            }
            return store.delete(tx, id);
        });
    }

    private static String label(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String l = label.strip();
        if (l.length() > MAX_LABEL) {
            throw new ValidationException("a label is at most " + MAX_LABEL + " characters");
        }
        return l;
    }

    private static double weight(double w) {
        if (!Double.isFinite(w) || w < 0 || w > 1) {
            throw new ValidationException("weight must be between 0 and 1");
        }
        return w;
    }
}

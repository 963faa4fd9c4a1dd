package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardSummary;
import dev.isometry.model.Connection;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Keeps link-made connections in step with {@code [[Card name]]} links in content, inside the caller's
 * write transaction. Connections a person made are never touched. Stateless; thread-safe.
 */
final class LinkSync {
    private final CardStore cards;
    private final ConnectionStore connections;

    LinkSync(CardStore cards, ConnectionStore connections) {
        this.cards = cards;
        this.connections = connections;
    }

    /** Makes the link-made connections from {@code card} match the links in its content. */
    void sync(DSLContext tx, Card card) {
        if (card.deletedAt() != null) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        for (String name : LinkParser.names(card.content())) {
            cards.findLiveByName(tx, name).map(CardSummary::id)
                    .filter(id -> !id.equals(card.id()))
                    .ifPresent(wanted::add);
        }
        Set<String> existing = connections.linkTargets(tx, card.id());
        Set<String> stale = new HashSet<>(existing);
        stale.removeAll(wanted);
        connections.deleteLinks(tx, card.id(), stale);
        String now = Timestamps.now();
        for (String target : wanted) {
            if (!existing.contains(target)) {
                connections.insert(tx, new Connection(UUID.randomUUID().toString(), card.id(), target, null, null,
                        1.0, now, ConnectionOrigin.LINK));
            }
        }
    }

    /** Cards whose content links to {@code card}'s name (written before it existed) get their connection. */
    void linkNewName(DSLContext tx, Card card) {
        if (card.deletedAt() != null) {
            return;
        }
        String key = LinkParser.key(card.name());
        for (Card other : cards.mentioning(tx, card.name())) {
            if (!other.id().equals(card.id())
                    && LinkParser.names(other.content()).stream().anyMatch(n -> LinkParser.key(n).equals(key))) {
                sync(tx, other);
            }
        }
    }

    /** Ids of live cards holding a link-made connection to {@code cardId}. */
    List<String> linkingTo(DSLContext tx, String cardId) {
        return connections.linkSources(tx, cardId);
    }
}

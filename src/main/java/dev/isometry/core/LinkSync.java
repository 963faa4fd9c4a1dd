package dev.isometry.core;

import dev.isometry.model.Card;
import dev.isometry.model.CardSummary;
import dev.isometry.model.Connection;
import dev.isometry.model.ConnectionOrigin;
import dev.isometry.model.Timestamps;
import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Cards whose content links to {@code card}'s name (written before it existed) get their connection,
     * just before the transaction commits ({@link Database#beforeCommit}), for every card new to the
     * group at once: searched for card by card, each search would force the search index's pending terms
     * of the group's earlier writes to disk. The name looked for is the card's name at that point, if it
     * is still live.
     */
    void linkNewName(DSLContext tx, Card card) {
        if (card.deletedAt() != null) {
            return;
        }
        Database.beforeCommit(tx, "links.newNames", card.id(), this::linkNewNames);
    }

    private void linkNewNames(DSLContext tx, Set<String> cardIds) {
        Map<String, String> live = cards.liveNames(tx, cardIds);
        Set<String> keys = new HashSet<>();
        List<String> names = new java.util.ArrayList<>();
        for (String id : cardIds) {
            String name = live.get(id);
            if (name != null && keys.add(LinkParser.key(name))) {
                names.add(name);
            }
        }
        // Which cards really link to one of the names is read from their links, as sync reads them.
        List<String> linking = new java.util.ArrayList<>();
        cards.mayLinkTo(tx, names).forEach((id, content) -> {
            if (LinkParser.names(content).stream().anyMatch(n -> keys.contains(LinkParser.key(n)))) {
                linking.add(id);
            }
        });
        Map<String, Card> sources = cards.findAll(tx, linking);
        for (String id : linking) {
            sync(tx, sources.get(id));
        }
    }

    /** Ids of live cards holding a link-made connection to {@code cardId}. */
    List<String> linkingTo(DSLContext tx, String cardId) {
        return connections.linkSources(tx, cardId);
    }
}

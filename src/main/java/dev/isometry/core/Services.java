package dev.isometry.core;

import dev.isometry.store.CardStore;
import dev.isometry.store.ConnectionStore;
import dev.isometry.store.Database;
import dev.isometry.store.SettingsStore;

/** The domain services over one store, built together so they share their stores. Immutable. */
public record Services(CardService cards, ConnectionService connections, SettingsService settings,
                       SampleCards samples, Importer importer, Exporter exporter, RequestLedger requests) {

    public static Services over(Database db) {
        CardStore cardStore = new CardStore();
        ConnectionStore connectionStore = new ConnectionStore();
        CardService cards = new CardService(db, cardStore, connectionStore);
        SettingsService settings = new SettingsService(db, new SettingsStore());
        return new Services(cards, new ConnectionService(db, cardStore, connectionStore), settings,
                new SampleCards(db, cardStore, cards, settings), new Importer(db, cardStore, connectionStore),
                new Exporter(db, cardStore, connectionStore), new RequestLedger(db));
    }
}

-- Schema v4: bulk loads index their text once per batch, and the search index drops its prefix tables.
--
-- FTS5 flushes its pending index data at every statement boundary, so a bulk load that inserts cards
-- one statement at a time through the insert trigger wrote a tiny index segment per card (100,000
-- cards: ~35 s). While a row exists in fts_deferred (only ever inside the loader's own transaction),
-- the insert trigger stands aside and the loader indexes the new rows with one INSERT ... SELECT.
--
-- The prefix tables (prefix = '2 3') tripled the cost of indexing every word; without them a prefix
-- query walks the matching terms of the main index, which measured the same for three letters and
-- a few milliseconds slower for two.
--
-- @preserves-rows: cards, connections, card_history, applied_requests

CREATE TABLE fts_deferred (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

DROP TRIGGER cards_fts_ai;
DROP TRIGGER cards_fts_ad;
DROP TRIGGER cards_fts_au;
DROP TABLE cards_fts;

CREATE VIRTUAL TABLE cards_fts USING fts5 (
    name, content, summary, tags, folder,
    content = 'cards',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO cards_fts (cards_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 2.0, 2.0)');

INSERT INTO cards_fts (rowid, name, content, summary, tags, folder)
SELECT rowid, name, content, summary, tags, folder FROM cards WHERE deleted_at IS NULL;

CREATE TRIGGER cards_fts_ai AFTER INSERT ON cards
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fts_deferred)
BEGIN
    INSERT INTO cards_fts (rowid, name, content, summary, tags, folder)
    VALUES (new.rowid, new.name, new.content, new.summary, new.tags, new.folder);
END;

CREATE TRIGGER cards_fts_ad AFTER DELETE ON cards WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, name, content, summary, tags, folder)
    VALUES ('delete', old.rowid, old.name, old.content, old.summary, old.tags, old.folder);
END;

CREATE TRIGGER cards_fts_au AFTER UPDATE ON cards
WHEN old.name IS NOT new.name OR old.content IS NOT new.content OR old.summary IS NOT new.summary
    OR old.tags IS NOT new.tags OR old.folder IS NOT new.folder
    OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)
BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, name, content, summary, tags, folder)
    SELECT 'delete', old.rowid, old.name, old.content, old.summary, old.tags, old.folder
    WHERE old.deleted_at IS NULL;
    INSERT INTO cards_fts (rowid, name, content, summary, tags, folder)
    SELECT new.rowid, new.name, new.content, new.summary, new.tags, new.folder
    WHERE new.deleted_at IS NULL;
END;

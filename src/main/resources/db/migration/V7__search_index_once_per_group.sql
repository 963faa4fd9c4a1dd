-- Schema v7: a group of writes committed together indexes its new cards once, just before the commit.
--
-- FTS5 flushes its pending index data at every statement boundary, so each card created through the
-- insert trigger wrote an index segment of its own, and the segments then had to be merged. The writer
-- commits the writes waiting together as one transaction (decision 26); while fts_batch holds a row
-- (only ever inside such a transaction) the insert trigger lists the new card in fts_pending instead,
-- and the writer indexes the listed cards that are still live with one INSERT ... SELECT before it
-- commits. Until then the index does not know a listed card, so the update and delete triggers leave
-- it alone (there is nothing to take out) and a delete takes it off the list.
--
-- @preserves-rows: cards, connections, card_history, applied_requests

CREATE TABLE fts_batch (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

CREATE TABLE fts_pending (
    card_rowid INTEGER PRIMARY KEY
);

DROP TRIGGER cards_fts_ai;
DROP TRIGGER cards_fts_ad;
DROP TRIGGER cards_fts_au;

CREATE TRIGGER cards_fts_ai AFTER INSERT ON cards
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fts_deferred)
BEGIN
    INSERT INTO cards_fts (rowid, name, content, summary, tags, folder)
    SELECT new.rowid, new.name, new.content, new.summary, new.tags, new.folder
    WHERE NOT EXISTS (SELECT 1 FROM fts_batch);
    INSERT OR IGNORE INTO fts_pending (card_rowid)
    SELECT new.rowid WHERE EXISTS (SELECT 1 FROM fts_batch);
END;

CREATE TRIGGER cards_fts_ad AFTER DELETE ON cards BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, name, content, summary, tags, folder)
    SELECT 'delete', old.rowid, old.name, old.content, old.summary, old.tags, old.folder
    WHERE old.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE card_rowid = old.rowid);
    DELETE FROM fts_pending WHERE card_rowid = old.rowid;
END;

CREATE TRIGGER cards_fts_au AFTER UPDATE ON cards
WHEN (old.name IS NOT new.name OR old.content IS NOT new.content OR old.summary IS NOT new.summary
    OR old.tags IS NOT new.tags OR old.folder IS NOT new.folder
    OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
    AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE card_rowid = new.rowid)
BEGIN
    INSERT INTO cards_fts (cards_fts, rowid, name, content, summary, tags, folder)
    SELECT 'delete', old.rowid, old.name, old.content, old.summary, old.tags, old.folder
    WHERE old.deleted_at IS NULL;
    INSERT INTO cards_fts (rowid, name, content, summary, tags, folder)
    SELECT new.rowid, new.name, new.content, new.summary, new.tags, new.folder
    WHERE new.deleted_at IS NULL;
END;

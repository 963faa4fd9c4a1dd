-- Rollback export format 1: what changes between a native store and the file rollback mode opens.
--
-- A rollback export is a copy of the native store (same tables, columns, indexes and user_version)
-- in which the FTS5 search index, which sql.js does not have, is replaced by this FTS4 one. The FTS4
-- table keeps its own copy of the text (not external content) so that the triggers below can keep
-- it in step from AFTER triggers, exactly as the native triggers do. docid = cards.rowid, and only
-- live (not trashed) cards are indexed. The exporter runs this file after dropping cards_fts, its
-- triggers and the tables native indexing uses (fts_deferred, fts_batch, fts_pending); the sql.js
-- provider's test fixtures run it too, so there is one definition of the format. rollback_meta says
-- what the file was made from.

CREATE VIRTUAL TABLE cards_fts USING fts4 (
    name, content, summary, tags, folder,
    tokenize = unicode61 "remove_diacritics=2"
);

INSERT INTO cards_fts (docid, name, content, summary, tags, folder)
SELECT rowid, name, content, summary, tags, folder FROM cards WHERE deleted_at IS NULL;

CREATE TRIGGER cards_fts_ai AFTER INSERT ON cards WHEN new.deleted_at IS NULL
BEGIN
    INSERT INTO cards_fts (docid, name, content, summary, tags, folder)
    VALUES (new.rowid, new.name, new.content, new.summary, new.tags, new.folder);
END;

CREATE TRIGGER cards_fts_ad AFTER DELETE ON cards WHEN old.deleted_at IS NULL
BEGIN
    DELETE FROM cards_fts WHERE docid = old.rowid;
END;

CREATE TRIGGER cards_fts_au AFTER UPDATE ON cards
WHEN old.name IS NOT new.name OR old.content IS NOT new.content OR old.summary IS NOT new.summary
    OR old.tags IS NOT new.tags OR old.folder IS NOT new.folder
    OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL)
BEGIN
    DELETE FROM cards_fts WHERE docid = old.rowid;
    INSERT INTO cards_fts (docid, name, content, summary, tags, folder)
    SELECT new.rowid, new.name, new.content, new.summary, new.tags, new.folder
    WHERE new.deleted_at IS NULL;
END;

CREATE TABLE rollback_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

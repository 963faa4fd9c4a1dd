-- Schema v2: indexes the card views read by (timeline, due dates, kanban columns), and priority held
-- to whole numbers by a CHECK. SQLite adds a CHECK only by rebuilding the table (its 12-step
-- procedure): the runner turns foreign keys off around the transaction and runs foreign_key_check
-- before the commit, so dropping the old table neither cascades nor leaves a dangling reference.
--
-- Every card keeps its rowid (copied explicitly): cards_fts is an external-content index keyed by
-- cards.rowid, so the index stays valid without a rebuild. The triggers that keep it are recreated.
--
-- Backfill: a priority stored as a fraction is rounded; one that is not a number at all (only
-- possible through writes from outside the app) becomes NULL.
--
-- @preserves-rows: cards, connections, card_history, applied_requests

CREATE TABLE cards_v2 (
    id            TEXT    PRIMARY KEY NOT NULL,
    card_type     TEXT    NOT NULL CHECK (card_type IN ('note', 'person', 'event', 'resource', 'task')),
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    content       TEXT    NOT NULL DEFAULT '',
    summary       TEXT,
    latitude      REAL    CHECK (latitude IS NULL OR (latitude BETWEEN -90 AND 90)),
    longitude     REAL    CHECK (longitude IS NULL OR (longitude BETWEEN -180 AND 180)),
    location_name TEXT,
    created_at    TEXT    NOT NULL,
    modified_at   TEXT    NOT NULL,
    due_at        TEXT,
    completed_at  TEXT,
    event_start   TEXT,
    event_end     TEXT,
    folder        TEXT,
    tags          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    status        TEXT,
    priority      INTEGER CHECK (priority IS NULL OR typeof(priority) = 'integer'),
    sort_order    REAL,
    url           TEXT,
    source        TEXT,
    source_id     TEXT,
    deleted_at    TEXT,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (source, source_id)
);

INSERT INTO cards_v2 (rowid, id, card_type, name, content, summary, latitude, longitude, location_name,
    created_at, modified_at, due_at, completed_at, event_start, event_end, folder, tags, status,
    priority, sort_order, url, source, source_id, deleted_at, version)
SELECT rowid, id, card_type, name, content, summary, latitude, longitude, location_name,
    created_at, modified_at, due_at, completed_at, event_start, event_end, folder, tags, status,
    CASE
        WHEN priority IS NULL OR typeof(priority) = 'integer' THEN priority
        WHEN typeof(priority) = 'real' AND abs(priority) < 9.0e18 THEN CAST(round(priority) AS INTEGER)
        ELSE NULL
    END,
    sort_order, url, source, source_id, deleted_at, version
FROM cards;

DROP TABLE cards;
ALTER TABLE cards_v2 RENAME TO cards;

CREATE INDEX cards_modified_idx ON cards (deleted_at, modified_at DESC);
CREATE INDEX cards_type_idx ON cards (card_type, deleted_at);
CREATE INDEX cards_folder_idx ON cards (folder) WHERE folder IS NOT NULL;
-- Timeline: live cards by start; due dates: live cards by due date; kanban: live cards by column.
CREATE INDEX cards_event_start_idx ON cards (event_start) WHERE event_start IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX cards_due_idx ON cards (due_at) WHERE due_at IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX cards_status_idx ON cards (status, sort_order) WHERE deleted_at IS NULL;

CREATE TRIGGER cards_fts_ai AFTER INSERT ON cards WHEN new.deleted_at IS NULL BEGIN
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

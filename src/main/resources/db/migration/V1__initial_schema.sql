-- Schema v1: cards, connections, full-text index, history, migration bookkeeping.
-- Timestamps are UTC ISO-8601 text with milliseconds (e.g. 2026-11-22T02:01:58.123Z).

CREATE TABLE cards (
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
    priority      INTEGER,
    sort_order    REAL,
    url           TEXT,
    source        TEXT,
    source_id     TEXT,
    deleted_at    TEXT,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (source, source_id)
);

CREATE INDEX cards_modified_idx ON cards (deleted_at, modified_at DESC);
CREATE INDEX cards_type_idx ON cards (card_type, deleted_at);
CREATE INDEX cards_folder_idx ON cards (folder) WHERE folder IS NOT NULL;

CREATE TABLE connections (
    id          TEXT PRIMARY KEY NOT NULL,
    source_id   TEXT NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    target_id   TEXT NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    via_card_id TEXT REFERENCES cards (id) ON DELETE SET NULL,
    label       TEXT,
    weight      REAL NOT NULL DEFAULT 1.0 CHECK (weight >= 0 AND weight <= 1),
    created_at  TEXT NOT NULL,
    UNIQUE (source_id, target_id, via_card_id, label)
);

CREATE INDEX connections_target_idx ON connections (target_id);
CREATE INDEX connections_via_idx ON connections (via_card_id) WHERE via_card_id IS NOT NULL;

-- External-content FTS5 index over the searchable text of live cards, kept by triggers. Trashed cards
-- are left out of it, so a search never has to look at them.
CREATE VIRTUAL TABLE cards_fts USING fts5 (
    name, content, summary, tags, folder,
    content = 'cards',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Rank by bm25 with a match in the name worth most, then summary, tags and folder, then content.
INSERT INTO cards_fts (cards_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 2.0, 2.0)');

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

-- Snapshots of each card version: the base for three-way merges and the audit trail.
CREATE TABLE card_history (
    card_id    TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    snapshot   TEXT    NOT NULL CHECK (json_valid(snapshot)),
    changed_at TEXT    NOT NULL,
    origin     TEXT    NOT NULL,
    PRIMARY KEY (card_id, version)
) WITHOUT ROWID;

-- Request ids of applied bridge writes, recorded in the write's own transaction (idempotency).
CREATE TABLE applied_requests (
    request_id   TEXT PRIMARY KEY NOT NULL,
    command      TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    reply        TEXT NOT NULL,
    applied_at   TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX applied_requests_age_idx ON applied_requests (applied_at);

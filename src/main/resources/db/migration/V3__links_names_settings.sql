-- Schema v3: what cards and connections need as people use them.

-- Connections made from a [[Card name]] in a card's content are kept in step with that content;
-- connections a person made are never touched by it.
ALTER TABLE connections ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'link'));

-- [[Card name]] links resolve by name, case-insensitively, among live cards.
CREATE INDEX cards_name_nocase_idx ON cards (name COLLATE NOCASE) WHERE deleted_at IS NULL;

-- The trash view lists trashed cards by when they were trashed; auto-purge finds old ones.
CREATE INDEX cards_deleted_idx ON cards (deleted_at) WHERE deleted_at IS NOT NULL;

-- Re-imports find the card they came from.
CREATE INDEX cards_source_idx ON cards (source, source_id) WHERE source IS NOT NULL;

-- App settings that belong with the data (for example how long the trash keeps cards).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value))
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES ('trashRetentionDays', '30');

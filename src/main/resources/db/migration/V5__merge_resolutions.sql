-- Schema v5: the audit of merge resolutions.
--
-- An update based on an older version of a card is merged field by field with the stored card (the base
-- comes from card_history). Each field both sides changed differently is settled by a strategy (the later
-- writer wins) or by a person, and every such settlement is kept here: which field, how, which value was
-- kept, and the base, incoming and stored values (JSON). base_value is NULL when the history no longer kept
-- the base. Rows stay after the card is deleted for good, as card_history does: they are the audit trail.
--
-- @preserves-rows: cards, connections, card_history, applied_requests

CREATE TABLE card_resolutions (
    id             INTEGER PRIMARY KEY,
    card_id        TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    base_version   INTEGER NOT NULL,
    theirs_version INTEGER NOT NULL,
    field          TEXT    NOT NULL,
    strategy       TEXT    NOT NULL CHECK (strategy IN ('last-writer-wins', 'person')),
    chosen         TEXT    NOT NULL CHECK (chosen IN ('mine', 'theirs', 'edited')),
    base_value     TEXT    CHECK (base_value IS NULL OR json_valid(base_value)),
    mine_value     TEXT    NOT NULL CHECK (json_valid(mine_value)),
    theirs_value   TEXT    NOT NULL CHECK (json_valid(theirs_value)),
    result_value   TEXT    NOT NULL CHECK (json_valid(result_value)),
    resolved_at    TEXT    NOT NULL,
    origin         TEXT    NOT NULL
);

CREATE INDEX card_resolutions_card_idx ON card_resolutions (card_id, version);

-- Corrections to a concern after it was recorded: each is a new version, the original
-- is never overwritten. The concern's own rows (concerns, young_people, concern_indicators,
-- subjects) always hold the latest version, so the list, search and matching see the
-- corrected words; each row here keeps what its correction changed, field by field, with
-- the value before and after, so every earlier version can be rebuilt exactly by undoing
-- the corrections newest first.
--
-- `version` is the version this correction made: the original is version 1 (it has no row
-- here), the first correction 2, and so on. `changes` is a JSON object keyed by field path
-- ("own_words", "young_person.name", "people"; lists are whole fields), each value
-- {"old": …, "new": …} in the concern's JSON form (app/concern/codec.py). `digest` is the
-- SHA-256 of the whole concern after this correction (as content_digest is of the
-- original), so a rebuilt version can be checked. Account ids are NULL when the records
-- were unlocked with the recovery code.
CREATE TABLE amendments (
    id              INTEGER PRIMARY KEY,
    concern_id      TEXT NOT NULL REFERENCES concerns (id),
    version         INTEGER NOT NULL CHECK (version >= 2),
    at              TEXT NOT NULL,
    account_id      INTEGER REFERENCES accounts (id),
    reason          TEXT NOT NULL CHECK (trim(reason) <> ''),
    changes         TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'object'
                                         AND changes <> '{}'),
    digest          TEXT NOT NULL,
    UNIQUE (concern_id, version)
);

-- Kept as made, even by the app: a correction is corrected by a later one.
CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
BEGIN
    SELECT RAISE(ABORT, 'corrections are kept as made');
END;
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
BEGIN
    SELECT RAISE(ABORT, 'corrections are kept as made');
END;
-- Versions follow on without gaps, so every earlier one can be rebuilt.
CREATE TRIGGER amendments_next_version BEFORE INSERT ON amendments
WHEN NEW.version <> (SELECT coalesce(max(version), 1) + 1 FROM amendments
                     WHERE concern_id = NEW.concern_id)
BEGIN
    SELECT RAISE(ABORT, 'a correction makes the next version');
END;

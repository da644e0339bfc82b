-- Concerns, first cut: each concern with its young person, checklist answers and the
-- people, vehicles, places, numbers and usernames it names. Booleans are 0/1; dates are
-- ISO text ('YYYY-MM-DD'), times ISO with their UTC offset; lists of choices are JSON
-- arrays. `position` keeps each list in the order it was written.

-- One row per concern's young person for now; the lead merges duplicates later.
CREATE TABLE young_people (
    id                          INTEGER PRIMARY KEY,
    name                        TEXT NOT NULL DEFAULT '',
    known_as                    TEXT NOT NULL DEFAULT '',
    date_of_birth               TEXT,
    approximate_age             INTEGER,
    gender                      TEXT NOT NULL DEFAULT '',
    address                     TEXT NOT NULL DEFAULT '',
    school                      TEXT NOT NULL DEFAULT '',
    carers                      TEXT NOT NULL DEFAULT '',
    needs                       TEXT NOT NULL DEFAULT '[]',
    needs_details               TEXT NOT NULL DEFAULT '',
    first_language              TEXT NOT NULL DEFAULT '',
    home_contact_unsafe         INTEGER NOT NULL DEFAULT 0 CHECK (home_contact_unsafe IN (0, 1)),
    home_contact_unsafe_reason  TEXT NOT NULL DEFAULT '',
    created_at                  TEXT NOT NULL
);

CREATE TABLE concerns (
    id                  TEXT PRIMARY KEY,
    young_person_id     INTEGER NOT NULL REFERENCES young_people (id),
    checklist_version   INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    submitted_at        TEXT,
    imported_at         TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN (
                            'submitted', 'incomplete-timed-out', 'incomplete-locked',
                            'incomplete-closed')),
    source              TEXT NOT NULL CHECK (source IN ('letterbox', 'direct')),
    danger              TEXT NOT NULL DEFAULT '[]',
    called_999          INTEGER NOT NULL DEFAULT 0 CHECK (called_999 IN (0, 1)),
    police_reference    TEXT NOT NULL DEFAULT '',
    happened_on         TEXT,
    happened_time       TEXT NOT NULL DEFAULT '',
    happened_where      TEXT NOT NULL DEFAULT '',
    how_known           TEXT NOT NULL CHECK (how_known IN (
                            'saw', 'young-person-told', 'someone-else-told')),
    told_by             TEXT NOT NULL DEFAULT '',
    own_words           TEXT NOT NULL DEFAULT '',
    observations        TEXT NOT NULL DEFAULT '',
    actions_taken       TEXT NOT NULL DEFAULT '',
    phoned_101          INTEGER NOT NULL DEFAULT 0 CHECK (phoned_101 IN (0, 1)),
    computed_tier       TEXT NOT NULL DEFAULT 'none',
    recorder_name       TEXT NOT NULL DEFAULT '',
    recorder_role       TEXT NOT NULL DEFAULT '',
    recorder_contact    TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the concern as sealed: a letter met again after a crash between the
    -- commit and its deletion is known for the same concern, not a different one.
    content_digest      TEXT NOT NULL
);
CREATE INDEX concerns_young_person ON concerns (young_person_id);
CREATE INDEX concerns_imported_at ON concerns (imported_at);
CREATE INDEX concerns_status ON concerns (status);

-- The checklist version is kept with each answer, so an old record keeps its meaning.
CREATE TABLE concern_indicators (
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    position            INTEGER NOT NULL,
    indicator_id        TEXT NOT NULL,
    checklist_version   INTEGER NOT NULL,
    when_last_seen      TEXT NOT NULL CHECK (when_last_seen IN (
                            'within-6-months', '6-12-months', 'over-12-months')),
    how_known           TEXT NOT NULL CHECK (how_known IN (
                            'saw', 'young-person-told', 'someone-else-told')),
    details             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (concern_id, position),
    UNIQUE (concern_id, indicator_id)
);
CREATE INDEX concern_indicators_indicator ON concern_indicators (indicator_id);

-- People, vehicles, places, phone numbers and usernames a concern names. Columns a kind
-- does not use stay ''. `normalised` is the value compared across young people:
-- registrations and numbers upper-cased without spaces or punctuation, names and
-- usernames lower-cased with their spaces tidied.
CREATE TABLE subjects (
    id                  INTEGER PRIMARY KEY,
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    kind                TEXT NOT NULL CHECK (kind IN (
                            'person', 'vehicle', 'place', 'phone', 'username')),
    position            INTEGER NOT NULL,
    name                TEXT NOT NULL DEFAULT '',
    nickname            TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    approximate_age     TEXT NOT NULL DEFAULT '',
    registration        TEXT NOT NULL DEFAULT '',
    make                TEXT NOT NULL DEFAULT '',
    colour              TEXT NOT NULL DEFAULT '',
    details             TEXT NOT NULL DEFAULT '',
    value               TEXT NOT NULL DEFAULT '',
    platform            TEXT NOT NULL DEFAULT '',
    normalised          TEXT NOT NULL DEFAULT ''
);
-- Position is per list: people, vehicles and places each count from 0; phone numbers
-- and usernames share one list (the model's `contacts`).
CREATE UNIQUE INDEX subjects_position ON subjects (
    concern_id, CASE kind WHEN 'username' THEN 'phone' ELSE kind END, position);
CREATE INDEX subjects_match ON subjects (kind, normalised);

-- The training log (issue 16): sessions held, who led them, who attended, and the
-- smallest roster that makes "N of M active volunteers trained" honest. Volunteers'
-- names are personal data: they live only here, inside the encrypted store. No link to
-- concerns or young people, so a retention deletion never touches these tables.
CREATE TABLE volunteers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    added_at    TEXT NOT NULL
);
-- One roster entry per name as written, whatever its capitals.
CREATE UNIQUE INDEX volunteers_name ON volunteers (name COLLATE NOCASE);

CREATE TABLE training_sessions (
    id          INTEGER PRIMARY KEY,
    held_on     TEXT NOT NULL,          -- YYYY-MM-DD
    topic       TEXT NOT NULL,
    led_by      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX training_sessions_held_on ON training_sessions (held_on);

CREATE TABLE training_attendance (
    session_id   INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    volunteer_id INTEGER NOT NULL REFERENCES volunteers (id),
    PRIMARY KEY (session_id, volunteer_id)
);
CREATE INDEX training_attendance_volunteer ON training_attendance (volunteer_id);

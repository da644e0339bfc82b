-- Every good unlock, with the failed attempts that came before it, for the audit log.
CREATE TABLE unlock_events (
    id                  INTEGER PRIMARY KEY,
    at                  TEXT NOT NULL,
    account_id          INTEGER REFERENCES accounts (id),
    method              TEXT NOT NULL CHECK (method IN ('passphrase', 'recovery')),
    failed_before       INTEGER NOT NULL DEFAULT 0,
    last_failed_at      TEXT
);
CREATE INDEX unlock_events_at ON unlock_events (at);

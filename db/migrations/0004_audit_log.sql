-- The audit log: one row per event, each carrying the hash of the one before it.
-- Rows hold kinds, times, account ids, references and counts only: never names or text
-- typed into the app (the log must not become a second copy of the records).
-- `seq` is the order the chain was written in; `id` is only SQLite's row id.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    seq             INTEGER UNIQUE NOT NULL,
    at              TEXT NOT NULL,
    account_id      INTEGER,
    role            TEXT NOT NULL DEFAULT '',
    event           TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '{}',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_event ON audit_log (event);

-- The latest seq and hash, written in the same transaction as each row: without it,
-- removing the last rows would leave a shorter chain that still checks out.
CREATE TABLE audit_anchor (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    seq             INTEGER NOT NULL,
    hash            TEXT NOT NULL
);

-- Append-only, even for the app itself. Someone who drops these outside the app can
-- change rows; the chain of hashes is what catches that.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN
    SELECT RAISE(ABORT, 'the audit anchor cannot be removed');
END;
CREATE TRIGGER audit_anchor_forward_only BEFORE UPDATE ON audit_anchor
WHEN NEW.seq <= OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'the audit anchor only moves forward');
END;

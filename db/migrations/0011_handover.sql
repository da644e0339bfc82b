-- Records handed over from another installation (app/handover.py).
--
-- One row per handover file imported. `bundle_id` is the file's random id: the same file
-- imported twice is refused, saying when it came in. `from_organisation` is the sending
-- organisation's name as the file gave it; `young_person_ids` (JSON array) the records
-- the import made here, so the lead can find them again. Times are UTC ISO text with
-- their offset; the account id is NULL when the records were unlocked with the recovery
-- code.
CREATE TABLE handover_imports (
    id                  INTEGER PRIMARY KEY,
    bundle_id           TEXT NOT NULL UNIQUE,
    imported_at         TEXT NOT NULL,
    made_at             TEXT NOT NULL,
    from_organisation   TEXT NOT NULL DEFAULT '',
    young_people        INTEGER NOT NULL,
    concerns            INTEGER NOT NULL,
    young_person_ids    TEXT NOT NULL DEFAULT '[]',
    account_id          INTEGER REFERENCES accounts (id)
);

-- Every concern a handover brought in, with the reference it had at the sender: the
-- same as here, unless that reference was already in use here and a new one was given.
CREATE TABLE handover_concerns (
    concern_id          TEXT PRIMARY KEY REFERENCES concerns (id),
    import_id           INTEGER NOT NULL REFERENCES handover_imports (id),
    sender_reference    TEXT NOT NULL
);
CREATE INDEX handover_concerns_import ON handover_concerns (import_id);

-- Kept as a record of what came in, like the decisions and corrections it carried.
CREATE TRIGGER handover_imports_kept BEFORE DELETE ON handover_imports
BEGIN
    SELECT RAISE(ABORT, 'handover imports are kept');
END;

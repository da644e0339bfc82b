-- A young person's chronology and the lead's merges of duplicate records.
--
-- Entries the lead adds to a young person's time line that did not come from a concern
-- (a phone call, a meeting, information from another agency). Dates are 'YYYY-MM-DD',
-- times UTC ISO text with their offset; account ids are NULL when the records were
-- unlocked with the recovery code. An entry is kept as written: only its young person
-- changes, when the lead merges two records (and back, when the merge is undone).
CREATE TABLE chronology_entries (
    id                  INTEGER PRIMARY KEY,
    young_person_id     INTEGER NOT NULL REFERENCES young_people (id),
    happened_on         TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN (
                            'phone-call', 'meeting', 'other-agency', 'other')),
    summary             TEXT NOT NULL CHECK (summary <> ''),
    recorded_at         TEXT NOT NULL,
    account_id          INTEGER REFERENCES accounts (id)
);
CREATE INDEX chronology_entries_young_person ON chronology_entries (young_person_id);

CREATE TRIGGER chronology_entries_kept_as_written
BEFORE UPDATE OF id, happened_on, kind, summary, recorded_at, account_id
ON chronology_entries
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are kept as written');
END;
CREATE TRIGGER chronology_entries_no_delete BEFORE DELETE ON chronology_entries
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are kept as written');
END;

-- A merged record is kept, marked with the record it was merged into, never deleted:
-- undoing the merge clears the mark. NULL: the record stands on its own.
ALTER TABLE young_people ADD COLUMN merged_into INTEGER REFERENCES young_people (id);
CREATE INDEX young_people_merged_into ON young_people (merged_into);
-- Possible duplicates are looked for by date of birth first.
CREATE INDEX young_people_date_of_birth ON young_people (date_of_birth);

-- Every merge, in the order made. `concern_ids`, `entry_ids` and `task_ids` (JSON arrays)
-- are what moved from the merged record to the kept one, so undoing moves exactly those
-- back. `different_dob`: the lead confirmed the merge although the dates of birth
-- differed. A merge is undone by setting `undone_at`; the row stays, as history.
CREATE TABLE young_person_merges (
    id                  INTEGER PRIMARY KEY,
    kept_id             INTEGER NOT NULL REFERENCES young_people (id),
    merged_id           INTEGER NOT NULL REFERENCES young_people (id),
    at                  TEXT NOT NULL,
    account_id          INTEGER REFERENCES accounts (id),
    different_dob       INTEGER NOT NULL DEFAULT 0 CHECK (different_dob IN (0, 1)),
    concern_ids         TEXT NOT NULL DEFAULT '[]',
    entry_ids           TEXT NOT NULL DEFAULT '[]',
    task_ids            TEXT NOT NULL DEFAULT '[]',
    undone_at           TEXT,
    undone_by           INTEGER REFERENCES accounts (id),
    CHECK (kept_id <> merged_id)
);
CREATE INDEX young_person_merges_kept ON young_person_merges (kept_id);
CREATE INDEX young_person_merges_merged ON young_person_merges (merged_id);

CREATE TRIGGER young_person_merges_no_delete BEFORE DELETE ON young_person_merges
BEGIN
    SELECT RAISE(ABORT, 'merges are kept in the history');
END;
-- Only the undo may change a merge, once.
CREATE TRIGGER young_person_merges_only_undone
BEFORE UPDATE ON young_person_merges
WHEN OLD.undone_at IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.kept_id IS NOT OLD.kept_id
    OR NEW.merged_id IS NOT OLD.merged_id OR NEW.at IS NOT OLD.at
    OR NEW.account_id IS NOT OLD.account_id OR NEW.different_dob IS NOT OLD.different_dob
    OR NEW.concern_ids IS NOT OLD.concern_ids OR NEW.entry_ids IS NOT OLD.entry_ids
    OR NEW.task_ids IS NOT OLD.task_ids
BEGIN
    SELECT RAISE(ABORT, 'a merge can only be undone, once');
END;

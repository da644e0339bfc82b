-- Retention review (domain/cse-facts.md §6.1): every young person's records carry a review
-- date, worked out by app/retention.py; nothing is ever deleted automatically. What the
-- lead decides is kept on the young person's row:
--   cse_alleged      the lead recorded that CSE was alleged: the records are kept longer
--                    (IICSA: records of possible child sexual abuse are long-retention).
--                    Recorded once, never cleared by the app.
--   review_after     a later review date the lead chose, with their reason; the app never
--                    lets it fall before the date it works out itself.
-- Dates are 'YYYY-MM-DD', times UTC ISO text with their offset; account ids are NULL when
-- the records were unlocked with the recovery code.
ALTER TABLE young_people ADD COLUMN cse_alleged INTEGER NOT NULL DEFAULT 0
    CHECK (cse_alleged IN (0, 1));
ALTER TABLE young_people ADD COLUMN cse_alleged_at TEXT;
ALTER TABLE young_people ADD COLUMN cse_alleged_by INTEGER REFERENCES accounts (id);
ALTER TABLE young_people ADD COLUMN review_after TEXT;
ALTER TABLE young_people ADD COLUMN review_after_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE young_people ADD COLUMN review_after_at TEXT;
ALTER TABLE young_people ADD COLUMN review_after_by INTEGER REFERENCES accounts (id);

-- The one way past the "kept as written" triggers: the lead's deletion after a retention
-- review (app/retention.py, db/retention.py). Inside its one transaction it writes the
-- ids of the young person's records here, deletes everything about them, and empties
-- this table again before the commit. Every other delete is still refused.
CREATE TABLE retention_deletion (
    young_person_id     INTEGER PRIMARY KEY
);

DROP TRIGGER decisions_no_delete;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
WHEN NOT EXISTS (
    SELECT 1 FROM concerns c JOIN retention_deletion r ON r.young_person_id = c.young_person_id
    WHERE c.id = OLD.concern_id)
BEGIN
    SELECT RAISE(ABORT, 'decisions are kept as made');
END;

DROP TRIGGER chronology_entries_no_delete;
CREATE TRIGGER chronology_entries_no_delete BEFORE DELETE ON chronology_entries
WHEN NOT EXISTS (
    SELECT 1 FROM retention_deletion r WHERE r.young_person_id = OLD.young_person_id)
BEGIN
    SELECT RAISE(ABORT, 'chronology entries are kept as written');
END;

DROP TRIGGER young_person_merges_no_delete;
CREATE TRIGGER young_person_merges_no_delete BEFORE DELETE ON young_person_merges
WHEN NOT EXISTS (
    SELECT 1 FROM retention_deletion r
    WHERE r.young_person_id IN (OLD.kept_id, OLD.merged_id))
BEGIN
    SELECT RAISE(ABORT, 'merges are kept in the history');
END;

DROP TRIGGER amendments_no_delete;
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
WHEN NOT EXISTS (
    SELECT 1 FROM concerns c JOIN retention_deletion r ON r.young_person_id = c.young_person_id
    WHERE c.id = OLD.concern_id)
BEGIN
    SELECT RAISE(ABORT, 'corrections are kept as made');
END;

-- Deleted words leave the full-text index at once, and secure_delete (set on every
-- connection, db/store.py) overwrites them, instead of lingering in old index segments.
INSERT INTO concern_search (concern_search, rank) VALUES ('secure-delete', 1);

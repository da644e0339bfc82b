-- Screening checklist version 2 (domain/cse-facts.md §8.3 as corrected):
-- * a concern says whether the worry is about an adult in the organisation (rule 8);
-- * a checklist answer may be "not sure when" and keeps, apart from when it happened,
--   the day the recorder found out. Old answers keep found_out_on NULL: version 1 never
--   asked, and their result does not change.
ALTER TABLE concerns ADD COLUMN about_adult TEXT NOT NULL DEFAULT 'no'
    CHECK (about_adult IN ('no', 'staff', 'lead'));

-- SQLite cannot change a CHECK in place: the answers move to a table that allows the
-- new choice, with every row and its position kept.
CREATE TABLE concern_indicators_v2 (
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    position            INTEGER NOT NULL,
    indicator_id        TEXT NOT NULL,
    checklist_version   INTEGER NOT NULL,
    when_last_seen      TEXT NOT NULL CHECK (when_last_seen IN (
                            'within-6-months', '6-12-months', 'over-12-months', 'not-known')),
    how_known           TEXT NOT NULL CHECK (how_known IN (
                            'saw', 'young-person-told', 'someone-else-told')),
    details             TEXT NOT NULL DEFAULT '',
    found_out_on        TEXT,
    PRIMARY KEY (concern_id, position),
    UNIQUE (concern_id, indicator_id)
);
INSERT INTO concern_indicators_v2 (concern_id, position, indicator_id, checklist_version,
                                   when_last_seen, how_known, details)
    SELECT concern_id, position, indicator_id, checklist_version, when_last_seen, how_known,
           details
    FROM concern_indicators;
DROP TABLE concern_indicators;
ALTER TABLE concern_indicators_v2 RENAME TO concern_indicators;
CREATE INDEX concern_indicators_indicator ON concern_indicators (indicator_id);

-- A deputy lead, printed on the leaflets and policy beside the lead and the trustee.
ALTER TABLE organisation ADD COLUMN deputy_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisation ADD COLUMN deputy_phone TEXT NOT NULL DEFAULT '';

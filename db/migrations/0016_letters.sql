-- Letters already imported, by the id each letter carries (design.md, "Stations"): a
-- letter met again (a copy, a second letterbox folder, a sync service's conflict copy)
-- is imported once. `station` is the name a volunteer station put in its letters ('' for
-- the lead's own PC); it is what the letter says, shown to the lead as such.
-- No foreign key to concerns: a retention deletion removes the concern but the id stays
-- known, so a stray copy of the letter is never imported again (the trigger below drops
-- the link and the station name with the concern).
CREATE TABLE letters (
    letter_id    TEXT PRIMARY KEY,
    concern_id   TEXT,
    station      TEXT NOT NULL DEFAULT '',
    imported_at  TEXT NOT NULL
);
CREATE INDEX letters_concern ON letters (concern_id);

CREATE TRIGGER letters_forget_deleted_concern AFTER DELETE ON concerns
BEGIN
    UPDATE letters SET concern_id = NULL, station = '' WHERE concern_id = OLD.id;
END;

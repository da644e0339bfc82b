-- The LADO route (domain/cse-facts.md §8.3 rule 8): when a worry is about an adult who
-- works or volunteers in the organisation (concerns.about_adult is 'staff' or 'lead'),
-- the designated lead contacts the LADO within one working day and records when, whom
-- they spoke to and the LADO's reference, with an optional note of what was agreed.
--
-- A table of its own, not a kind of row in `referrals`: a phone referral carries a
-- written referral that falls due and is marked sent, which a LADO contact does not, and
-- a LADO contact carries an outcome note a referral does not. A concern may have several
-- contacts (a first call, then a follow-up); the first one settles its LADO task in To do.
-- Times are UTC ISO text with their offset. Kept as made: a contact recorded wrongly is
-- put right by recording another.
CREATE TABLE lado_contacts (
    id                  INTEGER PRIMARY KEY,
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    contacted_at        TEXT NOT NULL,
    spoke_to            TEXT NOT NULL CHECK (trim(spoke_to) <> ''),
    their_reference     TEXT NOT NULL CHECK (trim(their_reference) <> ''),
    outcome             TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES accounts (id)
);
CREATE INDEX lado_contacts_concern ON lado_contacts (concern_id, contacted_at);

CREATE TRIGGER lado_contacts_no_update BEFORE UPDATE ON lado_contacts
BEGIN
    SELECT RAISE(ABORT, 'LADO contacts are kept as made');
END;
-- Deleted only with the young person's records after a retention review (0012).
CREATE TRIGGER lado_contacts_no_delete BEFORE DELETE ON lado_contacts
WHEN NOT EXISTS (
    SELECT 1 FROM concerns c JOIN retention_deletion r ON r.young_person_id = c.young_person_id
    WHERE c.id = OLD.concern_id)
BEGIN
    SELECT RAISE(ABORT, 'LADO contacts are kept as made');
END;

-- The concerns whose worry is about an adult here: the To do list asks about them.
CREATE INDEX concerns_about_adult ON concerns (about_adult) WHERE about_adult <> 'no';

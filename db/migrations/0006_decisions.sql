-- The designated lead's work on each concern: where it stands (one row per concern in
-- concern_reviews; a concern without one is "new"), every decision made on it (kept in
-- `decisions`, append-only), phone referrals and their written follow-up, and follow-up
-- tasks. Times are UTC ISO text with their offset; dates are 'YYYY-MM-DD'. Account ids
-- are NULL when the records were unlocked with the recovery code.

CREATE TABLE concern_reviews (
    concern_id              TEXT PRIMARY KEY REFERENCES concerns (id),
    status                  TEXT NOT NULL CHECK (status IN (
                                'new', 'under-review', 'referred', 'monitoring',
                                'no-further-action', 'closed')),
    -- The lead's tier when they changed it; NULL: the computed tier stands. The app
    -- never lets it fall below concerns.computed_tier.
    lead_tier               TEXT CHECK (lead_tier IS NULL OR lead_tier IN (
                                'V', '1', '2', '3', 'X')),
    lead_tier_reason        TEXT NOT NULL DEFAULT '',
    review_on               TEXT,  -- while monitoring: the date of the next review
    parents_told            TEXT NOT NULL DEFAULT 'not-yet' CHECK (parents_told IN (
                                'yes', 'no', 'not-yet')),
    parents_not_told_reason TEXT NOT NULL DEFAULT '',
    updated_at              TEXT NOT NULL,
    updated_by              INTEGER REFERENCES accounts (id)
);
CREATE INDEX concern_reviews_status ON concern_reviews (status, review_on);

-- Every decision, in the order made: a status change (kind 'status'), a change of tier
-- ('tier') or whether parents or carers were told ('parents'). `status` is the status
-- after the decision. Never updated or deleted: a decision is corrected by a later one.
CREATE TABLE decisions (
    id                  INTEGER PRIMARY KEY,
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    at                  TEXT NOT NULL,
    account_id          INTEGER REFERENCES accounts (id),
    kind                TEXT NOT NULL DEFAULT 'status' CHECK (kind IN (
                            'status', 'tier', 'parents')),
    status              TEXT NOT NULL CHECK (status IN (
                            'new', 'under-review', 'referred', 'monitoring',
                            'no-further-action', 'closed')),
    referred_to         TEXT NOT NULL DEFAULT '' CHECK (referred_to IN (
                            '', 'mash', 'police', 'national-body', 'lado', 'other')),
    referred_to_other   TEXT NOT NULL DEFAULT '',
    reason              TEXT NOT NULL DEFAULT '',
    review_on           TEXT,
    lead_tier           TEXT,  -- kind 'tier': the tier chosen; NULL: back to the computed
    parents_told        TEXT NOT NULL DEFAULT '' CHECK (parents_told IN (
                            '', 'yes', 'no', 'not-yet'))
);
CREATE INDEX decisions_concern ON decisions (concern_id, id);
CREATE INDEX decisions_at ON decisions (at);

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are kept as made');
END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are kept as made');
END;

-- A referral made by phone: when, to which service, who took the call and their
-- reference; the written referral is due `written_due_at` and marked sent once.
CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    concern_id          TEXT NOT NULL REFERENCES concerns (id),
    phoned_at           TEXT NOT NULL,
    to_whom             TEXT NOT NULL CHECK (to_whom <> ''),
    taken_by            TEXT NOT NULL DEFAULT '',
    reference           TEXT NOT NULL DEFAULT '',
    written_due_at      TEXT NOT NULL,
    written_sent_at     TEXT,
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES accounts (id)
);
CREATE INDEX referrals_concern ON referrals (concern_id);
CREATE INDEX referrals_unsent ON referrals (written_sent_at, written_due_at);

-- Follow-ups with a due date, on a concern, a young person, or both.
CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    concern_id          TEXT REFERENCES concerns (id),
    young_person_id     INTEGER REFERENCES young_people (id),
    text                TEXT NOT NULL CHECK (text <> ''),
    due_on              TEXT NOT NULL,
    done_at             TEXT,
    done_by             INTEGER REFERENCES accounts (id),
    created_at          TEXT NOT NULL,
    created_by          INTEGER REFERENCES accounts (id),
    CHECK (concern_id IS NOT NULL OR young_person_id IS NOT NULL)
);
CREATE INDEX tasks_concern ON tasks (concern_id);
CREATE INDEX tasks_young_person ON tasks (young_person_id);
CREATE INDEX tasks_open ON tasks (done_at, due_on);

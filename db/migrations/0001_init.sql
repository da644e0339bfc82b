-- The organisation, its accounts and the organisation's letterbox key.
CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    area            TEXT NOT NULL,
    lead_name       TEXT NOT NULL,
    lead_role       TEXT NOT NULL DEFAULT '',
    lead_phone      TEXT NOT NULL DEFAULT '',
    trustee_name    TEXT NOT NULL DEFAULT '',
    trustee_role    TEXT NOT NULL DEFAULT '',
    trustee_phone   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);

-- One row per person who can unlock; the key slot lives in keyring.json under slot_id.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    slot_id         TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('lead', 'deputy', 'trustee')),
    created_at      TEXT NOT NULL
);

-- The private half of the organisation's X25519 key pair (letters are sealed to it).
CREATE TABLE org_keys (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    public_key      BLOB NOT NULL,
    private_key     BLOB NOT NULL,
    created_at      TEXT NOT NULL
);

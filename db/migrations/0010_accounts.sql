-- Accounts: a removed account keeps its row, marked, because audit entries and
-- decisions point at it; only its key slot goes. account_for_slot ignores it.
ALTER TABLE accounts ADD COLUMN removed_at TEXT;

-- Letterbox key pairs retired by a re-key. Whoever left may have read the old private
-- key, so a re-key makes a new pair; a letter sealed to an old public key before the
-- swap must still import, so the old private halves are kept here, inside the store.
CREATE TABLE retired_org_keys (
    id              INTEGER PRIMARY KEY,
    public_key      BLOB NOT NULL UNIQUE,
    private_key     BLOB NOT NULL,
    retired_at      TEXT NOT NULL
);

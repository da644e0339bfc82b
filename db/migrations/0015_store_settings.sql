-- Settings that belong with the records, not with the PC: kept inside the encrypted
-- store. First use: the pin of keyring.json (what the app itself last wrote there, and
-- the letterbox check words), so an unlock can tell the key file was changed outside
-- the app (app/keys/pinning.py). Values are short JSON; never names or typed text.
CREATE TABLE store_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);

"""Keys and session: unlock, lock, accounts, passphrases, re-key, the file swap."""

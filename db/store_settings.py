"""Settings kept inside the encrypted store (the table `store_settings`): plain text
values under fixed keys. app/ owns what each value means."""

from __future__ import annotations

from pathlib import Path

from db.store import Store, open_connection


def load(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM store_settings WHERE key = ?", (key,))
    return str(row[0]) if row else None


def save(store: Store, key: str, value: str) -> None:
    store.execute(
        "INSERT INTO store_settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def save_in_file(path: Path, key: bytes | bytearray, setting: str, value: str) -> bool:
    """Save one setting in a store file that is not open (a restore's staged copy),
    without migrating it. False when that file's schema has no settings table yet."""
    conn = open_connection(path, key)
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_settings'"
        ).fetchone()
        if found is None:
            return False
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO store_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (setting, value),
        )
        conn.execute("COMMIT")
        return True
    finally:
        conn.close()

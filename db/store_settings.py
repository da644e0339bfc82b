"""Settings kept inside the encrypted store (the table `store_settings`): plain text
values under fixed keys. app/ owns what each value means."""

from __future__ import annotations

from db.store import Store


def load(store: Store, key: str) -> str | None:
    row = store.query_one("SELECT value FROM store_settings WHERE key = ?", (key,))
    return str(row[0]) if row else None


def save(store: Store, key: str, value: str) -> None:
    store.execute(
        "INSERT INTO store_settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )

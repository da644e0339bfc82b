"""Queries for the letters already imported (0015): their ids and the station named."""

from __future__ import annotations

from db.store import Store


def is_imported(store: Store, letter_id: str) -> bool:
    return store.query_one("SELECT 1 FROM letters WHERE letter_id = ?", (letter_id,)) is not None


def record_letter(store: Store, letter_id: str, concern_id: str, station: str, now: str) -> None:
    """Inside the caller's transaction. A letter met again changes nothing."""
    store.execute(
        "INSERT OR IGNORE INTO letters (letter_id, concern_id, station, imported_at) "
        "VALUES (?, ?, ?, ?)",
        (letter_id, concern_id, station, now),
    )


def station_of(store: Store, concern_id: str) -> str | None:
    """The station a concern's letter named, '' for none, None when it came another way."""
    row = store.query_one(
        "SELECT station FROM letters WHERE concern_id = ? ORDER BY imported_at LIMIT 1",
        (concern_id,),
    )
    return str(row[0]) if row else None

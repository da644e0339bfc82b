"""Queries for the letters already imported (0016): their ids and the station named."""

from __future__ import annotations

from db.store import Store


def imported_as(store: Store, letter_id: str) -> tuple[str | None] | None:
    """None for a letter never imported; else (the concern it became,) — (None,) once
    that concern was deleted after a retention review."""
    row = store.query_one("SELECT concern_id FROM letters WHERE letter_id = ?", (letter_id,))
    return None if row is None else (None if row[0] is None else str(row[0]),)


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

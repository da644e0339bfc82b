"""The record of good unlocks and the failed attempts before each one."""

from __future__ import annotations

from dataclasses import dataclass

from db.store import Store


@dataclass(frozen=True)
class UnlockEvent:
    at: str
    account_id: int | None
    method: str
    failed_before: int
    last_failed_at: str | None


def record_unlock(
    store: Store,
    at: str,
    account_id: int | None,
    method: str,
    failed_before: int,
    last_failed_at: str | None,
) -> None:
    store.execute(
        "INSERT INTO unlock_events (at, account_id, method, failed_before, last_failed_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (at, account_id, method, failed_before, last_failed_at),
    )


def recent_unlocks(store: Store, limit: int = 50) -> list[UnlockEvent]:
    rows = store.query_all(
        "SELECT at, account_id, method, failed_before, last_failed_at FROM unlock_events "
        "ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [UnlockEvent(*r) for r in rows]

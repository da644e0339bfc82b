"""Queries for the audit log and its anchor, in plain tuples and dicts.

The hashing, the checks and the meaning of each event live in app/keys/audit.py; this module
only reads and writes rows. Nothing here updates or deletes an audit row: the store's
triggers refuse that, for the app as for anyone else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, TypedDict, cast

from db.store import Store

# Columns in the order they are hashed and returned (app/keys/audit.py relies on it).
COLUMNS = ("seq", "at", "account_id", "role", "event", "subject", "detail", "prev_hash", "hash")
SELECT_COLUMNS = (*COLUMNS, "account_name")


class AuditRow(TypedDict):
    seq: int
    at: str
    account_id: int | None
    role: str
    event: str
    subject: str
    detail: str  # JSON text, parsed (and checked) by app/keys/audit.py
    prev_hash: str
    hash: str
    account_name: str | None  # joined from accounts; None when there is no account


# The triggers that keep the log append-only, as migration 0004 made them. Kept here too
# so an unlock can put back one that was dropped outside the app.
GUARDS = {
    "audit_log_no_update": (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "audit_log_no_delete": (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "audit_anchor_no_delete": (
        "CREATE TRIGGER IF NOT EXISTS audit_anchor_no_delete BEFORE DELETE ON audit_anchor "
        "BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be removed'); END"
    ),
    "audit_anchor_forward_only": (
        "CREATE TRIGGER IF NOT EXISTS audit_anchor_forward_only BEFORE UPDATE ON audit_anchor "
        "WHEN NEW.seq <= OLD.seq "
        "BEGIN SELECT RAISE(ABORT, 'the audit anchor only moves forward'); END"
    ),
}


@contextlib.contextmanager
def savepoint(store: Store) -> Iterator[Store]:
    """All-or-nothing, inside a caller's transaction or on its own.

    A SAVEPOINT nests in `store.transaction()` (the row then commits with the caller's
    change) and, outside one, is its own transaction.
    """
    store.execute("SAVEPOINT audit_append")
    try:
        yield store
    except BaseException:
        store.execute("ROLLBACK TO audit_append")
        store.execute("RELEASE audit_append")
        raise
    store.execute("RELEASE audit_append")


def tables_present(store: Store) -> tuple[bool, bool]:
    """Whether audit_log and audit_anchor exist."""
    names = {
        str(r[0])
        for r in store.query_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('audit_log', 'audit_anchor')"
        )
    }
    return "audit_log" in names, "audit_anchor" in names


def missing_guards(store: Store) -> list[str]:
    present = {
        str(r[0]) for r in store.query_all("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [name for name in GUARDS if name not in present]


def restore_guards(store: Store) -> None:
    for sql in GUARDS.values():
        store.execute(sql)


def anchor(store: Store) -> tuple[int, str] | None:
    row = store.query_one("SELECT seq, hash FROM audit_anchor WHERE id = 1")
    return (row[0], row[1]) if row else None


def last_row(store: Store) -> tuple[int, str] | None:
    row = store.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return (row[0], row[1]) if row else None


def insert(store: Store, row: dict[str, Any]) -> None:
    """Add one row. Call inside `savepoint()` together with `set_anchor()`."""
    store.execute(
        f"INSERT INTO audit_log ({', '.join(COLUMNS)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * len(COLUMNS))})",
        [row[c] for c in COLUMNS],
    )


def set_anchor(store: Store, seq: int, digest: str) -> None:
    store.execute(
        "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
        (seq, digest),
    )


def all_rows(store: Store) -> list[tuple[Any, ...]]:
    """Every row, in chain order, as tuples in COLUMNS order (values as stored)."""
    return store.query_all(
        f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY seq, id"  # noqa: S608
    )


def select(
    store: Store,
    *,
    events: list[str] | None = None,
    since: str | None = None,
    before: str | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Rows newest first, with the account's display name joined in for the viewer.

    `since` and `before` are UTC ISO times (`since <= at < before`).
    """
    where: list[str] = []
    params: list[str | int] = []
    if events is not None:
        where.append(f"a.event IN ({', '.join('?' * len(events))})")
        params.extend(events)
    if since is not None:
        where.append("a.at >= ?")
        params.append(since)
    if before is not None:
        where.append("a.at < ?")
        params.append(before)
    sql = (
        f"SELECT {', '.join('a.' + c for c in COLUMNS)}, acc.display_name "  # noqa: S608
        "FROM audit_log a LEFT JOIN accounts acc ON acc.id = a.account_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.seq DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        cast("AuditRow", dict(zip(SELECT_COLUMNS, r, strict=True)))
        for r in store.query_all(sql, params)
    ]

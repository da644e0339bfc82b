"""Queries for corrections to a concern (migration 0008), in plain dicts.

A correction is one `amendments` row (what changed, old and new, who, when, why) plus the
concern's own rows brought up to the corrected version: its `concerns` columns, its young
person's row, and, for a list that changed, its checklist answers or the subjects of that
kind, replaced whole. Writers here change several tables: call them inside
`store.transaction()`, so a correction goes in whole or not at all. Subjects are written
through `db.concerns.normalise`, so matching across young people sees the corrected words.

The `changes` JSON goes in and comes out as a dict; how it is kept is this module's
business. Amendment rows are never updated or deleted (the store's triggers refuse).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypedDict

from sqlcipher3 import dbapi2 as sqlcipher

from db.concerns import (
    CONCERN_COLUMNS,
    INDICATOR_COLUMNS,
    SUBJECT_COLUMNS,
    SUBJECT_FIELDS,
    YOUNG_PERSON_COLUMNS,
    ConcernRejected,
    _insert,  # the same writer insert_concern uses: same storage, same refusals
    _stored,
    normalise,
)
from db.store import Store

AMENDMENT_COLUMNS = ("concern_id", "version", "at", "account_id", "reason", "changes", "digest")
# What a correction may never change: how and when the concern reached the store.
FIXED_COLUMNS = frozenset({"id", "imported_at", "content_digest"})
_CORRECTABLE = tuple(c for c in CONCERN_COLUMNS if c not in FIXED_COLUMNS)


class Change(TypedDict):
    old: Any
    new: Any


class AmendmentRow(TypedDict):
    id: int
    concern_id: str
    version: int
    at: str
    account_id: int | None
    reason: str
    changes: dict[str, Change]  # by field path; stored as JSON
    digest: str
    account_name: str | None  # joined from accounts; None for the recovery code


def add(store: Store, row: dict[str, Any]) -> int:
    """Write one correction's row; its id. Call inside `store.transaction()`."""
    values = [
        json.dumps(row[c], ensure_ascii=False, sort_keys=True) if c == "changes" else row[c]
        for c in AMENDMENT_COLUMNS
    ]
    try:
        cur = store.execute(
            f"INSERT INTO amendments ({', '.join(AMENDMENT_COLUMNS)}) "  # noqa: S608 - fixed
            f"VALUES ({', '.join('?' * len(AMENDMENT_COLUMNS))})",
            values,
        )
    except sqlcipher.IntegrityError:
        raise ConcernRejected("the store refused its amendments row") from None
    return int(cur.lastrowid)


def for_concern(store: Store, concern_id: str) -> list[AmendmentRow]:
    """A concern's corrections, oldest first, with the name of the account that made each
    (None when the recovery code was used)."""
    columns = ("id", *AMENDMENT_COLUMNS)
    rows = store.query_all(
        f"SELECT {', '.join('a.' + c for c in columns)}, acc.display_name "  # noqa: S608
        "FROM amendments a LEFT JOIN accounts acc ON acc.id = a.account_id "
        "WHERE a.concern_id = ? ORDER BY a.version",
        (concern_id,),
    )
    found: list[AmendmentRow] = []
    for r in rows:
        row = dict(zip(columns, r[:-1], strict=True))
        found.append(
            {
                "id": row["id"],
                "concern_id": row["concern_id"],
                "version": row["version"],
                "at": row["at"],
                "account_id": row["account_id"],
                "reason": row["reason"],
                "changes": json.loads(row["changes"]),
                "digest": row["digest"],
                "account_name": r[-1],
            }
        )
    return found


def latest(store: Store, concern_id: str) -> tuple[int, str | None]:
    """The concern's current version number and when it was made (None: the original)."""
    row = store.query_one(
        "SELECT version, at FROM amendments WHERE concern_id = ? ORDER BY version DESC LIMIT 1",
        (concern_id,),
    )
    return (int(row[0]), str(row[1])) if row else (1, None)


def others_sharing_young_person(store: Store, concern_id: str) -> int:
    """How many other concerns point at this concern's young person's row."""
    row = store.query_one(
        "SELECT count(*) FROM concerns WHERE id <> ? AND young_person_id = "
        "(SELECT young_person_id FROM concerns WHERE id = ?)",
        (concern_id, concern_id),
    )
    return int(row[0])


# -- bringing the concern's rows up to the corrected version -----------------------------
def _set(store: Store, table: str, columns: dict[str, Any], where: str, key: Any) -> None:
    if not columns:
        return
    names = list(columns)
    try:
        store.execute(
            f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} "  # noqa: S608
            f"WHERE {where}",
            [*(_stored(n, columns[n]) for n in names), key],
        )
    except (sqlcipher.IntegrityError, OverflowError):
        raise ConcernRejected(f"the store refused its {table} row") from None


def update_concern(store: Store, concern_id: str, columns: dict[str, Any]) -> None:
    """Set some of the concern's own columns (never its id, arrival time or digest)."""
    if set(columns) - set(_CORRECTABLE):
        raise ConcernRejected("a correction cannot change that column")
    _set(store, "concerns", columns, "id = ?", concern_id)


def update_young_person(store: Store, concern_id: str, fields: dict[str, Any]) -> None:
    """Set some of the young person's columns, on the row this concern points at."""
    if set(fields) - set(YOUNG_PERSON_COLUMNS):
        raise ConcernRejected("a correction cannot change that column")
    _set(
        store,
        "young_people",
        fields,
        "id = (SELECT young_person_id FROM concerns WHERE id = ?)",
        concern_id,
    )


def replace_indicators(store: Store, concern_id: str, rows: Iterable[dict[str, Any]]) -> None:
    """The concern's checklist answers, replaced whole (rows as `insert_concern` takes)."""
    store.execute("DELETE FROM concern_indicators WHERE concern_id = ?", (concern_id,))
    for row in rows:
        _insert(
            store,
            "concern_indicators",
            ("concern_id", *INDICATOR_COLUMNS),
            {**row, "concern_id": concern_id},
        )


def replace_subjects(
    store: Store, concern_id: str, kinds: Iterable[str], rows: Iterable[dict[str, Any]]
) -> None:
    """The concern's subjects of `kinds` (one list of the model: people, or phone numbers
    and usernames together), replaced whole by `rows`, with their matching keys."""
    kinds = tuple(kinds)
    if not kinds or any(k not in SUBJECT_FIELDS for k in kinds):
        raise ConcernRejected("a subject is of an unknown kind")
    store.execute(
        f"DELETE FROM subjects WHERE concern_id = ? "  # noqa: S608 - fixed marks
        f"AND kind IN ({', '.join('?' * len(kinds))})",
        (concern_id, *kinds),
    )
    for row in rows:
        kind = row["kind"]
        if kind not in kinds:
            raise ConcernRejected("a subject is of an unknown kind")
        full = {c: row.get(c, "") for c in SUBJECT_COLUMNS}
        _insert(
            store,
            "subjects",
            ("concern_id", *SUBJECT_COLUMNS, "normalised"),
            {**full, "concern_id": concern_id, "normalised": normalise(kind, full)},
        )

"""Queries for concerns and their parts, in plain dicts (app/ owns the typed model).

A concern is written as one record: {"concern": {...}, "young_person": {...},
"indicators": [{...}], "subjects": [{...}]}, keyed by the column names below, and read
back in the same shape. Lists of choices (needs, danger) go in and come out as lists and
booleans as booleans; how they are kept (JSON text, 0/1) is this module's business.
`insert_concern` writes several tables: call it inside `store.transaction()`, so a
concern goes in whole or not at all.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any, TypedDict

from sqlcipher3 import dbapi2 as sqlcipher

from db.errors import StoreError
from db.store import Store

YOUNG_PERSON_COLUMNS = (
    "name",
    "known_as",
    "date_of_birth",
    "approximate_age",
    "gender",
    "address",
    "school",
    "carers",
    "needs",
    "needs_details",
    "first_language",
    "home_contact_unsafe",
    "home_contact_unsafe_reason",
)
CONCERN_COLUMNS = (
    "id",
    "checklist_version",
    "created_at",
    "submitted_at",
    "imported_at",
    "status",
    "source",
    "danger",
    "about_adult",
    "called_999",
    "police_reference",
    "happened_on",
    "happened_time",
    "happened_where",
    "how_known",
    "told_by",
    "own_words",
    "observations",
    "actions_taken",
    "phoned_101",
    "computed_tier",
    "recorder_name",
    "recorder_role",
    "recorder_contact",
    "content_digest",
)
INDICATOR_COLUMNS = (
    "position",
    "indicator_id",
    "checklist_version",
    "when_last_seen",
    "how_known",
    "details",
    "found_out_on",
)
SUBJECT_KINDS = ("person", "vehicle", "place", "phone", "username")
SUBJECT_COLUMNS = (
    "kind",
    "position",
    "name",
    "nickname",
    "description",
    "approximate_age",
    "registration",
    "make",
    "colour",
    "details",
    "value",
    "platform",
)
# The columns each kind of subject uses; the rest stay ''.
SUBJECT_FIELDS = {
    "person": ("name", "nickname", "description", "approximate_age"),
    "vehicle": ("registration", "make", "colour", "details"),
    "place": ("description",),
    "phone": ("value", "platform"),
    "username": ("value", "platform"),
}
_JSON_LISTS = {"needs", "danger"}
_BOOLEANS = {"home_contact_unsafe", "called_999", "phoned_101"}


class ConcernRecord(TypedDict):
    """A concern as `insert_concern` takes it and `load_concern` gives it back."""

    concern: dict[str, Any]  # CONCERN_COLUMNS
    young_person: dict[str, Any]  # YOUNG_PERSON_COLUMNS
    indicators: list[dict[str, Any]]  # INDICATOR_COLUMNS each, in order
    subjects: list[dict[str, Any]]  # kind, position and the kind's SUBJECT_FIELDS


class ConcernRejected(StoreError):
    """The store's own rules refused a concern (a duplicate, a value out of range).

    `reason` names the table, never a value.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise(kind: str, subject: dict[str, str]) -> str:
    """The form of a subject compared across concerns and young people."""
    if kind == "vehicle":
        return _compact(subject.get("registration", ""))
    if kind == "phone":
        return phone_key(subject.get("value", ""))
    if kind == "username":
        return _tidy(subject.get("value", "")).lstrip("@").replace(" ", "")
    if kind == "person":
        return _tidy(subject.get("name", "") or subject.get("nickname", ""))
    return _tidy(subject.get("description", ""))


def _compact(text: str) -> str:
    # NFKC folds full-width and other look-alike forms of the same letters and digits.
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def phone_key(text: str) -> str:
    # Digits only, so "Tel 07700 900123" matches "07700900123"; a UK number written
    # internationally ("+44 (0)7700 900123", "0044 …") matches it written at home;
    # "44 7700 900123" with the + left off too (a UK number never starts 44 at home).
    text = unicodedata.normalize("NFKC", text).strip()
    digits = "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())
    if text.startswith("+"):
        digits = "00" + digits
    if digits.startswith("0044"):
        return "0" + digits[4:].removeprefix("0")
    if digits.startswith("44") and (len(digits) == 12 or digits.startswith("440")):
        return "0" + digits[2:].removeprefix("0")
    return digits


def _stored(column: str, value: Any) -> Any:
    if column in _JSON_LISTS:
        return json.dumps(list(value), ensure_ascii=False)
    if column in _BOOLEANS:
        return 1 if value else 0
    return value


def _read(column: str, value: Any) -> Any:
    if column in _JSON_LISTS:
        return list(json.loads(value))
    if column in _BOOLEANS:
        return bool(value)
    return value


def _insert(store: Store, table: str, columns: tuple[str, ...], row: dict[str, Any]) -> int:
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    try:
        cur = store.execute(sql, [_stored(c, row[c]) for c in columns])
    except (sqlcipher.IntegrityError, OverflowError):
        raise ConcernRejected(f"the store refused its {table} row") from None
    return int(cur.lastrowid)


def insert_concern(store: Store, record: ConcernRecord, now: str) -> None:
    """Write a concern and all its parts. Call inside `store.transaction()`."""
    person_id = insert_young_person(store, record["young_person"], now)
    insert_concern_rows(store, record, person_id)


def insert_young_person(store: Store, details: dict[str, Any], created_at: str) -> int:
    """A young person's row; its new id."""
    return _insert(
        store,
        "young_people",
        (*YOUNG_PERSON_COLUMNS, "created_at"),
        {**details, "created_at": created_at},
    )


def insert_concern_rows(store: Store, record: ConcernRecord, young_person_id: int) -> None:
    """A concern, its indicators and its subjects, on an existing young person's record
    (the young person part of `record` is not used)."""
    concern = record["concern"]
    _insert(
        store,
        "concerns",
        (*CONCERN_COLUMNS, "young_person_id"),
        {**concern, "young_person_id": young_person_id},
    )
    for row in record["indicators"]:
        _insert(
            store,
            "concern_indicators",
            ("concern_id", *INDICATOR_COLUMNS),
            {**row, "concern_id": concern["id"]},
        )
    for row in record["subjects"]:
        kind = row["kind"]
        if kind not in SUBJECT_FIELDS:
            raise ConcernRejected("a subject is of an unknown kind")
        full = {c: row.get(c, "") for c in SUBJECT_COLUMNS}
        _insert(
            store,
            "subjects",
            ("concern_id", *SUBJECT_COLUMNS, "normalised"),
            {**full, "concern_id": concern["id"], "normalised": normalise(kind, full)},
        )


def content_digest(store: Store, concern_id: str) -> str | None:
    """The digest stored with a concern, or None when there is no such concern."""
    row = store.query_one("SELECT content_digest FROM concerns WHERE id = ?", (concern_id,))
    return str(row[0]) if row else None


def load_concern(store: Store, concern_id: str) -> ConcernRecord | None:
    """The record `insert_concern` wrote, lists in the order they were written."""
    row = store.query_one(
        f"SELECT {', '.join(CONCERN_COLUMNS)}, young_person_id FROM concerns WHERE id = ?",  # noqa: S608
        (concern_id,),
    )
    if row is None:
        return None
    concern = {c: _read(c, v) for c, v in zip(CONCERN_COLUMNS, row[:-1], strict=True)}
    person_row = store.query_one(
        f"SELECT {', '.join(YOUNG_PERSON_COLUMNS)} FROM young_people WHERE id = ?",  # noqa: S608
        (row[-1],),
    )
    person = {c: _read(c, v) for c, v in zip(YOUNG_PERSON_COLUMNS, person_row, strict=True)}
    indicators = [
        dict(zip(INDICATOR_COLUMNS, r, strict=True))
        for r in store.query_all(
            f"SELECT {', '.join(INDICATOR_COLUMNS)} FROM concern_indicators "  # noqa: S608
            "WHERE concern_id = ? ORDER BY position",
            (concern_id,),
        )
    ]
    subjects = []
    for r in store.query_all(
        f"SELECT {', '.join(SUBJECT_COLUMNS)} FROM subjects "  # noqa: S608
        "WHERE concern_id = ? ORDER BY position, id",
        (concern_id,),
    ):
        full = dict(zip(SUBJECT_COLUMNS, r, strict=True))
        subjects.append(
            {"kind": full["kind"], "position": full["position"]}
            | {c: full[c] for c in SUBJECT_FIELDS[full["kind"]]}
        )
    return {
        "concern": concern,
        "young_person": person,
        "indicators": indicators,
        "subjects": subjects,
    }

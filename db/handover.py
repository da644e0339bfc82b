"""Queries behind handing records over (app/keeping/handover.py): reading one young person's
whole picture out, writing a handed-over picture in, and the handover_imports ledger
(migration 0011).

Plain dicts in and out. Reads use the same column lists and readers as the rest of db/,
so a concern comes out exactly as db.concerns.load_concern gives it. Writers belong
inside the caller's `store.transaction()`, so an import goes in whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict, cast

from db import amendments as amendment_rows
from db import concerns as concern_rows
from db import decisions as decision_rows
from db import young_people as people_rows
from db.concerns import (
    CONCERN_COLUMNS,
    INDICATOR_COLUMNS,
    SUBJECT_COLUMNS,
    SUBJECT_FIELDS,
    YOUNG_PERSON_COLUMNS,
    ConcernRecord,
    _read,  # and its reader: lists and booleans come back as load_concern gives them
)
from db.store import Store

_CHUNK = 500


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class StandingPerson(TypedDict):
    id: int
    name: str
    known_as: str
    date_of_birth: str | None
    approximate_age: int | None
    concerns: int  # how many concerns are on this record


class ImportRow(TypedDict):
    id: int
    bundle_id: str
    imported_at: str
    made_at: str
    from_organisation: str
    young_people: int
    concerns: int
    young_person_ids: list[int]  # stored as JSON
    account_id: int | None


class Picture(TypedDict):
    """One concern of a record being handed over, with all the lead did about it."""

    record: ConcernRecord  # as load_concern gives it
    imported_at: str
    content_digest: str | None
    amendments: list[dict[str, Any]]  # amendments' columns, changes parsed
    review: dict[str, Any] | None  # concern_reviews' columns, or None before a review
    decisions: list[dict[str, Any]]
    referrals: list[dict[str, Any]]
    lado_contacts: list[dict[str, Any]]


class Keeping(TypedDict):
    """What the lead decided about keeping a record (retention review)."""

    cse_alleged: bool
    cse_alleged_on: str | None
    review_after: str | None
    review_after_reason: str


# -- choosing ----------------------------------------------------------------------------
def standing_people(store: Store) -> list[StandingPerson]:
    """Every young person's record that stands (not merged into another), with how many
    concerns are on it, in name order."""
    rows = store.query_all(
        "SELECT p.id, p.name, p.known_as, p.date_of_birth, p.approximate_age, "
        "(SELECT count(*) FROM concerns c WHERE c.young_person_id = p.id) "
        "FROM young_people p WHERE p.merged_into IS NULL "
        "ORDER BY lower(p.name), lower(p.known_as), p.id"
    )
    return [
        {
            "id": row[0],
            "name": row[1],
            "known_as": row[2],
            "date_of_birth": row[3],
            "approximate_age": row[4],
            "concerns": row[5],
        }
        for row in rows
    ]


def count_concerns(store: Store) -> int:
    return int(store.query_one("SELECT count(*) FROM concerns")[0])


# -- reading one young person's picture --------------------------------------------------
def tree(store: Store, root: int) -> list[int]:
    """The record `root` and every record merged into it (and into those), root first."""
    rows = store.query_all(
        "WITH RECURSIVE t(id) AS (SELECT ? UNION SELECT p.id FROM young_people p "
        "JOIN t ON p.merged_into = t.id) SELECT id FROM t",
        (root,),
    )
    found = [int(r[0]) for r in rows]
    return [root, *sorted(i for i in found if i != root)]


def person(store: Store, young_person_id: int) -> people_rows.PersonRow | None:
    return people_rows.load_person(store, young_person_id)


def _grouped(
    store: Store, table: str, columns: Sequence[str], key: str, keys: Sequence[Any], order: str
) -> dict[Any, list[dict[str, Any]]]:
    """Rows of `table` whose `key` is one of `keys`, grouped by it, each group in `order`."""
    found: dict[Any, list[dict[str, Any]]] = {}
    for chunk in _chunks(keys):
        rows = store.query_all(
            f"SELECT {key}, {', '.join(columns)} FROM {table} "  # noqa: S608 - fixed names
            f"WHERE {key} IN ({_marks(chunk)}) ORDER BY {key}, {order}",
            chunk,
        )
        for r in rows:
            found.setdefault(r[0], []).append(dict(zip(columns, r[1:], strict=True)))
    return found


def pictures(store: Store, young_person_ids: Sequence[int]) -> dict[int, list[Picture]]:
    """Every concern on these records, in a few queries (a handover of all records reads
    thousands): young person id → [{"record": as load_concern gives it, "imported_at",
    "content_digest", "amendments", "review", "decisions", "referrals", "lado_contacts"}],
    each record's
    concerns in the order they were started."""
    concerns = _grouped(
        store,
        "concerns",
        CONCERN_COLUMNS,
        "young_person_id",
        young_person_ids,
        "created_at, id",
    )
    people = _grouped(store, "young_people", YOUNG_PERSON_COLUMNS, "id", young_person_ids, "id")
    refs = [c["id"] for rows in concerns.values() for c in rows]
    indicators = _grouped(
        store, "concern_indicators", INDICATOR_COLUMNS, "concern_id", refs, "position"
    )
    subjects = _grouped(store, "subjects", SUBJECT_COLUMNS, "concern_id", refs, "position, id")
    amendments = _grouped(
        store, "amendments", amendment_rows.AMENDMENT_COLUMNS[1:], "concern_id", refs, "version"
    )
    reviews = _grouped(
        store,
        "concern_reviews",
        decision_rows.REVIEW_COLUMNS[1:],
        "concern_id",
        refs,
        "concern_id",
    )
    decisions = _grouped(
        store, "decisions", decision_rows.DECISION_COLUMNS[1:], "concern_id", refs, "id"
    )
    referrals = _grouped(
        store,
        "referrals",
        decision_rows.REFERRAL_COLUMNS[2:],
        "concern_id",
        refs,
        "phoned_at, id",
    )
    lado_contacts = _grouped(
        store,
        "lado_contacts",
        decision_rows.LADO_COLUMNS[2:],
        "concern_id",
        refs,
        "contacted_at, id",
    )
    found: dict[int, list[Picture]] = {}
    for pid, rows in concerns.items():
        person = {c: _read(c, v) for c, v in people[pid][0].items()}
        for row in rows:
            ref = row["id"]
            concern = {c: _read(c, v) for c, v in row.items()}
            for amendment in amendments.get(ref, []):
                amendment["changes"] = json.loads(amendment["changes"])
            found.setdefault(pid, []).append(
                {
                    "record": {
                        "concern": concern,
                        "young_person": dict(person),
                        "indicators": indicators.get(ref, []),
                        "subjects": [
                            {"kind": s["kind"], "position": s["position"]}
                            | {c: s[c] for c in SUBJECT_FIELDS[s["kind"]]}
                            for s in subjects.get(ref, [])
                        ],
                    },
                    "imported_at": concern["imported_at"],
                    "content_digest": concern["content_digest"],
                    "amendments": amendments.get(ref, []),
                    "review": reviews[ref][0] if reviews.get(ref) else None,
                    "decisions": decisions.get(ref, []),
                    "referrals": referrals.get(ref, []),
                    "lado_contacts": lado_contacts.get(ref, []),
                }
            )
    return found


def add_search(store: Store, concern_id: str, body: str) -> None:
    """Index a concern new to this store. (db.records.index_concern first deletes any
    old row, which scans the whole index: thousands of imports would take minutes.)"""
    store.execute("INSERT INTO concern_search (concern_id, body) VALUES (?, ?)", (concern_id, body))


def entries(store: Store, young_person_ids: Sequence[int]) -> list[people_rows.EntryRow]:
    found: list[people_rows.EntryRow] = []
    for pid in young_person_ids:
        found += people_rows.entries_for(store, pid)
    return sorted(found, key=lambda e: int(e["id"]))


def tasks(
    store: Store, young_person_ids: Sequence[int], concern_ids: Sequence[str]
) -> list[decision_rows.TaskRow]:
    """Follow-ups on these records or on these concerns, in id order."""
    found: dict[int, decision_rows.TaskRow] = {}
    columns = decision_rows.TASK_COLUMNS
    for column, values in (("young_person_id", young_person_ids), ("concern_id", concern_ids)):
        for chunk in _chunks(values):
            rows = store.query_all(
                f"SELECT {', '.join(columns)} FROM tasks "  # noqa: S608 - fixed names
                f"WHERE {column} IN ({_marks(chunk)})",
                chunk,
            )
            for r in rows:
                row = cast("decision_rows.TaskRow", dict(zip(columns, r, strict=True)))
                found[int(row["id"])] = row
    return [found[k] for k in sorted(found)]


def merges(store: Store, young_person_ids: Sequence[int]) -> list[people_rows.MergeWithOtherRow]:
    """Merges that stand (not undone) between records of this tree, oldest first."""
    ids = set(young_person_ids)
    found = []
    for pid in young_person_ids:
        for row in people_rows.merges_for(store, pid):
            if row["undone_at"] is None and row["kept_id"] in ids and row["merged_id"] in ids:
                found.append(row)
    unique = {int(r["id"]): r for r in found}
    return [unique[k] for k in sorted(unique)]


# -- the ledger --------------------------------------------------------------------------
def imported_at(store: Store, bundle_id: str) -> str | None:
    row = store.query_one(
        "SELECT imported_at FROM handover_imports WHERE bundle_id = ?", (bundle_id,)
    )
    return str(row[0]) if row else None


def references_in_use(store: Store, references: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(references))):
        rows = store.query_all(
            f"SELECT id FROM concerns WHERE id IN ({_marks(chunk)})",  # noqa: S608
            chunk,
        )
        found |= {str(r[0]) for r in rows}
    return found


def add_import(store: Store, row: dict[str, Any]) -> int:
    cur = store.execute(
        "INSERT INTO handover_imports (bundle_id, imported_at, made_at, from_organisation, "
        "young_people, concerns, young_person_ids, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row["bundle_id"],
            row["imported_at"],
            row["made_at"],
            row["from_organisation"],
            row["young_people"],
            row["concerns"],
            json.dumps(list(row["young_person_ids"])),
            row["account_id"],
        ),
    )
    return int(cur.lastrowid)


def set_import_people(store: Store, import_id: int, young_person_ids: Sequence[int]) -> None:
    store.execute(
        "UPDATE handover_imports SET young_person_ids = ? WHERE id = ?",
        (json.dumps(list(young_person_ids)), import_id),
    )


def add_concern_origin(store: Store, concern_id: str, import_id: int, sender: str) -> None:
    store.execute(
        "INSERT INTO handover_concerns (concern_id, import_id, sender_reference) VALUES (?, ?, ?)",
        (concern_id, import_id, sender),
    )


def imports(store: Store) -> list[ImportRow]:
    rows = store.query_all(
        "SELECT id, bundle_id, imported_at, made_at, from_organisation, young_people, "
        "concerns, young_person_ids, account_id FROM handover_imports ORDER BY id"
    )
    return [
        {
            "id": r[0],
            "bundle_id": r[1],
            "imported_at": r[2],
            "made_at": r[3],
            "from_organisation": r[4],
            "young_people": r[5],
            "concerns": r[6],
            "young_person_ids": list(json.loads(r[7])),
            "account_id": r[8],
        }
        for r in rows
    ]


def sender_references(store: Store, import_id: int) -> dict[str, str]:
    """Local reference → the sender's, for one import."""
    rows = store.query_all(
        "SELECT concern_id, sender_reference FROM handover_concerns WHERE import_id = ?",
        (import_id,),
    )
    return {str(a): str(b) for a, b in rows}


# -- writing a handed-over picture -------------------------------------------------------
def add_person(store: Store, details: dict[str, Any], created_at: str) -> int:
    """A young person's record; its new id."""
    return concern_rows.insert_young_person(store, details, created_at)


def set_merged_into(store: Store, young_person_id: int, kept_id: int) -> None:
    people_rows.set_merged_into(store, young_person_id, kept_id)


def add_concern(store: Store, record: ConcernRecord, young_person_id: int) -> None:
    """A concern's rows (the shape insert_concern takes), on an existing young person."""
    concern_rows.insert_concern_rows(store, record, young_person_id)


def add_amendment(store: Store, row: dict[str, Any]) -> int:
    return amendment_rows.add(store, row)


def save_review(store: Store, row: decision_rows.ReviewRow) -> None:
    decision_rows.save_review(store, row)


def add_decision(store: Store, row: dict[str, Any]) -> int:
    return decision_rows.add_decision(store, row)


def add_referral(store: Store, row: dict[str, Any]) -> int:
    return decision_rows.add_referral(store, row)


def add_lado_contact(store: Store, row: dict[str, Any]) -> int:
    return decision_rows.add_lado_contact(store, row)


def add_task(store: Store, row: dict[str, Any]) -> int:
    return decision_rows.add_task(store, row)


def add_entry(store: Store, row: dict[str, Any]) -> int:
    return people_rows.add_entry(store, row)


def add_merge(store: Store, row: dict[str, Any]) -> int:
    return people_rows.add_merge(store, row)


# -- what the lead decided about keeping the records (retention review) -------------------
def keeping(store: Store, young_person_id: int) -> Keeping:
    """CSE alleged, and a later review date with its reason, for a standing record
    (merged duplicates included): the receiving site must keep the records as long."""
    from db import retention

    found = retention.facts(store, [young_person_id])
    if not found:
        return {
            "cse_alleged": False,
            "cse_alleged_on": None,
            "review_after": None,
            "review_after_reason": "",
        }
    fact = found[0]
    return {
        "cse_alleged": bool(fact["cse_alleged"]),
        "cse_alleged_on": fact["cse_alleged_on"],
        "review_after": fact["review_after"],
        "review_after_reason": fact["review_after_reason"] or "",
    }


def set_keeping(store: Store, young_person_id: int, kept: Keeping, now: str) -> None:
    """Carry the sender's keeping decisions onto the new record (nobody here made them,
    so no account is named)."""
    from db import retention

    if kept["cse_alleged"]:
        retention.set_cse_alleged(store, young_person_id, kept["cse_alleged_on"] or now, None)
    if kept["review_after"]:
        retention.set_review_after(
            store, young_person_id, kept["review_after"], kept["review_after_reason"], now, None
        )

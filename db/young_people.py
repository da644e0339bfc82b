"""Queries behind a young person's page: their details, their concerns and chronology
entries, possible duplicates, and merging two records (and undoing it).

Plain dicts and tuples out (the rows read are the TypedDicts below, each key a column of
its *_COLUMNS); app/casework/young_people.py owns the rules and the words. Writes
(`add_entry`, `move`, `set_merged_into`, `add_merge`, `mark_undone`) belong inside the
caller's `store.transaction()`, so a merge moves everything or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TypedDict, cast

from db.concerns import YOUNG_PERSON_COLUMNS
from db.store import Store

PERSON_COLUMNS = ("id", *YOUNG_PERSON_COLUMNS, "created_at", "merged_into")
ENTRY_COLUMNS = (
    "id",
    "young_person_id",
    "happened_on",
    "kind",
    "summary",
    "recorded_at",
    "account_id",
)
ENTRY_READ_COLUMNS = (*ENTRY_COLUMNS, "account_name")
MERGE_COLUMNS = (
    "id",
    "kept_id",
    "merged_id",
    "at",
    "account_id",
    "different_dob",
    "concern_ids",
    "entry_ids",
    "task_ids",
    "undone_at",
    "undone_by",
)
MERGE_WITH_OTHER_COLUMNS = (*MERGE_COLUMNS, "other_name", "other_known_as", "other_date_of_birth")
CONCERN_COLUMNS = (
    "id",
    "created_at",
    "happened_on",
    "status",
    "source",
    "computed_tier",
    "lead_tier",
    "review_status",
    "checklist_version",
    "danger",
    "own_words",
    "observations",
)
CANDIDATE_COLUMNS = ("id", "name", "known_as", "date_of_birth", "approximate_age")
# Tables whose rows belong to a young person and move with them on a merge.
MOVABLE: dict[str, Literal["concern_ids", "entry_ids", "task_ids"]] = {
    "concerns": "concern_ids",
    "chronology_entries": "entry_ids",
    "tasks": "task_ids",
}
# Enough of each text for a one-line summary; the rest stays in the store.
SUMMARY_CHARS = 400
_CHUNK = 500
_JSON_LISTS = {"needs", "danger", "concern_ids", "entry_ids", "task_ids"}
_BOOLEANS = {"home_contact_unsafe", "different_dob"}
INDICATOR_COLUMNS = (
    "concern_id",
    "indicator_id",
    "checklist_version",
    "when_last_seen",
    "how_known",
    "found_out_on",
)


class PersonRow(TypedDict):
    id: int
    name: str
    known_as: str
    date_of_birth: str | None
    approximate_age: int | None
    gender: str
    address: str
    school: str
    carers: str
    needs: list[str]  # stored as JSON
    needs_details: str
    first_language: str
    home_contact_unsafe: bool
    home_contact_unsafe_reason: str
    created_at: str
    merged_into: int | None


class ConcernSummaryRow(TypedDict):
    id: str
    created_at: str
    happened_on: str | None
    status: str
    source: str
    computed_tier: str
    lead_tier: str | None
    review_status: str
    checklist_version: int
    danger: list[str]  # stored as JSON
    own_words: str  # the first SUMMARY_CHARS
    observations: str  # the first SUMMARY_CHARS


class IndicatorRow(TypedDict):
    concern_id: str
    indicator_id: str
    checklist_version: int
    when_last_seen: str
    how_known: str
    found_out_on: str | None


class EntryRow(TypedDict):
    id: int
    young_person_id: int
    happened_on: str
    kind: str
    summary: str
    recorded_at: str
    account_id: int | None
    account_name: str | None  # joined from accounts; None for the recovery code


class CandidateRow(TypedDict):
    id: int
    name: str
    known_as: str
    date_of_birth: str | None
    approximate_age: int | None


class MergeRow(TypedDict):
    id: int
    kept_id: int
    merged_id: int
    at: str
    account_id: int | None
    different_dob: bool
    concern_ids: list[str]  # stored as JSON
    entry_ids: list[int]
    task_ids: list[int]
    undone_at: str | None
    undone_by: int | None


class MergeWithOtherRow(MergeRow):
    other_name: str
    other_known_as: str
    other_date_of_birth: str | None


def _read(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(columns, row, strict=True))
    for key in _JSON_LISTS & found.keys():
        found[key] = list(json.loads(found[key] or "[]"))
    for key in _BOOLEANS & found.keys():
        found[key] = bool(found[key])
    return found


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- reading -----------------------------------------------------------------------------
def load_person(store: Store, young_person_id: int) -> PersonRow | None:
    row = store.query_one(
        f"SELECT {', '.join(PERSON_COLUMNS)} FROM young_people WHERE id = ?",  # noqa: S608
        (young_person_id,),
    )
    return cast("PersonRow", _read(PERSON_COLUMNS, row)) if row else None


def record_needs(store: Store, concern_id: str) -> list[str]:
    """The additional needs recorded on every young person row that stands for the same
    person as the concern's: the row it is on, the rows merged into it (however deep),
    and the row it was merged into, followed to the end. One query, for the screening
    floor (cse-facts.md §8.3 rule 7)."""
    rows = store.query_all(
        "WITH RECURSIVE up(id, merged_into) AS ("
        " SELECT p.id, p.merged_into FROM young_people p"
        " JOIN concerns c ON c.young_person_id = p.id WHERE c.id = ?"
        " UNION SELECT p.id, p.merged_into FROM young_people p JOIN up ON p.id = up.merged_into),"
        " family(id) AS (SELECT id FROM up WHERE merged_into IS NULL"
        " UNION SELECT p.id FROM young_people p JOIN family f ON p.merged_into = f.id)"
        " SELECT needs FROM young_people WHERE id IN (SELECT id FROM family)"
        " OR id IN (SELECT id FROM up)",
        (concern_id,),
    )
    found: list[str] = []
    for (needs,) in rows:
        found += [n for n in json.loads(needs or "[]") if n not in found]
    return found


def young_person_of_concern(store: Store, concern_id: str) -> int | None:
    row = store.query_one("SELECT young_person_id FROM concerns WHERE id = ?", (concern_id,))
    return int(row[0]) if row else None


def concerns_for(store: Store, young_person_id: int) -> list[ConcernSummaryRow]:
    """Every concern about one young person, with the tier the lead set (if any) and
    where it stands; the first SUMMARY_CHARS of the own words and observations."""
    rows = store.query_all(
        "SELECT c.id, c.created_at, c.happened_on, c.status, c.source, c.computed_tier, "  # noqa: S608
        "r.lead_tier, coalesce(r.status, 'new'), c.checklist_version, c.danger, "
        f"substr(c.own_words, 1, {SUMMARY_CHARS}), substr(c.observations, 1, {SUMMARY_CHARS}) "
        "FROM concerns c LEFT JOIN concern_reviews r ON r.concern_id = c.id "
        "WHERE c.young_person_id = ? ORDER BY c.created_at, c.id",
        (young_person_id,),
    )
    return [cast("ConcernSummaryRow", _read(CONCERN_COLUMNS, row)) for row in rows]


def indicators_for(store: Store, concern_ids: Iterable[str]) -> list[IndicatorRow]:
    """The checklist answers of these concerns, each concern's in the order written."""
    columns = INDICATOR_COLUMNS
    found: list[IndicatorRow] = []
    for chunk in _chunks(sorted(set(concern_ids))):
        rows = store.query_all(
            f"SELECT {', '.join(columns)} FROM concern_indicators "  # noqa: S608
            f"WHERE concern_id IN ({_marks(chunk)}) ORDER BY concern_id, position",
            chunk,
        )
        found += [cast("IndicatorRow", dict(zip(columns, row, strict=True))) for row in rows]
    return found


def _entries(store: Store, where: str, params: Sequence[Any]) -> list[EntryRow]:
    columns = ENTRY_READ_COLUMNS
    rows = store.query_all(
        f"SELECT {', '.join('e.' + c for c in ENTRY_COLUMNS)}, a.display_name "  # noqa: S608
        "FROM chronology_entries e LEFT JOIN accounts a ON a.id = e.account_id "
        f"WHERE {where} ORDER BY e.happened_on, e.id",
        params,
    )
    return [cast("EntryRow", _read(columns, row)) for row in rows]


def entries_for(store: Store, young_person_id: int) -> list[EntryRow]:
    """The entries on one young person's chronology, with who recorded each ('' when
    the records were unlocked with the recovery code)."""
    return _entries(store, "e.young_person_id = ?", (young_person_id,))


def load_entry(store: Store, entry_id: int) -> EntryRow | None:
    found = _entries(store, "e.id = ?", (entry_id,))
    return found[0] if found else None


def candidates(store: Store, date_of_birth: str | None, exclude: int) -> list[CandidateRow]:
    """Standing records (not merged into another) that could be the same young person:
    those with this date of birth, and those with none (or every record, when this one
    has no date of birth). app/ decides by name."""
    where = "merged_into IS NULL AND id <> ? AND "
    params: list[Any] = [exclude]
    if date_of_birth:
        where += "(date_of_birth = ? OR date_of_birth IS NULL)"
        params.append(date_of_birth)
    else:
        where += "1"
    rows = store.query_all(
        f"SELECT {', '.join(CANDIDATE_COLUMNS)} FROM young_people WHERE {where} "  # noqa: S608
        "ORDER BY id",
        params,
    )
    return [cast("CandidateRow", dict(zip(CANDIDATE_COLUMNS, row, strict=True))) for row in rows]


def concern_counts(store: Store, young_person_ids: Iterable[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(set(young_person_ids))):
        rows = store.query_all(
            "SELECT young_person_id, count(*) FROM concerns "  # noqa: S608
            f"WHERE young_person_id IN ({_marks(chunk)}) GROUP BY young_person_id",
            chunk,
        )
        found.update((int(p), int(n)) for p, n in rows)
    return found


# -- chronology entries ------------------------------------------------------------------
def add_entry(store: Store, row: dict[str, Any]) -> int:
    columns = ENTRY_COLUMNS[1:]
    cur = store.execute(
        f"INSERT INTO chronology_entries ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({_marks(columns)})",
        [row[c] for c in columns],
    )
    return int(cur.lastrowid)


# -- merging -----------------------------------------------------------------------------
def ids_on(store: Store, table: str, young_person_id: int) -> list[Any]:
    """The ids of `table`'s rows that belong to this young person, in id order."""
    if table not in MOVABLE:
        raise ValueError("not a table that moves with a young person")
    rows = store.query_all(
        f"SELECT id FROM {table} WHERE young_person_id = ? ORDER BY id",  # noqa: S608
        (young_person_id,),
    )
    return [r[0] for r in rows]


def count_on(store: Store, table: str, ids: Sequence[Any], young_person_id: int) -> int:
    """How many of these rows of `table` belong to this young person now."""
    if table not in MOVABLE:
        raise ValueError("not a table that moves with a young person")
    total = 0
    for chunk in _chunks(ids):
        total += int(
            store.query_one(
                f"SELECT count(*) FROM {table} "  # noqa: S608
                f"WHERE young_person_id = ? AND id IN ({_marks(chunk)})",
                [young_person_id, *chunk],
            )[0]
        )
    return total


def move(store: Store, table: str, ids: Sequence[Any], from_id: int, to_id: int) -> int:
    """Give these rows of `table` (now with `from_id`) to `to_id`; how many moved."""
    if table not in MOVABLE:
        raise ValueError("not a table that moves with a young person")
    moved = 0
    for chunk in _chunks(ids):
        cur = store.execute(
            f"UPDATE {table} SET young_person_id = ? "  # noqa: S608
            f"WHERE young_person_id = ? AND id IN ({_marks(chunk)})",
            [to_id, from_id, *chunk],
        )
        moved += int(cur.rowcount)
    return moved


def set_merged_into(store: Store, young_person_id: int, kept_id: int | None) -> None:
    store.execute(
        "UPDATE young_people SET merged_into = ? WHERE id = ?", (kept_id, young_person_id)
    )


def add_merge(store: Store, row: dict[str, Any]) -> int:
    columns = MERGE_COLUMNS[1:9]
    values = [
        json.dumps(list(row[c]))
        if c in _JSON_LISTS
        else (int(row[c]) if c in _BOOLEANS else row[c])
        for c in columns
    ]
    cur = store.execute(
        f"INSERT INTO young_person_merges ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({_marks(columns)})",
        values,
    )
    return int(cur.lastrowid)


def load_merge(store: Store, merge_id: int) -> MergeRow | None:
    row = store.query_one(
        f"SELECT {', '.join(MERGE_COLUMNS)} FROM young_person_merges WHERE id = ?",  # noqa: S608
        (merge_id,),
    )
    return cast("MergeRow", _read(MERGE_COLUMNS, row)) if row else None


def merges_for(store: Store, young_person_id: int) -> list[MergeWithOtherRow]:
    """Merges this record took part in (kept or merged), oldest first, each with the
    other record's name and date of birth."""
    columns = MERGE_WITH_OTHER_COLUMNS
    rows = store.query_all(
        f"SELECT {', '.join('m.' + c for c in MERGE_COLUMNS)}, p.name, p.known_as, "  # noqa: S608
        "p.date_of_birth FROM young_person_merges m JOIN young_people p "
        "ON p.id = CASE WHEN m.kept_id = ? THEN m.merged_id ELSE m.kept_id END "
        "WHERE m.kept_id = ? OR m.merged_id = ? ORDER BY m.id",
        (young_person_id, young_person_id, young_person_id),
    )
    return [cast("MergeWithOtherRow", _read(columns, row)) for row in rows]


def mark_undone(store: Store, merge_id: int, at: str, account_id: int | None) -> bool:
    cur = store.execute(
        "UPDATE young_person_merges SET undone_at = ?, undone_by = ? "
        "WHERE id = ? AND undone_at IS NULL",
        (at, account_id, merge_id),
    )
    return int(cur.rowcount) == 1

"""Queries behind the retention review: the facts each young person's review date is
worked out from, the lead's two decisions (CSE was alleged; a later review date), and
deleting everything about one young person after a review.

Plain dicts out; app/keeping/retention.py owns the rules and the words. Writes belong inside the
caller's `store.transaction()`: a deletion removes everything or nothing.

A "family" is a standing record (not merged into another) and every record merged into
it, followed down: the records of one young person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypedDict, cast

from db.store import Store

_CHUNK = 500

# Everything that can hold a young person's details, in the order deleted (children
# before the rows they point at). tests/unit/keeping/test_retention.py checks that every table
# with a foreign key to concerns or young_people is here, so a new table cannot be left
# out silently; a table left out would make the deletion fail, never leave orphans.
BY_CONCERN = (
    "handover_concerns",  # what a handover brought in (0011); not in older schemas
    "concern_search",
    "amendments",
    "decisions",
    "referrals",
    "lado_contacts",
    "tasks",
    "concern_reviews",
    "concern_indicators",
    "subjects",
)
BY_PERSON = ("tasks", "chronology_entries")
# The counts an audit entry and the confirmation may show (numbers only).
COUNTED = (
    "concerns",
    "chronology_entries",
    "decisions",
    "referrals",
    "lado_contacts",
    "tasks",
    "amendments",
)

# Per standing record: its own details and what its family's records add up to.
# Latest record: the latest day anything about them was recorded or happened.
_FACTS = """
WITH RECURSIVE family(root, id) AS (
    SELECT id, id FROM young_people WHERE merged_into IS NULL {family}
    UNION
    SELECT f.root, y.id FROM young_people y JOIN family f ON y.merged_into = f.id
),
days(root, day) AS (
    -- max(a, b) with a NULL is NULL in SQLite: coalesce the columns that may be empty.
    SELECT f.root, max(substr(c.imported_at, 1, 10), coalesce(c.happened_on, ''))
        FROM family f JOIN concerns c ON c.young_person_id = f.id
    UNION ALL SELECT f.root, substr(d.at, 1, 10) FROM family f
        JOIN concerns c ON c.young_person_id = f.id JOIN decisions d ON d.concern_id = c.id
    UNION ALL SELECT f.root, max(substr(r.phoned_at, 1, 10),
                                 substr(coalesce(r.written_sent_at, ''), 1, 10))
        FROM family f JOIN concerns c ON c.young_person_id = f.id
        JOIN referrals r ON r.concern_id = c.id
    UNION ALL SELECT f.root, substr(l.contacted_at, 1, 10) FROM family f
        JOIN concerns c ON c.young_person_id = f.id JOIN lado_contacts l ON l.concern_id = c.id
    UNION ALL SELECT f.root, substr(a.at, 1, 10) FROM family f
        JOIN concerns c ON c.young_person_id = f.id JOIN amendments a ON a.concern_id = c.id
    UNION ALL SELECT f.root, max(substr(e.recorded_at, 1, 10), e.happened_on) FROM family f
        JOIN chronology_entries e ON e.young_person_id = f.id
    UNION ALL SELECT f.root, max(substr(t.created_at, 1, 10),
                                 substr(coalesce(t.done_at, ''), 1, 10))
        FROM family f JOIN tasks t ON t.young_person_id = f.id
    UNION ALL SELECT f.root, max(substr(y.created_at, 1, 10),
                                 substr(coalesce(y.cse_alleged_at, ''), 1, 10))
        FROM family f JOIN young_people y ON y.id = f.id
),
latest(root, day) AS (
    SELECT root, max(day) FROM days WHERE day IS NOT NULL AND day <> '' GROUP BY root
),
alleged(root, on_day, by_name) AS (
    -- min() picks the first mark; SQLite takes by_name from that same row.
    SELECT f.root, min(substr(y.cse_alleged_at, 1, 10)), a.display_name FROM family f
        JOIN young_people y ON y.id = f.id LEFT JOIN accounts a ON a.id = y.cse_alleged_by
    WHERE y.cse_alleged = 1 GROUP BY f.root
),
referred(root) AS (
    SELECT f.root FROM family f JOIN concerns c ON c.young_person_id = f.id
        JOIN referrals r ON r.concern_id = c.id
    UNION
    SELECT f.root FROM family f JOIN concerns c ON c.young_person_id = f.id
        JOIN lado_contacts l ON l.concern_id = c.id
    UNION
    SELECT f.root FROM family f JOIN concerns c ON c.young_person_id = f.id
        JOIN decisions d ON d.concern_id = c.id
    WHERE d.status = 'referred' OR d.referred_to <> ''
),
counted(root, n) AS (
    SELECT f.root, count(*) FROM family f JOIN concerns c ON c.young_person_id = f.id
    GROUP BY f.root
),
others(root, list) AS (
    SELECT f.root, json_group_array(json_array(y.date_of_birth, y.approximate_age,
                                               substr(y.created_at, 1, 10)))
    FROM family f JOIN young_people y ON y.id = f.id WHERE y.id <> f.root GROUP BY f.root
)
SELECT p.id, p.name, p.known_as, p.date_of_birth, p.approximate_age,
    substr(p.created_at, 1, 10),
    p.review_after, p.review_after_reason, p.review_after_at, ra.display_name,
    al.root IS NOT NULL, al.on_day, al.by_name,
    rf.root IS NOT NULL,
    la.day,
    coalesce(n.n, 0),
    ot.list
FROM young_people p LEFT JOIN accounts ra ON ra.id = p.review_after_by
    LEFT JOIN alleged al ON al.root = p.id
    LEFT JOIN referred rf ON rf.root = p.id
    LEFT JOIN latest la ON la.root = p.id
    LEFT JOIN counted n ON n.root = p.id
    LEFT JOIN others ot ON ot.root = p.id
WHERE p.merged_into IS NULL {main}
ORDER BY p.id
"""
FACT_COLUMNS = (
    "id",
    "name",
    "known_as",
    "date_of_birth",
    "approximate_age",
    "created_on",
    "review_after",
    "review_after_reason",
    "review_after_at",
    "review_after_by_name",
    "cse_alleged",
    "cse_alleged_on",
    "cse_alleged_by_name",
    "referral_made",
    "latest_day",
    "concerns",
    "others",
)


class Facts(TypedDict):
    """One standing record's facts for its review date (app/keeping/retention.py's rules)."""

    id: int
    name: str
    known_as: str
    date_of_birth: str | None
    approximate_age: int | None
    created_on: str
    review_after: str | None
    review_after_reason: str
    review_after_at: str | None
    review_after_by_name: str | None
    cse_alleged: bool
    cse_alleged_on: str | None
    cse_alleged_by_name: str | None
    referral_made: bool
    latest_day: str | None
    concerns: int
    # (date of birth, approximate age, created on) of each record merged into it
    others: list[tuple[str | None, int | None, str]]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- reading -----------------------------------------------------------------------------
def facts(store: Store, young_person_ids: Sequence[int] | None = None) -> list[Facts]:
    """The facts for these standing records, or for every standing record (None)."""
    import json

    if young_person_ids is None:
        rows = store.query_all(_FACTS.format(family="", main=""))
    else:
        rows = []
        for chunk in _chunks(young_person_ids):
            marks = _marks(chunk)
            sql = _FACTS.format(family=f"AND id IN ({marks})", main=f"AND p.id IN ({marks})")
            rows += store.query_all(sql, [*chunk, *chunk])
        rows.sort(key=lambda r: r[0])
    found: list[Facts] = []
    for row in rows:
        item = dict(zip(FACT_COLUMNS, row, strict=True))
        item["cse_alleged"] = bool(item["cse_alleged"])
        item["referral_made"] = bool(item["referral_made"])
        item["others"] = [tuple(o) for o in json.loads(item["others"] or "[]")]
        found.append(cast("Facts", item))
    return found


def maybe_due(store: Store, today: str) -> list[int]:
    """Standing records whose review date could have come by `today`: a cheap first
    look, so the To do page need not work out every date. Never leaves one out: the
    review date is never before the 25th birthday of the record's own date of birth,
    nor before the estimate from its own approximate age; a record with neither is
    always looked at. SQLite's date() turns 29 February into 1 March, as add_years."""
    rows = store.query_all(
        "SELECT id FROM young_people WHERE merged_into IS NULL AND ("
        " (date_of_birth IS NOT NULL AND date(date_of_birth, '+25 years') <= ?)"
        " OR (date_of_birth IS NULL AND approximate_age IS NOT NULL AND "
        "     date(substr(created_at, 1, 10), printf('%+d years', 25 - approximate_age)) <= ?)"
        " OR (date_of_birth IS NULL AND approximate_age IS NULL)) ORDER BY id",
        (today, today),
    )
    return [int(r[0]) for r in rows]


def family(store: Store, young_person_id: int) -> list[int]:
    """This record and every record merged into it (followed down), ids in order."""
    rows = store.query_all(
        "WITH RECURSIVE family(id) AS (SELECT ? UNION "
        "SELECT y.id FROM young_people y JOIN family f ON y.merged_into = f.id) "
        "SELECT id FROM family ORDER BY id",
        (young_person_id,),
    )
    return [int(r[0]) for r in rows]


def concern_ids(store: Store, people: Sequence[int]) -> list[str]:
    found: list[str] = []
    for chunk in _chunks(people):
        found += [
            str(r[0])
            for r in store.query_all(
                f"SELECT id FROM concerns WHERE young_person_id IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )
        ]
    return sorted(found)


def counts(store: Store, people: Sequence[int]) -> dict[str, int]:
    """How many rows of each kind are about these records (numbers only)."""
    concerns = concern_ids(store, people)
    found = {"concerns": len(concerns), "young_people": len(set(people))}
    for table in (
        "decisions",
        "referrals",
        "lado_contacts",
        "amendments",
        "concern_indicators",
        "subjects",
    ):
        found[table] = _count_by(store, table, "concern_id", concerns)
    found["chronology_entries"] = _count_by(store, "chronology_entries", "young_person_id", people)
    tasks: set[str] = set()
    for column, values in (("concern_id", concerns), ("young_person_id", people)):
        for chunk in _chunks(values):
            tasks.update(
                r[0]
                for r in store.query_all(
                    f"SELECT id FROM tasks WHERE {column} IN ({_marks(chunk)})",  # noqa: S608
                    chunk,
                )
            )
    found["tasks"] = len(tasks)
    found["merges"] = _merges(store, people, count=True)
    return found


def _count_by(store: Store, table: str, column: str, values: Sequence[Any]) -> int:
    total = 0
    for chunk in _chunks(values):
        total += int(
            store.query_one(
                f"SELECT count(*) FROM {table} WHERE {column} IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )[0]
        )
    return total


def _merges(store: Store, people: Sequence[int], *, count: bool) -> int:
    total = 0
    for chunk in _chunks(people):
        marks = _marks(chunk)
        verb = "SELECT count(*) FROM" if count else "DELETE FROM"
        cur = store.execute(
            f"{verb} young_person_merges WHERE kept_id IN ({marks}) OR merged_id IN ({marks})",
            [*chunk, *chunk],
        )
        total += int(cur.fetchone()[0]) if count else int(cur.rowcount)
    return total


# -- the lead's decisions ----------------------------------------------------------------
def set_cse_alleged(store: Store, young_person_id: int, at: str, account_id: int | None) -> bool:
    """Mark the record; False when it was marked already (the first mark stands)."""
    cur = store.execute(
        "UPDATE young_people SET cse_alleged = 1, cse_alleged_at = ?, cse_alleged_by = ? "
        "WHERE id = ? AND cse_alleged = 0",
        (at, account_id, young_person_id),
    )
    return int(cur.rowcount) == 1


def set_review_after(
    store: Store, young_person_id: int, day: str, reason: str, at: str, account_id: int | None
) -> None:
    store.execute(
        "UPDATE young_people SET review_after = ?, review_after_reason = ?, "
        "review_after_at = ?, review_after_by = ? WHERE id = ?",
        (day, reason, at, account_id, young_person_id),
    )


# -- deleting ----------------------------------------------------------------------------
def delete_people(store: Store, people: Sequence[int]) -> dict[str, int]:
    """Delete these young people's records and everything about them; what was deleted,
    counted. Call inside `store.transaction()`, after checking the lead's passphrase.

    The ids go into `retention_deletion` first (the kept-as-written triggers let these
    rows, and only these, go) and come out again before returning, so the table is
    empty at the commit. Foreign keys are checked at the commit, so records merged into
    each other can go in any order.
    """
    people = sorted(set(people))
    store.execute("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
    for chunk in _chunks(people):
        store.execute(
            f"INSERT INTO retention_deletion (young_person_id) VALUES "  # noqa: S608
            f"{', '.join('(?)' for _ in chunk)}",
            chunk,
        )
    concerns = concern_ids(store, people)
    deleted = {"young_people": 0, "concerns": 0}
    subjects = _subject_ids(store, concerns)
    for table in _present(store, BY_CONCERN):
        deleted[table] = _delete_by(store, table, "concern_id", concerns)
    for table in BY_PERSON:
        deleted[table] = deleted.get(table, 0) + _delete_by(store, table, "young_person_id", people)
    deleted["merges"] = _merges(store, people, count=False)
    deleted["concerns"] = _delete_by(store, "concerns", "id", concerns)
    deleted["young_people"] = _delete_by(store, "young_people", "id", people)
    _forget_matching_keys(store, subjects)
    store.execute("DELETE FROM retention_deletion")
    return deleted


def _present(store: Store, tables: Sequence[str]) -> list[str]:
    """These tables, less any this store's schema does not have."""
    names = {r[0] for r in store.query_all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in tables if t in names]


def _delete_by(store: Store, table: str, column: str, values: Sequence[Any]) -> int:
    total = 0
    for chunk in _chunks(values):
        cur = store.execute(
            f"DELETE FROM {table} WHERE {column} IN ({_marks(chunk)})",  # noqa: S608
            chunk,
        )
        total += max(0, int(cur.rowcount))
    return total


def _subject_ids(store: Store, concerns: Sequence[str]) -> list[int]:
    found: list[int] = []
    for chunk in _chunks(concerns):
        found += [
            int(r[0])
            for r in store.query_all(
                f"SELECT id FROM subjects WHERE concern_id IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )
        ]
    return found


def _forget_matching_keys(store: Store, subjects: Sequence[int]) -> None:
    """Matching keeps words of names in a TEMP table (in memory, this connection only;
    db/matching.py): drop the deleted subjects' keys now rather than at the next rebuild."""
    if not subjects or not store.query_one(
        "SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'matching_keys'"
    ):
        return
    _delete_by(store, "temp.matching_keys", "subject_id", subjects)


def pending_deletions(store: Store) -> int:
    """Rows left in retention_deletion: always 0 outside a deletion."""
    return int(store.query_one("SELECT count(*) FROM retention_deletion")[0])


def referencing_tables(store: Store) -> dict[str, set[str]]:
    """Every table with a foreign key to concerns or young_people, and which of the two."""
    found: dict[str, set[str]] = {}
    for (table,) in store.query_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ):
        for row in store.query_all("SELECT * FROM pragma_foreign_key_list(?)", (table,)):
            if row[2] in ("concerns", "young_people"):
                found.setdefault(str(table), set()).add(str(row[2]))
    return found

"""Queries behind "seen in other records".

Registrations, phone numbers and usernames are found through the `subjects_match` index on
(kind, normalised). Names and places are matched by similarity and by postcode, which no
index on the stored text can answer; for them the caller's own keys (words of names,
folded place text, postcodes) are kept in a TEMP table: in memory (temp_store = MEMORY),
private to this connection, gone when the store is locked. It is filled on first use and
topped up with each new subject; TEMP triggers mark it stale if a subject is ever changed
or removed, and it is then rebuilt.

Everything here returns candidates, never verdicts: app/casework/matching.py recomputes its keys
from the raw columns and decides. A query may return too much, never too little.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from db.store import Store

# Above any character that can follow a prefix, so [prefix, prefix + TOP) is "starts with".
TOP = chr(0x10FFFF)
# Well under SQLite's limit on bound parameters; long IN lists stay index lookups.
_CHUNK = 500
_COLUMNS = "id, concern_id, kind, name, nickname, description, registration, value, platform"

_TEMP_SCHEMA = (
    """CREATE TEMP TABLE IF NOT EXISTS matching_keys (
        key         TEXT NOT NULL,
        subject_id  INTEGER NOT NULL,
        PRIMARY KEY (key, subject_id)
    ) WITHOUT ROWID""",
    """CREATE TEMP TABLE IF NOT EXISTS matching_state (
        one         INTEGER PRIMARY KEY CHECK (one = 1),
        last_id     INTEGER NOT NULL,
        stale       INTEGER NOT NULL
    )""",
    # Subjects are written once (a correction is a new version), but if one is ever
    # changed or deleted the keys may be wrong: say so, and the next use rebuilds them.
    """CREATE TEMP TRIGGER IF NOT EXISTS matching_on_update AFTER UPDATE ON main.subjects
    BEGIN UPDATE matching_state SET stale = 1; END""",
    """CREATE TEMP TRIGGER IF NOT EXISTS matching_on_delete AFTER DELETE ON main.subjects
    BEGIN UPDATE matching_state SET stale = 1; END""",
)


class SubjectRow(NamedTuple):
    """One named subject, with the raw columns its kind uses ('' for the rest)."""

    id: int
    concern_id: str
    kind: str
    name: str
    nickname: str
    description: str
    registration: str
    value: str
    platform: str


def _rows(store: Store, where: str, params: Sequence[object]) -> list[SubjectRow]:
    sql = f"SELECT {_COLUMNS} FROM subjects WHERE {where}"  # noqa: S608 - fixed text
    return [SubjectRow(*row) for row in store.query_all(sql, params)]


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


# -- through the stored `normalised` ----------------------------------------------------
def subjects_of(store: Store, concern_ids: Iterable[str]) -> list[SubjectRow]:
    """Every subject the given concerns name."""
    found: list[SubjectRow] = []
    for chunk in _chunks(concern_ids):
        found += _rows(store, f"concern_id IN ({_marks(chunk)}) ORDER BY concern_id, id", chunk)
    return found


def with_normalised(store: Store, kind: str, values: Iterable[str]) -> list[SubjectRow]:
    """Subjects of `kind` whose stored `normalised` is exactly one of `values`."""
    found: list[SubjectRow] = []
    for chunk in _chunks(v for v in values if v):
        found += _rows(store, f"kind = ? AND normalised IN ({_marks(chunk)})", [kind, *chunk])
    return found


def starting_with(store: Store, kind: str, prefixes: Iterable[str]) -> list[SubjectRow]:
    """Subjects of `kind` whose stored `normalised` starts with one of `prefixes` (a
    range on the index: a number typed with a word after it is still found)."""
    found: list[SubjectRow] = []
    for prefix in sorted({p for p in prefixes if p}):
        found += _rows(
            store,
            "kind = ? AND normalised >= ? AND normalised < ?",
            (kind, prefix, prefix + TOP),
        )
    return found


# -- through the caller's keys ----------------------------------------------------------
def refresh_keys(
    store: Store, kinds: Sequence[str], keys_of: Callable[[SubjectRow], Iterable[str]]
) -> int:
    """Bring the TEMP key table up to date with the subjects of `kinds`; how many
    subjects were read. Call before `keys_between` and `with_keys`."""
    for statement in _TEMP_SCHEMA:
        store.execute(statement)
    state = store.query_one("SELECT last_id, stale FROM temp.matching_state")
    last_id = 0
    if state is None:
        store.execute("INSERT INTO temp.matching_state (one, last_id, stale) VALUES (1, 0, 0)")
    elif state[1]:
        store.execute("DELETE FROM temp.matching_keys")
    else:
        last_id = int(state[0])
    # `+kind`: walk the rowids after last_id, not every subject of those kinds.
    new = _rows(store, f"id > ? AND +kind IN ({_marks(kinds)})", [last_id, *kinds])
    top = store.query_one("SELECT coalesce(max(id), 0) FROM subjects")[0]
    pairs = sorted({(key, row.id) for row in new for key in keys_of(row)})
    for start in range(0, len(pairs), _CHUNK // 2):
        chunk = pairs[start : start + _CHUNK // 2]
        store.execute(
            "INSERT OR IGNORE INTO temp.matching_keys (key, subject_id) VALUES "  # noqa: S608
            + ", ".join(["(?, ?)"] * len(chunk)),
            [v for pair in chunk for v in pair],
        )
    store.execute("UPDATE temp.matching_state SET last_id = ?, stale = 0", (max(top, last_id),))
    return len(new)


def keys_between(store: Store, low: str, high: str, lengths: tuple[int, int]) -> list[str]:
    """Distinct keys k with low <= k < high and a length in `lengths` (inclusive)."""
    rows = store.query_all(
        "SELECT DISTINCT key FROM temp.matching_keys "
        "WHERE key >= ? AND key < ? AND length(key) BETWEEN ? AND ?",
        (low, high, *lengths),
    )
    return [str(r[0]) for r in rows]


def with_keys(store: Store, keys: Iterable[str]) -> list[SubjectRow]:
    """Subjects holding any of `keys`, each once."""
    found: dict[int, SubjectRow] = {}
    for chunk in _chunks(keys):
        for row in _rows(
            store,
            f"id IN (SELECT subject_id FROM temp.matching_keys WHERE key IN ({_marks(chunk)}))",  # noqa: S608
            chunk,
        ):
            found[row.id] = row
    return list(found.values())


# -- concerns and young people ----------------------------------------------------------
def young_people_of(store: Store, concern_ids: Iterable[str]) -> dict[str, int]:
    """Each concern's young person's id."""
    found: dict[str, int] = {}
    for chunk in _chunks(concern_ids):
        sql = f"SELECT id, young_person_id FROM concerns WHERE id IN ({_marks(chunk)})"  # noqa: S608
        found.update((str(cid), int(yp)) for cid, yp in store.query_all(sql, chunk))
    return found


def concerns_of_young_person(store: Store, young_person_id: int) -> list[str]:
    """The concerns about one young person, oldest first."""
    rows = store.query_all(
        "SELECT id FROM concerns WHERE young_person_id = ? ORDER BY created_at, id",
        (young_person_id,),
    )
    return [str(r[0]) for r in rows]

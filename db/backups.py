"""Queries and file checks for backups and restore (app/keeping/backups.py holds the rules).

`file_facts` reads a store file that is not the live one (a backup's copy) on its own
connection: both integrity checks, its schema version and what it holds. It never
migrates or writes, so a backup made by an older version can be previewed as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.store import Store, checks, open_connection


@dataclass(frozen=True)
class Counts:
    concerns: int
    young_people: int


@dataclass(frozen=True)
class FileFacts:
    problems: list[str]  # from both integrity checks; empty when healthy
    schema_version: int
    counts: Counts
    organisation_name: str


def _table_exists(conn: Any, table: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    return row is not None


def _columns(conn: Any, table: str) -> set[str]:
    return {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}  # fixed names


def _counts(conn: Any) -> Counts:
    # Tolerant of older schemas: a backup made before a table existed counts it as empty.
    concerns = (
        int(conn.execute("SELECT count(*) FROM concerns").fetchone()[0])
        if _table_exists(conn, "concerns")
        else 0
    )
    if not _table_exists(conn, "young_people"):
        people = 0
    elif "merged_into" in _columns(conn, "young_people"):
        # A merged record is kept but is the same young person as the one it went into.
        people = int(
            conn.execute("SELECT count(*) FROM young_people WHERE merged_into IS NULL").fetchone()[
                0
            ]
        )
    else:
        people = int(conn.execute("SELECT count(*) FROM young_people").fetchone()[0])
    return Counts(concerns, people)


def counts(store: Store) -> Counts:
    """How many concerns and young people an open store holds."""
    return _counts(store._live())


def file_facts(path: Path, key: bytes | bytearray) -> FileFacts:
    """Check and describe a store file on its own connection; never writes to it.

    Raises db.errors.NotAStore when `key` does not open it, StoreInUse when locked."""
    conn = open_connection(path, key)
    try:
        problems = checks(conn)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if problems:
            return FileFacts(problems, version, Counts(0, 0), "")
        name = ""
        if _table_exists(conn, "organisation"):
            row = conn.execute("SELECT name FROM organisation WHERE id = 1").fetchone()
            name = str(row[0]) if row else ""
        return FileFacts([], version, _counts(conn), name)
    finally:
        conn.close()


# -- the last backup, inside the store ------------------------------------------------------
LAST_AT = "last_backup_at"
LAST_FOLDER = "last_backup_folder"


def load_state(store: Store) -> dict[str, str]:
    if not _table_exists(store._live(), "safe_keeping_state"):
        return {}
    return {str(k): str(v) for k, v in store.query_all("SELECT key, value FROM safe_keeping_state")}


def save_state(store: Store, values: dict[str, str]) -> None:
    for key, value in values.items():
        store.execute(
            "INSERT INTO safe_keeping_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

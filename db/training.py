"""Queries for the training log (0017): sessions, who attended, and the volunteer roster.

Plain rows out; app/casework/training.py owns the rules (refreshers, counts) and the words.
Writes belong inside the caller's `store.transaction()`.
"""

from __future__ import annotations

from typing import TypedDict, cast

from db.store import Store

VOLUNTEER_COLUMNS = ("id", "name", "active", "last_trained_on")
SESSION_COLUMNS = ("id", "held_on", "topic", "led_by", "attendees")


class VolunteerRow(TypedDict):
    """A roster entry and the day of the latest session they attended (None: never)."""

    id: int
    name: str
    active: int
    last_trained_on: str | None


class SessionRow(TypedDict):
    """A session, newest first, with how many attended."""

    id: int
    held_on: str
    topic: str
    led_by: str
    attendees: int


def volunteers(store: Store) -> list[VolunteerRow]:
    rows = store.query_all(
        "SELECT v.id, v.name, v.active, max(s.held_on) FROM volunteers v "
        "LEFT JOIN training_attendance a ON a.volunteer_id = v.id "
        "LEFT JOIN training_sessions s ON s.id = a.session_id "
        "GROUP BY v.id ORDER BY v.name COLLATE NOCASE"
    )
    return [cast(VolunteerRow, dict(zip(VOLUNTEER_COLUMNS, r, strict=True))) for r in rows]


def roster(store: Store) -> dict[int, str]:
    """Every volunteer's id and name: the app compares names (NOCASE knows ASCII only)."""
    return {int(r[0]): str(r[1]) for r in store.query_all("SELECT id, name FROM volunteers")}


def add_volunteer(store: Store, name: str, now: str, active: bool = True) -> int:
    """A new roster entry; the caller has checked that no one has the name already."""
    cur = store.execute(
        "INSERT INTO volunteers (name, active, added_at) VALUES (?, ?, ?)",
        (name, int(active), now),
    )
    return int(cur.lastrowid)


def set_active(store: Store, volunteer: int, active: bool) -> None:
    store.execute("UPDATE volunteers SET active = ? WHERE id = ?", (int(active), volunteer))


def rename_volunteer(store: Store, volunteer: int, name: str) -> bool:
    """False when there is no such volunteer."""
    cur = store.execute("UPDATE volunteers SET name = ? WHERE id = ?", (name, volunteer))
    return int(cur.rowcount) > 0


def remove_volunteer(store: Store, volunteer: int) -> int | None:
    """Delete a volunteer and every attendance line of theirs; how many lines went (None:
    no such volunteer). Sessions stay: their counts come from the lines left."""
    if store.query_one("SELECT 1 FROM volunteers WHERE id = ?", (volunteer,)) is None:
        return None
    lines = store.execute("DELETE FROM training_attendance WHERE volunteer_id = ?", (volunteer,))
    store.execute("DELETE FROM volunteers WHERE id = ?", (volunteer,))
    return int(lines.rowcount)


def add_session(
    store: Store, held_on: str, topic: str, led_by: str, attendees: list[int], now: str
) -> int:
    cur = store.execute(
        "INSERT INTO training_sessions (held_on, topic, led_by, recorded_at) VALUES (?, ?, ?, ?)",
        (held_on, topic, led_by, now),
    )
    session_id = int(cur.lastrowid)
    for volunteer in sorted(set(attendees)):
        store.execute(
            "INSERT INTO training_attendance (session_id, volunteer_id) VALUES (?, ?)",
            (session_id, volunteer),
        )
    return session_id


def sessions(store: Store) -> list[SessionRow]:
    rows = store.query_all(
        "SELECT s.id, s.held_on, s.topic, s.led_by, count(a.volunteer_id) "
        "FROM training_sessions s LEFT JOIN training_attendance a ON a.session_id = s.id "
        "GROUP BY s.id ORDER BY s.held_on DESC, s.id DESC"
    )
    return [cast(SessionRow, dict(zip(SESSION_COLUMNS, r, strict=True))) for r in rows]


def attendee_names(store: Store, session_id: int) -> list[str]:
    return [
        str(r[0])
        for r in store.query_all(
            "SELECT v.name FROM training_attendance a JOIN volunteers v ON v.id = a.volunteer_id "
            "WHERE a.session_id = ? ORDER BY v.name COLLATE NOCASE",
            (session_id,),
        )
    ]


def attendance(store: Store) -> dict[int, list[str]]:
    """Each session's id and the names of who attended (sessions with no one left out)."""
    found: dict[int, list[str]] = {}
    for session_id, name in store.query_all(
        "SELECT a.session_id, v.name FROM training_attendance a "
        "JOIN volunteers v ON v.id = a.volunteer_id"
    ):
        found.setdefault(int(session_id), []).append(str(name))
    return found


def active_counts(store: Store, since: str) -> tuple[int, int]:
    """(active volunteers trained on or after `since`, active volunteers): numbers only."""
    row = store.query_one(
        "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM training_attendance a "
        "JOIN training_sessions s ON s.id = a.session_id "
        "WHERE a.volunteer_id = v.id AND s.held_on >= ?)), 0) "
        "FROM volunteers v WHERE v.active = 1",
        (since,),
    )
    return int(row[1]), int(row[0])


# -- handing over (app/keeping/handover.py) ------------------------------------------------
class VolunteerOut(TypedDict):
    key: int
    name: str
    active: bool
    added_at: str


class SessionOut(TypedDict):
    held_on: str
    topic: str
    led_by: str
    recorded_at: str
    attendees: list[int]  # VolunteerOut keys


def everything(store: Store) -> tuple[list[VolunteerOut], list[SessionOut]]:
    """The whole log for a handover: the roster (keyed by its ids here) and every
    session with the keys of who attended."""
    volunteers = [
        VolunteerOut(key=int(r[0]), name=str(r[1]), active=bool(r[2]), added_at=str(r[3]))
        for r in store.query_all("SELECT id, name, active, added_at FROM volunteers ORDER BY id")
    ]
    attended: dict[int, list[int]] = {}
    for session_id, volunteer in store.query_all(
        "SELECT session_id, volunteer_id FROM training_attendance ORDER BY session_id, volunteer_id"
    ):
        attended.setdefault(int(session_id), []).append(int(volunteer))
    sessions = [
        SessionOut(
            held_on=str(r[1]),
            topic=str(r[2]),
            led_by=str(r[3]),
            recorded_at=str(r[4]),
            attendees=attended.get(int(r[0]), []),
        )
        for r in store.query_all(
            "SELECT id, held_on, topic, led_by, recorded_at FROM training_sessions "
            "ORDER BY held_on, id"
        )
    ]
    return volunteers, sessions


def is_empty(store: Store) -> bool:
    row = store.query_one(
        "SELECT EXISTS (SELECT 1 FROM volunteers) OR EXISTS (SELECT 1 FROM training_sessions)"
    )
    return not row[0]


def take_session(
    store: Store, held_on: str, topic: str, led_by: str, attendees: list[int], recorded_at: str
) -> bool:
    """A handed-over session; the same session recorded here already (same day, topic and
    leader) gains the attendees instead of a copy. True when a new one was added."""
    row = store.query_one(
        "SELECT id FROM training_sessions WHERE held_on = ? AND topic = ? AND led_by = ?",
        (held_on, topic, led_by),
    )
    if row is None:
        add_session(store, held_on, topic, led_by, attendees, recorded_at)
        return True
    for volunteer in sorted(set(attendees)):
        store.execute(
            "INSERT OR IGNORE INTO training_attendance (session_id, volunteer_id) VALUES (?, ?)",
            (int(row[0]), volunteer),
        )
    return False

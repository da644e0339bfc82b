"""Queries behind the lead's decisions, referrals, LADO contacts and follow-up tasks
(migrations 0006 and 0014).

Plain dicts in and out, keyed by column name (the rows read are typed below, one
TypedDict a table, each key a column of its *_COLUMNS); the rules and the meaning of each value live
in app/casework/decisions.py. Writes that belong together (a review row, its decision and the audit
entry) are made by the caller inside one `store.transaction()`. Nothing here updates or
deletes a decision: the store's triggers refuse that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, cast

from db.store import Store

REVIEW_COLUMNS = (
    "concern_id",
    "status",
    "lead_tier",
    "lead_tier_reason",
    "review_on",
    "parents_told",
    "parents_not_told_reason",
    "updated_at",
    "updated_by",
)
DECISION_COLUMNS = (
    "concern_id",
    "at",
    "account_id",
    "kind",
    "status",
    "referred_to",
    "referred_to_other",
    "reason",
    "review_on",
    "lead_tier",
    "parents_told",
)
REFERRAL_COLUMNS = (
    "id",
    "concern_id",
    "phoned_at",
    "to_whom",
    "taken_by",
    "reference",
    "written_due_at",
    "written_sent_at",
    "created_at",
    "created_by",
)
LADO_COLUMNS = (
    "id",
    "concern_id",
    "contacted_at",
    "spoke_to",
    "their_reference",
    "outcome",
    "created_at",
    "created_by",
)
TASK_COLUMNS = (
    "id",
    "concern_id",
    "young_person_id",
    "text",
    "due_on",
    "done_at",
    "done_by",
    "created_at",
    "created_by",
)


class ConcernFacts(TypedDict):
    id: str
    computed_tier: str
    young_person_id: int
    about_adult: str
    imported_at: str
    sent_at: str


class ReviewRow(TypedDict):
    concern_id: str
    status: str
    lead_tier: str | None  # None: the computed tier stands
    lead_tier_reason: str
    review_on: str | None
    parents_told: str
    parents_not_told_reason: str
    updated_at: str | None  # None only in the default for a concern not yet reviewed
    updated_by: int | None


class DecisionRow(TypedDict):
    id: int
    concern_id: str
    at: str
    account_id: int | None
    kind: str
    status: str
    referred_to: str
    referred_to_other: str
    reason: str
    review_on: str | None
    lead_tier: str | None
    parents_told: str
    account_name: str | None  # joined from accounts; None once the account is gone


class ReferralRow(TypedDict):
    id: int
    concern_id: str
    phoned_at: str
    to_whom: str
    taken_by: str
    reference: str
    written_due_at: str
    written_sent_at: str | None
    created_at: str
    created_by: int | None


class LadoContactRow(TypedDict):
    id: int
    concern_id: str
    contacted_at: str
    spoke_to: str
    their_reference: str
    outcome: str
    created_at: str
    created_by: int | None


class LadoWaitingRow(TypedDict):
    id: str
    sent_at: str
    about_adult: str
    person_name: str | None
    person_known_as: str | None


class TaskRow(TypedDict):
    id: int
    concern_id: str | None
    young_person_id: int | None
    text: str
    due_on: str
    done_at: str | None
    done_by: int | None
    created_at: str
    created_by: int | None


def _insert(store: Store, table: str, row: dict[str, Any], columns: tuple[str, ...]) -> int:
    names = [c for c in columns if c != "id"]
    cur = store.execute(
        f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * len(names))})",
        [row.get(c) for c in names],
    )
    return int(cur.lastrowid)


# -- concerns ----------------------------------------------------------------------------
def concern_facts(store: Store, concern_id: str) -> ConcernFacts | None:
    """What the rules need about a concern: its computed tier, young person, whether the
    worry is about an adult here, when it reached the store, and when it was sent (the
    volunteer's send, or the store's time when it was not sent)."""
    row = store.query_one(
        "SELECT id, computed_tier, young_person_id, about_adult, imported_at, "
        "COALESCE(submitted_at, imported_at) FROM concerns WHERE id = ?",
        (concern_id,),
    )
    if row is None:
        return None
    return {
        "id": row[0],
        "computed_tier": row[1],
        "young_person_id": row[2],
        "about_adult": row[3],
        "imported_at": row[4],
        "sent_at": row[5],
    }


def young_person_exists(store: Store, young_person_id: int) -> bool:
    row = store.query_one("SELECT 1 FROM young_people WHERE id = ?", (young_person_id,))
    return row is not None


# -- where a concern stands --------------------------------------------------------------
def load_review(store: Store, concern_id: str) -> ReviewRow | None:
    row = store.query_one(
        f"SELECT {', '.join(REVIEW_COLUMNS)} FROM concern_reviews "  # noqa: S608
        "WHERE concern_id = ?",
        (concern_id,),
    )
    return cast("ReviewRow", dict(zip(REVIEW_COLUMNS, row, strict=True))) if row else None


def unreviewed(concern_id: str) -> ReviewRow:
    """The review row of a concern no one has reviewed yet (nothing stored)."""
    return {
        "concern_id": concern_id,
        "status": "new",
        "lead_tier": None,
        "lead_tier_reason": "",
        "review_on": None,
        "parents_told": "not-yet",
        "parents_not_told_reason": "",
        "updated_at": None,
        "updated_by": None,
    }


def save_review(store: Store, row: ReviewRow) -> None:
    """Insert or replace the one review row of a concern."""
    values: Mapping[str, object] = row  # looked up by the column names
    updates = ", ".join(f"{c} = excluded.{c}" for c in REVIEW_COLUMNS if c != "concern_id")
    store.execute(
        f"INSERT INTO concern_reviews ({', '.join(REVIEW_COLUMNS)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))}) "
        f"ON CONFLICT (concern_id) DO UPDATE SET {updates}",
        [values[c] for c in REVIEW_COLUMNS],
    )


# -- decisions ---------------------------------------------------------------------------
def add_decision(store: Store, row: dict[str, Any]) -> int:
    return _insert(store, "decisions", row, DECISION_COLUMNS)


def decisions_for(store: Store, concern_id: str) -> list[DecisionRow]:
    """A concern's decisions, oldest first, with the name of the account that made each."""
    columns = ("id", *DECISION_COLUMNS)
    rows = store.query_all(
        f"SELECT {', '.join('d.' + c for c in columns)}, acc.display_name "  # noqa: S608
        "FROM decisions d LEFT JOIN accounts acc ON acc.id = d.account_id "
        "WHERE d.concern_id = ? ORDER BY d.id",
        (concern_id,),
    )
    return [
        cast("DecisionRow", {**dict(zip(columns, r[:-1], strict=True)), "account_name": r[-1]})
        for r in rows
    ]


# -- referrals ---------------------------------------------------------------------------
def add_referral(store: Store, row: dict[str, Any]) -> int:
    return _insert(store, "referrals", row, REFERRAL_COLUMNS)


def _select(
    store: Store, table: str, columns: tuple[str, ...], where: str, params: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """Rows of one of this module's tables as {column: value}; table, columns and the
    WHERE clause are this module's own fixed text, the values are parameters."""
    rows = store.query_all(
        f"SELECT {', '.join(columns)} FROM {table} WHERE {where}",  # noqa: S608
        params,
    )
    return [dict(zip(columns, r, strict=True)) for r in rows]


def _referrals(store: Store, where: str, params: tuple[Any, ...]) -> list[ReferralRow]:
    rows = _select(store, "referrals", REFERRAL_COLUMNS, where, params)
    return cast("list[ReferralRow]", rows)


def load_referral(store: Store, referral_id: int) -> ReferralRow | None:
    found = _referrals(store, "id = ?", (referral_id,))
    return found[0] if found else None


def referrals_for(store: Store, concern_id: str) -> list[ReferralRow]:
    return _referrals(store, "concern_id = ? ORDER BY phoned_at, id", (concern_id,))


def unsent_referrals(store: Store) -> list[ReferralRow]:
    """Phone referrals whose written referral is not marked sent, soonest due first."""
    return _referrals(store, "written_sent_at IS NULL ORDER BY written_due_at, id", ())


def mark_written_sent(store: Store, referral_id: int, at: str) -> bool:
    """Mark it sent; False when there is no such referral or it was already marked."""
    cur = store.execute(
        "UPDATE referrals SET written_sent_at = ? WHERE id = ? AND written_sent_at IS NULL",
        (at, referral_id),
    )
    return int(cur.rowcount) == 1


# -- LADO contacts (0014) ----------------------------------------------------------------
def add_lado_contact(store: Store, row: dict[str, Any]) -> int:
    return _insert(store, "lado_contacts", row, LADO_COLUMNS)


def _lado_contacts(store: Store, where: str, params: tuple[Any, ...]) -> list[LadoContactRow]:
    rows = _select(store, "lado_contacts", LADO_COLUMNS, where, params)
    return cast("list[LadoContactRow]", rows)


def load_lado_contact(store: Store, contact_id: int) -> LadoContactRow | None:
    found = _lado_contacts(store, "id = ?", (contact_id,))
    return found[0] if found else None


def lado_contacts_for(store: Store, concern_id: str) -> list[LadoContactRow]:
    return _lado_contacts(store, "concern_id = ? ORDER BY contacted_at, id", (concern_id,))


LADO_WAITING_COLUMNS = ("id", "sent_at", "about_adult", "person_name", "person_known_as")


def lado_waiting(store: Store) -> list[LadoWaitingRow]:
    """Concerns about an adult here with no LADO contact recorded, the oldest first."""
    rows = store.query_all(
        "SELECT c.id, COALESCE(c.submitted_at, c.imported_at), c.about_adult, p.name, "
        "p.known_as "
        "FROM concerns c JOIN young_people p ON p.id = c.young_person_id "
        "WHERE c.about_adult <> 'no' "
        "AND NOT EXISTS (SELECT 1 FROM lado_contacts l WHERE l.concern_id = c.id) "
        "ORDER BY c.imported_at, c.id"
    )
    return [cast("LadoWaitingRow", dict(zip(LADO_WAITING_COLUMNS, r, strict=True))) for r in rows]


# -- tasks -------------------------------------------------------------------------------
def add_task(store: Store, row: dict[str, Any]) -> int:
    return _insert(store, "tasks", row, TASK_COLUMNS)


def _tasks(store: Store, where: str, params: tuple[Any, ...]) -> list[TaskRow]:
    return cast("list[TaskRow]", _select(store, "tasks", TASK_COLUMNS, where, params))


def load_task(store: Store, task_id: int) -> TaskRow | None:
    found = _tasks(store, "id = ?", (task_id,))
    return found[0] if found else None


def tasks_for(store: Store, concern_id: str, young_person_id: int | None) -> list[TaskRow]:
    """Tasks on the concern, and on its young person; open ones first, soonest due first."""
    return _tasks(
        store,
        "concern_id = ? OR (young_person_id IS NOT NULL AND young_person_id = ?) "
        "ORDER BY done_at IS NOT NULL, due_on, id",
        (concern_id, young_person_id),
    )


def open_tasks_due_by(store: Store, day: str) -> list[TaskRow]:
    """Tasks not done and due on or before `day`, the longest overdue first."""
    return _tasks(store, "done_at IS NULL AND due_on <= ? ORDER BY due_on, id", (day,))


def complete_task(store: Store, task_id: int, at: str, account_id: int | None) -> bool:
    cur = store.execute(
        "UPDATE tasks SET done_at = ?, done_by = ? WHERE id = ? AND done_at IS NULL",
        (at, account_id, task_id),
    )
    return int(cur.rowcount) == 1


# -- counts for the trustee --------------------------------------------------------------
def open_concerns_by_tier(store: Store) -> dict[str, int]:
    """Concerns not closed, by their tier (the lead's when changed, else computed)."""
    rows = store.query_all(
        "SELECT COALESCE(r.lead_tier, c.computed_tier), count(*) "
        "FROM concerns c LEFT JOIN concern_reviews r ON r.concern_id = c.id "
        "WHERE COALESCE(r.status, 'new') <> 'closed' "
        "GROUP BY COALESCE(r.lead_tier, c.computed_tier)"
    )
    return {str(r[0]): int(r[1]) for r in rows}


def count_new(store: Store) -> int:
    row = store.query_one(
        "SELECT count(*) FROM concerns c LEFT JOIN concern_reviews r ON r.concern_id = c.id "
        "WHERE COALESCE(r.status, 'new') = 'new'"
    )
    return int(row[0])


def count_overdue_reviews(store: Store, today: str) -> int:
    row = store.query_one(
        "SELECT count(*) FROM concern_reviews "
        "WHERE status = 'monitoring' AND review_on IS NOT NULL AND review_on < ?",
        (today,),
    )
    return int(row[0])


def count_overdue_tasks(store: Store, today: str) -> int:
    row = store.query_one(
        "SELECT count(*) FROM tasks WHERE done_at IS NULL AND due_on < ?", (today,)
    )
    return int(row[0])


def count_written_overdue(store: Store, now: str) -> int:
    row = store.query_one(
        "SELECT count(*) FROM referrals WHERE written_sent_at IS NULL AND written_due_at < ?",
        (now,),
    )
    return int(row[0])


def count_concerns_referred(store: Store, since: str, before: str) -> int:
    """Concerns with a phone referral, or a decision to refer, in [since, before)."""
    row = store.query_one(
        "SELECT count(DISTINCT concern_id) FROM ("
        "  SELECT concern_id, phoned_at AS at FROM referrals"
        "  UNION ALL"
        "  SELECT concern_id, at FROM decisions WHERE kind = 'status' AND status = 'referred'"
        ") WHERE at >= ? AND at < ?",
        (since, before),
    )
    return int(row[0])

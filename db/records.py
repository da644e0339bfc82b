"""Queries behind the lead's records list: one row per concern, and full-text search."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypedDict, cast

from db.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)

LIST_COLUMNS = (
    "id",
    "imported_at",
    "submitted_at",
    "happened_on",
    "status",
    "source",
    "computed_tier",
    "recorder_name",
    "young_person_id",
    "person_name",
    "person_known_as",
    "date_of_birth",
    "decision",
    "lead_tier",
    "review_on",
)
RESCREEN_COLUMNS = ("id", "person_name", "person_known_as", "lead_tier")


class ConcernListRow(TypedDict):
    id: str
    imported_at: str
    submitted_at: str | None
    happened_on: str | None
    status: str
    source: str
    computed_tier: str
    recorder_name: str
    young_person_id: int
    person_name: str
    person_known_as: str
    date_of_birth: str | None
    decision: str  # the review's status; 'new' when no one has reviewed it
    lead_tier: str | None
    review_on: str | None


class RescreenCandidateRow(TypedDict):
    id: str
    person_name: str
    person_known_as: str
    lead_tier: str | None


_LIST_SELECT = (
    "SELECT c.id, c.imported_at, c.submitted_at, c.happened_on, c.status, c.source, "
    "c.computed_tier, c.recorder_name, p.id, p.name, p.known_as, p.date_of_birth, "
    "coalesce(r.status, 'new'), r.lead_tier, r.review_on "
    "FROM concerns c JOIN young_people p ON p.id = c.young_person_id "
    "LEFT JOIN concern_reviews r ON r.concern_id = c.id "
)


def _listed(rows: list[Sequence[object]]) -> list[ConcernListRow]:
    return [cast("ConcernListRow", dict(zip(LIST_COLUMNS, row, strict=True))) for row in rows]


def list_concerns(store: Store) -> list[ConcernListRow]:
    return _listed(store.query_all(_LIST_SELECT + "ORDER BY c.imported_at DESC, c.id"))


def index_concern(store: Store, concern_id: str, body: str) -> None:
    store.execute("DELETE FROM concern_search WHERE concern_id = ?", (concern_id,))
    store.execute("INSERT INTO concern_search (concern_id, body) VALUES (?, ?)", (concern_id, body))


def unindexed(store: Store) -> list[str]:
    rows = store.query_all(
        "SELECT id FROM concerns WHERE id NOT IN (SELECT concern_id FROM concern_search)"
    )
    return [r[0] for r in rows]


def search(store: Store, typed: str) -> list[str]:
    """Concern ids whose words match every typed word (as a prefix, any word form)."""
    terms = _WORD.findall(typed.lower())
    if not terms:
        return []
    query = " AND ".join(f'"{t}"*' for t in terms)
    rows = store.query_all(
        "SELECT concern_id FROM concern_search WHERE concern_search MATCH ? ORDER BY rank",
        (query,),
    )
    return [r[0] for r in rows]


def not_yet_reviewed(store: Store, limit: int = 50) -> list[ConcernListRow]:
    """Concerns with no decision yet (no review row, or still 'new'), newest first."""
    rows = store.query_all(
        _LIST_SELECT + "WHERE r.concern_id IS NULL OR r.status = 'new' "
        "ORDER BY c.imported_at DESC LIMIT ?",
        (limit,),
    )
    return _listed(rows)


def reviews_due(store: Store, on_or_before: str) -> list[tuple[str, str]]:
    """(concern id, review date) for concerns being monitored whose review is due."""
    rows = store.query_all(
        "SELECT concern_id, review_on FROM concern_reviews WHERE status = 'monitoring' "
        "AND review_on IS NOT NULL AND review_on <= ? ORDER BY review_on",
        (on_or_before,),
    )
    return [(r[0], r[1]) for r in rows]


def rescreen_candidates(
    store: Store, version: int, never_decay: Sequence[str]
) -> list[RescreenCandidateRow]:
    """Concerns screened with checklist `version` whose result a later version could
    raise: an answer not seen within 6 months, needs recorded on the young person, or a
    tick of an item that never decays in the later version (`never_decay`). The caller
    screens only these, so the To do list stays quick with thousands of records."""
    marks = ", ".join("?" for _ in never_decay) or "NULL"
    rows = store.query_all(
        "SELECT c.id, p.name, p.known_as, r.lead_tier "  # noqa: S608 (only "?" marks)
        "FROM concerns c JOIN young_people p ON p.id = c.young_person_id "
        "LEFT JOIN concern_reviews r ON r.concern_id = c.id "
        "WHERE c.checklist_version = ? AND (p.needs NOT IN ('', '[]') OR EXISTS ("
        " SELECT 1 FROM concern_indicators i WHERE i.concern_id = c.id AND ("
        f"  i.when_last_seen <> 'within-6-months' OR i.indicator_id IN ({marks})))) "
        "ORDER BY c.imported_at, c.id",
        (version, *never_decay),
    )
    return [
        cast("RescreenCandidateRow", dict(zip(RESCREEN_COLUMNS, row, strict=True))) for row in rows
    ]

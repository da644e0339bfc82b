"""The designated lead's view of the records: the list, search, and one concern.

Reading needs an unlocked store (Session.require_store raises Locked otherwise). Every
opened concern is written to the audit log, when there is one, by reference only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.casework.amendments import Amendments
from app.casework.decisions import Decisions
from app.casework.matching import seen_elsewhere
from app.casework.status import STATUS_WORDS, DecisionStatus
from app.casework.training import Training
from app.intake.concern.model import Concern
from app.intake.concern.search_text import search_text
from app.intake.letterbox import load_concern, station_of
from app.keys.roles import does_casework
from app.keys.session import Session
from app.screening.vocabulary import TIER_ORDER as TIER_ORDER  # re-exported for ui/
from app.screening.vocabulary import TIER_WORDS
from app.screening.vocabulary import URGENT_TIERS as URGENT_TIERS  # re-exported for ui/
from db import records as queries

if TYPE_CHECKING:
    from db.records import ConcernListRow

ARRIVAL_WORDS = {  # how a concern reached the store
    "submitted": "Sent",
    "incomplete-timed-out": "Incomplete: left alone",
    "incomplete-locked": "Incomplete: locked",
    "incomplete-closed": "Incomplete: closed",
}


@dataclass(frozen=True)
class RecordRow:
    reference: str
    received: str  # ISO time it reached the store
    happened_on: date | None
    young_person: str
    recorder: str
    tier: str  # the tier that stands: the lead's when they raised it, else the computed one
    status: str  # how it arrived: sent, or sealed part-way
    source: str
    decision: str = "new"  # the lead's decision status
    review_on: date | None = None  # next review, while monitoring

    @property
    def is_new(self) -> bool:
        return self.decision == DecisionStatus.NEW

    def overdue(self, today: date) -> bool:
        return (
            self.review_on is not None
            and self.review_on <= today
            and self.decision == DecisionStatus.MONITORING
        )

    @property
    def decision_words(self) -> str:
        return STATUS_WORDS.get(self.decision, self.decision)

    @property
    def tier_words(self) -> str:
        return TIER_WORDS.get(self.tier, self.tier)

    @property
    def status_words(self) -> str:
        return ARRIVAL_WORDS.get(self.status, self.status)


@dataclass(frozen=True)
class StartPage:
    """What the lead should see first after unlocking."""

    arrived: int  # letters imported at this unlock
    quarantined: int
    not_reviewed: list[RecordRow]
    referrals_due: list[Any]  # app.casework.decisions.DueReferral, soonest first
    reviews_due: list[tuple[str, date]]  # (reference, review date), due today or earlier
    follow_ups_due: list[Any]  # app.casework.decisions.Task, due today or overdue
    # Concerns about an adult here with no LADO contact recorded (app.casework.decisions.LadoTask),
    # the oldest first, and the LADO's number from Settings to ring about them.
    lado_due: list[Any] = field(default_factory=list)
    lado_label: str = ""
    lado_phone: str = ""
    # Screened with an older checklist; the current one gives a higher result
    # (app.casework.amendments.RescreenDue), the oldest first.
    rescreen_due: list[Any] = field(default_factory=list)
    # Volunteers due a refresher (app.casework.training.RefresherDue), never trained first.
    refreshers_due: list[Any] = field(default_factory=list)
    # Keeping safe's reminders, filled in above casework (app/keeping/reminders.py):
    retention_due: int = 0  # young people whose records are due for retention review
    # No backup yet, or none for over 7 days (app/keeping/backups.py); a lead's page only.
    backup_due: bool = False
    last_backup: datetime | None = None


def _row(r: ConcernListRow) -> RecordRow:
    name = r["person_name"] or r["person_known_as"] or "(no name given)"
    happened = date.fromisoformat(r["happened_on"]) if r["happened_on"] else None
    review = date.fromisoformat(r["review_on"]) if r["review_on"] else None
    return RecordRow(
        r["id"],
        r["imported_at"],
        happened,
        name,
        r["recorder_name"],
        r["lead_tier"] or r["computed_tier"],
        r["status"],
        r["source"],
        r["decision"],
        review,
    )


def _rescreen_due(session: Session) -> list[Any]:
    return Amendments(session).rescreen_due()


class Records:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self) -> list[RecordRow]:
        self._index_missing()
        return [_row(r) for r in queries.list_concerns(self.session.require_store())]

    def start_page(self, arrived: int = 0, quarantined: int = 0) -> StartPage:
        """The casework on the page; keeping safe's reminders are added by
        app.keeping.reminders.with_reminders."""
        store = self.session.require_store()
        today = date.today()
        # Only the lead and deputy see casework; a trustee's page stays empty of it.
        casework = does_casework(self.session.account_role)
        decisions = Decisions(self.session) if casework else None
        return StartPage(
            arrived=arrived,
            quarantined=quarantined,
            not_reviewed=[_row(r) for r in queries.not_yet_reviewed(store)] if casework else [],
            referrals_due=decisions.due_referrals() if decisions else [],
            reviews_due=[
                (ref, date.fromisoformat(day))
                for ref, day in queries.reviews_due(store, today.isoformat())
            ]
            if casework
            else [],
            follow_ups_due=decisions.tasks_due(today) if decisions else [],
            lado_due=decisions.lado_tasks() if decisions else [],
            rescreen_due=_rescreen_due(self.session) if casework else [],
            refreshers_due=Training(self.session).refreshers_due() if casework else [],
            lado_label=self.session.settings.get("lado_label"),
            lado_phone=self.session.settings.get("lado_phone"),
        )

    def search(self, typed: str) -> set[str]:
        return set(queries.search(self.session.require_store(), typed))

    def open(self, reference: str) -> Concern:
        concern = load_concern(self.session.require_store(), reference)
        self.session.record_audit("view", subject=reference)  # by reference only
        return concern

    def station(self, reference: str) -> str | None:
        """The volunteer station a concern's letter says it came from; None for none."""
        return station_of(self.session.require_store(), reference) or None

    def seen_elsewhere(self, reference: str) -> list[Any]:
        """What this concern names that other concerns name too (app.casework.matching.Match)."""
        return seen_elsewhere(self.session.require_store(), reference)

    def _index_missing(self) -> None:
        """Concerns written before the search index existed, or by an older version."""
        store = self.session.require_store()
        missing = queries.unindexed(store)
        if not missing:
            return
        with store.transaction():
            for concern_id in missing:
                queries.index_concern(
                    store, concern_id, search_text(load_concern(store, concern_id))
                )

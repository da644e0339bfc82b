"""The designated lead's decisions on each concern, phone referrals and follow-ups.

A concern moves New → Under review → Referred / Monitoring / No further action → Closed.
Referred says to whom; Monitoring needs a review date, today or later; No further action
needs a reason (NSPCC: record why a referral was not made); Closed comes only after one
of those three. The lead may change the tier with a reason, never below the tier the
checklist worked out (domain/cse-facts.md §8.3 rule 8, `app.screening.rules.raise_tier`).
A phone referral records when, to which service, who took the call and their reference;
the written referral falls due 24 hours after the call unless the lead says otherwise.
A concern whose worry is about an adult who works or volunteers here (about_adult 'staff'
or 'lead') waits in To do until a LADO contact is recorded: when, whom the lead spoke to,
the LADO's reference, and optionally what was agreed. It is overdue one working day after
the concern reached the store (cse-facts.md §8.3 rule 8; vocabulary.LADO_WHEN).

Every change is written together with its audit entry, in one transaction: a decision
under the 'decision' event, referrals and tasks under 'change'. Audit entries hold the
concern's reference, fixed words, ids, counts and flags: never a reason or a name.

Who may do what: a lead or deputy (or whoever unlocked with the recovery code) reads and
records decisions; a trustee sees `counts()` only. Needs an unlocked Session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from app.casework.status import STATUS_WORDS, STATUSES, DecisionStatus  # re-exported
from app.core import errors
from app.core.service import SessionService
from app.keys import audit
from app.keys.roles import CASEWORK_ROLES, role_of
from app.screening import vocabulary
from app.screening.checklist import TIER_ORDER, tier_rank
from app.screening.rules import ReasonNeeded, TierTooLow, raise_tier, screen_concern
from app.screening.vocabulary import TIER_WORDS  # re-exported: the vocabulary defines it

if TYPE_CHECKING:
    from app.screening.rules import ScreeningResult
    from db.decisions import (
        ConcernFacts,
        LadoContactRow,
        LadoWaitingRow,
        ReferralRow,
        ReviewRow,
        TaskRow,
    )
    from db.store import Store

log = logging.getLogger(__name__)

# Closed only after one of these: the concern was acted on, or it was decided not to.
CLOSE_FROM = frozenset(
    {DecisionStatus.REFERRED, DecisionStatus.MONITORING, DecisionStatus.NO_FURTHER_ACTION}
)

REFERRED_TO = ("mash", "police", "national-body", "lado", "other")
REFERRED_TO_WORDS = {
    "mash": "Children's social care duty team or MASH",
    "police": "Police",
    "national-body": "Our national safeguarding team (for example scouting or guiding HQ)",
    "lado": "LADO (the concern is about a member of staff or a volunteer)",
    "other": "Somewhere else",
}
PARENTS_TOLD = ("yes", "no", "not-yet")
PARENTS_WORDS = {"yes": "Yes", "no": "No", "not-yet": "Not yet"}

# Who a worry about an adult here is about, in a sentence: from the one vocabulary.
ABOUT_ADULT_WORDS = vocabulary.ABOUT_ADULT_WHO

WRITTEN_DUE_HOURS = 24  # LLR: the written referral follows within 24 hours of the call
MAX_DUE_HOURS = 7 * 24
MAX_REASON = 2000
MAX_SHORT = 120
MAX_TASK = 500
# A clock a minute or two fast must not refuse a call made just now.
_FUTURE_SLACK = timedelta(minutes=5)


class DecisionsNotAllowed(errors.AppError):
    title = "For the designated lead"
    message = "Only the designated lead or a deputy can see and record decisions on a concern."
    next_step = "Ask your designated lead."
    help_topic = "getting-help"


class FollowUpMissing(errors.AppError):
    title = "Not found"
    message = "That referral or follow-up is not in the records."
    next_step = "Open the concern again and try once more."
    help_topic = "getting-help"


# -- what the service returns ------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    id: int
    at: datetime
    account_name: str  # "" when the recovery code was used
    kind: str  # 'status', 'tier' or 'parents'
    status: str  # the status after this decision
    referred_to: str
    referred_to_other: str
    reason: str
    review_on: date | None
    lead_tier: str | None
    parents_told: str

    @property
    def summary(self) -> str:
        """What was decided, in a few plain words (the reason is shown separately)."""
        if self.kind == "tier":
            if self.lead_tier is None:
                return "Tier put back to the one the checklist worked out"
            return f"Tier set to {TIER_WORDS.get(self.lead_tier, self.lead_tier)}"
        if self.kind == "parents":
            return f"Parents or carers told: {PARENTS_WORDS.get(self.parents_told, '')}"
        words = STATUS_WORDS.get(self.status, self.status)
        if self.status == DecisionStatus.REFERRED:
            to = self.referred_to_other or REFERRED_TO_WORDS.get(self.referred_to, "")
            return f"{words}: {to}" if to else words
        if self.status == DecisionStatus.MONITORING and self.review_on:
            return f"{words}, next review {self.review_on:%d/%m/%Y}"
        return words


@dataclass(frozen=True)
class Referral:
    id: int
    reference: str  # the concern's
    phoned_at: datetime
    to_whom: str
    taken_by: str
    their_reference: str
    written_due_at: datetime
    written_sent_at: datetime | None

    @property
    def sent(self) -> bool:
        return self.written_sent_at is not None

    def time_left(self, now: datetime) -> timedelta:
        """Until the written referral is due; negative when overdue."""
        return self.written_due_at - now


@dataclass(frozen=True)
class DueReferral:
    referral: Referral
    time_left: timedelta  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.time_left <= timedelta(0)

    @property
    def words(self) -> str:
        return countdown_words(self.time_left)


@dataclass(frozen=True)
class LadoContact:
    """The designated lead's contact with the LADO about a concern (0014)."""

    id: int
    reference: str  # the concern's
    contacted_at: datetime
    spoke_to: str
    their_reference: str
    outcome: str  # what was agreed, when the lead wrote it down; may be empty
    recorded_at: datetime

    @property
    def words(self) -> str:
        """One line for the panel; the outcome note is shown apart from it."""
        return (
            f"{_local(self.contacted_at)}: spoke to {self.spoke_to}, "
            f"their reference {self.their_reference}"
        )


@dataclass(frozen=True)
class LadoTask:
    """A concern about an adult here with no LADO contact recorded yet: an item in To do."""

    reference: str
    young_person: str
    about: str  # 'staff' or 'lead'
    arrived_at: datetime
    due_at: datetime

    def overdue(self, now: datetime) -> bool:
        return now > self.due_at

    def words(self, now: datetime) -> str:
        return lado_due_words(self.due_at, now)


@dataclass(frozen=True)
class Task:
    id: int
    concern: str | None  # the concern's reference, when on a concern
    young_person_id: int | None
    text: str
    due_on: date
    done_at: datetime | None
    created_at: datetime

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on < today


@dataclass(frozen=True)
class ReviewState:
    reference: str
    young_person_id: int
    status: str
    computed_tier: str
    lead_tier: str | None
    lead_tier_reason: str
    review_on: date | None
    parents_told: str
    parents_not_told_reason: str
    updated_at: datetime | None
    history: tuple[Decision, ...]
    referrals: tuple[Referral, ...]
    tasks: tuple[Task, ...]
    about_adult: str = "no"  # 'staff' or 'lead': the worry is about an adult here
    arrived_at: datetime | None = None  # when the concern was sent (else reached the store)
    lado_contacts: tuple[LadoContact, ...] = ()
    # What the checklist gives now with the needs on the young person's record (merged
    # records too): a floor under the tier that stands, never stored, never lowering it.
    record_floor: str | None = None
    record_needs: tuple[str, ...] = ()  # the record's needs, for the referral pack

    @property
    def lado_route(self) -> bool:
        """The worry is about an adult who works or volunteers here."""
        return self.about_adult != "no"

    @property
    def lado_waiting(self) -> bool:
        """The LADO route applies and no LADO contact is recorded yet."""
        return self.lado_route and not self.lado_contacts

    @property
    def lado_due_at(self) -> datetime | None:
        if not self.lado_route or self.arrived_at is None:
            return None
        return lado_due_at(self.arrived_at)

    @property
    def tier(self) -> str:
        """The tier that stands: the lead's when they changed it, else the computed one;
        never below what the checklist gives with the needs on the young person's record
        (cse-facts.md §8.3 rule 7: needs recorded there lift the floor)."""
        stored = self.lead_tier or self.computed_tier
        floor = self.record_floor
        if floor in TIER_ORDER and tier_rank(floor) > tier_rank(stored):
            return floor
        return stored

    @property
    def floor_raised(self) -> bool:
        """The needs on the young person's record put the tier above the stored one."""
        return self.tier != (self.lead_tier or self.computed_tier)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class Counts:
    """For the trustee: how the organisation is doing, without a name or a detail."""

    year: int
    open_by_tier: dict[str, int]  # tier -> concerns not closed
    new: int  # no decision yet
    overdue_reviews: int  # monitoring, review date passed
    overdue_tasks: int
    written_referrals_overdue: int
    referrals_this_year: int  # concerns referred (by phone or decision) this calendar year
    lado_waiting: int = 0  # concerns about an adult here with no LADO contact recorded
    lado_overdue: int = 0  # of those, past one working day

    @property
    def open_total(self) -> int:
        return sum(self.open_by_tier.values())


# -- plain helpers -----------------------------------------------------------------------
def countdown_words(left: timedelta) -> str:
    """'Written referral due in 21 hours' or 'Written referral overdue by 3 hours'."""
    minutes = round(abs(left).total_seconds() / 60)  # to the nearest minute
    if minutes == 0:
        return "Written referral due now"
    hours, mins = divmod(minutes, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        parts = [_plural(days, "day"), _plural(hours, "hour") if hours else ""]
    else:
        parts = [_plural(hours, "hour") if hours else "", _plural(mins, "minute") if mins else ""]
    span = " ".join(p for p in parts if p)
    if left > timedelta(0):
        return f"Written referral due in {span}"
    return f"Written referral overdue by {span}"


def next_working_day(day: date) -> date:
    """The next day, Monday to Friday, after `day`. Bank holidays are not known here: a
    LADO task falling due on one shows as due a day early, never late."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def lado_due_at(arrived: datetime) -> datetime:
    """When the LADO must have been contacted: one working day after the concern arrived.

    On a working day, the same time on the next working day (Friday 18:00 → Monday 18:00).
    At a weekend, by the end of Monday, the first working day. Local clock time, so a
    change to or from summer time does not move it by an hour."""
    local = _local_time(arrived)
    if local.weekday() < 5:
        day = next_working_day(local.date())
        return datetime.combine(day, local.time().replace(microsecond=0)).astimezone()
    monday = next_working_day(local.date())
    return datetime.combine(monday, time(23, 59)).astimezone()


def lado_due_words(due_at: datetime, now: datetime) -> str:
    """'Contact the LADO by Mon 18/05/2026 18:00' or 'LADO contact overdue since …'."""
    when = f"{_local_time(due_at):%a %d/%m/%Y %H:%M}"
    if now > due_at:
        return f"LADO contact overdue since {when}"
    return f"Contact the LADO by {when}"


def _local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must carry their time zone")
    return moment.astimezone()


def _local(moment: datetime) -> str:
    return f"{_local_time(moment):%d/%m/%Y %H:%M}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must carry their time zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _tier_token(tier: str | None) -> str:
    return (tier or "none").lower()  # the audit log takes lower-case identifiers only


def _long(fields: dict[str, str], key: str, text: str, limit: int) -> None:
    if len(text) > limit:
        fields[key] = f"Keep this to {limit:,} characters or fewer (it has {len(text):,})."


# -- the service -------------------------------------------------------------------------
# The store queries (db.decisions) are imported as `q` inside the methods that use them:
# the home screen must paint fast.
class Decisions(SessionService):
    # -- who and when --------------------------------------------------------------------
    def _who(self) -> tuple[int | None, str]:
        return self.session.account_id, role_of(self.session.account_role)

    def _casework(self) -> tuple[Store, int | None, str]:
        store = self.session.require_store()
        account_id, role = self._who()
        if role not in CASEWORK_ROLES:
            raise DecisionsNotAllowed()
        return store, account_id, role

    def _facts(self, store: Store, reference: str) -> ConcernFacts:
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        facts = q.concern_facts(store, reference)
        if facts is None:
            raise errors.ConcernMissing()
        return facts

    def _audit(
        self,
        store: Store,
        event: str,
        account_id: int | None,
        role: str,
        subject: str,
        detail: dict[str, Any],
    ) -> None:
        audit.append(
            store,
            event,
            account_id=account_id,
            role=role,
            subject=subject,
            detail=detail,
            now=self.now(),
        )

    def _review_row(self, store: Store, reference: str) -> ReviewRow:
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        return q.load_review(store, reference) or q.unreviewed(reference)

    # -- reading -------------------------------------------------------------------------
    def review(self, reference: str) -> ReviewState:
        """Where a concern stands, with its decisions, referrals and follow-ups."""
        store, _account, _role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        facts = self._facts(store, reference)
        row = q.load_review(store, reference) or q.unreviewed(reference)
        screened = self._screening(store, reference, facts["computed_tier"])
        history = tuple(
            Decision(
                id=d["id"],
                at=datetime.fromisoformat(d["at"]),
                account_name=d["account_name"] or "",
                kind=d["kind"],
                status=d["status"],
                referred_to=d["referred_to"],
                referred_to_other=d["referred_to_other"],
                reason=d["reason"],
                review_on=_day(d["review_on"]),
                lead_tier=d["lead_tier"],
                parents_told=d["parents_told"],
            )
            for d in q.decisions_for(store, reference)
        )
        return ReviewState(
            reference=reference,
            young_person_id=facts["young_person_id"],
            status=row.get("status", "new"),
            computed_tier=facts["computed_tier"],
            lead_tier=row.get("lead_tier"),
            lead_tier_reason=row.get("lead_tier_reason", ""),
            review_on=_day(row.get("review_on")),
            parents_told=row.get("parents_told", "not-yet"),
            parents_not_told_reason=row.get("parents_not_told_reason", ""),
            updated_at=_time(row.get("updated_at")),
            history=history,
            referrals=tuple(_referral(r) for r in q.referrals_for(store, reference)),
            tasks=tuple(_task(t) for t in q.tasks_for(store, reference, facts["young_person_id"])),
            about_adult=facts["about_adult"],
            # The LADO's working day runs from when the volunteer sent it, not from when
            # a lead happened to open the letterbox.
            arrived_at=_arrived(facts["sent_at"]),
            lado_contacts=tuple(_lado_contact(r) for r in q.lado_contacts_for(store, reference)),
            record_floor=screened.computed_tier if screened is not None else None,
            record_needs=_record_needs(store, reference),
        )

    # -- status --------------------------------------------------------------------------
    def set_status(
        self,
        reference: str,
        status: str,
        *,
        referred_to: str = "",
        referred_to_other: str = "",
        reason: str = "",
        review_on: date | None = None,
    ) -> ReviewState:
        """Record a decision on a concern. Raises InvalidInput, by field, when it breaks
        a rule; nothing is written then."""
        store, account_id, role = self._casework()
        facts = self._facts(store, reference)
        current = self._review_row(store, reference)
        before = current["status"]
        referred_to_other, reason = referred_to_other.strip(), reason.strip()
        problems = _status_problems(
            before, status, referred_to, referred_to_other, reason, review_on, self.today()
        )
        if problems:
            raise errors.InvalidInput(problems)
        # Keep only what this status uses: a field left filled in for another status
        # must not turn up in the history.
        if status != DecisionStatus.REFERRED:
            referred_to = referred_to_other = ""
        elif referred_to != "other":
            referred_to_other = ""
        if status != DecisionStatus.MONITORING:
            review_on = None
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        now = _utc_text(self.now())
        with store.transaction():
            decision = q.add_decision(
                store,
                {
                    "concern_id": reference,
                    "at": now,
                    "account_id": account_id,
                    "kind": "status",
                    "status": status,
                    "referred_to": referred_to,
                    "referred_to_other": referred_to_other,
                    "reason": reason,
                    "review_on": review_on.isoformat() if review_on else None,
                    "lead_tier": None,
                    "parents_told": "",
                },
            )
            q.save_review(
                store,
                {
                    **current,
                    "status": status,
                    "review_on": review_on.isoformat() if review_on else None,
                    "updated_at": now,
                    "updated_by": account_id,
                },
            )
            self._audit(
                store,
                audit.DECISION,
                account_id,
                role,
                reference,
                {
                    "what": "status",
                    "status": status,
                    "before": before,
                    "referred_to": referred_to or None,
                    "reason_given": bool(reason),
                    "review_date_set": review_on is not None,
                    "decision": decision,
                    "tier": _tier_token(current["lead_tier"] or facts["computed_tier"]),
                },
            )
        log.info("decision recorded: %s", status)
        return self.review(reference)

    # -- the tier ------------------------------------------------------------------------
    def raise_tier(self, reference: str, tier: str, reason: str) -> ReviewState:
        """The lead's tier for a concern, with their reason (§8.3 rule 8).

        Never below the tier the checklist worked out (TierTooLow); any change needs a
        reason (ReasonNeeded, field 'override_reason'). The floor rules apply to the tier
        chosen, as on the screening result (an under-13 never rests at early warning).
        Choosing the computed tier again puts the concern back on it, with a reason.
        """
        store, account_id, role = self._casework()
        facts = self._facts(store, reference)
        current = self._review_row(store, reference)
        computed = facts["computed_tier"]
        if tier not in TIER_ORDER:
            raise errors.InvalidInput({"tier": "Choose a tier."})
        result = self._screening(store, reference, computed)
        floor = result.computed_tier if result is not None else computed
        standing = current["lead_tier"] or computed
        if tier_rank(floor) > tier_rank(standing):
            standing = floor  # the record's needs lift it (ReviewState.tier)
        if tier == standing:
            return self.review(reference)  # the same tier changes nothing
        if tier_rank(tier) < tier_rank(floor):
            raise TierTooLow(_tier_label(result, floor), _tier_label(result, tier))
        reason = reason.strip()
        if not reason:
            raise ReasonNeeded()
        problems: dict[str, str] = {}
        _long(problems, ReasonNeeded.FIELD, reason, MAX_REASON)
        if problems:
            raise errors.InvalidInput(problems)
        chosen = tier
        if result is not None and tier != floor:
            chosen = raise_tier(result, tier, reason).tier  # with the floor rules
        lead_tier = None if chosen == computed else chosen
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        now = _utc_text(self.now())
        with store.transaction():
            decision = q.add_decision(
                store,
                {
                    "concern_id": reference,
                    "at": now,
                    "account_id": account_id,
                    "kind": "tier",
                    "status": current["status"],
                    "referred_to": "",
                    "referred_to_other": "",
                    "reason": reason,
                    "review_on": None,
                    "lead_tier": lead_tier,
                    "parents_told": "",
                },
            )
            q.save_review(
                store,
                {
                    **current,
                    "lead_tier": lead_tier,
                    "lead_tier_reason": reason if lead_tier else "",
                    "updated_at": now,
                    "updated_by": account_id,
                },
            )
            self._audit(
                store,
                audit.DECISION,
                account_id,
                role,
                reference,
                {
                    "what": "tier",
                    "tier": _tier_token(chosen),
                    "computed": _tier_token(computed),
                    "before": _tier_token(current["lead_tier"] or computed),
                    "reason_given": True,
                    "decision": decision,
                },
            )
        log.info("tier changed by the lead")
        return self.review(reference)

    def _screening(self, store: Store, reference: str, stored: str) -> ScreeningResult | None:
        """The concern's screening result again (for the floor rules), with the needs on
        the young person's record (every row merged into the same person), floored at the
        tier stored when it was recorded. None when its checklist version cannot be read:
        the stored tier is then the floor, with no floor rules."""
        # deferred: sqlcipher3 and nacl; the volunteer's print (no store) loads this module
        from app.intake.letterbox import load_concern

        try:
            concern = load_concern(store, reference)
            result = screen_concern(concern, record_needs=_record_needs(store, reference))
        except errors.AppError as exc:
            log.warning("screening not repeated for a tier change: %s", type(exc).__name__)
            return None
        if stored in TIER_ORDER and tier_rank(stored) > tier_rank(result.computed_tier):
            result = replace(result, tier=stored, computed_tier=stored)
        return result

    # -- parents and carers --------------------------------------------------------------
    def parents_told(self, reference: str, told: str, reason: str = "") -> ReviewState:
        """Whether parents or carers were told; when not, why not (§5.2 item 9)."""
        store, account_id, role = self._casework()
        self._facts(store, reference)
        current = self._review_row(store, reference)
        reason = reason.strip()
        problems: dict[str, str] = {}
        if told not in PARENTS_TOLD:
            problems["parents_told"] = "Choose Yes, No or Not yet."
        elif told == "no" and not reason:
            problems["parents_reason"] = (
                "Write why parents or carers were not told: for example, that telling them "
                "would put the young person or someone else at more risk, or harm a police "
                "investigation."
            )
        _long(problems, "parents_reason", reason, MAX_REASON)
        if problems:
            raise errors.InvalidInput(problems)
        kept = "" if told == "yes" else reason
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        now = _utc_text(self.now())
        with store.transaction():
            decision = q.add_decision(
                store,
                {
                    "concern_id": reference,
                    "at": now,
                    "account_id": account_id,
                    "kind": "parents",
                    "status": current["status"],
                    "referred_to": "",
                    "referred_to_other": "",
                    "reason": kept,
                    "review_on": None,
                    "lead_tier": None,
                    "parents_told": told,
                },
            )
            q.save_review(
                store,
                {
                    **current,
                    "parents_told": told,
                    "parents_not_told_reason": kept,
                    "updated_at": now,
                    "updated_by": account_id,
                },
            )
            self._audit(
                store,
                audit.DECISION,
                account_id,
                role,
                reference,
                {
                    "what": "parents-told",
                    "told": told,
                    "reason_given": bool(kept),
                    "decision": decision,
                },
            )
        return self.review(reference)

    # -- referrals -----------------------------------------------------------------------
    def record_phone_referral(
        self,
        reference: str,
        phoned_at: datetime,
        to_whom: str,
        taken_by: str,
        reference_number: str = "",
        written_due_hours: int = WRITTEN_DUE_HOURS,
    ) -> Referral:
        """A referral made by phone; the written referral is due `written_due_hours`
        after the call."""
        store, account_id, role = self._casework()
        self._facts(store, reference)
        to_whom, taken_by, reference_number = (
            to_whom.strip(),
            taken_by.strip(),
            reference_number.strip(),
        )
        problems: dict[str, str] = {}
        if phoned_at.tzinfo is None:
            raise ValueError("times must carry their time zone")
        if phoned_at > self.now() + _FUTURE_SLACK:
            problems["phoned_at"] = "That time has not come yet. Check the date and time."
        if not to_whom:
            problems["to_whom"] = "Write which service you phoned."
        if not taken_by:
            problems["taken_by"] = "Write the name of the person who took the call."
        _long(problems, "to_whom", to_whom, MAX_SHORT)
        _long(problems, "taken_by", taken_by, MAX_SHORT)
        _long(problems, "reference_number", reference_number, MAX_SHORT)
        if not 1 <= written_due_hours <= MAX_DUE_HOURS:
            problems["written_due_hours"] = (
                f"Give the hours until the written referral is due, from 1 to {MAX_DUE_HOURS}."
            )
        if problems:
            raise errors.InvalidInput(problems)
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        now = _utc_text(self.now())
        with store.transaction():
            referral_id = q.add_referral(
                store,
                {
                    "concern_id": reference,
                    "phoned_at": _utc_text(phoned_at),
                    "to_whom": to_whom,
                    "taken_by": taken_by,
                    "reference": reference_number,
                    "written_due_at": _utc_text(phoned_at + timedelta(hours=written_due_hours)),
                    "written_sent_at": None,
                    "created_at": now,
                    "created_by": account_id,
                },
            )
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                reference,
                {
                    "what": "phone-referral",
                    "referral": referral_id,
                    "due_hours": written_due_hours,
                    "reference_given": bool(reference_number),
                },
            )
        log.info("phone referral recorded")
        return _referral(_reread(q.load_referral(store, referral_id)))

    def mark_written_sent(self, referral_id: int, at: datetime | None = None) -> Referral:
        store, account_id, role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        row = q.load_referral(store, referral_id)
        if row is None:
            raise FollowUpMissing()
        referral = _referral(row)
        at = at or self.now()
        if at.tzinfo is None:
            raise ValueError("times must carry their time zone")
        problems: dict[str, str] = {}
        if referral.sent:
            problems["written_sent"] = "The written referral is already marked sent."
        elif at < referral.phoned_at:
            problems["written_sent"] = "The written referral cannot be sent before the call."
        elif at > self.now() + _FUTURE_SLACK:
            problems["written_sent"] = "That time has not come yet."
        if problems:
            raise errors.InvalidInput(problems)
        with store.transaction():
            q.mark_written_sent(store, referral_id, _utc_text(at))
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                referral.reference,
                {
                    "what": "written-referral-sent",
                    "referral": referral_id,
                    "late": at > referral.written_due_at,
                },
            )
        return _referral(_reread(q.load_referral(store, referral_id)))

    def due_referrals(self, now: datetime | None = None) -> list[DueReferral]:
        """Written referrals not yet sent, soonest due first, with the time left."""
        store, _account, _role = self._casework()
        now = now or self.now()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        return [
            DueReferral(referral, referral.time_left(now))
            for referral in (_referral(r) for r in q.unsent_referrals(store))
        ]

    # -- the LADO --------------------------------------------------------------------------
    def record_lado_contact(
        self,
        reference: str,
        contacted_at: datetime,
        spoke_to: str,
        their_reference: str,
        outcome: str = "",
    ) -> LadoContact:
        """The lead's contact with the LADO about a concern: when, whom they spoke to, the
        LADO's reference, and optionally what was agreed. The first one takes the
        concern's LADO item off To do. Raises InvalidInput, by field; nothing is written
        then. The audit log records that a contact was made, never what was said."""
        store, account_id, role = self._casework()
        facts = self._facts(store, reference)
        spoke_to, their_reference, outcome = (
            spoke_to.strip(),
            their_reference.strip(),
            outcome.strip(),
        )
        if contacted_at.tzinfo is None:
            raise ValueError("times must carry their time zone")
        problems: dict[str, str] = {}
        if contacted_at > self.now() + _FUTURE_SLACK:
            problems["lado_contacted_at"] = "That time has not come yet. Check the date and time."
        if not spoke_to:
            problems["lado_spoke_to"] = "Write the name of the person you spoke to at the LADO."
        if not their_reference:
            problems["lado_reference"] = (
                "Write the LADO's reference for this. If they did not give one, write 'none given'."
            )
        _long(problems, "lado_spoke_to", spoke_to, MAX_SHORT)
        _long(problems, "lado_reference", their_reference, MAX_SHORT)
        _long(problems, "lado_outcome", outcome, MAX_REASON)
        if problems:
            raise errors.InvalidInput(problems)
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        first = not q.lado_contacts_for(store, reference)
        late = (
            first
            and facts["about_adult"] != "no"
            and contacted_at > lado_due_at(_arrived(facts["sent_at"]))
        )
        with store.transaction():
            contact_id = q.add_lado_contact(
                store,
                {
                    "concern_id": reference,
                    "contacted_at": _utc_text(contacted_at),
                    "spoke_to": spoke_to,
                    "their_reference": their_reference,
                    "outcome": outcome,
                    "created_at": _utc_text(self.now()),
                    "created_by": account_id,
                },
            )
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                reference,
                {
                    "what": "lado-contact",
                    "lado_contact": contact_id,
                    "about": facts["about_adult"],
                    "first": first,
                    "late": late,
                    "outcome_given": bool(outcome),
                },
            )
        log.info("LADO contact recorded")
        return _lado_contact(_reread(q.load_lado_contact(store, contact_id)))

    def lado_tasks(self) -> list[LadoTask]:
        """Concerns about an adult here with no LADO contact recorded, the oldest first.
        The young person's name is record data: show it only while unlocked."""
        store, _account, _role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        return [_lado_task(r) for r in q.lado_waiting(store)]

    # -- tasks ---------------------------------------------------------------------------
    def add_task(
        self,
        text: str,
        due_on: date | None,
        *,
        concern: str | None = None,
        young_person_id: int | None = None,
    ) -> Task:
        """A follow-up with a due date, on a concern, a young person, or both."""
        store, account_id, role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        text = text.strip()
        problems: dict[str, str] = {}
        if not text:
            problems["task_text"] = "Write what needs doing."
        _long(problems, "task_text", text, MAX_TASK)
        if due_on is None:
            problems["due_on"] = "Give the date it is due."
        elif due_on < self.today():
            problems["due_on"] = "That date has passed. Choose today or a later date."
        if concern is None and young_person_id is None:
            problems["task_for"] = "Say which concern or young person this is for."
        if problems:
            raise errors.InvalidInput(problems)
        if concern is not None:
            self._facts(store, concern)
        if young_person_id is not None and not q.young_person_exists(store, young_person_id):
            raise FollowUpMissing("That young person is not in the records.")
        if due_on is None:  # refused above; says so to the type checker
            raise errors.InvalidInput({"due_on": "Give the date it is due."})
        now = _utc_text(self.now())
        with store.transaction():
            task_id = q.add_task(
                store,
                {
                    "concern_id": concern,
                    "young_person_id": young_person_id,
                    "text": text,
                    "due_on": due_on.isoformat(),
                    "done_at": None,
                    "done_by": None,
                    "created_at": now,
                    "created_by": account_id,
                },
            )
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                concern or "",
                {
                    "what": "task-added",
                    "task": task_id,
                    "young_person": young_person_id,
                    "days_ahead": (due_on - self.today()).days,
                },
            )
        return _task(_reread(q.load_task(store, task_id)))

    def complete_task(self, task_id: int) -> Task:
        """Mark a follow-up done. Done already: returned as it is."""
        store, account_id, role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        row = q.load_task(store, task_id)
        if row is None:
            raise FollowUpMissing()
        if row["done_at"] is not None:
            return _task(row)
        with store.transaction():
            q.complete_task(store, task_id, _utc_text(self.now()), account_id)
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                row["concern_id"] or "",
                {
                    "what": "task-done",
                    "task": task_id,
                    "late": date.fromisoformat(row["due_on"]) < self.today(),
                },
            )
        return _task(_reread(q.load_task(store, task_id)))

    def tasks_due(self, today: date | None = None) -> list[Task]:
        """Follow-ups not done that are overdue or due today, the longest overdue first.
        Their text is record data: show it only while the records are unlocked."""
        store, _account, _role = self._casework()
        day = today or self.today()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        return [_task(t) for t in q.open_tasks_due_by(store, day.isoformat())]

    # -- for the trustee -----------------------------------------------------------------
    def counts(self, today: date | None = None) -> Counts:
        """Numbers only: open concerns by tier, what is overdue, referrals this year."""
        store = self.session.require_store()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as q

        day = today or self.today()
        start = datetime(day.year, 1, 1).astimezone()  # local new year
        end = datetime(day.year + 1, 1, 1).astimezone()
        now = self.now()
        waiting = [_lado_task(r) for r in q.lado_waiting(store)]
        return Counts(
            year=day.year,
            open_by_tier=q.open_concerns_by_tier(store),
            new=q.count_new(store),
            overdue_reviews=q.count_overdue_reviews(store, day.isoformat()),
            overdue_tasks=q.count_overdue_tasks(store, day.isoformat()),
            written_referrals_overdue=q.count_written_overdue(store, _utc_text(self.now())),
            referrals_this_year=q.count_concerns_referred(store, _utc_text(start), _utc_text(end)),
            lado_waiting=len(waiting),
            lado_overdue=sum(1 for task in waiting if task.overdue(now)),
        )


# -- rules and rows ----------------------------------------------------------------------
def _record_needs(store: Store, reference: str) -> tuple[str, ...]:
    """The needs recorded on the young person's record, merged records included."""
    # deferred: sqlcipher3; the volunteer's print (no store) loads this module
    from db.young_people import record_needs

    return tuple(record_needs(store, reference))


def _status_problems(
    before: str,
    status: str,
    referred_to: str,
    referred_to_other: str,
    reason: str,
    review_on: date | None,
    today: date,
) -> dict[str, str]:
    """What is wrong with moving a concern from `before` to `status`, by field."""
    problems: dict[str, str] = {}
    if status not in STATUSES:
        return {"status": "Choose a status."}
    if status == DecisionStatus.NEW:
        problems["status"] = "A concern cannot be set back to new. Choose Under review."
    elif status == before and status in (DecisionStatus.UNDER_REVIEW, DecisionStatus.CLOSED):
        problems["status"] = f"This concern is {STATUS_WORDS[status].lower()} already."
    elif status == DecisionStatus.CLOSED and before not in CLOSE_FROM:
        problems["status"] = (
            "A concern can be closed only after it was referred, put under monitoring, or "
            "a decision of no further action was recorded."
        )
    elif before == DecisionStatus.CLOSED and status not in (
        DecisionStatus.CLOSED,
        DecisionStatus.UNDER_REVIEW,
    ):
        problems["status"] = "A closed concern can only be opened again for review first."
    if status == DecisionStatus.REFERRED:
        if referred_to not in REFERRED_TO:
            problems["referred_to"] = "Choose who the concern was referred to."
        elif referred_to == "other" and not referred_to_other:
            problems["referred_to_other"] = "Write who the concern was referred to."
        _long(problems, "referred_to_other", referred_to_other, MAX_SHORT)
    if status == DecisionStatus.MONITORING:
        if review_on is None:
            problems["review_on"] = "Give the date of the next review."
        elif review_on < today:
            problems["review_on"] = "That date has passed. Choose today or a later date."
    if status == DecisionStatus.NO_FURTHER_ACTION and not reason:
        problems["reason"] = (
            "Write why no further action is being taken. The reason is kept with the record."
        )
    if before == DecisionStatus.CLOSED and status == DecisionStatus.UNDER_REVIEW and not reason:
        problems["reason"] = "Write why the concern is being opened again."
    _long(problems, "reason", reason, MAX_REASON)
    return problems


def _tier_label(result: ScreeningResult | None, tier: str) -> str:
    if result is not None and tier in result.checklist.results:
        return result.checklist.results[tier].label
    return TIER_WORDS.get(tier, tier)


_Row = TypeVar("_Row")


def _reread(row: _Row | None) -> _Row:
    """A row just written or checked in this same call: it is there."""
    if row is None:
        raise FollowUpMissing()
    return row


def _referral(row: ReferralRow) -> Referral:
    return Referral(
        id=row["id"],
        reference=row["concern_id"],
        phoned_at=datetime.fromisoformat(row["phoned_at"]),
        to_whom=row["to_whom"],
        taken_by=row["taken_by"],
        their_reference=row["reference"],
        written_due_at=datetime.fromisoformat(row["written_due_at"]),
        written_sent_at=_time(row["written_sent_at"]),
    )


def _task(row: TaskRow) -> Task:
    return Task(
        id=row["id"],
        concern=row["concern_id"],
        young_person_id=row["young_person_id"],
        text=row["text"],
        due_on=date.fromisoformat(row["due_on"]),
        done_at=_time(row["done_at"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _lado_contact(row: LadoContactRow) -> LadoContact:
    return LadoContact(
        id=row["id"],
        reference=row["concern_id"],
        contacted_at=datetime.fromisoformat(row["contacted_at"]),
        spoke_to=row["spoke_to"],
        their_reference=row["their_reference"],
        outcome=row["outcome"],
        recorded_at=datetime.fromisoformat(row["created_at"]),
    )


def _arrived(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    # The store writes times with their offset; an older row without one was UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _lado_task(row: LadoWaitingRow) -> LadoTask:
    arrived = _arrived(row["sent_at"])
    name = row["person_name"] or row["person_known_as"] or "(no name given)"
    return LadoTask(
        reference=row["id"],
        young_person=name,
        about=row["about_adult"],
        arrived_at=arrived,
        due_at=lado_due_at(arrived),
    )

"""A young person's page for the designated lead: their details, every concern about them
and every entry the lead added, in one chronology; the current tier and the rule behind
it; a SERAF-like score for information; what their concerns name that other records name
too. And the lead's two ways of keeping the picture whole: merging two records of the
same young person (reversible, kept in the history) and adding chronology entries that
did not come from a concern (a phone call, a meeting, information from another agency).

The current tier is the highest tier that stands (the lead's where they changed it,
otherwise the checklist's) among the concerns from the last 12 months: the same recency
window the checklist uses (domain/cse-facts.md §8.3 rule 2), so a young person is not
labelled for ever by one old concern, and nothing recent is ever lowered.

The score follows SERAF's idea (§2.2) with the checklist's display weights (§8.3 rule 4:
V = 1, T1 = 1, T2 = 3, T3 = 5): the checklist answers of the concerns from the last 12
months are screened together, so a sign ticked in several concerns counts once, at its
most recent sighting (the screening rule's own way with a repeated sign). It is for
information only and never decides a tier.

Merging moves the merged record's concerns, chronology entries and follow-ups to the kept
record and marks the merged record (`merged_into`) instead of deleting it; the merge
records exactly what moved, so undoing it moves exactly that back. Records whose dates of
birth differ are merged only when the lead confirms (DatesOfBirthDiffer says why).

Every write goes with its audit entry in one transaction, and opening a page is logged as
a view. Audit entries hold ids, counts, flags and fixed words: never a name, a date of
birth or a summary. Summaries and names are record data: on screen only, never logged.
Who may: a lead or deputy, or whoever unlocked with the recovery code.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from app.casework.matching import (
    SAME_NAME,
    compare_names,
    name_forms,
    seen_elsewhere_for_young_person,
)
from app.casework.status import STATUS_WORDS
from app.core import errors
from app.core.service import SessionService
from app.intake.concern.model import IndicatorAnswer
from app.keys import audit
from app.keys.roles import CASEWORK_ROLES, role_of
from app.screening.checklist import load_checklist
from app.screening.rules import evaluate
from app.screening.vocabulary import TIER_WORDS
from db import young_people as q

if TYPE_CHECKING:
    from app.casework.matching import Match
    from db.store import Store
    from db.young_people import (
        CandidateRow,
        ConcernSummaryRow,
        EntryRow,
        MergeWithOtherRow,
        PersonRow,
    )

log = logging.getLogger(__name__)

ENTRY_KINDS = ("phone-call", "meeting", "other-agency", "other")
ENTRY_KIND_WORDS = {
    "phone-call": "Phone call",
    "meeting": "Meeting",
    "other-agency": "Information from another agency",
    "other": "Something else",
}
MAX_SUMMARY = 10_000
RECENT_MONTHS = 12
SUMMARY_LINE = 140  # characters of a concern's first line shown in the chronology
MAX_SUGGESTIONS = 20
TIER_RANK = {t: i for i, t in enumerate(("none", "V", "1", "2", "3", "X"))}
TIER_RULE = (
    "The current tier is the highest tier that stands among the concerns from the last "
    f"{RECENT_MONTHS} months. The tier that stands is the one the lead set, where they "
    "changed it, otherwise the one the checklist worked out."
)


# -- errors ------------------------------------------------------------------------------
class YoungPeopleNotAllowed(errors.AppError):
    title = "For the designated lead"
    message = "Only the designated lead or a deputy can see a young person's records."
    next_step = "Ask your designated lead."
    help_topic = "getting-help"


class YoungPersonMissing(errors.AppError):
    title = "Not found"
    message = "That young person is not in the records."
    next_step = "Open the concern again and try once more."
    help_topic = "getting-help"


class CannotMerge(errors.AppError):
    title = "These records cannot be merged"
    message = "These two records cannot be merged."
    next_step = "Nothing was changed."
    help_topic = "getting-help"


class DatesOfBirthDiffer(errors.AppError):
    """The two records give different dates of birth and the lead has not confirmed.

    The message is fixed text (it may reach a log); `reason` names the two dates, for
    the screen only."""

    title = "Different dates of birth"
    message = (
        "These two records give different dates of birth, so they may be two different "
        "young people."
    )
    next_step = (
        "Check both records. Merge them only if you are sure they are the same young "
        "person; the merge is kept in the history and can be undone."
    )
    help_topic = "getting-help"

    def __init__(self, kept_dob: date, merged_dob: date) -> None:
        self.kept_dob = kept_dob
        self.merged_dob = merged_dob
        super().__init__()

    @property
    def reason(self) -> str:
        return (
            f"The dates of birth are different: {self.kept_dob:%d/%m/%Y} on this record, "
            f"{self.merged_dob:%d/%m/%Y} on the other. They may be two different young "
            "people, or one date may have been written down wrongly."
        )


class MergeCannotBeUndone(errors.AppError):
    title = "The merge cannot be undone yet"
    message = "That merge cannot be undone."
    next_step = "Nothing was changed."
    help_topic = "getting-help"


# -- what the service returns ------------------------------------------------------------
@dataclass(frozen=True)
class PersonDetails:
    id: int
    name: str
    known_as: str
    date_of_birth: date | None
    approximate_age: int | None
    age: int | None  # today, from the date of birth or the approximate age
    gender: str
    address: str
    school: str
    carers: str
    needs: tuple[str, ...]
    needs_details: str
    first_language: str
    home_contact_unsafe: bool
    home_contact_unsafe_reason: str
    created_at: datetime

    @property
    def display_name(self) -> str:
        return self.name or self.known_as or "(no name given)"


@dataclass(frozen=True)
class ChronologyItem:
    """One line of the chronology: a concern, or an entry the lead added."""

    on: date  # when it happened (a concern with no date: the day it was recorded)
    recorded_at: datetime
    source: str  # "concern" or "entry"
    reference: str  # the concern's reference; "" for an entry
    entry_id: int | None
    kind: str  # "concern", or one of ENTRY_KINDS
    tier: str | None  # concerns: the tier that stands
    computed_tier: str | None
    status: str  # concerns: where the concern stands ('new', 'referred', …)
    summary: str  # record data: on screen only
    summary_is_own_words: bool
    recorded_by: str  # entries: the account's name; "" otherwise
    recent: bool  # within the last RECENT_MONTHS months: counted for the current tier
    checklist_version: int | None = None  # concerns: the checklist it was screened with

    @property
    def kind_words(self) -> str:
        return "Concern" if self.source == "concern" else ENTRY_KIND_WORDS.get(self.kind, "")

    @property
    def tier_words(self) -> str:
        return TIER_WORDS.get(self.tier, self.tier) if self.tier else ""

    @property
    def tier_changed_by_lead(self) -> bool:
        return self.tier is not None and self.tier != self.computed_tier

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, "") if self.source == "concern" else ""


@dataclass(frozen=True)
class CurrentTier:
    tier: str | None  # None: no concern in the last RECENT_MONTHS months
    reference: str | None  # the concern that sets it (the newest, when several do)
    on: date | None
    concerns_counted: int
    since: date
    sentence: str  # the rule, applied, in one or two plain sentences
    rule: str = TIER_RULE

    @property
    def words(self) -> str:
        if self.tier is None:
            return "No current tier"
        return TIER_WORDS.get(self.tier, self.tier)


@dataclass(frozen=True)
class Score:
    """SERAF-like, for information only: it never decides the tier."""

    total: int
    signs: int  # different signs ticked in the concerns counted
    concerns: int  # concerns from the last RECENT_MONTHS months that were screened
    not_scored: int  # concerns whose answers this version of the toolkit cannot read
    sentence: str


@dataclass(frozen=True)
class SeenElsewhere:
    matches: tuple[Match, ...]
    other_concerns: int
    other_young_people: int

    @property
    def sentence(self) -> str:
        if not self.other_concerns:
            return "Nothing named in these concerns is named in any other record."
        others = _plural(self.other_young_people, "other young person", "other young people")
        people = f", about {others}" if self.other_young_people else ""
        return (
            "People, vehicles, places, phone numbers or usernames named in these concerns "
            f"are also named in {_plural(self.other_concerns, 'other record', 'other records')}"
            f"{people}."
        )


@dataclass(frozen=True)
class MergeRecord:
    id: int
    kept_id: int
    merged_id: int
    at: datetime
    this_was_kept: bool  # from the point of view of the page it is shown on
    other_id: int
    other_name: str  # record data: on screen only
    other_date_of_birth: date | None
    concerns: int
    entries: int
    tasks: int
    different_dob: bool
    undone_at: datetime | None

    @property
    def standing(self) -> bool:
        return self.undone_at is None

    @property
    def words(self) -> str:
        moved = _moved_words(self.concerns, self.entries, self.tasks)
        who = self.other_name or "(no name given)"
        when = self.at.astimezone().strftime("%d/%m/%Y %H:%M")
        if self.this_was_kept:
            text = f"{when}: the record of {who} was merged into this one ({moved})"
        else:
            text = f"{when}: this record was merged into the record of {who} ({moved})"
        if self.different_dob:
            text += ", confirmed although the dates of birth differ"
        if self.undone_at is not None:
            text += f". Undone {self.undone_at.astimezone():%d/%m/%Y %H:%M}"
        return text + "."


@dataclass(frozen=True)
class PersonPage:
    details: PersonDetails
    chronology: tuple[ChronologyItem, ...]  # in the order asked for
    newest_first: bool
    current_tier: CurrentTier
    score: Score
    seen_elsewhere: SeenElsewhere | None  # None: not looked for (see YoungPeople.page)
    merges: tuple[MergeRecord, ...]  # oldest first
    asked_for: int  # the id asked for: a merged record's page is its kept record's

    @property
    def concerns(self) -> int:
        return sum(1 for item in self.chronology if item.source == "concern")

    @property
    def also_recorded_as(self) -> tuple[str, ...]:
        """Names of records merged into this one (and not undone)."""
        return tuple(
            dict.fromkeys(
                m.other_name for m in self.merges if m.this_was_kept and m.standing and m.other_name
            )
        )

    def ordered(self, newest_first: bool) -> tuple[ChronologyItem, ...]:
        if newest_first == self.newest_first:
            return self.chronology
        return tuple(reversed(self.chronology))


@dataclass(frozen=True)
class Duplicate:
    id: int
    name: str  # record data: on screen only
    known_as: str
    date_of_birth: date | None
    approximate_age: int | None
    concerns: int
    why: str
    same_date_of_birth: bool

    @property
    def display_name(self) -> str:
        return self.name or self.known_as or "(no name given)"


@dataclass(frozen=True)
class MergePreview:
    kept: PersonDetails
    merged: PersonDetails
    concerns: int
    entries: int
    tasks: int
    different_dob: bool
    reason: str | None  # why the lead must confirm: the dates of birth differ
    problems: tuple[str, ...] = field(default=())

    @property
    def question(self) -> str:
        moved = _moved_words(self.concerns, self.entries, self.tasks)
        return (
            f"Merge the record of {self.merged.display_name} into this record of "
            f"{self.kept.display_name}? Everything on it ({moved}) will then be shown "
            "here. The other record is kept, and the merge can be undone from the history."
        )


# -- helpers -----------------------------------------------------------------------------
def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n:,} {many}"


def _moved_words(concerns: int, entries: int, tasks: int) -> str:
    parts = [_plural(concerns, "concern", "concerns")]
    if entries:
        parts.append(_plural(entries, "chronology entry", "chronology entries"))
    if tasks:
        parts.append(_plural(tasks, "follow-up", "follow-ups"))
    return ", ".join(parts)


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must carry their time zone")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (29 Feb → 28 Feb when needed)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("no such date")  # pragma: no cover - 28 always exists


def first_line(text: str, limit: int = SUMMARY_LINE) -> str:
    """The first line with words in it, shortened to `limit` characters."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""


def _age_on(born: date | None, approximate: int | None, day: date) -> int | None:
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return approximate


def _details(row: PersonRow, today: date) -> PersonDetails:
    born = _day(row["date_of_birth"])
    return PersonDetails(
        id=int(row["id"]),
        name=row["name"],
        known_as=row["known_as"],
        date_of_birth=born,
        approximate_age=row["approximate_age"],
        age=_age_on(born, row["approximate_age"], today),
        gender=row["gender"],
        address=row["address"],
        school=row["school"],
        carers=row["carers"],
        needs=tuple(row["needs"]),
        needs_details=row["needs_details"],
        first_language=row["first_language"],
        home_contact_unsafe=bool(row["home_contact_unsafe"]),
        home_contact_unsafe_reason=row["home_contact_unsafe_reason"],
        created_at=_time(row["created_at"]) or datetime.min.replace(tzinfo=UTC),
    )


# -- the service -------------------------------------------------------------------------
# The store queries (db.young_people) are imported as `q` inside the methods that use them:
# the home screen must paint fast.
class YoungPeople(SessionService):
    def _casework(self) -> tuple[Store, int | None, str]:
        store = self.session.require_store()
        role = role_of(self.session.account_role)
        if role not in CASEWORK_ROLES:
            raise YoungPeopleNotAllowed()
        return store, self.session.account_id, role

    def _audit(
        self,
        store: Store,
        event: str,
        account_id: int | None,
        role: str,
        person_id: int,
        detail: dict[str, Any],
    ) -> None:
        audit.append(
            store,
            event,
            account_id=account_id,
            role=role,
            subject=f"young-person-{person_id}",
            detail=detail,
            now=self.now(),
        )

    def _person(self, store: Store, young_person_id: int) -> PersonRow:
        row = q.load_person(store, young_person_id)
        if row is None:
            raise YoungPersonMissing()
        return row

    def _standing(self, store: Store, young_person_id: int) -> PersonRow:
        """The record itself, or the one it was merged into (followed to the end)."""
        row = self._person(store, young_person_id)
        seen = {row["id"]}
        while row["merged_into"] is not None:
            row = self._person(store, int(row["merged_into"]))
            if row["id"] in seen:  # a loop can only come from an edit outside the app
                raise YoungPersonMissing()
            seen.add(row["id"])
        return row

    # -- reading -------------------------------------------------------------------------
    def for_concern(self, reference: str) -> int:
        """The young person a concern is about (the record it stands on now)."""
        store, _account, _role = self._casework()
        found = q.young_person_of_concern(store, reference)
        if found is None:
            raise errors.ConcernMissing()
        return int(self._standing(store, found)["id"])

    def page(
        self, young_person_id: int, newest_first: bool = True, *, seen_elsewhere: bool = True
    ) -> PersonPage:
        """Everything about one young person. A record that was merged into another
        gives the page of the record it was merged into. Logged as a view.

        `seen_elsewhere=False` leaves "seen in other records" out (None), for a screen
        that shows the page first and asks `seen_elsewhere()` straight after: with many
        concerns naming common names, that look costs more than the rest together."""
        store, account_id, role = self._casework()
        person = self._standing(store, young_person_id)
        pid = int(person["id"])
        today = self.today()
        since = months_before(today, RECENT_MONTHS)
        details = _details(person, today)

        concerns = q.concerns_for(store, pid)
        concern_items = [self._concern_item(c, since) for c in concerns]
        recent = [c for c, item in zip(concerns, concern_items, strict=True) if item.recent]
        items = concern_items + [self._entry_item(e, since) for e in q.entries_for(store, pid)]
        items.sort(
            key=lambda i: (i.on, i.recorded_at, i.source, i.reference, i.entry_id or 0),
            reverse=newest_first,
        )
        merges = tuple(_merge(m, pid) for m in q.merges_for(store, pid))
        seen: SeenElsewhere | None = None
        if not concerns:
            seen = SeenElsewhere((), 0, 0)
        elif seen_elsewhere:
            seen = self._seen_elsewhere(store, pid)
        page = PersonPage(
            details=details,
            chronology=tuple(items),
            newest_first=newest_first,
            current_tier=_current_tier(items, since),
            score=self._score(store, recent),
            seen_elsewhere=seen,
            merges=merges,
            asked_for=young_person_id,
        )
        with store.transaction():
            self._audit(
                store,
                audit.VIEW,
                account_id,
                role,
                pid,
                {
                    "what": "young-person-page",
                    "concerns": len(concerns),
                    "entries": len(items) - len(concerns),
                },
            )
        return page

    def _concern_item(self, row: ConcernSummaryRow, since: date) -> ChronologyItem:
        recorded = _time(row["created_at"]) or datetime.min.replace(tzinfo=UTC)
        on = _day(row["happened_on"]) or recorded.astimezone().date()
        own = first_line(row["own_words"])
        return ChronologyItem(
            on=on,
            recorded_at=recorded,
            source="concern",
            reference=row["id"],
            entry_id=None,
            kind="concern",
            tier=row["lead_tier"] or row["computed_tier"],
            computed_tier=row["computed_tier"],
            status=row["review_status"],
            summary=own or first_line(row["observations"]),
            summary_is_own_words=bool(own),
            recorded_by="",
            recent=on >= since,
            checklist_version=int(row["checklist_version"]),
        )

    def _entry_item(self, row: EntryRow, since: date) -> ChronologyItem:
        on = date.fromisoformat(row["happened_on"])
        return ChronologyItem(
            on=on,
            recorded_at=_time(row["recorded_at"]) or datetime.min.replace(tzinfo=UTC),
            source="entry",
            reference="",
            entry_id=int(row["id"]),
            kind=row["kind"],
            tier=None,
            computed_tier=None,
            status="",
            summary=row["summary"],
            summary_is_own_words=False,
            recorded_by=row["account_name"] or "",
            recent=on >= since,
        )

    def seen_elsewhere(self, young_person_id: int) -> SeenElsewhere:
        """What this young person's concerns name that other records name too
        (app.casework.matching.seen_elsewhere_for_young_person), counted. Read-only."""
        store, _account, _role = self._casework()
        return self._seen_elsewhere(store, int(self._standing(store, young_person_id)["id"]))

    def _seen_elsewhere(self, store: Store, young_person_id: int) -> SeenElsewhere:
        matches = tuple(seen_elsewhere_for_young_person(store, young_person_id))
        concerns = {c for m in matches for c in m.concern_ids}
        people = {p for m in matches for p in m.young_person_ids}
        return SeenElsewhere(matches, len(concerns), len(people))

    def _score(self, store: Store, recent: Sequence[ConcernSummaryRow]) -> Score:
        """The SERAF-like score of the recent concerns' answers, screened together."""
        if not recent:
            return Score(
                0,
                0,
                0,
                0,
                (f"No concerns in the last {RECENT_MONTHS} months, so there is no score."),
            )
        versions: dict[int, list[str]] = {}
        for row in recent:
            versions.setdefault(int(row["checklist_version"]), []).append(row["id"])
        answers: dict[str, list[IndicatorAnswer]] = {}
        for a in q.indicators_for(store, [r["id"] for r in recent]):
            answers.setdefault(a["concern_id"], []).append(
                IndicatorAnswer(
                    a["indicator_id"],
                    a["when_last_seen"],
                    a["how_known"],
                    found_out_on=_day(a["found_out_on"]),
                )
            )
        total, signs, scored, not_scored = 0, set(), 0, 0
        weights: dict[str, int] = {}
        for version, ids in sorted(versions.items()):
            mine = [a for cid in ids for a in answers.get(cid, [])]
            try:
                checklist = load_checklist(version)
                # Age and danger-now answers change the tier, never the score.
                result = evaluate(mine, (), None, checklist)
            except errors.AppError as exc:
                log.warning(
                    "young person's score: a checklist version could not be used: %s",
                    type(exc).__name__,
                )
                not_scored += len(ids)
                continue
            weights = dict(checklist.score_weights)
            total += result.score
            signs |= {a.indicator_id for a in mine if not a.indicator_id.startswith("X")}
            scored += len(ids)
        sentence = (
            f"SERAF-like score: {total}, for information only; it never decides the tier. "
            f"From {_plural(len(signs), 'sign', 'different signs')} ticked in "
            f"{_plural(scored, 'concern', 'concerns')} from the last {RECENT_MONTHS} months. "
            "Each sign counts once, as it was last seen"
        )
        if weights:
            sentence += (
                f": background factors {weights.get('V', 0)}, early-warning signs "
                f"{weights.get('1', 0)}, significant signs {weights.get('2', 0)}, serious "
                f"signs {weights.get('3', 0)}; a sign seen 6 to 12 months before its concern "
                "counts one level lower"
            )
        sentence += "."
        if not_scored:
            sentence += (
                f" {_plural(not_scored, 'concern', 'concerns')} could not be scored "
                "by this version of the toolkit."
            )
        return Score(total, len(signs), scored, not_scored, sentence)

    # -- possible duplicates -------------------------------------------------------------
    def suggest_duplicates(
        self, young_person_id: int, limit: int = MAX_SUGGESTIONS
    ) -> list[Duplicate]:
        """Other records that may be the same young person: a close name (see
        app.casework.matching.compare_names) and the same date of birth, or the same name where
        one or both have no date of birth. Same date of birth first. Read-only."""
        store, _account, _role = self._casework()
        person = self._standing(store, young_person_id)
        mine = name_forms(person["name"], person["known_as"])
        if not mine:
            return []
        my_dob = person["date_of_birth"]
        found: list[tuple[int, int, str, CandidateRow]] = []
        for row in q.candidates(store, my_dob, int(person["id"])):
            theirs = name_forms(row["name"], row["known_as"])
            if not theirs:
                continue
            hows = {compare_names(a, b) for a in mine for b in theirs} - {None}
            if not hows:
                continue
            if my_dob and row["date_of_birth"] == my_dob:
                how = "the same name" if SAME_NAME in hows else "a similar name"
                found.append((0, int(row["id"]), f"The same date of birth and {how}.", row))
            elif SAME_NAME in hows:
                missing = (
                    "neither record has a date of birth"
                    if not my_dob and not row["date_of_birth"]
                    else "this record has no date of birth"
                    if not my_dob
                    else "the other record has no date of birth"
                )
                found.append((1, int(row["id"]), f"The same name; {missing}.", row))
        found.sort(key=lambda f: (f[0], f[1]))
        found = found[:limit]
        counts = q.concern_counts(store, [f[1] for f in found])
        return [
            Duplicate(
                id=pid,
                name=row["name"],
                known_as=row["known_as"],
                date_of_birth=_day(row["date_of_birth"]),
                approximate_age=row["approximate_age"],
                concerns=counts.get(pid, 0),
                why=why,
                same_date_of_birth=rank == 0,
            )
            for rank, pid, why, row in found
        ]

    # -- merging -------------------------------------------------------------------------
    def merge_preview(self, keep: int, merge: int) -> MergePreview:
        """What merging `merge` into `keep` would move, and why the lead must confirm
        (the dates of birth differ). Raises CannotMerge when it cannot be done."""
        store, _account, _role = self._casework()
        return self._preview(store, keep, merge)

    def _preview(self, store: Store, keep: int, merge: int) -> MergePreview:
        if keep == merge:
            raise CannotMerge("A record cannot be merged with itself.")
        kept, merged = self._person(store, keep), self._person(store, merge)
        if kept["merged_into"] is not None or merged["merged_into"] is not None:
            raise CannotMerge(
                "One of these records has already been merged into another record.",
                next_step="Nothing was changed. Open the young person's page again.",
            )
        today = self.today()
        kept_d, merged_d = _details(kept, today), _details(merged, today)
        differ = (
            kept_d.date_of_birth is not None
            and merged_d.date_of_birth is not None
            and kept_d.date_of_birth != merged_d.date_of_birth
        )
        reason = (
            DatesOfBirthDiffer(kept_d.date_of_birth, merged_d.date_of_birth).reason
            if differ and kept_d.date_of_birth and merged_d.date_of_birth
            else None
        )
        return MergePreview(
            kept=kept_d,
            merged=merged_d,
            concerns=len(q.ids_on(store, "concerns", merge)),
            entries=len(q.ids_on(store, "chronology_entries", merge)),
            tasks=len(q.ids_on(store, "tasks", merge)),
            different_dob=differ,
            reason=reason,
        )

    def merge(self, keep: int, merge: int, confirm_different_dob: bool = False) -> MergeRecord:
        """Merge the record `merge` into `keep`: its concerns, chronology entries and
        follow-ups move to `keep`, and it is marked as merged (never deleted).

        Raises DatesOfBirthDiffer, with the reason, when both give a date of birth and
        they differ, unless `confirm_different_dob`; CannotMerge when it cannot be done.
        Nothing is written then."""
        store, account_id, role = self._casework()
        with store.transaction():
            preview = self._preview(store, keep, merge)
            if preview.different_dob and not confirm_different_dob:
                dobs = (preview.kept.date_of_birth, preview.merged.date_of_birth)
                if dobs[0] is not None and dobs[1] is not None:
                    raise DatesOfBirthDiffer(dobs[0], dobs[1])
            moved: dict[str, list[Any]] = {
                column: q.ids_on(store, table, merge) for table, column in q.MOVABLE.items()
            }
            for table, column in q.MOVABLE.items():
                q.move(store, table, moved[column], merge, keep)
            q.set_merged_into(store, merge, keep)
            merge_id = q.add_merge(
                store,
                {
                    "kept_id": keep,
                    "merged_id": merge,
                    "at": _utc_text(self.now()),
                    "account_id": account_id,
                    "different_dob": preview.different_dob,
                    **moved,
                },
            )
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                keep,
                {
                    "what": "young-people-merged",
                    "merge": merge_id,
                    "kept": keep,
                    "merged": merge,
                    "concerns": len(moved["concern_ids"]),
                    "entries": len(moved["entry_ids"]),
                    "tasks": len(moved["task_ids"]),
                    "different_dob": preview.different_dob,
                },
            )
        log.info("two young people's records merged")
        return self._merge_record(store, merge_id, keep)

    def undo_merge(self, merge_id: int) -> MergeRecord:
        """Put back exactly what a merge moved and clear the merged record's mark.

        Refused (MergeCannotBeUndone) when it was undone already, or when a later merge
        moved the kept record on: that one is undone first, so every undo is exact."""
        store, account_id, role = self._casework()
        with store.transaction():
            row = q.load_merge(store, merge_id)
            if row is None:
                raise MergeCannotBeUndone("That merge is not in the records.")
            if row["undone_at"] is not None:
                raise MergeCannotBeUndone("That merge has been undone already.")
            kept, merged = int(row["kept_id"]), int(row["merged_id"])
            kept_row, merged_row = self._person(store, kept), self._person(store, merged)
            in_place = (
                kept_row["merged_into"] is None
                and merged_row["merged_into"] == kept
                and all(
                    q.count_on(store, table, row[column], kept) == len(row[column])
                    for table, column in q.MOVABLE.items()
                )
            )
            if not in_place:
                raise MergeCannotBeUndone(
                    "The kept record has since been merged into another record.",
                    next_step="Undo that later merge first, then this one. Nothing was changed.",
                )
            for table, column in q.MOVABLE.items():
                q.move(store, table, row[column], kept, merged)
            q.set_merged_into(store, merged, None)
            q.mark_undone(store, merge_id, _utc_text(self.now()), account_id)
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                kept,
                {
                    "what": "young-people-merge-undone",
                    "merge": merge_id,
                    "kept": kept,
                    "merged": merged,
                    "concerns": len(row["concern_ids"]),
                    "entries": len(row["entry_ids"]),
                    "tasks": len(row["task_ids"]),
                },
            )
        log.info("a merge of two young people's records was undone")
        return self._merge_record(store, merge_id, kept)

    def _merge_record(self, store: Store, merge_id: int, seen_from: int) -> MergeRecord:
        for row in q.merges_for(store, seen_from):
            if row["id"] == merge_id:
                return _merge(row, seen_from)
        raise MergeCannotBeUndone("That merge is not in the records.")  # pragma: no cover

    # -- chronology entries --------------------------------------------------------------
    def add_entry(
        self, young_person_id: int, happened_on: date | None, kind: str, summary: str
    ) -> ChronologyItem:
        """An entry on the young person's chronology that did not come from a concern.
        Raises InvalidInput by field ('happened_on', 'kind', 'summary'); nothing is
        written then."""
        store, account_id, role = self._casework()
        summary = summary.strip()
        problems: dict[str, str] = {}
        if happened_on is None:
            problems["happened_on"] = "Give the date it happened."
        elif happened_on > self.today():
            problems["happened_on"] = "That date has not come yet. Choose today or an earlier date."
        if kind not in ENTRY_KINDS:
            problems["kind"] = "Choose what kind of entry this is."
        if not summary:
            problems["summary"] = "Write what happened, or what you were told."
        elif len(summary) > MAX_SUMMARY:
            problems["summary"] = (
                f"Keep this to {MAX_SUMMARY:,} characters or fewer (it has {len(summary):,})."
            )
        if problems or happened_on is None:
            raise errors.InvalidInput(problems)
        person = self._person(store, young_person_id)
        if person["merged_into"] is not None:
            raise CannotMerge(
                "This record has been merged into another one.",
                next_step="Open the young person's page again and add the entry there.",
            )
        with store.transaction():
            entry_id = q.add_entry(
                store,
                {
                    "young_person_id": young_person_id,
                    "happened_on": happened_on.isoformat(),
                    "kind": kind,
                    "summary": summary,
                    "recorded_at": _utc_text(self.now()),
                    "account_id": account_id,
                },
            )
            self._audit(
                store,
                audit.CHANGE,
                account_id,
                role,
                young_person_id,
                {
                    "what": "chronology-entry-added",
                    "entry": entry_id,
                    "kind": kind,
                    "days_ago": (self.today() - happened_on).days,
                },
            )
        log.info("chronology entry added")
        row = q.load_entry(store, entry_id)
        assert row is not None  # written just now, in this same transaction
        return self._entry_item(row, months_before(self.today(), RECENT_MONTHS))


# -- rules and rows ----------------------------------------------------------------------
def _current_tier(items: Sequence[ChronologyItem], since: date) -> CurrentTier:
    recent = [i for i in items if i.source == "concern" and i.recent]
    older = [i for i in items if i.source == "concern" and not i.recent]
    when = f"{since:%d/%m/%Y}"
    if not recent:
        sentence = f"No concerns since {when}, so there is no current tier."
        if older:
            latest = max(older, key=lambda i: (i.on, i.recorded_at))
            sentence += (
                f" The latest concern, {latest.reference} on {latest.on:%d/%m/%Y}, "
                f"was {latest.tier_words.lower()}; it stays in the chronology."
            )
        return CurrentTier(None, None, None, 0, since, sentence)
    top = max(recent, key=lambda i: (TIER_RANK.get(i.tier or "none", 0), i.on, i.recorded_at))
    n = len(recent)
    counted = _plural(n, "concern", "concerns")
    how = "set by the lead" if top.tier_changed_by_lead else "worked out by the checklist"
    if top.tier in (None, "none"):
        sentence = (
            f"No signs were ticked in the concerns since {when} ({counted}). No "
            "signs ticked does not mean there is no exploitation."
        )
    else:
        sentence = (
            f"{TIER_WORDS.get(top.tier, top.tier)}: the highest tier that stands among the "
            f"concerns since {when} ({counted}). It comes from {top.reference} on "
            f"{top.on:%d/%m/%Y} ({how})."
        )
    return CurrentTier(top.tier, top.reference, top.on, n, since, sentence)


def _merge(row: MergeWithOtherRow, seen_from: int) -> MergeRecord:
    kept = int(row["kept_id"]) == seen_from
    return MergeRecord(
        id=int(row["id"]),
        kept_id=int(row["kept_id"]),
        merged_id=int(row["merged_id"]),
        at=_time(row["at"]) or datetime.min.replace(tzinfo=UTC),
        this_was_kept=kept,
        other_id=int(row["merged_id"] if kept else row["kept_id"]),
        other_name=row["other_name"] or row["other_known_as"] or "",
        other_date_of_birth=_day(row["other_date_of_birth"]),
        concerns=len(row["concern_ids"]),
        entries=len(row["entry_ids"]),
        tasks=len(row["task_ids"]),
        different_dob=bool(row["different_dob"]),
        undone_at=_time(row["undone_at"]),
    )

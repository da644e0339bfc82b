"""Corrections to a concern after it was recorded: each makes a new version, with who,
when and why, and the original is never overwritten.

The store's concern rows always hold the latest version, so the records list, search and
"seen in other records" see the corrected words. Each correction keeps, field by field,
the value before and after (db/amendments.py), so every earlier version is rebuilt
exactly by undoing the corrections newest first, and checked against the digest kept
when it was made (the original's is the one stored when it arrived).

A correction is checked as a submitted concern is (app/intake/concern/validate.py), as of the
day the concern was recorded, and must give a reason. What says how the concern reached
the store cannot be corrected: its reference, checklist version, when the form was
started and sent, its status, where it came from, and the tier worked out when it was
recorded (the lead's own tier is a decision: app/casework/decisions.py). Lists (people, vehicles,
places, phone numbers and usernames, checklist answers, danger-now answers) count as
whole fields. The young person's details are corrected on the row the concern points at,
and only while no other concern shares that row: once the lead has merged two records
they belong to the young person, not to this one record.

The correction, the concern's rows, the search index and the audit entry ('change': the
reference, the version and the names of the fields changed; never a value, never the
reason) are written in one transaction.

Re-screening (`rescreen`) is the one way the checklist version and the computed tier
change: a concern screened with an older checklist is screened again with the latest, its
answers carried over as they were, and saved as a new version like a correction, with a
reason. What it would give is worked out on the fly (`rescreen_of`) and shown beside the
old result; nothing changes by itself. The tier that stands never goes down: a lead's own
tier above the new result still stands; one the new result reaches is no longer needed
and is put back (a decision, in the history); and should the new result be lower than
the one recorded, with no tier of the lead's, the recorded one is kept as the lead's.

Needs an unlocked Session; a lead or deputy (or whoever used the recovery code).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from app.core import errors
from app.core.service import SessionService
from app.intake.concern.codec import from_dict, to_dict
from app.intake.concern.model import Concern
from app.intake.concern.search_text import search_text
from app.intake.concern.validate import problems as concern_problems
from app.keys import audit
from app.keys.roles import CASEWORK_ROLES, role_of
from app.screening import vocabulary
from app.screening.checklist import LATEST_VERSION, load_checklist
from app.screening.rules import screen_concern

if TYPE_CHECKING:
    from app.screening.rules import ScreeningResult
    from db.store import Store

log = logging.getLogger(__name__)


MAX_REASON = 2000
REASON = "reason"
# Fields a correction cannot change, and why, said at the field.
FIXED = {
    "id": "The reference stays the same when a record is corrected.",
    "checklist_version": "The checklist version stays the one the record was made with.",
    "created_at": "When the record was started cannot be corrected.",
    "submitted_at": "When the record was sent cannot be corrected.",
    "status": "Whether the record was sent or left incomplete cannot be corrected.",
    "source": "Where the record came from cannot be corrected.",
    "computed_tier": (
        "The tier the checklist worked out when it was recorded stays as it was. "
        "Change the tier as a decision instead."
    ),
}
# The model's lists, each kept as rows of these subject kinds ("" : checklist answers).
_SUBJECT_LISTS = {
    "people": ("person",),
    "vehicles": ("vehicle",),
    "places": ("place",),
    "contacts": ("phone", "username"),
}
_ROW_LISTS = {*_SUBJECT_LISTS, "indicators"}

# Plain words for the fields a correction may change, for the versions view.
FIELD_WORDS = {
    "danger": "Danger now",
    "about_adult": "Worry about an adult here",
    "called_999": "Called 999",
    "police_reference": "Police reference",
    "young_person.name": "Young person's name",
    "young_person.known_as": "Other names or nicknames",
    "young_person.date_of_birth": "Date of birth",
    "young_person.approximate_age": "Age, roughly",
    "young_person.gender": "Gender",
    "young_person.address": "Address",
    "young_person.school": "School or college",
    "young_person.carers": "Parents or carers",
    "young_person.needs": "Additional needs",
    "young_person.needs_details": "Needs: details",
    "young_person.first_language": "First language",
    "young_person.home_contact_unsafe": "Contacting home could be unsafe",
    "young_person.home_contact_unsafe_reason": "Why contacting home could be unsafe",
    "happened_on": "Date it happened",
    "happened_time": "Time it happened",
    "happened_where": "Where",
    "how_known": "How it is known",
    "told_by": "Told by",
    "own_words": "The young person's own words",
    "observations": "What was seen or heard",
    "actions_taken": "What was done",
    "phoned_101": "Phoned 101",
    "people": "People involved",
    "vehicles": "Vehicles",
    "places": "Places",
    "contacts": "Phone numbers and online names",
    "indicators": "Screening checklist",
    "recorder_name": "Recorded by: name",
    "recorder_role": "Recorded by: role",
    "recorder_contact": "Recorded by: contact",
    # Changed only by a re-screen, never by a correction.
    "checklist_version": "Checklist version",
    "computed_tier": "Tier the checklist worked out",
}


class AmendmentsNotAllowed(errors.AppError):
    title = "For the designated lead"
    message = "Only the designated lead or a deputy can correct a record or see its versions."
    next_step = "Ask your designated lead."
    help_topic = "getting-help"


class RescreenNotOffered(errors.AppError):
    title = "Nothing to re-screen"
    message = "This record was screened with the current checklist already."
    next_step = "If the result looks wrong, change the tier as a decision, with a reason."
    help_topic = "screening-checklist"


# -- re-screening with the latest checklist ----------------------------------------------
def _rank(tier: str | None) -> int:
    return vocabulary.tier_rank(tier) if tier in vocabulary.TIER_ORDER else -1


@dataclass(frozen=True)
class Rescreen:
    """What screening a concern again with the latest checklist gives, worked out on the
    fly. Nothing here is stored: `Amendments.rescreen` does that, with a reason."""

    screened_with: int  # the checklist version the record was screened with
    recorded_tier: str  # the tier worked out then (the concern's computed_tier)
    lead_tier: str | None  # the lead's own tier, when they changed it
    result: ScreeningResult | None  # with the latest version; None: it cannot be worked out
    latest: int = LATEST_VERSION

    @property
    def outdated(self) -> bool:
        """Screened with an older checklist than the latest."""
        return self.screened_with < self.latest

    @property
    def offered(self) -> bool:
        return self.outdated and self.result is not None

    @property
    def new_tier(self) -> str:
        return self.result.computed_tier if self.result is not None else self.recorded_tier

    @property
    def standing(self) -> str:
        """The tier that stands now: the lead's when they changed it, else the recorded."""
        return self.lead_tier or self.recorded_tier

    @property
    def higher(self) -> bool:
        return _rank(self.new_tier) > _rank(self.recorded_tier)

    @property
    def lower(self) -> bool:
        return _rank(self.new_tier) < _rank(self.recorded_tier)

    @property
    def lead_tier_after(self) -> str | None:
        """The lead's tier once re-screened: kept while it is above the new result; the
        recorded tier when the new result is lower and the lead had set none (so the tier
        that stands never goes down); otherwise none."""
        if self.lead_tier:
            return self.lead_tier if _rank(self.lead_tier) > _rank(self.new_tier) else None
        return self.recorded_tier if self.lower else None

    @property
    def standing_after(self) -> str:
        return self.lead_tier_after or self.new_tier

    def summary(self) -> str:
        """One or two plain sentences for wherever the result is shown ("" when the
        record was screened with the latest checklist)."""
        if not self.outdated:
            return ""
        said = f"Screened with checklist version {self.screened_with}."
        if self.result is None:
            return (
                f"{said} It cannot be screened again with version {self.latest}: an "
                "answer is not one that version knows."
            )
        new = vocabulary.label(self.new_tier)
        if self.higher:
            return f"{said} Re-screening with version {self.latest} would give: {new}."
        if self.lower:
            return (
                f"{said} Re-screening with version {self.latest} would give: {new}, "
                "lower than the result recorded, which would still stand."
            )
        return f"{said} Re-screening with version {self.latest} gives the same result: {new}."

    def standing_words(self) -> str:
        """What happens to the tier that stands, said before the lead confirms."""
        new, after = vocabulary.label(self.new_tier), vocabulary.label(self.standing_after)
        if self.lead_tier and self.lead_tier_after:
            return (
                f"The lead's own tier, {after}, still stands: it is higher than the result "
                f"version {self.latest} gives. You can change it under Decisions and "
                "follow-ups."
            )
        if self.lead_tier:
            return (
                f"The lead's own tier, {vocabulary.label(self.lead_tier)}, is no longer "
                f"needed: the checklist now gives {new}, which becomes the result that "
                "stands. The earlier decision stays in the history."
            )
        if self.lead_tier_after:
            return (
                f"Version {self.latest} gives a lower result than the one recorded. The "
                f"result that stands does not go down: {after} is kept as the lead's tier, "
                "with the reason you give here. You can change it under Decisions and "
                "follow-ups."
            )
        return f"{new} becomes the result that stands."


def rescreen_of(concern: Concern, lead_tier: str | None = None) -> Rescreen:
    """What re-screening `concern` with the latest checklist gives, beside what it was
    screened with. Worked out on a copy: the concern is not changed."""
    result = None
    if concern.checklist_version < LATEST_VERSION:
        try:
            result = screen_concern(replace(concern, checklist_version=LATEST_VERSION))
        except errors.AppError as exc:  # an answer the latest version does not know
            log.warning("re-screening not possible: %s", type(exc).__name__)
    return Rescreen(concern.checklist_version, concern.computed_tier, lead_tier or None, result)


@dataclass(frozen=True)
class RescreenDue:
    """A concern screened with an older checklist for which the latest one gives a higher
    result than the tier that stands: an item in the lead's To do list until it is
    re-screened, or the lead's own tier reaches that result."""

    reference: str
    young_person: str  # record data: show it only while unlocked
    new_tier: str  # what the latest checklist gives

    @property
    def new_words(self) -> str:
        return vocabulary.label(self.new_tier)


@dataclass(frozen=True)
class Version:
    """One version of a concern, rebuilt exactly as it stood."""

    number: int  # 1: as recorded; 2: after the first correction; …
    at: datetime  # when this version was made (for 1: when it was sent, or started)
    account_name: str  # who corrected it; "" for the original and for the recovery code
    reason: str  # why it was corrected; "" for the original
    concern: Concern
    changed: tuple[str, ...] = ()  # field paths this version changed from the one before
    # True: the rebuilt version matches the digest kept when it was made. False: it does
    # not (something changed the concern's rows other than by a correction). None: it
    # cannot be told, because the young person's details now come from a record other
    # concerns share (the lead merged two records): they are shown as they are now.
    intact: bool | None = True

    @property
    def is_original(self) -> bool:
        return self.number == 1


# -- field paths over the concern as JSON ------------------------------------------------
def _leaves(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field path, value): the young person's fields one by one, lists whole."""
    for key, value in data.items():
        if key == "young_person":
            for inner, item in value.items():
                yield f"young_person.{inner}", item
        else:
            yield key, value


def _get(data: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    return data[head][rest] if rest else data[head]


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        data[head][rest] = copy.deepcopy(value)
    else:
        data[head] = copy.deepcopy(value)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Field path → {"old": …, "new": …} for every field that differs."""
    before = dict(_leaves(old))
    return {
        path: {"old": before[path], "new": value}
        for path, value in _leaves(new)
        if _as_json(before[path]) != _as_json(value)
    }


def _as_json(value: Any) -> str:
    # JSON text, so True and 1 (or 1 and 1.0) never count as the same value.
    return json.dumps(value, sort_keys=True, ensure_ascii=True)


def digest(data: dict[str, Any]) -> str:
    """SHA-256 of a concern's JSON form: the same as the digest stored when it arrived."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def audit_token(path: str) -> str:
    """A field path as the audit log takes it: "young_person.name" → "young_person-name"."""
    return path.replace(".", "-")


def field_words(path: str) -> str:
    return FIELD_WORDS.get(path, path.replace("young_person.", "").replace("_", " "))


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _token(tier: str) -> str:
    return tier.lower()  # the audit log takes lower-case identifiers only


def _reason_problems(reason: str, missing: str) -> dict[str, str]:
    if not reason:
        return {REASON: missing}
    if len(reason) > MAX_REASON:
        return {
            REASON: f"Keep this to {MAX_REASON:,} characters or fewer (it has {len(reason):,})."
        }
    return {}


# -- the service -------------------------------------------------------------------------
# The store queries are imported inside the methods that use them, db.amendments as `q`
# and db.decisions as `dq` (the lead's tier lives with their decisions; a re-screen may
# change it): the home screen must paint fast.
class Amendments(SessionService):
    def _casework(self) -> tuple[Store, int | None, str]:
        store = self.session.require_store()
        role = role_of(self.session.account_role)
        if role not in CASEWORK_ROLES:
            raise AmendmentsNotAllowed()
        return store, self.session.account_id, role

    @staticmethod
    def _current(store: Store, reference: str) -> Concern:
        # deferred: sqlcipher3 and nacl; the volunteer's print (no store) loads this module
        from app.intake.letterbox import load_concern

        return load_concern(store, reference)  # ConcernMissing when there is none

    # -- correcting ----------------------------------------------------------------------
    def correct(self, reference: str, corrected: Concern, reason: str) -> int:
        """Save `corrected` as the next version of the concern; its version number.

        Raises InvalidInput, keyed by field path ("reason", "own_words",
        "young_person.name", …), when something needs putting right: nothing is written
        then. ConcernMissing when there is no such concern.
        """
        store, account_id, role = self._casework()
        current = self._current(store, reference)
        reason = reason.strip()
        found, checked = self._problems(current, corrected, reason)
        changes = diff(to_dict(current), to_dict(checked)) if checked else {}
        if checked is not None and not changes:
            found.setdefault(
                "changes", "Nothing has been changed, so there is no correction to save."
            )
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import amendments as q

        if any(p.startswith("young_person.") for p in changes) and (
            q.others_sharing_young_person(store, reference)
        ):
            found.setdefault(
                "young_person.name",
                (
                    "These details belong to a young person that other records point at too, "
                    "so they cannot be corrected from this one record."
                ),
            )
        if found or checked is None:
            raise errors.InvalidInput(found)
        version = self._save_version(
            store, reference, checked, changes, reason, account_id, role, {"what": "correction"}
        )
        log.info("concern corrected: version %d, %d field(s)", version, len(changes))
        return version

    def _save_version(
        self,
        store: Store,
        reference: str,
        checked: Concern,
        changes: dict[str, dict[str, Any]],
        reason: str,
        account_id: int | None,
        role: str,
        detail: dict[str, Any],
        also: Callable[[int, datetime], None] | None = None,
    ) -> int:
        """Write `checked` as the concern's next version: the amendments row, the
        concern's rows the changes touch, the search index and the audit entry (`detail`
        with the version and the fields), and `also(version, now)` if given, in one
        transaction. The new version's number."""
        # deferred: sqlcipher3 and nacl; the volunteer's print (no store) loads this module
        from app.intake.letterbox import to_record
        from db import amendments as q
        from db import records as search_index

        now = self.now()
        new = to_dict(checked)
        # Only the rows a change touches: the original's digest and arrival time stay.
        record = to_record(new, "", "")
        with store.transaction():
            version = q.latest(store, reference)[0] + 1
            q.add(
                store,
                {
                    "concern_id": reference,
                    "version": version,
                    "at": _utc_text(now),
                    "account_id": account_id,
                    "reason": reason,
                    "changes": changes,
                    "digest": digest(new),
                },
            )
            columns = {
                p: c["new"] for p, c in changes.items() if "." not in p and p not in _ROW_LISTS
            }
            q.update_concern(store, reference, {c: record["concern"][c] for c in columns})
            person = [p.split(".", 1)[1] for p in changes if p.startswith("young_person.")]
            q.update_young_person(store, reference, {c: record["young_person"][c] for c in person})
            # Each answer's row names its checklist version too: a re-screen rewrites them.
            if "indicators" in changes or "checklist_version" in changes:
                q.replace_indicators(store, reference, record["indicators"])
            for key, kinds in _SUBJECT_LISTS.items():
                if key in changes:
                    q.replace_subjects(
                        store,
                        reference,
                        kinds,
                        [s for s in record["subjects"] if s["kind"] in kinds],
                    )
            # The search finds the corrected words, and no longer the ones taken out.
            search_index.index_concern(store, reference, search_text(checked))
            audit.append(
                store,
                audit.CHANGE,
                account_id=account_id,
                role=role,
                subject=reference,
                now=now,
                detail={
                    **detail,
                    "version": version,
                    "fields": sorted(audit_token(p) for p in changes),
                },
            )
            if also is not None:
                also(version, now)
        return version

    def _problems(
        self, current: Concern, corrected: Concern, reason: str
    ) -> tuple[dict[str, str], Concern | None]:
        """What needs putting right, by field; and the corrected concern, checked as a
        letter is (None when it cannot be read at all)."""
        found = _reason_problems(reason, "Write why this record is being corrected.")
        try:
            checked = from_dict(to_dict(corrected))
        except (TypeError, errors.LetterInvalid):
            # A caller's mistake, not something typed: said without the value.
            found["concern"] = "The corrected record could not be read, so it was not saved."
            return found, None
        for key, message in FIXED.items():
            if getattr(checked, key) != getattr(current, key):
                found[key] = message
        for key, message in concern_problems(
            replace(checked, status="submitted"), self._recorded_on(current)
        ).items():
            found.setdefault(key, message)
        return found, checked

    @staticmethod
    def _recorded_on(concern: Concern) -> date:
        """Checks run as of the day the concern was recorded, so a date of birth that
        was fine then is not refused years later for the age it gives today."""
        sent = concern.submitted_at or concern.created_at
        return max(sent, concern.created_at).astimezone().date()

    # -- re-screening --------------------------------------------------------------------
    def rescreen_check(self, reference: str) -> Rescreen:
        """What re-screening the concern with the latest checklist would give, beside the
        tier that stands. Read only: nothing is written, not even an audit entry."""
        store, _account, _role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as dq

        review = dq.load_review(store, reference)
        return rescreen_of(self._current(store, reference), review["lead_tier"] if review else None)

    def rescreen(self, reference: str, reason: str) -> int:
        """Screen the concern again with the latest checklist and save that as its next
        version, with the lead's reason; the new version's number.

        The answers are carried over as they were; the checklist version and the
        computed tier change. The tier that stands never goes down (see
        `Rescreen.lead_tier_after`): the lead's tier is kept, put back or set in the
        same transaction, as a decision with the same reason. Raises InvalidInput
        ('reason') when the reason is missing or too long, RescreenNotOffered when the
        record was screened with the latest checklist (or cannot be re-screened).
        """
        store, account_id, role = self._casework()
        current = self._current(store, reference)
        reason = reason.strip()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import decisions as dq

        review = dq.load_review(store, reference)
        check = rescreen_of(current, review["lead_tier"] if review else None)
        if not check.offered:
            raise RescreenNotOffered()
        found = _reason_problems(reason, "Write why this record is being re-screened.")
        if found:
            raise errors.InvalidInput(found)
        checked = from_dict(
            to_dict(replace(current, checklist_version=check.latest, computed_tier=check.new_tier))
        )
        changes = diff(to_dict(current), to_dict(checked))

        def tier_decision(version: int, now: datetime) -> None:
            lead_after = check.lead_tier_after
            if lead_after == check.lead_tier:
                return  # the lead's tier (or none) stands as it was
            at = _utc_text(now)
            row = review or dq.unreviewed(reference)
            decision = dq.add_decision(
                store,
                {
                    "concern_id": reference,
                    "at": at,
                    "account_id": account_id,
                    "kind": "tier",
                    "status": row["status"],
                    "referred_to": "",
                    "referred_to_other": "",
                    "reason": reason,
                    "review_on": None,
                    "lead_tier": lead_after,
                    "parents_told": "",
                },
            )
            dq.save_review(
                store,
                {
                    **row,
                    "lead_tier": lead_after,
                    "lead_tier_reason": reason if lead_after else "",
                    "updated_at": at,
                    "updated_by": account_id,
                },
            )
            audit.append(
                store,
                audit.DECISION,
                account_id=account_id,
                role=role,
                subject=reference,
                now=now,
                detail={
                    "what": "tier",
                    "tier": _token(check.standing_after),
                    "computed": _token(check.new_tier),
                    "before": _token(check.standing),
                    "reason_given": True,
                    "decision": decision,
                    "rescreen_version": version,
                },
            )

        version = self._save_version(
            store,
            reference,
            checked,
            changes,
            reason,
            account_id,
            role,
            {
                "what": "rescreen",
                "checklist": check.latest,
                "tier": _token(check.new_tier),
                "before": _token(check.recorded_tier),
            },
            also=tier_decision,
        )
        log.info("concern re-screened: version %d, checklist %d", version, check.latest)
        return version

    def rescreen_due(self) -> list[RescreenDue]:
        """Concerns screened with an older checklist for which the latest one gives a
        higher result than the tier that stands, the oldest first. Under version 1 a
        disclosure of abuse over 12 months ago came out as "No current signs": the lead
        must hear of it without opening each record. Only concerns whose result could
        change are screened (picked out by the store); read only, nothing is written."""
        # deferred: sqlcipher3 and nacl; the volunteer's print (no store) loads this module
        from app.intake.letterbox import load_concern
        from db.records import rescreen_candidates

        store, _account, _role = self._casework()
        never_decay = tuple(i.id for i in load_checklist(LATEST_VERSION).indicators if not i.decays)
        due = []
        for version in range(1, LATEST_VERSION):
            for row in rescreen_candidates(store, version, never_decay):
                check = rescreen_of(load_concern(store, row["id"]), row["lead_tier"])
                if check.result is not None and _rank(check.new_tier) > _rank(check.standing):
                    name = row["person_name"] or row["person_known_as"] or "(no name given)"
                    due.append(RescreenDue(row["id"], name, check.new_tier))
        return due

    # -- reading -------------------------------------------------------------------------
    def current_version(self, reference: str) -> tuple[int, datetime | None]:
        """The concern's current version and when that correction was made (None when it
        has never been corrected). Numbers and a time only: no audit entry."""
        store, _account, _role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import amendments as q

        number, at = q.latest(store, reference)
        return number, datetime.fromisoformat(at) if at else None

    def versions(self, reference: str) -> list[Version]:
        """Every version of the concern, oldest first, each rebuilt exactly."""
        store, _account, _role = self._casework()
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import amendments as q
        from db import concerns as concern_rows

        current = self._current(store, reference)
        rows = q.for_concern(store, reference)
        data = to_dict(current)
        # Newest first: each correction's "after" is checked, then undone.
        built: list[tuple[dict[str, Any], bool]] = []
        for row in reversed(rows):
            changes = row["changes"]
            intact = digest(data) == row["digest"] and all(
                _as_json(_get(data, p)) == _as_json(c["new"]) for p, c in changes.items()
            )
            built.append((data, intact))
            data = copy.deepcopy(data)
            for path, change in changes.items():
                _put(data, path, change["old"])
        built.append((data, digest(data) == concern_rows.content_digest(store, reference)))
        built.reverse()

        shared = q.others_sharing_young_person(store, reference) > 0

        def checked(ok: bool) -> bool | None:
            return True if ok else (None if shared else False)

        found: list[Version] = []
        original = from_dict(built[0][0])
        found.append(
            Version(
                1,
                original.submitted_at or original.created_at,
                "",
                "",
                original,
                (),
                checked(built[0][1]),
            )
        )
        for row, (version_data, ok) in zip(rows, built[1:], strict=True):
            found.append(
                Version(
                    number=row["version"],
                    at=datetime.fromisoformat(row["at"]),
                    account_name=row["account_name"] or "",
                    reason=row["reason"],
                    concern=from_dict(version_data),
                    changed=tuple(sorted(row["changes"])),
                    intact=checked(ok),
                )
            )
        if any(v.intact is False for v in found):
            log.warning("concern versions do not match their digests")  # no reference
        self.session.record_audit(
            audit.VIEW, subject=reference, detail={"what": "versions", "versions": len(found)}
        )
        return found

    def changed_fields(self, reference: str, version: int) -> list[str]:
        """The field paths `version` changed from the one before ([] for the original)."""
        store, _account, _role = self._casework()
        if version == 1:
            self._current(store, reference)  # ConcernMissing for an unknown reference
            return []
        # deferred: sqlcipher3; the volunteer's print (no store) loads this module
        from db import amendments as q

        for row in q.for_concern(store, reference):
            if row["version"] == version:
                return sorted(row["changes"])
        raise errors.ConcernMissing("That version of the concern is not in the records.")

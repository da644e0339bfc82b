"""Retention review: when each young person's records are due for review, the list of
those due, and the lead's three answers: keep them for longer, record that CSE was
alleged (which keeps them longer), or delete them. Nothing is ever deleted automatically.

The rules, from domain/cse-facts.md §6.1:
- By default the review date is the young person's 25th birthday (NSPCC; the IRMS toolkit
  says date of birth + 25 years, then review). With only an approximate age, the birth
  year is estimated from their age when their record was first made, and the latest
  25th birthday that age allows is used (so an estimate never shortens the keeping).
  With neither, 25 years after the first record: the latest their 25th birthday can be.
- Where the lead recorded that CSE was alleged, or a referral was made (a phone referral,
  or a decision to refer), the records may be about child sexual abuse. IICSA asked for
  such records to be kept for a long time and suggested 75 years, so the review date is
  then `retention_long_years` (a setting, 75 by default) after the latest record, or the
  25th birthday if that is later.
- The lead may choose a later review date, with a reason; never an earlier one.

Deleting needs the lead's own passphrase typed again (or the recovery code, for whoever
unlocked with it), only once the review date has passed, and removes everything about
the young person in one transaction (db/retention.py). The audit entry holds counts and
fixed words only: no name, no id, no date that could point at the person.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from app.core import errors
from app.core.service import SessionService
from app.core.text_checks import clean, problem
from app.keys import audit
from app.keys.keyring import RECOVERY, Keyring
from app.keys.recovery_code import normalise
from app.keys.roles import does_casework, may_keep_or_delete, role_of
from db import retention as q
from db import young_people as yp

if TYPE_CHECKING:
    from db.retention import Facts
    from db.store import Store

log = logging.getLogger(__name__)

REVIEW_AGE = 25  # NSPCC / IRMS: the 25th birthday, then review
LONG_YEARS_SETTING = "retention_long_years"
MAX_REASON = 2000
DELETION_REASON = "retention-review"  # the one reason this screen deletes for

BASIS_DOB = "date-of-birth"
BASIS_AGE = "approximate-age"
BASIS_FIRST_RECORD = "first-record"


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March (the later day)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n:,} {many}"


@dataclass(frozen=True)
class Birthday:
    """The 25th birthday the review date starts from, and how it was known."""

    on: date
    basis: str  # BASIS_DOB, BASIS_AGE or BASIS_FIRST_RECORD
    age: int | None = None  # BASIS_AGE: the age given
    age_on: date | None = None  # BASIS_AGE: the day it was given

    @property
    def estimated(self) -> bool:
        return self.basis != BASIS_DOB

    @property
    def sentence(self) -> str:
        if self.basis == BASIS_DOB:
            return f"Their 25th birthday is {_dmy(self.on)}."
        if self.basis == BASIS_AGE and self.age is not None and self.age_on is not None:
            return (
                f"Only an approximate age was recorded (about {self.age} on "
                f"{_dmy(self.age_on)}), so their birth year is an estimate: about "
                f"{self.age_on.year - self.age}. Their 25th birthday is taken as "
                f"{_dmy(self.on)}, the latest it could be (an estimate)."
            )
        return (
            "No date of birth or age was recorded, so their 25th birthday is taken as "
            f"{_dmy(self.on)}: 25 years after their first record, the latest it could be "
            "(an estimate). Add their date of birth if you know it."
        )


@dataclass(frozen=True)
class ReviewDate:
    """When one young person's records are due for review, and why."""

    young_person_id: int
    name: str  # record data: on screen only, never logged
    on: date  # the review date that stands
    computed: date  # what the rules give, before any later date the lead chose
    birthday: Birthday
    cse_alleged: bool
    cse_alleged_on: date | None
    cse_alleged_by: str
    referral_made: bool
    latest_record: date | None
    long_years: int
    long_until: date | None  # kept longer: long_years after the latest record
    chosen: date | None  # a later date the lead chose (None: none, or passed by `computed`)
    chosen_reason: str  # record data: on screen only
    chosen_on: date | None
    chosen_by: str
    concerns: int

    @property
    def long_retention(self) -> bool:
        return self.cse_alleged or self.referral_made

    def due(self, today: date) -> bool:
        return self.on <= today

    @property
    def reasons(self) -> tuple[str, ...]:
        parts = [self.birthday.sentence]
        if self.long_retention:
            why = []
            if self.cse_alleged:
                who = f" by {self.cse_alleged_by}" if self.cse_alleged_by else ""
                when = f" on {_dmy(self.cse_alleged_on)}" if self.cse_alleged_on else ""
                why.append(f"the lead recorded that CSE was alleged{when}{who}")
            if self.referral_made:
                why.append("a referral was made")
            parts.append(
                f"Kept longer because {' and '.join(why)}: records that may be about child "
                f"sexual abuse are kept for {self.long_years} years after the latest record "
                f"({_dmy(self.latest_record)}), which gives {_dmy(self.long_until)}, or "
                "until the 25th birthday if that is later."
            )
        else:
            parts.append("The review date is the 25th birthday.")
        if self.chosen is not None:
            who = f" by {self.chosen_by}" if self.chosen_by else ""
            parts.append(
                f"A later review date was chosen on {_dmy(self.chosen_on)}{who}: "
                f"{self.chosen_reason}"
            )
        return tuple(parts)

    @property
    def why(self) -> str:
        return " ".join(self.reasons)

    @property
    def display_name(self) -> str:
        return self.name or "(no name given)"


@dataclass(frozen=True)
class DeletionPreview:
    review: ReviewDate
    counts: dict[str, int]  # numbers only, by table (db/retention.counts)

    @property
    def words(self) -> str:
        c = self.counts
        parts = [_plural(c.get("concerns", 0), "concern", "concerns")]
        for key, one, many in (
            ("chronology_entries", "chronology entry", "chronology entries"),
            ("decisions", "decision", "decisions"),
            ("referrals", "referral", "referrals"),
            ("lado_contacts", "LADO contact", "LADO contacts"),
            ("tasks", "follow-up", "follow-ups"),
            ("amendments", "correction", "corrections"),
        ):
            if c.get(key):
                parts.append(_plural(c[key], one, many))
        merged = c.get("young_people", 1) - 1
        if merged > 0:
            parts.append(_plural(merged, "record merged into theirs", "records merged into theirs"))
        return ", ".join(parts)


# -- the rules (pure) --------------------------------------------------------------------
def birthday(facts: Facts) -> Birthday:
    """The 25th birthday from the record's own date of birth; failing that, the latest
    one any of their records allows (a date of birth, or an approximate age)."""
    born = _day(facts["date_of_birth"])
    if born is not None:
        return Birthday(add_years(born, REVIEW_AGE), BASIS_DOB)
    created = _day(facts["created_on"])
    candidates: list[Birthday] = []
    people = [(None, facts["approximate_age"], facts["created_on"]), *facts.get("others", [])]
    firsts = []
    for dob_text, age, created_text in people:
        made = _day(created_text)
        if made is not None:
            firsts.append(made)
        # `_day` is None only for an empty date of birth.
        their_dob = _day(dob_text)
        if their_dob is not None:
            candidates.append(Birthday(add_years(their_dob, REVIEW_AGE), BASIS_DOB))
        elif age is not None and made is not None:
            # Aged `age` on `made`: born `age` years before at the latest.
            candidates.append(
                Birthday(add_years(made, REVIEW_AGE - int(age)), BASIS_AGE, int(age), made)
            )
    if candidates:
        best = max(candidates, key=lambda b: b.on)
        # A date of birth on a merged record is still a date of birth, not an estimate.
        return best
    first = min(firsts) if firsts else created or date.today()
    return Birthday(add_years(first, REVIEW_AGE), BASIS_FIRST_RECORD)


def review_date(facts: Facts, long_years: int) -> ReviewDate:
    """The review date for one young person from their facts (db/retention.facts)."""
    twenty_fifth = birthday(facts)
    computed = twenty_fifth.on
    latest = _day(facts["latest_day"])
    long_until = None
    if facts["cse_alleged"] or facts["referral_made"]:
        long_until = add_years(latest or twenty_fifth.on, long_years)
        computed = max(computed, long_until)
    chosen = _day(facts["review_after"])
    stands = chosen if chosen is not None and chosen > computed else None
    return ReviewDate(
        young_person_id=int(facts["id"]),
        name=facts["name"] or facts["known_as"] or "",
        on=stands or computed,
        computed=computed,
        birthday=twenty_fifth,
        cse_alleged=bool(facts["cse_alleged"]),
        cse_alleged_on=_day(facts["cse_alleged_on"]),
        cse_alleged_by=facts["cse_alleged_by_name"] or "",
        referral_made=bool(facts["referral_made"]),
        latest_record=latest,
        long_years=long_years,
        long_until=long_until,
        chosen=stands,
        chosen_reason=facts["review_after_reason"] if stands else "",
        chosen_on=_day(facts["review_after_at"]) if stands else None,
        chosen_by=(facts["review_after_by_name"] or "") if stands else "",
        concerns=int(facts["concerns"]),
    )


# -- the service -------------------------------------------------------------------------
class Retention(SessionService):
    @property
    def long_years(self) -> int:
        return int(self.session.settings.get(LONG_YEARS_SETTING))

    @property
    def can_decide(self) -> bool:
        """Keeping for longer and deleting are the lead's (or the recovery code's)."""
        return self.session.is_unlocked and may_keep_or_delete(self.session.account_role)

    def _casework(self) -> Store:
        store = self.session.require_store()
        if not does_casework(self.session.account_role):
            raise errors.LeadOnly(
                "Only the designated lead or a deputy can see when records are due for review."
            )
        return store

    def _lead(self, what: str) -> Store:
        self.session.require_lead(what)
        return self.session.require_store()

    def _audit(
        self, store: Store, detail: dict[str, Any], subject: str = "", event: str = audit.CHANGE
    ) -> None:
        account = self.session.account
        audit.append(
            store,
            event,
            account_id=account.id if account else None,
            role=role_of(self.session.account_role),
            subject=subject,
            detail=detail,
            now=self.now(),
        )

    def _standing_id(self, store: Store, young_person_id: int) -> int:
        seen: set[int] = set()
        current = young_person_id
        while True:
            row = yp.load_person(store, current)
            if row is None or current in seen:
                raise errors.RetentionPersonMissing()
            seen.add(current)
            if row["merged_into"] is None:
                return current
            current = int(row["merged_into"])

    # -- reading -------------------------------------------------------------------------
    def review_date(self, young_person_id: int) -> ReviewDate:
        store = self._casework()
        pid = self._standing_id(store, young_person_id)
        found = q.facts(store, [pid])
        if not found:
            raise errors.RetentionPersonMissing()
        return review_date(found[0], self.long_years)

    def all_review_dates(self) -> list[ReviewDate]:
        store = self._casework()
        years = self.long_years
        return [review_date(f, years) for f in q.facts(store)]

    def due(self) -> list[ReviewDate]:
        """Young people whose review date has passed (or is today), longest overdue first."""
        store = self._casework()
        today = self.today()
        years = self.long_years
        # Only records whose date could have come are worked out in full.
        candidates = q.maybe_due(store, today.isoformat())
        found = [review_date(f, years) for f in q.facts(store, candidates)] if candidates else []
        return sorted((r for r in found if r.due(today)), key=lambda r: (r.on, r.young_person_id))

    # -- the lead's decisions ------------------------------------------------------------
    def record_cse_alleged(self, young_person_id: int) -> ReviewDate:
        """The lead records that CSE was alleged: the records are kept longer. Once
        recorded it stays (records of possible abuse are never shortened by the app)."""
        store = self._casework()
        pid = self._standing_id(store, young_person_id)
        at = self.now().astimezone(UTC).isoformat(timespec="seconds")
        with store.transaction():
            if q.set_cse_alleged(store, pid, at, self.session.account_id):
                self._audit(store, {"what": "cse-alleged-recorded"}, f"young-person-{pid}")
        log.info("CSE alleged recorded on a young person's records")
        return self.review_date(pid)

    def keep_longer(self, young_person_id: int, until: date | None, reason: str) -> ReviewDate:
        """A later review date, with the lead's reason. Raises InvalidInput by field."""
        store = self._lead("Only a designated lead can change when records are reviewed.")
        current = self.review_date(young_person_id)
        reason = clean(reason)
        found: dict[str, str] = {}
        if until is None:
            found["until"] = "Write the new review date."
        elif until <= current.on or until <= self.today():
            later = max(current.on, self.today())
            found["until"] = f"Choose a date after {_dmy(later)}: records are only kept longer."
        reason_problem = problem(
            reason.replace("\n", " "), required=True, max_length=MAX_REASON, what="your reason"
        )
        if reason_problem:
            found["reason"] = reason_problem
        if found or until is None:
            raise errors.InvalidInput(found)
        pid = current.young_person_id
        at = self.now().astimezone(UTC).isoformat(timespec="seconds")
        with store.transaction():
            q.set_review_after(store, pid, until.isoformat(), reason, at, self.session.account_id)
            self._audit(store, {"what": "retention-kept-longer"}, f"young-person-{pid}")
        log.info("a later retention review date was chosen")
        return self.review_date(pid)

    # -- deleting ------------------------------------------------------------------------
    def deletion_preview(self, young_person_id: int) -> DeletionPreview:
        store = self._lead("Only a designated lead can delete records.")
        review = self.review_date(young_person_id)
        if not review.due(self.today()):
            raise errors.RetentionNotDue()
        people = q.family(store, review.young_person_id)
        return DeletionPreview(review, q.counts(store, people))

    def delete(self, young_person_id: int, secret: str) -> dict[str, int]:
        """Delete everything about one young person whose review date has passed, once
        the lead's own passphrase (or the recovery code) is typed again. What was
        deleted, counted. Nothing is deleted on any refusal or failure."""
        store = self._lead("Only a designated lead can delete records.")
        review = self.review_date(young_person_id)
        if not review.due(self.today()):
            raise errors.RetentionNotDue()
        if not self._secret_is_mine(secret):
            self._audit(store, {"what": "deletion-refused", "why": "secret-did-not-match"})
            raise errors.DeletionSecretWrong(recovery=self.session.account is None)
        people = q.family(store, review.young_person_id)
        try:
            with store.transaction():
                deleted = q.delete_people(store, people)
                if q.pending_deletions(store):
                    raise RuntimeError("retention_deletion was not emptied")
                detail: dict[str, Any] = {
                    "deleted": "young-person-records",
                    "reason": DELETION_REASON,
                    "records": deleted["young_people"],
                }
                detail.update({k: deleted.get(k, 0) for k in q.COUNTED})
                self._audit(store, detail, event=audit.RECORDS_DELETED)
        except errors.AppError:
            raise
        except Exception as exc:
            log.warning("retention deletion rolled back: %s", type(exc).__name__)
            raise errors.RecordsNotDeleted() from exc
        log.info("a young person's records were deleted after a retention review")
        return deleted

    def _secret_is_mine(self, secret: str) -> bool:
        """Does `secret` open this session's own key slot (the recovery slot when the
        records were unlocked with the recovery code), giving this store's key?"""
        key = self.session.require_key()
        keyring = Keyring.load(self.session.paths.keyring)
        account = self.session.account
        if account is None:
            code = normalise(secret)
            if code is None:
                return False
            slots, secret = keyring.slots_of(RECOVERY), code
        else:
            slots = [s for s in keyring.slots if s.id == account.slot_id]
        for slot in slots:
            master = slot.unwrap(secret)
            if master is None:
                continue
            same = hmac.compare_digest(bytes(master), bytes(key))
            for i in range(len(master)):
                master[i] = 0
            if same:
                return True
        return False

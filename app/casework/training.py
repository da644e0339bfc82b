"""The training log (issue 16): sessions held, who led them and who attended, the
volunteer roster, refreshers due, and the trustee's numbers.

Volunteers' names are personal data: they stay in the encrypted store and on the lead's
screen. Audit entries carry counts and ids only. The lead and a deputy keep the log; a
trustee sees the count only.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.core import errors
from app.core.service import SessionService
from app.core.text_checks import HIDDEN_IN_TEXT, checked_name, has_hidden, name_key
from app.keys.audit import CHANGE
from app.keys.roles import does_casework
from db import training as queries

MAX_TOPIC = 200
MAX_NAME = 120
MAX_ATTENDEES = 200
# A refresher shows on To do this long before it falls due.
DUE_SOON = timedelta(days=31)
REFRESHER_CHOICES = (1, 2, 3)
DEFAULT_REFRESHER_YEARS = 3


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years; 29 February becomes 28 February in other years."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


@dataclass(frozen=True)
class Volunteer:
    id: int
    name: str
    active: bool
    last_trained_on: date | None


@dataclass(frozen=True)
class TrainingSession:
    id: int
    held_on: date
    topic: str
    led_by: str
    attendees: int
    names: tuple[str, ...] = ()  # who attended, in the roster's order

    @property
    def who_attended(self) -> str:
        """ "3 people: Ann Lee, Bo Chan, Cy Diaz", the count first so a cut-off list
        still says how many."""
        if not self.names:
            return "No one recorded"
        count = "1 person" if len(self.names) == 1 else f"{len(self.names)} people"
        return f"{count}: {', '.join(self.names)}"


@dataclass(frozen=True)
class RefresherDue:
    """An active volunteer whose refresher is due (`due_on` today or earlier: overdue)."""

    name: str
    last_trained_on: date | None  # None: no session recorded for them
    due_on: date | None

    def words(self, today: date) -> str:
        if self.last_trained_on is None or self.due_on is None:
            return "no training recorded"
        last = f"last trained {self.last_trained_on:%d/%m/%Y}"
        if self.due_on <= today:
            return f"refresher overdue since {self.due_on:%d/%m/%Y} ({last})"
        return f"refresher due by {self.due_on:%d/%m/%Y} ({last})"


@dataclass(frozen=True)
class TrainedCount:
    trained: int
    active: int
    years: int

    @property
    def words(self) -> str:
        span = "year" if self.years == 1 else f"{self.years} years"
        return f"{self.trained} of {self.active} active volunteers trained in the last {span}"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _checked_name(name: str, taken: Collection[str] = ()) -> str:
    cleaned, problem = checked_name(
        name, max_length=MAX_NAME, what="the volunteer's name", taken=taken
    )
    if problem:
        raise errors.InvalidInput({"name": problem})
    return cleaned


def _in_roster_order(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=name_key))


class VolunteersGone(errors.InvalidInput):
    """Someone ticked as attending was taken off the roster meanwhile (the Add session
    window was open while the lead removed them): nothing is saved, and `ids` says who."""

    def __init__(self, ids: Collection[int]) -> None:
        self.ids = frozenset(ids)
        who = (
            "Someone you ticked was"
            if len(self.ids) == 1
            else f"{len(self.ids)} people you ticked were"
        )
        super().__init__(
            {
                "attendees": f"{who} taken off the volunteers while this window was open, "
                "so the session is not saved yet. The list marks who, with the tick taken "
                "off. Check who attended, then save again."
            }
        )


GONE = "That volunteer is no longer on the roster. Close the training log and open it again."


class Training(SessionService):
    """The training log over the unlocked records. `clock` (SessionService) fixes "now"."""

    def _require_keeper(self) -> None:
        self.session.require_store()
        if not does_casework(self.session.account_role):
            raise errors.LeadOnly("Only the designated lead or a deputy can keep the training log.")

    @property
    def may_edit(self) -> bool:
        return does_casework(self.session.account_role)

    # -- the setting ---------------------------------------------------------------------
    def refresher_years(self) -> int:
        years = self.session.settings.get("training_refresher_years")
        return years if years in REFRESHER_CHOICES else DEFAULT_REFRESHER_YEARS

    # -- reading -------------------------------------------------------------------------
    def sessions(self) -> list[TrainingSession]:
        self._require_keeper()
        store = self.session.require_store()
        attended = queries.attendance(store)
        return [
            TrainingSession(
                r["id"],
                date.fromisoformat(r["held_on"]),
                r["topic"],
                r["led_by"],
                r["attendees"],
                _in_roster_order(attended.get(r["id"], [])),
            )
            for r in queries.sessions(store)
        ]

    def attendees(self, session_id: int) -> list[str]:
        self._require_keeper()
        return queries.attendee_names(self.session.require_store(), session_id)

    def volunteers(self) -> list[Volunteer]:
        self._require_keeper()
        return [
            Volunteer(
                r["id"],
                r["name"],
                bool(r["active"]),
                date.fromisoformat(r["last_trained_on"]) if r["last_trained_on"] else None,
            )
            for r in queries.volunteers(self.session.require_store())
        ]

    def refreshers_due(self) -> list[RefresherDue]:
        """Active volunteers never trained, or whose refresher falls due within a month
        (or has passed): never trained first, then the soonest due."""
        today = self.today()
        years = self.refresher_years()
        due: list[RefresherDue] = []
        for person in self.volunteers():
            if not person.active:
                continue
            if person.last_trained_on is None:
                due.append(RefresherDue(person.name, None, None))
                continue
            due_on = add_years(person.last_trained_on, years)
            if due_on <= today + DUE_SOON:
                due.append(RefresherDue(person.name, person.last_trained_on, due_on))
        due.sort(key=lambda d: (d.due_on is not None, d.due_on or today, d.name.casefold()))
        return due

    def trained_count(self) -> TrainedCount:
        """Numbers only, for anyone unlocked (the trustee's page): active volunteers with
        a session within the refresher interval, of all active volunteers."""
        years = self.refresher_years()
        since = add_years(self.today(), -years) + timedelta(days=1)
        trained, active = queries.active_counts(self.session.require_store(), since.isoformat())
        return TrainedCount(trained, active, years)

    # -- writing -------------------------------------------------------------------------
    def problems(
        self,
        held_on: date | None,
        topic: str,
        led_by: str,
        volunteer_ids: Sequence[int],
        new_names: Sequence[str] = (),
    ) -> dict[str, str]:
        found: dict[str, str] = {}
        if held_on is None:
            found["held_on"] = "Enter the date of the session."
        elif held_on > self.today():
            found["held_on"] = "The date is in the future. Record a session once it is held."
        if not _clean(topic):
            found["topic"] = "Enter what the session was about."
        elif len(_clean(topic)) > MAX_TOPIC:
            found["topic"] = f"Keep this to {MAX_TOPIC} characters or fewer."
        elif has_hidden(_clean(topic)):
            found["topic"] = HIDDEN_IN_TEXT
        if not _clean(led_by):
            found["led_by"] = "Enter who led the session."
        elif len(_clean(led_by)) > MAX_NAME:
            found["led_by"] = f"Keep this to {MAX_NAME} characters or fewer."
        elif has_hidden(_clean(led_by)):
            # The leader is a name too: hidden or reversing characters could make it
            # read as someone else's on the log and its printouts.
            found["led_by"] = HIDDEN_IN_TEXT
        names = [n for n in new_names if _clean(n)]
        if not volunteer_ids and not names:
            found["attendees"] = "Add at least one person who attended."
        elif len(volunteer_ids) + len(names) > MAX_ATTENDEES:
            found["attendees"] = f"Keep this to {MAX_ATTENDEES} people or fewer."
        else:
            for name in names:
                problem = checked_name(name, max_length=MAX_NAME, what="the name")[1]
                if problem:
                    found["attendees"] = problem
                    break
        return found

    def add_session(
        self,
        held_on: date | None,
        topic: str,
        led_by: str,
        volunteer_ids: Sequence[int] = (),
        new_names: Sequence[str] = (),
        *,
        shown: Mapping[int, str] | None = None,
    ) -> int:
        """Record a session attended by the roster's `volunteer_ids` and by `new_names`
        (each joins the roster, active, unless someone there has that name already).
        InvalidInput with plain words per field; VolunteersGone, and nothing saved, when
        an id is no longer on the roster: a volunteer removed while the lead was filling
        in the session is never put back by name. `shown` is the name the lead saw for
        each id: the store gives a removed volunteer's id to the next one added, so an
        id that now names someone else counts as gone too."""
        self._require_keeper()
        problems = self.problems(held_on, topic, led_by, volunteer_ids, new_names)
        if problems:
            raise errors.InvalidInput(problems)
        assert held_on is not None  # checked above
        store = self.session.require_store()
        now = self.now().isoformat(timespec="seconds")
        with store.transaction():
            roster = queries.roster(store)
            gone = {
                vid
                for vid in volunteer_ids
                if vid not in roster
                or (
                    shown is not None
                    and vid in shown
                    and name_key(roster[vid]) != name_key(shown[vid])
                )
            }
            if gone:
                raise VolunteersGone(gone)
            known = {name_key(name): vid for vid, name in roster.items()}
            ids = list(dict.fromkeys(volunteer_ids))
            added = 0
            for typed in new_names:
                if not _clean(typed):
                    continue
                name = checked_name(typed, max_length=MAX_NAME)[0]
                found = known.get(name_key(name))
                if found is None:
                    found = known[name_key(name)] = queries.add_volunteer(store, name, now)
                    added += 1
                ids.append(found)
            ids = list(dict.fromkeys(ids))
            session_id = queries.add_session(
                store, held_on.isoformat(), _clean(topic), _clean(led_by), ids, now
            )
            self.session.record_audit(
                CHANGE,
                "training-log",
                {"what": "training-session", "attendees": len(ids), "new_volunteers": added},
            )
        return session_id

    def add_volunteer(self, name: str) -> int:
        """A new volunteer on the roster; InvalidInput if the name is already there."""
        self._require_keeper()
        store = self.session.require_store()
        with store.transaction():
            cleaned = _checked_name(name, queries.roster(store).values())
            found = queries.add_volunteer(store, cleaned, self.now().isoformat(timespec="seconds"))
            self.session.record_audit(CHANGE, "training-log", {"what": "volunteer-added"})
        return found

    def set_active(self, volunteer_id: int, active: bool) -> None:
        self._require_keeper()
        store = self.session.require_store()
        with store.transaction():
            queries.set_active(store, volunteer_id, active)
            self.session.record_audit(
                CHANGE,
                "training-log",
                {"what": "volunteer-active" if active else "volunteer-inactive"},
            )

    def rename_volunteer(self, volunteer_id: int, name: str) -> None:
        """Correct a name (a typo): the same person, so their sessions stay theirs."""
        self._require_keeper()
        store = self.session.require_store()
        with store.transaction():
            roster = queries.roster(store)
            others = [n for vid, n in roster.items() if vid != volunteer_id]
            cleaned = _checked_name(name)
            if any(name_key(n) == name_key(cleaned) for n in others):
                raise errors.InvalidInput({"name": "Another volunteer already has that name."})
            if not queries.rename_volunteer(store, volunteer_id, cleaned):
                raise errors.InvalidInput({"name": GONE})
            self.session.record_audit(
                CHANGE, "training-log", {"what": "volunteer-renamed", "volunteer": volunteer_id}
            )

    def remove_volunteer(self, volunteer_id: int) -> int:
        """Take someone who has left off the roster with their training record (their
        name and every attendance line); sessions keep their date, topic and who led
        them. How many attendance lines went."""
        self._require_keeper()
        store = self.session.require_store()
        with store.transaction():
            lines = queries.remove_volunteer(store, volunteer_id)
            if lines is None:
                raise errors.InvalidInput({"name": GONE})
            self.session.record_audit(
                CHANGE,
                "training-log",
                {"what": "volunteer-removed", "volunteer": volunteer_id, "attendance": lines},
            )
        return lines

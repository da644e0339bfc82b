"""A concern as the volunteer records it: plain data, no Qt, no store.

The same shape travels in a sealed letter (as JSON, through `to_dict` / `from_dict`) and
is written to the store on import, so every field round-trips exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Choices, as stored. The words people see live in the form.
HOW_KNOWN = ("saw", "young-person-told", "someone-else-told")
# When a sign happened or was last seen, from the day the concern was recorded;
# "not-known" (checklist version 2) counts from `IndicatorAnswer.found_out_on` instead.
WHEN_LAST_SEEN = ("within-6-months", "6-12-months", "over-12-months", "not-known")
# Is the worry about someone who works or volunteers here? (cse-facts.md §8.3 rule 8)
ABOUT_ADULT = ("no", "staff", "lead")
NEEDS = ("learning-disability", "autism", "other")
STATUS = ("submitted", "incomplete-timed-out", "incomplete-locked", "incomplete-closed")
SOURCE = ("letterbox", "direct")
CONTACT_KINDS = ("phone", "username")

# The longest each free-text field may be, said on screen before it is reached.
LIMITS = {
    "short": 120,  # names, roles, registrations
    "medium": 500,  # addresses, descriptions
    "long": 10_000,  # own words, observations, actions, details
}


@dataclass
class YoungPerson:
    name: str = ""
    known_as: str = ""  # other names and nicknames, comma separated as typed
    date_of_birth: date | None = None
    approximate_age: int | None = None  # when the date of birth is not known
    gender: str = ""
    address: str = ""
    school: str = ""  # school or college
    carers: str = ""  # parents or carers, and how to reach them
    needs: tuple[str, ...] = ()  # from NEEDS
    needs_details: str = ""
    first_language: str = ""
    home_contact_unsafe: bool = False
    home_contact_unsafe_reason: str = ""

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, from the date of birth or the approximate age."""
        if self.date_of_birth is not None:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return self.approximate_age


@dataclass
class InvolvedPerson:
    name: str = ""
    nickname: str = ""
    description: str = ""
    approximate_age: str = ""  # as said: "about 25", "20s"


@dataclass
class Vehicle:
    registration: str = ""
    make: str = ""
    colour: str = ""
    details: str = ""


@dataclass
class Place:
    description: str = ""  # an address or a description of the place


@dataclass
class OnlineContact:
    kind: str = "phone"  # from CONTACT_KINDS
    value: str = ""  # the number or the username
    platform: str = ""  # for usernames: the app or site


@dataclass
class IndicatorAnswer:
    indicator_id: str
    when_last_seen: str = "within-6-months"  # from WHEN_LAST_SEEN
    how_known: str = "saw"  # from HOW_KNOWN
    details: str = ""
    # When the recorder found out (version 2; the form fills in today). Kept apart from
    # when it happened: a disclosure today of abuse long ago is learned of today.
    found_out_on: date | None = None


@dataclass
class Concern:
    id: str  # a random reference, shown to the volunteer (e.g. "C-7K2Q-M9XD")
    checklist_version: int
    created_at: datetime  # when the form was started (UTC, aware)
    submitted_at: datetime | None = None
    status: str = "submitted"  # from STATUS
    source: str = "letterbox"  # from SOURCE

    # Step 1: danger now. The act-now item ids (X01…X05) answered yes.
    danger: tuple[str, ...] = ()
    # Step 1: is the worry about an adult in the organisation? From ABOUT_ADULT.
    about_adult: str = "no"
    called_999: bool = False
    police_reference: str = ""

    # Step 2
    young_person: YoungPerson = field(default_factory=YoungPerson)

    # Step 3
    happened_on: date | None = None
    happened_time: str = ""  # "HH:MM" or "" when not known
    happened_where: str = ""
    how_known: str = "saw"  # from HOW_KNOWN
    told_by: str = ""  # who told you, when someone else did
    own_words: str = ""  # the young person's words, exactly as said
    observations: str = ""  # facts, not opinions
    actions_taken: str = ""  # who you told and when, what you did
    phoned_101: bool = False
    people: list[InvolvedPerson] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    contacts: list[OnlineContact] = field(default_factory=list)

    # Step 4: ticked checklist items (act-now items are in `danger`)
    indicators: list[IndicatorAnswer] = field(default_factory=list)

    # Step 5: the computed tier at the time of recording ("X", "3", "2", "1", "V", "none")
    computed_tier: str = "none"

    # Step 6
    recorder_name: str = ""
    recorder_role: str = ""
    recorder_contact: str = ""

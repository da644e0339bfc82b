"""Checks on a concern, said in plain words at the field they are about.

Validation only reports: it never changes or drops anything. A concern sealed part-way
(timed out, closed or locked) is never refused for what it lacks, so the required-answer
checks apply to a submitted concern only.

Keys are dotted paths into the model: "young_person.date_of_birth", "happened_on",
"people.0.name". A message for a missing answer starts with "Enter " (the form holds
those back until Send); no other message does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from app.intake.concern.model import (
    ABOUT_ADULT,
    CONTACT_KINDS,
    HOW_KNOWN,
    LIMITS,
    NEEDS,
    SOURCE,
    STATUS,
    WHEN_LAST_SEEN,
    Concern,
)

AGE_CSE_COVERS = 18  # the statutory definition covers children under 18
OLDEST_AGE = 25  # care leavers and young people with SEND are supported up to 25
# The model names these only in a comment: the screening result's tiers.
COMPUTED_TIERS = ("X", "3", "2", "1", "V", "none")
# Checklist item ids ("X01", "S12"): letters, digits, dot, dash, underscore.
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Each free-text field's size ("*" stands for a list position).
FIELD_KINDS: dict[str, str] = {
    "police_reference": "short",
    "young_person.name": "short",
    "young_person.known_as": "short",
    "young_person.gender": "short",
    "young_person.address": "medium",
    "young_person.school": "short",
    "young_person.carers": "medium",
    "young_person.needs_details": "long",
    "young_person.first_language": "short",
    "young_person.home_contact_unsafe_reason": "medium",
    "happened_where": "medium",
    "told_by": "short",
    "own_words": "long",
    "observations": "long",
    "actions_taken": "long",
    "people.*.name": "short",
    "people.*.nickname": "short",
    "people.*.description": "medium",
    "people.*.approximate_age": "short",
    "vehicles.*.registration": "short",
    "vehicles.*.make": "short",
    "vehicles.*.colour": "short",
    "vehicles.*.details": "long",
    "places.*.description": "medium",
    "contacts.*.value": "short",
    "contacts.*.platform": "short",
    "indicators.*.details": "long",
    "recorder_name": "short",
    "recorder_role": "short",
    "recorder_contact": "short",
}

# Fields that take one of a fixed set of values.
CHOICES: dict[str, tuple[str, ...]] = {
    "status": STATUS,
    "source": SOURCE,
    "about_adult": ABOUT_ADULT,
    "how_known": HOW_KNOWN,
    "young_person.needs.*": NEEDS,
    "contacts.*.kind": CONTACT_KINDS,
    "indicators.*.when_last_seen": WHEN_LAST_SEEN,
    "indicators.*.how_known": HOW_KNOWN,
    "computed_tier": COMPUTED_TIERS,
}

_DIGITS = re.compile(r"\.\d+(?=\.|$)")


def pattern_of(key: str) -> str:
    """ "people.3.name" → "people.*.name": the key as FIELD_KINDS and CHOICES know it."""
    return _DIGITS.sub(".*", key)


def length_hint(kind: str) -> int:
    """The most characters a field may hold: `kind` is "short", "medium" or "long", or a
    field key such as "own_words" or "people.0.name"."""
    if kind in LIMITS:
        return LIMITS[kind]
    return LIMITS[FIELD_KINDS[pattern_of(kind)]]


def is_adult(concern: Concern, today: date) -> bool:
    """18 or over when it happened (or today, when the date is not known)."""
    age = concern.young_person.age_on(concern.happened_on or today)
    return age is not None and age >= AGE_CSE_COVERS


def _text_problem(text: str, kind: str) -> str | None:
    limit = LIMITS[kind]
    if len(text) > limit:
        return f"Keep this to {limit:,} characters or fewer (it has {len(text):,})."
    allowed = "\n\t" if kind == "long" else ""
    if any(_hidden(ch) and ch not in allowed for ch in text):
        if kind == "long":
            return "Remove hidden characters (they can come with text pasted from elsewhere)."
        return "Remove line breaks and other hidden characters."
    return None


def _hidden(ch: str) -> bool:
    # Cc: control characters; Cs: halves of a broken character, which cannot be saved.
    return unicodedata.category(ch) in ("Cc", "Cs")


def _walk(value: Any, key: str) -> list[tuple[str, Any]]:
    """Every (dotted key, value) leaf in the concern."""
    if is_dataclass(value) and not isinstance(value, type):
        found: list[tuple[str, Any]] = []
        for f in fields(value):
            found += _walk(getattr(value, f.name), f"{key}.{f.name}" if key else f.name)
        return found
    if isinstance(value, list | tuple):
        found = []
        for i, item in enumerate(value):
            found += _walk(item, f"{key}.{i}")
        return found
    return [(key, value)]


def _blank(*texts: str) -> bool:
    return not any(t.strip() for t in texts)


def _required(concern: Concern) -> dict[str, str]:
    found: dict[str, str] = {}
    person = concern.young_person
    if _blank(person.name, person.known_as):
        found["young_person.name"] = "Enter the young person's name, or a name they are known by."
    if _blank(concern.own_words, concern.observations):
        found["own_words"] = (
            "Enter what happened: the young person's own words, or what you saw or heard."
        )
    if _blank(concern.recorder_name):
        found["recorder_name"] = "Enter your name, so the designated lead can ask you about this."
    return found


def _dates(concern: Concern, today: date) -> dict[str, str]:
    found: dict[str, str] = {}
    person = concern.young_person
    happened, born = concern.happened_on, person.date_of_birth
    if happened is not None and happened > today:
        found["happened_on"] = "This date is in the future. Check the day it happened."
    if born is not None:
        age = person.age_on(today) or 0
        if born > today:
            found["young_person.date_of_birth"] = (
                "This date of birth is in the future. Check the year."
            )
        elif happened is not None and born > happened:
            found["young_person.date_of_birth"] = (
                "This date of birth is after the day it happened. Check both dates."
            )
        elif age > OLDEST_AGE:
            found["young_person.date_of_birth"] = (
                f"This date of birth makes them {age} today. The toolkit is for young "
                f"people up to {OLDEST_AGE}: check the year."
            )
    age_guess = person.approximate_age
    if age_guess is not None and not 0 <= age_guess <= OLDEST_AGE:
        found["young_person.approximate_age"] = (
            f"An age must be a whole number from 0 to {OLDEST_AGE}."
        )
    for n, answer in enumerate(concern.indicators):
        if answer.found_out_on is not None and answer.found_out_on > today:
            found[f"indicators.{n}.found_out_on"] = (
                "This date is in the future. Check the day you found out."
            )
        elif answer.found_out_on is not None and born is not None and (answer.found_out_on < born):
            # A mistyped year would send a sign of unknown date into the history.
            found[f"indicators.{n}.found_out_on"] = (
                "This is before the young person was born. Check the year."
            )
    if concern.happened_time and not TIME.match(concern.happened_time):
        found["happened_time"] = (
            "Write the time as hours and minutes on the 24-hour clock, like 19:30, "
            "or leave it empty."
        )
    return found


# A form sealed part-way keeps what was typed even past a field's limit (the form says
# "nothing is cut off"), up to this many times the limit: enough for any paste a
# volunteer makes, and a bound on what a hand-made letter can put in the store.
UNSENT_SLACK = 10


def limit_problems(concern: Concern, *, slack: int = 1, hidden: bool = True) -> dict[str, str]:
    """Field key → what breaks a limit: a choice not offered, text too long or (with
    `hidden`) holding hidden characters, a checklist answer that is not an item id or is
    given twice. What a letter must pass, whatever it says about itself; nothing about
    dates or missing answers, which depend on the day and on how the form was left.

    `slack` multiplies every length limit: UNSENT_SLACK for a form sealed part-way."""
    found: dict[str, str] = {}
    for key, value in _walk(concern, ""):
        pattern = pattern_of(key)
        choices = CHOICES.get(pattern)
        if choices is not None and value not in choices:
            found[key] = "Choose one of the answers offered."
        elif pattern in FIELD_KINDS and isinstance(value, str):
            kind = FIELD_KINDS[pattern]
            if len(value) > LIMITS[kind] * slack:
                found[key] = (
                    f"Keep this to {LIMITS[kind] * slack:,} characters or fewer "
                    f"(it has {len(value):,})."
                )
            elif hidden:
                message = _text_problem(value, kind)
                if message:
                    found[key] = message
    for key, item_id in [("danger", d) for d in concern.danger] + [
        ("indicators", a.indicator_id) for a in concern.indicators
    ]:
        if not ITEM_ID.match(item_id):
            found.setdefault(key, "A checklist answer is not one this version knows.")
    ids = [a.indicator_id for a in concern.indicators]
    if len(set(ids)) != len(ids):
        found.setdefault("indicators", "A checklist sign is answered twice.")
    return found


def problems(concern: Concern, today: date) -> dict[str, str]:
    """Field key → what to put right. Empty when the concern can be sent as it is."""
    found = limit_problems(concern)
    for key, message in _dates(concern, today).items():
        found.setdefault(key, message)
    if concern.status == "submitted":
        for key, message in _required(concern).items():
            found.setdefault(key, message)
    return found

"""Letters are data, not instructions (design.md, "The letterbox").

Every concern that enters the store comes through `admit`: a letter from the letterbox
and a concern a lead records directly alike. Nothing the concern says about itself is
trusted: its source is the route it came by, every field limit is applied, and its tier
is worked out again from its ticked items with the checklist version it names.

The screening itself is passed in (`screen`, app.screening.rules.screen_concern) by the
caller above: screening reads the concern's model, so intake sits below it and never
imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from app.core.errors import AppError, LetterInvalid
from app.intake.concern.model import SOURCE, Concern
from app.intake.concern.validate import UNSENT_SLACK, limit_problems


class Screened(Protocol):
    """What admission needs of a screening result (app.screening.rules.ScreeningResult)."""

    @property
    def computed_tier(self) -> str: ...


# How a concern is screened: app.screening.rules.screen_concern.
Screen = Callable[[Concern], Screened]


def admit(concern: Concern, source: str, screen: Screen) -> Concern:
    """The concern as it may be stored, or LetterInvalid saying (safely) why not.

    A refusal names the field, never its content. Nothing is cut short or dropped: a
    sent concern over a limit is refused whole, so the letter is set aside for a person
    to look at rather than stored in part.
    """
    if source not in SOURCE:
        raise ValueError(f"unknown source {source!r}")
    # A sent concern passed every length limit at Send; one sealed part-way keeps its
    # text whole, within a bound. Hidden characters are kept as typed: they are shown
    # safely, never run.
    slack = 1 if concern.status == "submitted" else UNSENT_SLACK
    found = limit_problems(concern, slack=slack, hidden=False)
    if found:
        raise LetterInvalid(f"{sorted(found)[0]} breaks a limit")
    try:
        result = screen(concern)
    except AppError as exc:  # an item or answer this checklist version does not have
        raise LetterInvalid(
            f"its checklist answers could not be screened ({type(exc).__name__})"
        ) from None
    return replace(concern, source=source, computed_tier=result.computed_tier)

"""What every records service shares: the session it works through, and its clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.session import Session


class SessionService:
    """A service over the unlocked records. `clock` lets tests fix "now"."""

    def __init__(self, session: Session, clock: Callable[[], datetime] | None = None) -> None:
        self.session = session
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self.now().astimezone().date()  # the lead's calendar, not UTC's

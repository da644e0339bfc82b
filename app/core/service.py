"""What every records service shares: the session it works through, and its clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.core.organisation import OrganisationDetails
    from app.core.paths import AppPaths
    from app.core.settings import AppSettings
    from db.organisation import AccountRow
    from db.store import Store


class UnlockedRecords(Protocol):
    """What a records service needs of a session (app/keys/session.py's Session is one).

    Services name this, not Session, so they do not depend on the session hub; documents
    build their context from it too (app/documents/context.py::context_for)."""

    @property
    def paths(self) -> AppPaths: ...
    @property
    def settings(self) -> AppSettings: ...
    @property
    def is_unlocked(self) -> bool: ...
    @property
    def account(self) -> AccountRow | None: ...
    @property
    def account_id(self) -> int | None: ...
    @property
    def account_role(self) -> str: ...
    def require_store(self) -> Store: ...
    def require_key(self) -> bytearray: ...
    def require_lead(self, what: str) -> None: ...
    def organisation(self) -> OrganisationDetails: ...
    def letterbox_words(self) -> str: ...
    def record_audit(
        self, event: str, subject: str = "", detail: dict[str, object] | None = None
    ) -> bool: ...


class SessionService:
    """A service over the unlocked records. `clock` lets tests fix "now"."""

    def __init__(
        self, session: UnlockedRecords, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.session = session
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self.now().astimezone().date()  # the lead's calendar, not UTC's

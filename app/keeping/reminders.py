"""What keeping safe adds to the lead's start page (StartPage, app/casework/records.py):
how many young people are due a retention review, and whether a backup is due.

Added here, above casework, so casework never imports keeping: the screen asks for the
casework page, then for these reminders on it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.keeping.backups import Backups
from app.keeping.retention import Retention
from app.keys.roles import does_casework

if TYPE_CHECKING:
    from app.casework.records import StartPage
    from app.keys.session import Session


def with_reminders(page: StartPage, session: Session) -> StartPage:
    """`page` with the retention count (casework roles only) and the backup reminder
    (no backup yet, or none for over 7 days; a lead's page only)."""
    retention_due = len(Retention(session).due()) if does_casework(session.account_role) else 0
    backups = Backups(session)
    if not backups.reminder_due():
        return replace(page, retention_due=retention_due)
    return replace(
        page,
        retention_due=retention_due,
        backup_due=True,
        last_backup=backups.last_backup().at,
    )

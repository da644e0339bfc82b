"""The lead's start page: what arrived, what has no decision yet, and what is due."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.casework.decisions import ABOUT_ADULT_WORDS
from app.casework.records import URGENT_TIERS, Records, StartPage
from app.keeping.reminders import with_reminders


def _section(title: str, items: list[str], empty: str) -> str:
    """A heading, then the items as a list, or a plain sentence when there are none."""
    body = (
        "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        if items
        else f"<p>{empty}</p>"
    )
    return f"<h3>{title}</h3>{body}"


def _link(reference: str) -> str:
    return f'<a href="concern:{reference}">{escape(reference)}</a>'


def _bold_if(condition: bool, html: str) -> str:
    return f"<b>{html}</b>" if condition else html


def _when(day: date, today: date) -> str:
    return "today" if day == today else f"overdue since {day:%d/%m/%Y}"


def _backup_words(last: datetime | None) -> str:
    if last is None:
        return "No backup of the records has been made yet."
    local = last.astimezone()
    return f"The last backup was made on {local.day} {local:%B %Y}, over a week ago."


def _lado_section(page: StartPage, now: datetime) -> str:
    """Worries about an adult here: the LADO is told within one working day (§8.3 rule 8).
    Shown only when there is one, so the list stays short for most organisations."""
    if not page.lado_due:
        return ""
    phone = page.lado_phone.strip()
    ring = (
        f"{escape(page.lado_label or 'The LADO')}: <b>{escape(phone)}</b>"
        if phone
        else "The LADO's number is not set yet: add it in Settings"
    )
    items = []
    for task in page.lado_due:
        line = (
            f"{_bold_if(task.overdue(now), escape(task.words(now)))}: "
            f"{_link(task.reference)}, {escape(task.young_person)}. The worry is about "
            f"{escape(ABOUT_ADULT_WORDS.get(task.about, 'an adult here'))}"
        )
        if task.about == "lead":
            line += ": the deputy lead or the designated trustee contacts the LADO"
        items.append(line + ".")
    return (
        _section("Worries about an adult here: contact the LADO", items, "")
        + f"<p>{ring}. Record the contact under the concern's Decisions and "
        "follow-ups.</p>"
    )


def _rescreen_section(page: StartPage) -> str:
    """Records screened with an older checklist for which the current one gives a higher
    result (a disclosure over 12 months old was "No current signs" under version 1).
    Shown only when there is one."""
    if not page.rescreen_due:
        return ""
    items = [
        f"{_link(due.reference)}: {escape(due.young_person)}. The current checklist "
        f"gives <b>{escape(due.new_words)}</b>"
        for due in page.rescreen_due
    ]
    return (
        _section(
            "Screened with an older checklist: the current one gives a higher result", items, ""
        )
        + "<p>Open the concern and re-screen it with the current checklist, or change "
        "its tier under Decisions and follow-ups.</p>"
    )


def _refresher_section(page: StartPage, today: date) -> str:
    """Volunteers due refresher training (the training log, ui/casework/training_log.py).
    Shown only when there is one."""
    if not page.refreshers_due:
        return ""
    items = [
        f"{escape(due.name)}: "
        + _bold_if(due.due_on is None or due.due_on <= today, escape(due.words(today)))
        for due in page.refreshers_due
    ]
    return (
        _section("Refresher training due", items, "")
        + "<p>Record a session in Settings, Training log, when they have been trained. "
        "Untick anyone who no longer volunteers.</p>"
    )


def start_html(page: StartPage, today: date, now: datetime | None = None) -> str:
    now = now or datetime.now().astimezone()
    parts = ["<h2>To do</h2>"]
    if page.arrived:
        plural = "concern has" if page.arrived == 1 else "concerns have"
        parts.append(f"<p><b>{page.arrived} new {plural} arrived from the letterbox.</b></p>")
    if page.quarantined:
        parts.append(
            f"<p><b>{page.quarantined} sealed concern(s) could not be opened</b> "
            "and were kept, unopened, in the letterbox's quarantine folder.</p>"
        )
    if page.backup_due:  # backups: app/keeping/backups.py, ui/keeping/backup.py
        parts.append(
            f"<p><b>Back up.</b> {_backup_words(page.last_backup)} "
            '<a href="backup:now">Back up now</a></p>'
        )
    lado = _lado_section(page, now)
    if lado:
        parts.append(lado)
    rescreen = _rescreen_section(page)
    if rescreen:
        parts.append(rescreen)
    parts.append(
        _section(
            "Written referrals due",
            [
                f"{_bold_if(due.overdue, escape(due.words))}: {_link(due.referral.reference)}, "
                f"phoned to {escape(due.referral.to_whom)}"
                for due in page.referrals_due
            ],
            "No written referral is waiting to be sent.",
        )
    )
    parts.append(
        _section(
            "Concerns with no decision yet",
            [
                _bold_if(
                    row.tier in URGENT_TIERS,
                    f"{_link(row.reference)}: {escape(row.young_person)}, {escape(row.tier_words)}",
                )
                + f", recorded by {escape(row.recorder or 'someone unnamed')}"
                for row in page.not_reviewed
            ],
            "Every concern has a decision.",
        )
    )
    parts.append(
        _section(
            "Reviews due",
            [f"{_link(ref)}: review {_when(day, today)}" for ref, day in page.reviews_due],
            "No review is due.",
        )
    )
    parts.append(
        _section(
            "Follow-ups due",
            [
                f"{escape(task.text)}: due {_when(task.due_on, today)}"
                + (f" ({_link(task.concern)})" if task.concern else "")
                for task in page.follow_ups_due
            ],
            "No follow-up is due.",
        )
    )
    refreshers = _refresher_section(page, today)
    if refreshers:
        parts.append(refreshers)
    parts.append(
        _section(  # retention review: ui/keeping/retention.py
            "Due for retention review",
            [
                f'<a href="retention:due">{page.retention_due} young '
                f"{'person' if page.retention_due == 1 else 'people'}: decide whether to keep "
                "their records for longer or delete them</a>"
            ]
            if page.retention_due
            else [],
            "No records are due for retention review.",
        )
    )
    return "\n".join(parts)


class StartPageView(QWidget):
    open_concern = Signal(str)
    open_backup = Signal()

    def __init__(self, records: Records, parent=None) -> None:
        super().__init__(parent)
        self.records = records
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QTextBrowser()
        self.view.setAccessibleName("To do")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(
            lambda url: self.open_concern.emit(url.path()) if url.scheme() == "concern" else None
        )
        self.view.anchorClicked.connect(  # backups: the main window opens the dialog
            lambda url: self.open_backup.emit() if url.scheme() == "backup" else None
        )
        self.view.anchorClicked.connect(  # retention review
            lambda url: self.open_retention() if url.scheme() == "retention" else None
        )
        layout.addWidget(self.view)
        self.arrived = 0
        self.quarantined = 0

    def load(self) -> None:
        page = self.records.start_page(self.arrived, self.quarantined)
        page = with_reminders(page, self.records.session)  # retention and backup
        self.view.setHtml(start_html(page, date.today(), datetime.now().astimezone()))

    def open_retention(self):
        """The retention review list; the To do list is read again after a change."""
        from ui.keeping.retention import open_retention_review

        return open_retention_review(self.records.session, self.window(), self.load)

    def wipe(self) -> None:
        self.view.clear()
        self.arrived = self.quarantined = 0

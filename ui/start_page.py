"""The lead's start page: what arrived, what has no decision yet, and what is due."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.records import Records, StartPage


def start_html(page: StartPage, today: date) -> str:
    parts = ["<h2>To do</h2>"]
    if page.arrived:
        plural = "concern has" if page.arrived == 1 else "concerns have"
        parts.append(f"<p><b>{page.arrived} new {plural} arrived from the letterbox.</b></p>")
    if page.quarantined:
        parts.append(f"<p><b>{page.quarantined} sealed concern(s) could not be opened</b> "
                     "and were kept, unopened, in the letterbox's quarantine folder.</p>")

    parts.append("<h3>Written referrals due</h3>")
    if page.referrals_due:
        parts.append("<ul>")
        for due in page.referrals_due:
            ref = due.referral.reference
            mark = "<b>" if due.overdue else ""
            end = "</b>" if due.overdue else ""
            parts.append(f'<li>{mark}{escape(due.words)}{end}: '
                         f'<a href="concern:{ref}">{escape(ref)}</a>, phoned to '
                         f"{escape(due.referral.to_whom)}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No written referral is waiting to be sent.</p>")

    parts.append("<h3>Concerns with no decision yet</h3>")
    if page.not_reviewed:
        parts.append("<ul>")
        for row in page.not_reviewed:
            urgent = row.tier in ("X", "3")
            parts.append(
                f'<li>{"<b>" if urgent else ""}<a href="concern:{row.reference}">'
                f"{escape(row.reference)}</a>: {escape(row.young_person)}, "
                f"{escape(row.tier_words)}{'</b>' if urgent else ''}, recorded by "
                f"{escape(row.recorder or 'someone unnamed')}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>Every concern has a decision.</p>")

    parts.append("<h3>Reviews due</h3>")
    if page.reviews_due:
        parts.append("<ul>")
        for ref, day in page.reviews_due:
            when = "today" if day == today else f"overdue since {day:%d/%m/%Y}"
            parts.append(f'<li><a href="concern:{ref}">{escape(ref)}</a>: review {when}</li>')
        parts.append("</ul>")
    else:
        parts.append("<p>No review is due.</p>")

    parts.append("<h3>Follow-ups due</h3>")
    if page.follow_ups_due:
        parts.append("<ul>")
        for task in page.follow_ups_due:
            when = "today" if task.due_on == today else f"overdue since {task.due_on:%d/%m/%Y}"
            link = (f' (<a href="concern:{task.concern}">{escape(task.concern)}</a>)'
                    if task.concern else "")
            parts.append(f"<li>{escape(task.text)}: due {when}{link}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No follow-up is due.</p>")
    return "\n".join(parts)


class StartPageView(QWidget):
    open_concern = Signal(str)

    def __init__(self, records: Records, parent=None) -> None:
        super().__init__(parent)
        self.records = records
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QTextBrowser()
        self.view.setAccessibleName("To do")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(
            lambda url: self.open_concern.emit(url.path()) if url.scheme() == "concern" else None)
        layout.addWidget(self.view)
        self.arrived = 0
        self.quarantined = 0

    def load(self) -> None:
        page = self.records.start_page(self.arrived, self.quarantined)
        self.view.setHtml(start_html(page, date.today()))

    def wipe(self) -> None:
        self.view.clear()
        self.arrived = self.quarantined = 0

"""What a designated trustee sees: numbers only, never a name or a detail."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.keys.session import Session
from app.screening.vocabulary import TIER_ORDER, TIER_WORDS
from ui.core.widgets import StatusLabel

TIER_ROWS = tuple(reversed(TIER_ORDER))  # most urgent first


class TrusteePage(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 20, 30, 20)
        title = QLabel("How the organisation is doing")
        title.setProperty("role", "page-title")
        layout.addWidget(title)
        layout.addWidget(
            QLabel(
                "As the designated trustee you see numbers only. The designated lead reads and "
                "decides on each concern."
            )
        )
        self.summary = StatusLabel()
        self.summary.setAccessibleName("Summary for the trustee")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def load(self) -> None:
        from app.casework.decisions import Decisions
        from app.casework.training import Training

        counts = Decisions(self.session).counts()
        trained = Training(self.session).trained_count()  # numbers only
        rows = "".join(
            f"<tr><td>{TIER_WORDS[tier]}</td><td align='right'><b>"
            f"{counts.open_by_tier.get(tier, 0)}</b></td></tr>"
            for tier in TIER_ROWS
        )
        self.summary.setText(
            f"<h3>Open concerns: {counts.open_total}</h3>"
            f"<table cellpadding='4'>{rows}</table>"
            "<h3>Needing attention</h3><table cellpadding='4'>"
            f"<tr><td>Concerns with no decision yet</td><td align='right'><b>{counts.new}"
            "</b></td></tr>"
            f"<tr><td>Reviews overdue</td><td align='right'><b>{counts.overdue_reviews}"
            "</b></td></tr>"
            f"<tr><td>Follow-ups overdue</td><td align='right'><b>{counts.overdue_tasks}"
            "</b></td></tr>"
            "<tr><td>Written referrals overdue</td><td align='right'><b>"
            f"{counts.written_referrals_overdue}</b></td></tr>"
            # Worries about an adult here: the trustee may be the one to act (rule 8).
            "<tr><td>Worries about an adult here with no LADO contact recorded</td>"
            f"<td align='right'><b>{counts.lado_waiting}</b></td></tr>"
            "<tr><td>Of those, past one working day</td><td align='right'><b>"
            f"{counts.lado_overdue}</b></td></tr></table>"
            f"<h3>Referrals made in {counts.year}: {counts.referrals_this_year}</h3>"
            f"<h3>Training</h3><p>{trained.words}.</p>"
        )

    def wipe(self) -> None:
        self.summary.clear()

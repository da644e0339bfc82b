"""The home screen anyone at the PC can use: Help and Record a concern need no passphrase."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class HomePage(QWidget):
    go_help = Signal()
    go_record = Signal()
    go_practice = Signal()
    go_records = Signal()
    go_settings = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 24, 30, 24)
        title = QLabel("What do you need to do?")
        title.setProperty("role", "page-title")
        layout.addWidget(title)
        intro = QLabel(
            "If you are worried that a child or young person is being sexually exploited, "
            "you are doing the right thing by acting on it. You do not need to be sure."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setSpacing(14)
        buttons = [
            (
                "&Record a concern",
                "Write down what you saw or heard. Anyone can do this; "
                "only the designated lead can read it afterwards.",
                self.go_record,
            ),
            (
                "Help: signs and &what to do",
                "Read what exploitation is, the signs to look "
                "for, and what to do next. No passphrase needed.",
                self.go_help,
            ),
            (
                "Practise with a &made-up case",
                "Try the concern form on a made-up story and see how you did. "
                "Nothing is saved or sent. No passphrase needed.",
                self.go_practice,
            ),
            (
                "Records (designated lead)",
                "Review concerns and make referrals. Needs a lead's passphrase.",
                self.go_records,
            ),
            (
                "Settings (designated lead)",
                "Organisation details, contacts and locking. Needs a lead's passphrase.",
                self.go_settings,
            ),
        ]
        self._lead_rows: list[tuple[QPushButton, QLabel]] = []
        for index, (label, explain, signal) in enumerate(buttons):
            button = QPushButton(label)
            button.setProperty("role", "big")
            button.setAccessibleDescription(explain)
            button.clicked.connect(signal.emit)
            text = QLabel(explain)
            text.setWordWrap(True)
            grid.addWidget(button, index, 0)
            grid.addWidget(text, index, 1)
            if index >= 3:  # Records and Settings: the lead's, not on a volunteer station
                self._lead_rows.append((button, text))
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

    def show_station(self) -> None:
        """A volunteer station has no records here: Help and Record a concern only."""
        for button, text in self._lead_rows:
            button.hide()
            text.hide()

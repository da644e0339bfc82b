"""The letterbox check words on screen: the six words of the key a concern is sealed to,
and the line asking the volunteer to check them against the poster (app/keys/key_words)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.keys.key_words import CHECK_LINE


class KeyWordsPanel(QFrame):
    """A quiet box: "Sealed for your organisation's letterbox: <words>. Check these words
    match ...". Hidden when there are no words (a key file that does not read)."""

    def __init__(self, lead_in: str) -> None:
        super().__init__()
        self.lead_in = lead_in
        self.setObjectName("KeyWords")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        self.words = ""
        self.hide()

    def set_words(self, words: str) -> None:
        self.words = words
        if not words:
            self.label.clear()
            self.label.setAccessibleName("")
            self.label.setAccessibleDescription("")
            self.hide()
            return
        self.label.setText(
            f"{escape(self.lead_in)} <b style='font-size: 13pt'>{escape(words)}</b><br>"
            f"{escape(CHECK_LINE)}"
        )
        # A label with a fixed accessible name is read by that name only, so the name
        # carries everything shown: the words and the line about the poster.
        self.label.setAccessibleName(f"{self.lead_in} {words} {CHECK_LINE}")
        self.label.setAccessibleDescription("")
        self.show()

"""The PRACTICE band (issue 16, item 1): on every practice screen, read with each step.

Its own module so the practice page (ui/intake/practice.py) and the practice form
(ui/intake/practice_form.py, loaded later) share it without importing each other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

BAND_TEXT = "PRACTICE — not a real record"
# Black on yellow: about 15:1 contrast, and unlike anything else in the app.
BAND_STYLE = (
    "background: #ffd500; color: #000000; font-weight: bold; font-size: 14pt;"
    "padding: 6px 24px; border-bottom: 3px solid #000000;"
)


def band(parent: QWidget | None = None) -> QLabel:
    """The PRACTICE band: visible text, high contrast, read by a screen reader."""
    label = QLabel(BAND_TEXT, parent)
    label.setObjectName("PracticeBand")
    label.setAccessibleName(BAND_TEXT)
    label.setStyleSheet(BAND_STYLE)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label

"""The strip across the top of every screen: 999, 101 and the local duty numbers."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from app.core.settings import AppSettings
from ui.core.widgets import set_by_name


def strip_text(settings: AppSettings) -> str:
    parts = ["<b>Child in danger now: call&nbsp;999</b>"]
    police = settings.get("police_non_emergency")
    if police:
        parts.append(f"Police (not an emergency): {_number(police)}")
    duty = settings.get("duty_team_phone")
    if duty:
        parts.append(f"{_esc(settings.get('duty_team_label'))}: {_number(duty)}")
    else:
        parts.append("Children's social care number: <i>not set yet (Settings)</i>")
    out_of_hours = settings.get("out_of_hours_phone")
    if out_of_hours:
        parts.append(f"Out of hours: {_number(out_of_hours)}")
    return " &nbsp;·&nbsp; ".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(text: str) -> str:
    # A phone number broken over two lines gets misdialled: keep each one whole.
    return f"<b>{_esc(text).replace(' ', '&nbsp;')}</b>"


class EmergencyStrip(QFrame):
    def __init__(self, settings: AppSettings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("EmergencyStrip")
        self.setAccessibleName("Emergency numbers")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        # By name, not Qt.TextFormat: the home screen's first paint never builds QtCore.Qt.
        set_by_name(self.label, "textFormat", "RichText")
        set_by_name(self.label, "textInteractionFlags", "TextSelectableByMouse")
        layout.addWidget(self.label)
        self.refresh(settings)

    def refresh(self, settings: AppSettings) -> None:
        self.label.setText(strip_text(settings))
        plain = self.label.text().replace("&nbsp;", " ").replace("&amp;", "&")
        self.label.setAccessibleName(plain.replace("<b>", "").replace("</b>", ""))

"""The strip across the top of every screen: 999, 101 and the local duty numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from app.settings import AppSettings


def strip_text(settings: AppSettings) -> str:
    parts = ["<b>Child in danger now: call 999</b>"]
    police = settings.get("police_non_emergency")
    if police:
        parts.append(f"Police (not an emergency): <b>{_esc(police)}</b>")
    duty = settings.get("duty_team_phone")
    if duty:
        parts.append(f"{_esc(settings.get('duty_team_label'))}: <b>{_esc(duty)}</b>")
    else:
        parts.append("Children's social care number: <i>not set yet (Settings)</i>")
    out_of_hours = settings.get("out_of_hours_phone")
    if out_of_hours:
        parts.append(f"Out of hours: <b>{_esc(out_of_hours)}</b>")
    return " &nbsp;·&nbsp; ".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EmergencyStrip(QFrame):
    def __init__(self, settings: AppSettings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("EmergencyStrip")
        self.setAccessibleName("Emergency numbers")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        self.refresh(settings)

    def refresh(self, settings: AppSettings) -> None:
        self.label.setText(strip_text(settings))
        self.label.setAccessibleName(self.label.text().replace("<b>", "").replace("</b>", ""))

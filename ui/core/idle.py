"""Locks the records when nobody has touched the computer for a while.

An application-wide event filter restarts a single-shot timer on every key press,
click, wheel turn or mouse move. It only runs while the records are unlocked.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleMonitor(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expired)
        self._watching = False

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._watching:
            self._timer.start()

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._watching

    def start(self) -> None:
        if not self._watching:
            QApplication.instance().installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        if self._watching:
            QApplication.instance().removeEventFilter(self)
            self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False

    def _expired(self) -> None:
        self.stop()
        self.idle.emit()

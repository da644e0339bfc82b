"""Driving the application with the keyboard alone: every key goes to the widget that
has the focus, as a real key press would, and each press is counted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.drivers import type_text


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


class Keys:
    """Presses keys on whatever has the focus; `count` is the presses made (typed text
    is not counted: that is the person's words, not getting around)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            widget = focused()
            self.log.append(
                f"{key.name}+{modifier.name} on {type(widget).__name__} "
                f"{widget.accessibleName() or getattr(widget, 'text', str)()!r}"
            )
            QTest.keyClick(widget, key, modifier)
            self.count += 1
            QApplication.processEvents()

    def alt(self, letter: str) -> None:
        """Alt+letter: a button's underlined letter presses it after a short flash."""
        self.press(getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)
        # QAbstractButton.animateClick() holds the button down and clicks 100 ms later:
        # wait for the click itself, however busy the machine is.
        self.qtbot.waitUntil(
            lambda: (
                not any(
                    button.isDown()
                    for window in QApplication.topLevelWidgets()
                    for button in window.findChildren(QAbstractButton)
                )
            ),
            timeout=5_000,
        )
        QApplication.processEvents()

    def type(self, text: str) -> None:
        type_text(focused(), text)
        QApplication.processEvents()

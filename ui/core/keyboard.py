"""The keyboard model the whole application shares (issue 12): a focus ring that shows
wherever the focus is, whatever a widget's style, and Enter pressing the focused button
in the main window as it does in dialogs. Installed once, by ui/application.py."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFocusFrame,
    QProxyStyle,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

# Dark blue: 10.1:1 against white, 8.8:1 against the window grey and the pale notice
# backgrounds (#fff4ce, #e8f0fe): well over WCAG's 3:1 for a focus indicator.
RING_COLOUR = "#003a9b"
RING_WIDTH = 2


class _AboveStyle(QProxyStyle):
    """Asks QFocusFrame to sit in the window (or the scroll area's viewport), above
    everything, not in the widget's own parent, where a box that fills its parent (as
    every labelled field does) would have the ring clipped away."""

    def styleHint(self, hint, option=None, widget=None, data=None) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        return super().styleHint(hint, option, widget, data)


class FocusRing(QFocusFrame):
    """A 2px ring just outside the focused widget. Drawn by us, not the style, so it
    shows on flat buttons, tick boxes and anything a style sheet restyles."""

    def __init__(self) -> None:
        super().__init__()
        # Its own style, owned by the ring, so neither outlives the other.
        self._above = _AboveStyle()
        self._above.setParent(self)
        self.setStyle(self._above)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        pen = QPen(QColor(RING_COLOUR))
        pen.setWidth(RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))


class KeyboardModel(QObject):
    """Moves the ring with the focus and lets Enter press a focused button."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._focus_changed)

    def show_ring_for(self, widget: QWidget | None) -> None:
        """Draw the ring round `widget` now, as if the focus had just moved there."""
        self._focus_changed(None, widget)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # Only the focused button is watched: a filter on the whole application would
        # see every event, in Python.
        if isinstance(old, (QPushButton, QToolButton)) and shiboken6.isValid(old):
            old.removeEventFilter(self)
        if isinstance(new, (QPushButton, QToolButton)):
            new.installEventFilter(self)
        if self.ring is None or not shiboken6.isValid(self.ring):
            self.ring = FocusRing()  # the last one went with the window it was in
        if new is None or new.isWindow() or new.parentWidget() is None:
            self.ring.setWidget(None)
            self.ring.hide()
            return
        self.ring.setWidget(new)
        self.ring.show()
        self.ring.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            and isinstance(watched, (QPushButton, QToolButton))
            and watched.hasFocus()
            and watched.isEnabled()
            and not (isinstance(watched, QPushButton) and watched.autoDefault())
        ):
            # In a dialog a focused button is its "auto default" and takes Enter itself;
            # elsewhere Qt ignores Enter on a button. People expect it to press it.
            watched.click()
            return True
        return False


def install(app: QApplication) -> KeyboardModel:
    """Install the keyboard model on `app`, once; return it."""
    found = app.findChild(KeyboardModel)
    return found if found is not None else KeyboardModel(app)


def uninstall(app: QApplication) -> None:
    """Take it out again (for tests that share one QApplication)."""
    model = app.findChild(KeyboardModel)
    if model is None:
        return
    app.focusChanged.disconnect(model._focus_changed)
    if model.ring is not None and shiboken6.isValid(model.ring):
        model.ring.setWidget(None)
        model.ring.deleteLater()
    model.deleteLater()
    model.setParent(None)

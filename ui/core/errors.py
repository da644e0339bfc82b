"""The one place errors become words on screen. Tracebacks go only to the log."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

# On the start path, but only called later: QtCore.Qt and QMessageBox are fetched when
# first used (see ui/core/widgets.py).
from PySide6 import QtCore, QtWidgets
from PySide6.QtWidgets import QApplication, QWidget

from app.core.errors import AppError
from app.core.logs import log_exception, redacted_traceback

log = logging.getLogger(__name__)

UNEXPECTED_TITLE = "Something went wrong"
UNEXPECTED_TEXT = "The toolkit hit a problem it did not expect. Nothing you saved has been lost."
UNEXPECTED_NEXT = (
    "Try again. If it happens again, close the toolkit and open it again, and tell "
    "whoever looks after this computer. A technical note was written to the log file."
)


def error_words(exc: BaseException) -> tuple[str, str, str]:
    """Title, message and what to do next, in plain words and never a traceback."""
    if isinstance(exc, AppError):
        return exc.title, exc.message, exc.next_step
    return UNEXPECTED_TITLE, UNEXPECTED_TEXT, UNEXPECTED_NEXT


def show_error(parent: QWidget | None, exc: BaseException) -> QtWidgets.QMessageBox:
    # Said on screen and kept in the log: an unexpected error with its traceback, its
    # message withheld (it could quote a name or a note); an expected one by its kind.
    if isinstance(exc, AppError):
        log.info("told the user: %s", type(exc).__name__)
    else:
        log.error(
            "an unexpected error was shown to the user\n%s",
            redacted_traceback(type(exc), exc, exc.__traceback__),
        )
    title, message, next_step = error_words(exc)
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    box.setInformativeText(next_step)
    box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
    box.setAccessibleName(title)
    if isinstance(exc, AppError) and help_opener is not None:
        topic = exc.help_topic
        read_more = box.addButton("Read more in Help", QtWidgets.QMessageBox.ButtonRole.HelpRole)
        read_more.clicked.connect(lambda: help_opener and help_opener(topic))
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    # A parentless box would be garbage-collected the moment this returns.
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()  # not exec(): a lock must be able to close it without waiting
    return box


_open_boxes: set[QtWidgets.QMessageBox] = set()
# Set by the main window: opens a help topic, for the "Read more in Help" button.
help_opener: Callable[[str], None] | None = None


def _best_parent() -> QWidget | None:
    active = QApplication.activeWindow()
    if active is not None:
        return active
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QtWidgets.QMainWindow)]
    return windows[0] if windows else None


_showing = False


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    global _showing
    log_exception(exc_type, exc, tb)
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    app = QApplication.instance()
    if app is None or _showing:
        return
    _showing = True
    try:
        show_error(_best_parent(), exc)
    finally:
        _showing = False


def install_excepthook() -> None:
    """Log (redacted) and show any error a slot lets escape, instead of hanging."""
    sys.excepthook = _excepthook

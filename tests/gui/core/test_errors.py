"""ui/errors.show_error: the screen says "a technical note was written to the log file",
so one is written, with the traceback and never the error's own message (it could quote
a young person's name)."""

import logging

from PySide6.QtWidgets import QMessageBox

from app.core.errors import ConcernNotSaved
from ui.core.errors import UNEXPECTED_NEXT, show_error

CANARY = "CANARYxErrorsx31"


def _fails_with_a_name() -> None:
    raise ValueError(f"could not save Jade {CANARY}")


def test_an_unexpected_error_is_logged_with_its_traceback_and_no_message(qtbot, caplog):
    try:
        _fails_with_a_name()
    except ValueError as exc:
        with caplog.at_level(logging.INFO):
            box = show_error(None, exc)
    assert isinstance(box, QMessageBox) and box.informativeText() == UNEXPECTED_NEXT
    assert "technical note was written to the log file" in box.informativeText()
    logged = caplog.text
    assert "builtins.ValueError: (message withheld)" in logged
    assert "in _fails_with_a_name" in logged and "test_errors.py" in logged
    assert CANARY not in logged and CANARY not in box.text() + box.informativeText()
    box.close()


def test_an_expected_error_is_logged_by_its_kind(qtbot, caplog):
    with caplog.at_level(logging.INFO):
        box = show_error(None, ConcernNotSaved())
    assert "told the user: ConcernNotSaved" in caplog.text
    box.close()

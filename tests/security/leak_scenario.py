"""Run by test_leaks.py in a child process: setup, unlock, view, an unexpected error,
lock and quit, all through the widgets, with the canary as the organisation's name.

Usage: python -m tests.security.leak_scenario <canary> <passphrase> <lead's name>
(The data folder comes from CSE_TOOLKIT_HOME, as it would for a real user.)
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.core import logs
from app.core.paths import resolve
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session
from tests.drivers import (
    all_visible_text,
    click,
    dialog_titled,
    field,
    fill_concern_to_review,
    run_setup_wizard,
    unlock_through_dialog,
)
from ui.application import make_qapplication
from ui.core import ask
from ui.core.background import all_reported
from ui.core.errors import install_excepthook
from ui.main_window import MainWindow


class Waiter:
    @staticmethod
    def waitUntil(condition, timeout=10_000):  # the one qtbot call the drivers use
        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("condition not met")
            QTest.qWait(20)


def left_over_dialogs(window: MainWindow) -> list[QDialog]:
    """Dialogs not yet deleted, shown or not (a hidden one still holds its text)."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w is not window.wizard
    ]


def main(canary: str, passphrase: str, lead: str) -> int:
    paths = resolve()
    paths.ensure()
    logs.configure(paths.log_file)
    app = make_qapplication([sys.argv[0]])
    install_excepthook()
    session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    window = MainWindow(session)
    window.show()
    window.start_setup()
    run_setup_wizard(Waiter, window.wizard, name=canary, passphrase=passphrase, lead=lead)
    assert session.is_unlocked
    click(window, "Lock now")

    # A volunteer records a concern full of the canary, with the records locked.
    click(window, "Record a concern")
    fill_concern_to_review(window, window.record_page, canary, name=f"{canary} Young Person")
    click(window, "Send to the designated lead")
    assert window.record_page.current_step() is window.record_page.done_page
    click(window, "Finish and clear the form")
    assert canary not in all_visible_text(window), "the form was not cleared"

    unlock_through_dialog(Waiter, window, passphrase)  # imports the letter
    assert window.pages.currentWidget() is window.settings_page
    assert not list(paths.letterbox.glob("*.letter")), "the letter was not imported"
    assert canary in all_visible_text(window), "the canary should be on screen while unlocked"

    # Safe keeping writes files outside the store: a backup and a handover file on a
    # "USB stick", and in-use.json while unlocked. None may hold the canary in plaintext.
    assert (paths.data / "in-use.json").exists()
    stick = paths.data.parent / "stick"
    stick.mkdir()
    ask.choose_folder = lambda *args, **kwargs: str(stick)
    click(window, "Back up now…")
    backup = dialog_titled("Back up the records")
    click(backup, "Choose folder…")
    click(backup, "Back up now")
    Waiter.waitUntil(lambda: "Checked" in field(backup, "Backup result").text(), 20_000)
    backup.reject()
    ask.choose_handover_save_path = lambda *args, **kwargs: str(stick / "handover")
    click(window, "Hand over records…")
    handover = dialog_titled("Hand over records")
    click(handover, "All records")
    click(handover, "Make the handover file…")
    Waiter.waitUntil(lambda: handover.passphrase.isVisible(), 30_000)
    handover.reject()

    # An unexpected error whose message quotes the data: logged redacted, shown generic.
    try:
        raise ValueError(f"could not handle {canary}")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    shown = dialog_titled("Something went wrong")
    assert canary not in all_visible_text(shown), "the error dialog quoted the data"

    window.lock_now()
    # Lock deletes every dialog later, on the event loop: wait until they are gone.
    Waiter.waitUntil(lambda: all_reported() and not left_over_dialogs(window), 5_000)
    window.close()
    app.processEvents()
    app.quit()
    print("scenario complete", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))

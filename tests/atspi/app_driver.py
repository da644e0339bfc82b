"""The real app, driven screen by screen for the AT-SPI walk (tests/gui/access/test_atspi_walk.py).

Run as a script by tests/atspi/walker.py, under Xvfb with the accessibility bus up. It
builds the toolkit on a throw-away data folder and drives it the way a person does
(clicks and key presses on the widgets found by their labels). At each screen it prints
one line, `SCREEN {json}`, and waits for a line on stdin before going on, while Qt's event
loop keeps running so the walker can read the accessibility tree. The JSON says:
- name: the screen;
- shown: the text of every label on view (each must be readable by a screen reader);
- focus_has: text the focused control must be read with (a field's problem, the Sent
  page's reference and the lead's phone, the unlock refusal);
- same_action: names that may be shared by several controls because they do one thing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from PySide6.QtCore import QSocketNotifier, QTimer  # noqa: E402
from PySide6.QtGui import Qt as GuiQt  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

SETTLE_MS = 150  # after each action, for layouts and accessibility events to settle
WRONG = "not the passphrase at all"

Wait = Callable[[], bool]


def readable(text: str) -> str:
    """A label's text as a person reads it: rich text without tags, one space apart."""
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("&", "").replace("\u00a0", " ").split())


def shown_labels() -> list[str]:
    """The text of every label on view in every open window."""
    found: list[str] = []
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        for label in window.findChildren(QLabel):
            text = readable(label.text())
            if text and label.isVisible() and text not in found:
                found.append(text)
    return found


def screen(
    name: str, *, focus_has: tuple[str, ...] = (), same_action: tuple[str, ...] = ()
) -> dict:
    return {"name": name, "focus_has": list(focus_has), "same_action": list(same_action)}


def journey(window, session) -> Iterator[dict | Wait]:
    """Each screen in turn; a callable yielded is waited for until it returns True."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.drivers import (
        choose_tab,
        click,
        dialog_titled,
        field,
        tick,
        type_into,
        type_text,
    )

    nav_twice = ("Record a concern",)  # the navigation bar and the home page's big button
    yield screen("home", same_action=nav_twice)

    click(window, "Record a concern")
    form = window.record_page
    yield screen("step 1", same_action=nav_twice)
    click(window, "Next")
    yield screen("step 2", same_action=nav_twice)
    type_into(window, "Name", "Jade Example")
    type_into(window, "Date of birth", "31/02/2011")
    click(window, "Next")  # a date that does not exist: Next refuses, at the field
    error = readable(form.person.problems["young_person.date_of_birth"].text())
    yield screen("step 2, a date that does not exist", focus_has=(error,), same_action=nav_twice)
    type_into(window, "Date of birth", "02/03/2011")
    click(window, "Next")
    yield screen("step 3", same_action=nav_twice)
    type_into(window, "Where", "The car park behind the hall")
    type_text(field(window, "The young person's own words"), "He said I owe him.")
    form.happened.vehicles.add_row(["AB12 CDE", "Ford", "Silver", ""])
    click(window, "Next")
    yield screen("step 4", same_action=nav_twice)
    tick(window, form.checklist.indicators[20].text)
    yield screen("step 4, one item ticked", same_action=nav_twice)
    click(window, "Next")
    yield screen("step 5", same_action=nav_twice)
    click(window, "Next")
    yield screen("step 6", same_action=nav_twice)
    type_into(window, "Your name", "Sam Volunteer")
    type_into(window, "Your role", "Volunteer")
    click(window, "Send to the designated lead")
    reference = form.concern.id
    yield screen("sent", focus_has=(reference, "01604 555 0101"), same_action=nav_twice)
    click(window, "Finish and clear the form")

    click(window, "Help")
    yield screen("help", same_action=nav_twice)

    click(window, "Records")
    dialog = dialog_titled("Unlock the records")
    yield screen("unlock", same_action=nav_twice)
    type_into(dialog, "Passphrase", WRONG)
    click(dialog, "Unlock")
    yield lambda: not dialog._busy and dialog.status.isVisible()
    refusal = readable(dialog.status.text())
    yield screen("unlock refused", focus_has=(refusal,), same_action=nav_twice)

    from tests.conftest import PASSPHRASE

    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Unlock")
    yield lambda: session.is_unlocked and not dialog.isVisible()
    yield screen("records, and what arrived", same_action=nav_twice)
    for box in [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowTitle() == "Since the records were last opened"
    ]:
        box.close()
    yield lambda: not any(w.isVisible() and w is not window for w in QApplication.topLevelWidgets())
    yield screen("records", same_action=nav_twice)
    choose_tab(window, "All concerns")
    yield screen("records, all concerns", same_action=nav_twice)
    table = field(window, "Concerns")
    cell = table.visualRect(table.model().index(0, 0)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    yield screen("records, a concern open", same_action=nav_twice)
    choose_tab(window, "Decisions and follow-ups")
    yield screen("records, its decisions", same_action=nav_twice)

    click(window, "Settings")
    yield screen("settings", same_action=nav_twice)


def main() -> int:
    from app.core.paths import resolve
    from app.keys.kdf import FAST_FOR_TESTS
    from app.keys.recovery_code import generate
    from app.keys.session import Session
    from tests.conftest import CONTACTS, PASSPHRASE, make_details
    from ui.application import make_qapplication
    from ui.main_window import MainWindow

    folder = tempfile.TemporaryDirectory(prefix="atspi-walk-")
    paths = resolve(str(Path(folder.name) / "data"))
    paths.ensure()
    session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    session.set_up(make_details(), PASSPHRASE, generate(), dict(CONTACTS))
    session.lock()

    app = make_qapplication(sys.argv[:1])
    import ui.main_window as main_window

    main_window.ask_unfinished_concern = lambda parent: "discard"  # closing at the end
    window = MainWindow(session)
    window.resize(1000, 700)
    window.show()
    window.activateWindow()
    steps = journey(window, session)
    failed: list[str] = []

    def go_on() -> None:
        try:
            step = next(steps)
        except StopIteration:
            print("DONE", flush=True)
            app.quit()
            return
        except Exception as exc:  # reported to the walker, which fails the test
            import traceback

            failed.append("".join(traceback.format_exception(exc)))
            print("FAILED " + json.dumps(failed[-1]), flush=True)
            app.quit()
            return
        if callable(step):
            poll(step, 0)
        else:
            QTimer.singleShot(SETTLE_MS, lambda: say(step))

    def poll(until: Wait, tries: int) -> None:
        if until():
            go_on()
        elif tries > 200:  # 20 s
            print("FAILED " + json.dumps("timed out waiting on the app"), flush=True)
            app.quit()
        else:
            QTimer.singleShot(100, lambda: poll(until, tries + 1))

    def say(step: dict) -> None:
        step["shown"] = shown_labels()  # as they are now, once settled
        print("SCREEN " + json.dumps(step), flush=True)

    def heard_back() -> None:
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            app.quit()
        else:
            go_on()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(heard_back)
    QTimer.singleShot(500, go_on)  # the bridge registers the app once the loop runs
    app.exec()
    notifier.setEnabled(False)
    for widget in QApplication.topLevelWidgets():
        widget.close()
    session.lock()
    folder.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

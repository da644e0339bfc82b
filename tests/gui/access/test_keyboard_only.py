"""From the home screen to the Sent page with the keyboard alone (issue 12 item 10):
one vehicle and one tick, every key sent to whatever has the focus, in at most 60 key
presses besides the words typed. The volunteer who cannot use a mouse took 194."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.intake.letterbox import load_concern
from tests.conftest import PASSPHRASE
from tests.keys import Keys, focused
from tests.letters import letters_in
from ui.core.keyboard import install, uninstall
from ui.main_window import MainWindow

MOST_PRESSES = 60
# With Tab alone every field of steps 2 and 3 is a stop on the way to Next (about 35 of
# these presses); what this bound catches is a trap, such as a table Tab never left.
MOST_PRESSES_TAB_ONLY = 80


@pytest.fixture
def window(qtbot, ready, monkeypatch):
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    app = QApplication.instance()
    install(app)  # as ui/application.py does for the real app
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    yield made
    uninstall(app)


def test_home_to_sent_with_one_vehicle_and_one_tick_by_keys_alone(qtbot, window, ready):
    keys = Keys(qtbot)
    keys.alt("c")  # Record a concern
    form = window.record_page
    assert form is not None and form.current_step() is form.danger
    keys.alt("n")  # nobody in danger now
    assert form.current_step() is form.person
    keys.type("Jade Carter")  # the step starts on Name
    keys.alt("n")
    assert form.current_step() is form.happened
    keys.alt("r")  # the young person's own words
    keys.type("He said I owe him")
    keys.alt("v")  # Add a vehicle: the cursor goes into the new row
    keys.type("AB12 CDE")
    keys.press(Qt.Key.Key_Return)
    keys.alt("n")
    assert form.current_step() is form.checklist_step, keys.log
    keys.press(Qt.Key.Key_Space)  # the step starts on its first sign
    keys.alt("n")
    assert form.current_step() is form.result
    keys.alt("n")
    assert form.current_step() is form.review
    keys.type("Sam Volunteer")  # the step starts on Your name
    keys.alt("e")  # Send to the designated lead
    assert form.current_step() is form.done_page, keys.log
    assert keys.count <= MOST_PRESSES, keys.log
    print(f"{keys.count} key presses besides typing")  # for whoever tunes it

    # What was typed arrived, as typed.
    assert len(letters_in(ready.paths.letterbox)) == 1
    reference = form.concern.id
    ready.unlock(PASSPHRASE)
    stored = load_concern(ready.require_store(), reference)
    assert stored.young_person.name == "Jade Carter"
    assert [v.registration for v in stored.vehicles] == ["AB12 CDE"]
    assert len(stored.indicators) == 1
    assert stored.indicators[0].indicator_id == form.checklist_step.rows[0].item_id
    assert stored.own_words == "He said I owe him"
    assert stored.recorder_name == "Sam Volunteer"


def test_the_same_journey_with_tab_enter_and_space_only(qtbot, window, ready):
    """No Alt+letter at all: Tab, Shift+Tab, Enter, Space and the arrows, as a person
    who does not know the underlined letters would go."""
    keys = Keys(qtbot)
    form = None
    # Home: Tab to the big Record a concern button and press Enter on it.
    for _ in range(12):
        if getattr(focused(), "text", lambda: "")().replace("&", "") == "Record a concern":
            break
        keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Return)
    form = window.record_page
    assert form is not None and form.current_step() is form.danger

    def tab_to(text: str) -> None:
        for _ in range(30):
            widget = focused()
            if (
                getattr(widget, "text", lambda: "")().replace("&", "") == text
                or widget.accessibleName() == text
            ):
                return
            keys.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {text!r}: {keys.log[-30:]}")

    tab_to("Next")
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.person
    keys.type("Jade Carter")
    keys.press(Qt.Key.Key_Return)  # Enter in a box does not send anything on its own
    assert form.current_step() is form.person
    tab_to("Next")
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.happened
    tab_to("The young person's own words")
    keys.type("He said I owe him")
    tab_to("Add a vehicle")
    keys.press(Qt.Key.Key_Space)
    keys.type("AB12 CDE")
    keys.press(Qt.Key.Key_Return)
    tab_to("Next")
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.checklist_step
    keys.press(Qt.Key.Key_Space)
    # Past the other signs: Page Down from section to section, and from the last to Next.
    for _ in range(len(form.checklist_step.sections)):
        keys.press(Qt.Key.Key_PageDown)
    assert focused() is form.next_button
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.result
    tab_to("Next")
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.review
    keys.type("Sam Volunteer")
    tab_to("Send to the designated lead")
    keys.press(Qt.Key.Key_Return)
    assert form.current_step() is form.done_page, keys.log
    assert keys.count <= MOST_PRESSES_TAB_ONLY, keys.log
    print(f"{keys.count} key presses besides typing")
    assert len(letters_in(ready.paths.letterbox)) == 1

"""The keyboard model, one behaviour at a time (issue 12 item 3), with key events sent to
whatever has the focus: Enter tries Unlock again; Add opens the new row for typing;
Tab leaves a table both ways; each step starts on its first field; setup starts on
Next; Enter presses a focused button; the checklist's keys; the focus ring shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import PASSPHRASE
from tests.drivers import button, click, dialog_titled, field, gone, open_dialogs
from tests.keys import Keys, focused
from ui.core.keyboard import RING_COLOUR, install, uninstall
from ui.main_window import MainWindow


@pytest.fixture
def keyboard_model():
    app = QApplication.instance()
    install(app)  # as ui/application.py does for the real app
    yield
    uninstall(app)


@pytest.fixture
def window(qtbot, ready, monkeypatch, keyboard_model):
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made)
    return made


@pytest.fixture
def form(qtbot, window):
    click(window, "Record a concern")
    return window.record_page


def to_happened(keys: Keys, form) -> None:
    keys.alt("n")
    keys.type("Jade")
    keys.alt("n")
    assert form.current_step() is form.happened


# -- Unlock -------------------------------------------------------------------------------
def test_enter_tries_unlock_again_after_a_wrong_passphrase(qtbot, window, ready):
    keys = Keys(qtbot)
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(dialog, "Passphrase"))
    keys.type("not the passphrase")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.isVisible(), timeout=10_000)  # refused
    assert dialog.isVisible()
    # The refused passphrase is selected, so typing replaces it; Enter tries again.
    assert focused() is field(dialog, "Passphrase")
    keys.type(PASSPHRASE)
    keys.press(Qt.Key.Key_Return)
    # Only a second try unlocks: had Enter closed the dialog, the records would stay
    # locked. (Whether the dialog is still up a moment after Enter is a race with the
    # unlock's worker, so that is not what is asked.)
    qtbot.waitUntil(lambda: ready.is_unlocked, timeout=10_000)
    qtbot.waitUntil(lambda: gone(dialog))


# -- tables ------------------------------------------------------------------------------
def test_add_a_vehicle_by_mouse_opens_the_new_row_for_typing(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    click(window, "Add a vehicle")
    table = form.happened.vehicles.table
    assert table.rowCount() == 1
    assert table.state() == table.State.EditingState, "no cursor in the new row"
    keys.type("AB12 CDE")
    keys.press(Qt.Key.Key_Return)
    assert form.happened.vehicles.rows() == [["AB12 CDE", "", "", ""]]


def test_space_on_add_a_person_types_into_the_new_row_not_more_rows(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    add = form.happened.people.add_button
    add.setFocus()
    keys.press(Qt.Key.Key_Space)
    keys.type("Dan")
    keys.press(Qt.Key.Key_Tab)  # on to Nickname, still typing
    keys.type("D")
    keys.press(Qt.Key.Key_Return)
    table = form.happened.people.table
    assert table.rowCount() == 1, "Space added empty rows"
    assert form.happened.people.rows() == [["Dan", "D", "", ""]]


def test_tab_and_shift_tab_leave_a_table_with_rows(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    people = form.happened.people
    for name in ("Dan", "Eve", "Fay"):
        people.add_button.setFocus()
        keys.press(Qt.Key.Key_Space)
        keys.type(name)
        keys.press(Qt.Key.Key_Return)
    assert focused() is people.table
    keys.press(Qt.Key.Key_Tab)
    assert focused() is people.add_button, "Tab stayed in the table"
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is people.table
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is field(window, "Police reference"), "Shift+Tab stayed in the table"


def test_tab_while_typing_goes_cell_to_cell_then_out_of_the_table(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    places = form.happened.places  # one column
    places.add_button.setFocus()
    keys.press(Qt.Key.Key_Space)
    keys.type("The bus station")
    keys.press(Qt.Key.Key_Tab)  # the last cell: out of the table, the words kept
    assert focused() is places.add_button
    assert places.rows() == [["The bus station"]]
    assert places.table.state() != places.table.State.EditingState


def test_the_records_list_lets_tab_leave(qtbot, ready, keyboard_model):
    from tests.drivers import choose_tab, unlock_through_dialog
    from tests.gui.casework.test_records_page import _concern

    for name in ("Amira", "Bea"):
        ready.seal_concern(_concern(name, "AB12 CDE"))
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    table = field(window, "Concerns")
    table.setFocus()
    table.selectRow(0)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert focused() is not table, "Tab stayed in the records list"
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is not table, "Shift+Tab stayed in the records list"


# -- where each screen starts ----------------------------------------------------------
def test_each_step_starts_on_its_first_field(qtbot, window, form):
    keys = Keys(qtbot)
    assert focused() is form.danger.boxes[next(iter(form.danger.boxes))]
    keys.alt("n")
    assert focused() is field(window, "Name")
    keys.type("Jade")
    keys.alt("n")
    assert focused() is field(window, "Date it happened")
    keys.alt("n")
    assert focused() is form.checklist_step.rows[0].box
    keys.alt("n")
    assert focused() is field(window, "Checklist result")
    keys.alt("n")
    assert focused() is field(window, "Your name")
    keys.alt("b")
    assert focused() is field(window, "Checklist result")


def test_setup_starts_on_next_so_enter_does_not_start_a_restore(qtbot, session, keyboard_model):
    from ui.application import build_window

    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    wizard = window.wizard
    restores = []
    wizard.restore_requested.connect(lambda: restores.append(1))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert focused().text().replace("&", "") == "Next"
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert restores == []
    assert wizard.currentPage() is wizard.organisation_page


# -- buttons ----------------------------------------------------------------------------
def test_enter_presses_the_focused_button_in_the_main_window(qtbot, window):
    keys = Keys(qtbot)
    window.nav_buttons["help"].setFocus()
    keys.press(Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.help_page
    window.nav_buttons["record"].setFocus()
    keys.press(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert window.pages.currentWidget() is window.record_page


def test_enter_in_a_long_text_box_is_a_new_line_not_a_button(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    keys.alt("r")
    keys.type("one")
    keys.press(Qt.Key.Key_Return)
    keys.type("two")
    assert form.happened.own_words.text() == "one\ntwo"
    assert form.current_step() is form.happened


# -- the checklist ------------------------------------------------------------------------
def test_checklist_help_is_on_f1_and_out_of_the_tab_chain(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    keys.alt("n")
    checklist = form.checklist_step
    first, second = checklist.rows[0], checklist.rows[1]
    assert focused() is first.box
    keys.press(Qt.Key.Key_Tab)
    assert focused() is second.box, "Tab stopped on the item's Help"
    keys.press(Qt.Key.Key_F1)
    help_box = dialog_titled("About this sign")
    assert second.text in help_box.view.toPlainText()
    assert [d.windowTitle() for d in open_dialogs()] == ["About this sign"]  # not also
    keys.press(Qt.Key.Key_Escape)
    assert gone(help_box)


def test_checklist_arrows_and_page_down(qtbot, window, form):
    keys = Keys(qtbot)
    to_happened(keys, form)
    keys.alt("n")
    checklist = form.checklist_step
    keys.press(Qt.Key.Key_Down)
    assert focused() is checklist.rows[1].box
    keys.press(Qt.Key.Key_Up)
    assert focused() is checklist.rows[0].box
    keys.press(Qt.Key.Key_PageDown)
    assert focused() is checklist.sections[1][0].box
    keys.press(Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert focused() is checklist.sections[2][0].box
    keys.press(Qt.Key.Key_PageUp)
    assert focused() is checklist.sections[1][0].box
    # A ticked item's questions are still reached with Tab, and the page follows.
    keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Tab)
    assert focused() is field(
        window,
        f"When did this happen, or when did you last see it? {checklist.sections[1][0].text}",
    )
    assert not focused().visibleRegion().isEmpty()
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is checklist.sections[1][0].box
    for _ in checklist.sections[2:]:
        keys.press(Qt.Key.Key_PageDown)
    assert focused() is checklist.sections[-1][0].box
    keys.press(Qt.Key.Key_PageDown)  # from the last section: on to Next
    assert focused() is form.next_button


# -- the focus ring -------------------------------------------------------------------
def ring_pixels(widget: QWidget) -> int:
    """Pixels of the ring's colour in a 4px band around `widget`, as painted in its
    window."""
    window = widget.window()
    image = window.grab().toImage()
    top_left = widget.mapTo(window, QPoint(0, 0))
    ring = QColor(RING_COLOUR).rgb()
    count = 0
    for x in range(top_left.x() - 4, top_left.x() + widget.width() + 4):
        for y in (
            top_left.y() - 2,
            top_left.y() - 1,
            top_left.y() + widget.height(),
            top_left.y() + widget.height() + 1,
        ):
            if 0 <= x < image.width() and 0 <= y < image.height() and image.pixel(x, y) == ring:
                count += 1
    return count


@pytest.mark.parametrize("which", ["home", "help", "record", "records", "settings", "lock"])
def test_the_navigation_buttons_show_a_ring_when_focused(qtbot, window, ready, which):
    if which == "lock":
        ready.unlock(PASSPHRASE)
        window._refresh_state()
    target = window.lock_button if which == "lock" else window.nav_buttons[which]
    elsewhere = window.nav_buttons["help" if which == "home" else "home"]
    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    before = ring_pixels(target)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    after = ring_pixels(target)
    assert before == 0
    assert after >= 2 * target.width(), f"{after} ring pixels around a focused button"


def test_the_ring_shows_under_the_apps_own_style_sheet(qtbot, window, form):
    """The real app runs with ui/core/widgets.py's style sheet (which may restyle buttons):
    the ring must not depend on the style."""
    from ui.core.widgets import STYLE

    app = QApplication.instance()
    app.setStyleSheet(STYLE + "QPushButton { padding: 6px 12px; }")
    try:
        keys = Keys(qtbot)
        keys.alt("n")
        name = field(window, "Name")
        assert focused() is name
        QApplication.processEvents()
        assert ring_pixels(name) >= name.width()
        form.next_button.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert ring_pixels(form.next_button) >= form.next_button.width()
        assert ring_pixels(name) == 0
    finally:
        app.setStyleSheet("")


def test_a_tick_box_and_a_text_box_show_the_ring_too(qtbot, window, form):
    keys = Keys(qtbot)
    box = focused()
    assert ring_pixels(box) >= box.width()
    keys.alt("n")
    name = field(window, "Name")
    assert ring_pixels(name) >= name.width()
    assert ring_pixels(box) == 0 or not box.isVisible()


def test_enter_checks_the_backup_again_after_a_refusal(qtbot, window, ready, tmp_path, monkeypatch):
    from app.keeping.backups import Backups
    from ui.core import ask

    junk = tmp_path / "cse-records-old.cse-backup"
    junk.write_bytes(b"not a backup at all" * 50)
    monkeypatch.setattr(ask, "choose_backup_file", lambda *_a: str(junk))
    tries = []
    inspect = Backups.inspect
    monkeypatch.setattr(
        Backups, "inspect", lambda self, *a, **k: (tries.append(1), inspect(self, *a, **k))[1]
    )
    keys = Keys(qtbot)
    window.open_restore()
    dialog = dialog_titled("Restore from a backup")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    keys.alt("h")  # Choose file…
    assert field(dialog, "Backup file").text() == str(junk)
    keys.alt("p")
    keys.type("wrong words")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(tries) == 1 and not dialog._busy, timeout=10_000)
    assert focused() is field(dialog, "Passphrase"), "the focus left the passphrase box"
    keys.press(Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter closed the dialog instead of checking again"
    qtbot.waitUntil(lambda: len(tries) == 2 and not dialog._busy, timeout=10_000)


def test_the_real_app_installs_the_keyboard_model(qapp):
    from ui.application import make_qapplication
    from ui.core.keyboard import KeyboardModel

    app = make_qapplication([])
    try:
        assert app.findChild(KeyboardModel) is not None
    finally:
        uninstall(app)
        app.setStyleSheet("")


START_CHILD = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import ui.application as application
from app.core.paths import resolve
from ui.core.keyboard import KeyboardModel

class Watch(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            app = QApplication.instance()
            print("AT-PAINT", app.findChild(KeyboardModel) is not None, flush=True)
            QTimer.singleShot(200, lambda: check(app, watched))
        return False

def check(app, window):
    model = app.findChild(KeyboardModel)
    window.activateWindow()
    target = window.focusWidget() or window.nextInFocusChain()
    target.setFocus()
    app.processEvents()
    ring = model is not None and model.ring is not None and model.ring.widget() is target
    print("AFTER", model is not None, ring, flush=True)
    app.quit()

shown = application.show_main_window
watch = Watch()
def show(window):
    window.installEventFilter(watch)
    shown(window)
application.show_main_window = show
sys.exit(application.run(resolve({folder!r}), ["app"]))
"""


def test_the_real_start_installs_it_just_after_the_first_paint_ring_and_all(ready):
    """run() leaves the keyboard model until the window has painted once (the window
    shows sooner), then installs it; the ring follows the focus from then on. In a
    process of its own: the real start, from its own QApplication."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [sys.executable, "-c", START_CHILD.format(folder=str(ready.paths.data))],
        cwd=Path(__file__).parents[3],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "AT-PAINT False" in done.stdout, done.stdout + done.stderr
    assert "AFTER True True" in done.stdout, done.stdout + done.stderr


def test_a_late_install_draws_the_ring_round_the_control_that_has_the_focus(qtbot, window):
    from ui.application import install_keyboard_model
    from ui.core.keyboard import KeyboardModel

    app = QApplication.instance()
    uninstall(app)
    window.activateWindow()
    target = button(window, "Record a concern")
    target.setFocus()
    qtbot.waitUntil(lambda: app.focusWidget() is target)
    install_keyboard_model(app)
    ring = app.findChild(KeyboardModel).ring
    assert ring is not None and ring.widget() is target and ring.isVisible()


def test_f1_opens_the_help_for_the_step(qtbot, window, form):
    topics = []
    form.help_wanted.connect(topics.append)
    keys = Keys(qtbot)
    keys.alt("n")
    keys.press(Qt.Key.Key_F1)  # on the Name box
    assert topics == [form.person.help_topic]


def test_a_form_cleared_off_screen_does_not_take_the_focus(qtbot, window, form):
    """A lock clears the form while Home shows: the keys stay with Home, and the form
    starts on its first box when it is opened again."""
    keys = Keys(qtbot)
    keys.alt("n")
    keys.type("Jade")
    keys.alt("h")  # Home
    assert window.pages.currentWidget() is window.home
    window.lock_now()
    assert focused().isVisible(), f"the focus went to a hidden {focused()!r}"
    keys.alt("c")
    assert focused() is form.danger.boxes[next(iter(form.danger.boxes))]

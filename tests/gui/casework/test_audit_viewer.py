"""The audit log viewer, opened the way the lead does: Settings, then "Audit log…"."""

import pytest
import shiboken6

from db import audit as queries
from tests.conftest import PASSPHRASE
from tests.drivers import (
    choose,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    problem,
    type_into,
    unlock_through_dialog,
)
from ui.casework.audit_viewer import AuditModel
from ui.main_window import MainWindow

NOTICE = "Since the records were last opened"


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def _open_viewer(qtbot, window):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert window.pages.currentWidget() is window.settings_page
    click(window, "Audit log…")
    dialog = dialog_titled("Audit log")
    return dialog, dialog.model


def _column(model: AuditModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_viewer_lists_unlocks_and_filters_by_event(qtbot, qtmodeltester, window, ready):
    ready.unlock(PASSPHRASE)
    ready.lock()
    dialog, model = _open_viewer(qtbot, window)
    events = _column(model, 2)
    assert events[0] == "Unlocked"  # newest first: the unlock that opened Settings
    assert events.count("Unlocked") == 2 and events[-1] == "Set up"
    assert _column(model, 3)[0] == "Sam Okafor (designated lead)"
    assert _column(model, 5)[0] == "Passphrase; no failed attempts before"
    status = field(dialog, "Audit log check").text()
    assert status.startswith(f"The log's chain of hashes is intact ({model.rowCount()} entries).")
    assert "Latest fingerprint" in status
    qtmodeltester.check(model)

    choose(dialog, "Event", "Locked")
    assert set(_column(model, 2)) == {"Locked"} and model.rowCount() == 2
    qtmodeltester.check(model)
    choose(dialog, "Event", "Exported")
    assert model.rowCount() == 0
    assert field(dialog, "Entries shown").text() == "0 entries shown."
    choose(dialog, "Event", "All events")
    assert model.rowCount() == 5


def test_dates_are_checked_and_filter_whole_days(qtbot, window, ready):
    dialog, model = _open_viewer(qtbot, window)
    everything = model.rowCount()
    type_into(dialog, "From date", "31/02/2026")
    field(dialog, "From date").editingFinished.emit()
    assert "does not exist" in problem(dialog, "From date").text()
    assert model.rowCount() == everything  # the last good list stays
    type_into(dialog, "From date", "01/01/2000")
    type_into(dialog, "To date", "31/12/2000")
    field(dialog, "To date").editingFinished.emit()
    assert not dialog.since_problem.isVisible()  # the message went once fixed
    assert model.rowCount() == 0
    type_into(dialog, "To date", "")
    field(dialog, "To date").editingFinished.emit()
    assert model.rowCount() == everything


def test_a_tampered_log_is_reported_and_the_records_still_open(qtbot, qtmodeltester, window, ready):
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    for name in queries.GUARDS:
        store.execute(f"DROP TRIGGER {name}")
    store.execute("""UPDATE audit_log SET detail = '{"failed_before":0}' WHERE seq = 2""")
    ready.lock()

    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert window.pages.currentWidget() is window.settings_page  # the records opened
    qtbot.waitUntil(lambda: any(d.windowTitle() == NOTICE for d in open_dialogs()))
    notice = dialog_titled(NOTICE).text()
    assert "audit log has been changed outside the toolkit" in notice
    assert "Entry 2 was changed after it was written." in notice
    assert "The records have opened as usual" in notice
    dialog_titled(NOTICE).accept()

    click(window, "Audit log…")
    dialog = dialog_titled("Audit log")
    status = field(dialog, "Audit log check").text()
    assert "Entry 2 was changed after it was written." in status
    assert "intact" not in status
    field(dialog, "Only problems").setChecked(True)
    model = dialog.model
    assert _column(model, 0) == [str(model.entry(0).seq), "2"]
    assert _column(model, 2) == ["Audit log problem found", "Locked"]
    assert model.index(1, 0).data(0x03) == "The check of the log points at this entry."
    qtmodeltester.check(model)


def test_a_lock_closes_the_viewer_and_drops_its_rows(qtbot, window, ready):
    dialog, model = _open_viewer(qtbot, window)
    assert model.rowCount() > 0
    window.lock_now()
    assert gone(dialog)
    assert not ready.is_unlocked
    # Emptied at once, before Qt gets round to deleting the dialog.
    assert not shiboken6.isValid(model) or model.rowCount() == 0

"""Unlocking through the dialog when things go wrong, and the settings page."""

import json
import logging
import sys

import pytest

from app.keys.session import SetupState
from app.keys.unlock_throttle import UnlockThrottle
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    button,
    click,
    dialog_titled,
    field,
    open_dialogs,
    type_into,
    unlock_refusal,
    unlock_through_dialog,
)
from ui.main_window import MainWindow


class FakeClock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def _try(qtbot, dialog, passphrase):
    type_into(dialog, "Passphrase", passphrase)
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: button(dialog, "Cancel") and not dialog._busy, timeout=10_000)


def test_wrong_passphrases_then_the_count_at_the_next_unlock(qtbot, window, ready):
    clock = FakeClock()
    ready.throttle = UnlockThrottle(ready.paths.unlock_failures, clock)
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    for _ in range(3):
        _try(qtbot, dialog, "not it at all")
    problem = unlock_refusal(dialog)
    assert "did not unlock" in problem and "3 failed attempts" in problem
    assert "Wait" in problem
    assert not dialog.unlock_button.isEnabled()  # the growing delay, on screen
    assert dialog.unlock_button.text().startswith("Wait")
    assert field(dialog, "Passphrase").selectedText() == "not it at all"  # ready to retype

    clock.now += 60
    qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled(), timeout=2_000)
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Unlock")
    title = "Since the records were last opened"
    qtbot.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()), timeout=10_000)
    notice = dialog_titled(title)
    assert "There were 3 failed attempts" in notice.text()
    assert ready.recent_unlocks()[0].failed_before == 3
    assert window.statusBar().currentMessage() == ""


def test_cancel_clears_what_was_typed(qtbot, window, ready):
    click(window, "Records")
    dialog = dialog_titled("Unlock the records")
    type_into(dialog, "Passphrase", "half typed")
    click(dialog, "Cancel")
    assert not ready.is_unlocked
    assert field(window, "Records lock state").text() == "Records locked"
    assert "half typed" not in all_visible_text(dialog)


def test_damaged_key_file_is_said_plainly_in_the_dialog(qtbot, window, ready):
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes()[:120])
    before = ready.paths.keyring.read_bytes()
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    _try(qtbot, dialog, PASSPHRASE)
    problem = unlock_refusal(dialog)
    assert "key file (keyring.json) is damaged" in problem
    assert "Nothing has been changed" in problem
    assert "Traceback" not in problem
    assert ready.paths.keyring.read_bytes() == before


def test_damaged_store_is_said_plainly_in_the_dialog(qtbot, window, ready):
    data = bytearray(ready.paths.store.read_bytes())
    data[len(data) // 2] ^= 0xFF
    ready.paths.store.write_bytes(bytes(data))
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    _try(qtbot, dialog, PASSPHRASE)
    problem = unlock_refusal(dialog)
    assert "damaged" in problem and "backup" in problem
    assert not ready.is_unlocked


def test_missing_key_file_shows_a_notice_and_never_offers_setup(qtbot, ready):
    ready.paths.keyring.unlink()
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    assert ready.setup_state() is SetupState.BROKEN
    assert "keyring.json" in field(window, "Notice").text()
    click(window, "Settings")
    box = dialog_titled("Key file missing")
    assert "Nothing has been changed" in box.informativeText()
    assert window.wizard is None


def _open_settings(qtbot, window):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert window.pages.currentWidget() is window.settings_page


def test_settings_save_updates_the_strip_and_the_lock_time(qtbot, window, ready):
    _open_settings(qtbot, window)
    type_into(window, "Designated trustee: name", "Priya Shah")
    type_into(window, "Children's social care: phone", "0116 305 0005")
    field(window, "Lock the records after (minutes without use)").setValue(12)
    click(window, "Save settings")
    assert field(window, "Settings status").text() == "Saved."
    assert "0116 305 0005" in window.strip.label.accessibleName()  # what a screen reader says
    assert ready.organisation().trustee_name == "Priya Shah"
    assert window.idle.timeout_ms == 12 * 60_000
    assert json.loads(ready.paths.settings.read_text())["idle_lock_minutes"] == 12
    assert "Priya" not in ready.paths.settings.read_text()


def test_settings_refusal_marks_the_field_and_saves_nothing(qtbot, window, ready):
    _open_settings(qtbot, window)
    before = ready.paths.settings.read_bytes()
    type_into(window, "Organisation name", "")
    type_into(window, "Out of hours: phone", "ring the office")
    click(window, "Save settings")
    text = all_visible_text(window)
    assert "Enter the organisation's name." in text
    assert "Use only numbers" in text
    assert "Not saved" in field(window, "Settings status").text()
    assert ready.organisation().name == "Riverside Youth Club"
    assert ready.paths.settings.read_bytes() == before
    assert field(window, "Out of hours: phone").text() == "ring the office"  # nothing lost


def test_an_unexpected_error_is_shown_plainly_and_logged_redacted(
    qtbot, window, caplog, monkeypatch
):
    from ui.core.errors import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    install_excepthook()
    canary = "CANARY-slot-error-33"
    with caplog.at_level(logging.ERROR, logger="app.crash"):
        try:
            raise KeyError(f"no such record {canary}")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    box = dialog_titled("Something went wrong")
    assert "Nothing you saved has been lost" in box.text()
    assert "log file" in box.informativeText()
    assert canary not in all_visible_text(box)
    assert "unhandled error" in caplog.text and "KeyError" in caplog.text
    assert canary not in caplog.text

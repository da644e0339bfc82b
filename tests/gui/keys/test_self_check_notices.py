"""What the self-checks find reaches the lead on screen (issue 14, item 3): through the
real Unlock dialog, into the "Since the records were last opened" box, with a way out
that exists where the words say it does."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSPHRASE
from tests.drivers import button, click, dialog_titled, open_dialogs, type_into, unlock_refusal
from ui.main_window import MainWindow

TITLE = "Since the records were last opened"


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def _unlock(qtbot, window, passphrase: str = PASSPHRASE):
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    type_into(dialog, "Passphrase", passphrase)
    click(dialog, "Unlock")
    return dialog


# A key file damaged by hand was also changed outside the toolkit (app/keys/pinning.py):
# then the same box leads with that warning, under its own title.
CHANGED = "The key file was changed outside the toolkit"


def _notice(qtbot) -> str:
    qtbot.waitUntil(
        lambda: any(d.windowTitle() in (TITLE, CHANGED) for d in open_dialogs()), timeout=10_000
    )
    shown = next(d for d in open_dialogs() if d.windowTitle() in (TITLE, CHANGED))
    return shown.text()


def test_a_damaged_recovery_slot_is_shown_with_a_way_out_that_exists(qtbot, window, ready):
    doc = json.loads(ready.paths.keyring.read_bytes())
    recovery = next(s for s in doc["slots"] if s["kind"] == "recovery")
    recovery["wrapped_key"] = recovery["wrapped_key"][:10]
    ready.paths.keyring.write_text(json.dumps(doc))
    _unlock(qtbot, window)
    text = _notice(qtbot)
    assert "recovery code's entry in the key file (keyring.json) is damaged" in text
    assert "Accounts and passphrases" in text and "New recovery code" in text
    click(next(d for d in open_dialogs() if d.windowTitle() in (TITLE, CHANGED)), "OK")
    # The way out, where the words say: Settings, Accounts and passphrases, New code.
    click(window, "Accounts and passphrases…")
    accounts = dialog_titled("Accounts and passphrases")
    assert button(accounts, "New recovery code…").isVisible()


def test_a_damaged_failure_counter_does_not_stop_the_unlock(qtbot, window, ready):
    ready.paths.unlock_failures.write_text("{")
    dialog = _unlock(qtbot, window)
    text = _notice(qtbot)
    assert not dialog.isVisible() and ready.is_unlocked  # no "try again in 2 seconds"
    assert "unlock-failures.json) was damaged" in text and "reset" in text


def test_a_damaged_slot_id_is_named_in_the_dialog_and_not_counted(qtbot, window, ready):
    doc = json.loads(ready.paths.keyring.read_bytes())
    slot = doc["slots"][0]
    slot["id"] = slot["id"][:-1] + ("0" if slot["id"][-1] != "0" else "1")
    ready.paths.keyring.write_text(json.dumps(doc))
    dialog = _unlock(qtbot, window)
    qtbot.waitUntil(lambda: not dialog._busy and bool(unlock_refusal(dialog)), timeout=10_000)
    problem = unlock_refusal(dialog)
    assert "key file entry for this account" in problem and "damaged" in problem
    assert "removed" not in problem and "Caps Lock" not in problem
    assert "not counted" in problem
    assert not ready.paths.unlock_failures.exists()

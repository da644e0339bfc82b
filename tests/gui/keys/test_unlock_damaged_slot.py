"""The Unlock dialog when the chosen account's own key slot is damaged (review of issue
14): the account is still listed, choosing it and typing the passphrase says the entry
is damaged and what to do, and the try is never counted as a wrong passphrase."""

import json

from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE
from tests.drivers import click, dialog_titled, type_into, unlock_refusal
from ui.main_window import MainWindow

DEPUTY = "purple walrus anthem kite"
LEAD_LABEL = "Sam Okafor (designated lead)"


def test_the_lead_with_a_damaged_slot_is_listed_and_told_never_counted(qtbot, ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.lock()
    doc = json.loads(ready.paths.keyring.read_bytes())
    for raw in doc["slots"]:
        if raw.get("name") == "Sam Okafor":
            raw["wrapped_key"] = "AAAA"  # cut short: the slot no longer reads
    ready.paths.keyring.write_text(json.dumps(doc))

    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Records")
    dialog = dialog_titled("Unlock the records")
    labels = [b.accessibleName() for b in dialog.who_group.buttons()]
    assert LEAD_LABEL in labels
    click(dialog, LEAD_LABEL)
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: not dialog._busy and dialog.status.isVisible(), timeout=10_000)
    said = unlock_refusal(dialog)
    assert "entry for this account" in said and "damaged" in said
    assert "Check that your own name is chosen" not in said
    assert ready.throttle.current().count == 0 and not ready.is_unlocked

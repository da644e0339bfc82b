"""Guessable passphrases refused, with the reason shown and read out, in the real setup
wizard and the real Change my passphrase dialog (issue 14, item 4)."""

import pytest

from tests.conftest import PASSPHRASE
from tests.drivers import (
    choose,
    click,
    dialog_titled,
    field,
    gone,
    heard,
    open_dialogs,
    problem,
    type_into,
    unlock_through_dialog,
)
from ui.application import build_window
from ui.main_window import MainWindow

EXAMPLES = {
    "123456789012": "a run of letters or numbers",
    "qwertyuiop12": "keys that sit next to each other",
    "letmein12345": "a password that many people use",
    "Riverside2025": "your organisation's name",
}
SUGGESTION = "four or more ordinary words you can picture"


@pytest.fixture
def wizard_at_passphrase(qtbot, session):
    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    wizard = window.wizard
    click(wizard, "Next")  # welcome
    type_into(wizard, "Organisation name", "Riverside Youth Club")
    choose(wizard, "Area", "Northamptonshire")
    click(wizard, "Next")
    click(wizard, "Next")  # contacts, filled from the area
    type_into(wizard, "Designated lead: name", "Sam Okafor")
    type_into(wizard, "Designated lead: role", "Youth Leader")
    type_into(wizard, "Designated lead: phone", "01604 555 0101")
    click(wizard, "Next")
    assert field(wizard, "Passphrase").isVisible()
    return wizard


@pytest.mark.parametrize(("passphrase", "why"), EXAMPLES.items())
def test_the_setup_wizard_refuses_guessable_passphrases(wizard_at_passphrase, passphrase, why):
    wizard = wizard_at_passphrase
    page = wizard.currentPage()
    type_into(wizard, "Passphrase", passphrase)
    type_into(wizard, "Passphrase again", passphrase)
    assert "Easy to guess" in field(wizard, "Passphrase strength").text()
    click(wizard, "Next")
    assert wizard.currentPage() is page, "a guessable passphrase was let through"
    said = problem(wizard, "Passphrase").text()
    assert why in said and SUGGESTION in said.lower()
    assert passphrase not in said
    # Read out: the cursor is back in the box, which carries the reason.
    assert wizard.focusWidget() is field(wizard, "Passphrase")
    assert said in heard(field(wizard, "Passphrase"))


def test_the_setup_wizard_still_takes_a_good_passphrase(wizard_at_passphrase):
    wizard = wizard_at_passphrase
    page = wizard.currentPage()
    type_into(wizard, "Passphrase", "kettle orange bicycle lantern")
    type_into(wizard, "Passphrase again", "kettle orange bicycle lantern")
    assert field(wizard, "Passphrase strength").text() == "Strength: Strong."
    click(wizard, "Next")
    assert wizard.currentPage() is not page  # on to the recovery code


def test_change_my_passphrase_refuses_each_example(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    for notice in open_dialogs():  # "Since the records were last opened", if shown
        notice.accept()
    click(window, "Accounts and passphrases…")
    accounts = dialog_titled("Accounts and passphrases")
    click(accounts, "Change my passphrase…")
    change = dialog_titled("Change my passphrase")
    for passphrase, why in EXAMPLES.items():
        type_into(change, "Current passphrase", PASSPHRASE)
        type_into(change, "New passphrase", passphrase)
        type_into(change, "New passphrase again", passphrase)
        click(change, "Change passphrase")
        line = problem(change, "New passphrase")
        qtbot.waitUntil(lambda line=line: line.isVisible() and bool(line.text()), timeout=10_000)
        said = line.text()
        assert why in said and SUGGESTION in said.lower(), said
        assert said in heard(field(change, "New passphrase"))
        assert said in line.accessibleName()  # the message line reads "New passphrase: …"
        assert not gone(change)
    # The passphrase was never changed: the old one still opens the records.
    change.reject()
    window.lock_now()
    assert ready.unlock(PASSPHRASE).role == "lead"

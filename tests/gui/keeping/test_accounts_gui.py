"""Accounts and passphrases, driven by the labels a lead (or a deputy) sees."""

import pytest
from PySide6.QtWidgets import QApplication, QProgressBar, QWidget

from app.core import errors
from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    button,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    problem,
    type_into,
    unlock_refusal,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

DEPUTY = "purple walrus anthem kite"
TRUSTEE = "silver harbour engine bell"
NEW = "quiet lantern ferry morning"


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def _close_notices() -> None:
    for dialog in open_dialogs():
        if dialog.windowTitle() != "Accounts and passphrases":
            dialog.accept()


LEAD = "Sam Okafor (designated lead)"


def _open_accounts(qtbot, window, passphrase=PASSPHRASE, who=""):
    unlock_through_dialog(qtbot, window, passphrase, who=who)
    _close_notices()
    click(window, "Accounts and passphrases…")
    return dialog_titled("Accounts and passphrases")


def _list_text(dialog) -> list[str]:
    accounts = field(dialog, "Accounts")
    return [accounts.item(i).text() for i in range(accounts.count())]


def _add(qtbot, accounts, name, role, passphrase):
    click(accounts, "Add a deputy lead or trustee…")
    add = dialog_titled("Add an account")
    type_into(add, "Their name", name)
    field(add, "Role").setCurrentText(role)
    type_into(add, "Passphrase", passphrase)
    type_into(add, "Passphrase again", passphrase)
    click(add, "Add")
    qtbot.waitUntil(lambda: gone(add), timeout=10_000)


def _shown_code(dialog) -> str:
    labels = [
        w
        for w in dialog.findChildren(QWidget)
        if w.accessibleName().startswith("Recovery code ") and w.isVisible()
    ]
    assert labels, "no recovery code on screen"
    return labels[0].text()


def test_a_lead_adds_and_removes_an_account(qtbot, window, ready):
    accounts = _open_accounts(qtbot, window, who=LEAD)
    assert _list_text(accounts) == ["Sam Okafor — Designated lead (you)"]
    _add(qtbot, accounts, "Dee Deputy", "Deputy lead", DEPUTY)
    assert _list_text(accounts)[1] == "Dee Deputy — Deputy lead"
    assert field(accounts, "Accounts status").text() == "Account added."
    field(accounts, "Accounts").setCurrentRow(0)
    assert not button(accounts, "Remove…").isEnabled()  # not yourself
    field(accounts, "Accounts").setCurrentRow(1)
    click(accounts, "Remove…")
    confirm = dialog_titled("Remove an account")
    assert "Dee Deputy" in confirm.text()
    click(confirm, "Remove")
    qtbot.waitUntil(lambda: len(_list_text(accounts)) == 1, timeout=5_000)
    ready.lock()
    with pytest.raises(errors.WrongPassphrase):
        ready.unlock(DEPUTY)


def test_a_new_recovery_code_is_shown_once_and_the_old_one_stops(
    qtbot, window, ready, recovery_code, printed_pdf
):
    accounts = _open_accounts(qtbot, window, who=LEAD)
    click(accounts, "New recovery code…")
    dialog = dialog_titled("New recovery code")
    keyring_before = ready.paths.keyring.read_bytes()
    click(dialog, "Make a new code")
    qtbot.waitUntil(lambda: button(dialog, "Use the new code").isVisible(), timeout=10_000)
    code = _shown_code(dialog)
    assert code != recovery_code
    assert not button(dialog, "Use the new code").isEnabled()  # until stored safely
    assert ready.paths.keyring.read_bytes() == keyring_before  # the old code still works
    click(dialog, "Print the recovery code")
    assert printed_pdf.exists() and printed_pdf.read_bytes().startswith(b"%PDF")
    field(dialog, "I have the new recovery code stored safely").setChecked(True)
    click(dialog, "Use the new code")
    assert "Only the new recovery code opens the records" in all_visible_text(dialog)
    assert code not in all_visible_text(dialog)  # shown once, then gone
    click(dialog, "Close")
    assert gone(dialog)
    window.lock_now()
    with pytest.raises(errors.WrongRecoveryCode):
        ready.unlock(recovery_code, recovery=True)
    assert ready.unlock(code, recovery=True).method == "recovery"


def test_rekey_through_the_dialog_with_a_moving_progress_bar(qtbot, window, ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    accounts = _open_accounts(qtbot, window, who=LEAD)
    click(accounts, "Re-key the records…")
    dialog = dialog_titled("Re-key the records")
    text = all_visible_text(dialog)
    assert "brand-new key" in text and "still open with the old passphrases" in text
    type_into(dialog, "Your passphrase", PASSPHRASE)
    type_into(dialog, "Dee Deputy (deputy lead): passphrase", "not the right one")
    click(dialog, "Re-key now")
    deputy = "Dee Deputy (deputy lead): passphrase"
    qtbot.waitUntil(lambda: problem(dialog, deputy).text() != "", timeout=10_000)
    assert "does not open this account" in problem(dialog, deputy).text()
    assert "Nothing was changed" in field(dialog, "Re-key status").text()

    type_into(dialog, "Dee Deputy (deputy lead): passphrase", DEPUTY)
    bar = dialog.findChild(QProgressBar)
    seen: list[int] = []
    bar.valueChanged.connect(seen.append)
    click(dialog, "Re-key now")
    qtbot.waitUntil(lambda: field(dialog, "Re-key result").isVisible(), timeout=20_000)
    assert "1 removed" in field(dialog, "Re-key result").text()
    # A new letterbox key, new check words: the lead is told them and to reprint.
    assert ready.letterbox_words() in field(dialog, "Re-key result").text()
    assert "Print the route chart and the policy again" in field(dialog, "Re-key result").text()
    assert len(set(seen)) > 2 and seen[-1] == 1000
    code = _shown_code(dialog)
    assert not button(dialog, "Close").isEnabled()
    field(dialog, "I have the new recovery code stored safely").setChecked(True)
    click(dialog, "Close")
    assert ready.is_unlocked and ready.account_role == "lead"
    window.lock_now()
    assert ready.unlock(code, recovery=True).method == "recovery"
    ready.lock()
    with pytest.raises(errors.WrongPassphrase):
        ready.unlock(TRUSTEE)
    assert ready.unlock(DEPUTY).role == "deputy"


def test_a_deputy_sees_only_change_my_passphrase(qtbot, window, ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.lock()
    accounts = _open_accounts(qtbot, window, DEPUTY, who="Dee Deputy (deputy lead)")
    visible = [
        b.text().replace("&", "")
        for b in accounts.findChildren(type(button(accounts, "Change my passphrase…")))
        if b.isVisible()
    ]
    assert "Change my passphrase…" in visible
    for lead_only in (
        "Add a deputy lead or trustee…",
        "Remove…",
        "New recovery code…",
        "Re-key the records…",
    ):
        assert lead_only not in visible
    assert "Sam Okafor" not in all_visible_text(accounts)
    click(accounts, "Change my passphrase…")
    change = dialog_titled("Change my passphrase")
    type_into(change, "Current passphrase", "wrong wrong wrong")
    type_into(change, "New passphrase", NEW)
    type_into(change, "New passphrase again", NEW)
    click(change, "Change passphrase")
    qtbot.waitUntil(lambda: problem(change, "Current passphrase").text() != "", timeout=10_000)
    type_into(change, "Current passphrase", DEPUTY)
    type_into(change, "New passphrase", NEW)
    type_into(change, "New passphrase again", NEW)
    click(change, "Change passphrase")
    qtbot.waitUntil(lambda: gone(change), timeout=10_000)
    assert "changed" in field(accounts, "Accounts status").text()
    window.lock_now()
    assert ready.unlock(NEW).role == "deputy"


def test_a_lock_closes_every_accounts_dialog(qtbot, window, ready):
    accounts = _open_accounts(qtbot, window, who=LEAD)
    click(accounts, "Add a deputy lead or trustee…")
    add = dialog_titled("Add an account")
    type_into(add, "Passphrase", "half typed secret")
    window.lock_now()
    QApplication.processEvents()
    assert gone(accounts) and gone(add)
    assert not ready.is_unlocked
    assert not [d for d in open_dialogs() if "ccount" in d.windowTitle()]


def test_unlock_names_who_has_the_records_open(qtbot, window, ready):
    from tests.unit.keys.test_one_writer import NAME, _hold, _release

    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", NAME, DEPUTY, DEPUTY)
    ready.lock()
    child = _hold(ready.paths, DEPUTY)
    try:
        click(window, "Settings")
        dialog = dialog_titled("Unlock the records")
        click(dialog, LEAD)
        type_into(dialog, "Passphrase", PASSPHRASE)
        click(dialog, "Unlock")
        qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
        assert f"unlocked by {NAME} (deputy lead) since" in unlock_refusal(dialog)
        assert not ready.is_unlocked
    finally:
        _release(child)


def test_a_lock_before_the_new_code_is_used_changes_nothing(qtbot, window, ready, recovery_code):
    """The idle lock may come while the lead is copying the new code down: then the old
    code must still work, or the records could end up with no code anyone has."""
    accounts = _open_accounts(qtbot, window, who=LEAD)
    click(accounts, "New recovery code…")
    dialog = dialog_titled("New recovery code")
    keyring_before = ready.paths.keyring.read_bytes()
    click(dialog, "Make a new code")
    qtbot.waitUntil(lambda: button(dialog, "Use the new code").isVisible(), timeout=10_000)
    field(dialog, "I have the new recovery code stored safely").setChecked(True)
    window.lock_now()
    qtbot.waitUntil(lambda: gone(dialog))
    assert ready.paths.keyring.read_bytes() == keyring_before
    assert ready.unlock(recovery_code, recovery=True).method == "recovery"

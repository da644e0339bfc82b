"""The Unlock dialog asks who is unlocking, so a try costs one Argon2id derivation
however many accounts there are (issue 14, item 6). Driven as a person does: choose by
the visible label, type with key events, press Enter."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tests.conftest import PASSPHRASE
from tests.drivers import (
    button,
    click,
    dialog_titled,
    field,
    heard,
    type_into,
    type_text,
    unlock_refusal,
)
from tests.team import TRUSTEE
from ui.main_window import MainWindow

LEAD_LABEL = "Sam Okafor (designated lead)"
DEPUTY_LABEL = "Dee Deputy (deputy lead)"
TRUSTEE_LABEL = "Tom Trust (trustee)"


def _open_unlock(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    click(window, "Records")
    return window, dialog_titled("Unlock the records")


def _press_enter(qtbot, dialog) -> None:
    # Enter where the cursor is: in the dialog. Under load the dialog may not yet be the
    # active window, and the application's focus widget can still be the main window's.
    focused = QApplication.focusWidget()
    if focused is None or focused.window() is not dialog:
        focused = dialog.focusWidget() or dialog
    QTest.keyClick(focused, Qt.Key.Key_Return)


def _close_notices() -> None:
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QMessageBox) and top.isVisible():
            top.accept()


def test_each_try_costs_one_derivation_with_three_accounts(qtbot, team, derivations):
    _window, dialog = _open_unlock(qtbot, team)
    labels = [b.accessibleName() for b in dialog.who_group.buttons()]
    assert labels == [LEAD_LABEL, DEPUTY_LABEL, TRUSTEE_LABEL, "I have the recovery code"]
    click(dialog, TRUSTEE_LABEL)  # the last slot: trying every slot would cost three
    type_into(dialog, "Passphrase", "not the trustee's passphrase")
    _press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog._busy and dialog.status.isVisible(), timeout=10_000)
    assert len(derivations) == 1, "a wrong passphrase cost more than one derivation"
    said = unlock_refusal(dialog)  # shown, and read with the field the cursor is in
    assert "did not unlock" in said and "Check that your own name is chosen" in said
    assert not team.is_unlocked

    type_into(dialog, "Passphrase", TRUSTEE)
    _press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: team.is_unlocked and not dialog.isVisible(), timeout=10_000)
    assert len(derivations) == 2
    assert team.account_role == "trustee" and team.account_name == "Tom Trust"


def test_the_wrong_person_chosen_is_refused_at_the_cost_of_one_try(qtbot, team, derivations):
    _window, dialog = _open_unlock(qtbot, team)
    click(dialog, DEPUTY_LABEL)
    type_into(dialog, "Passphrase", PASSPHRASE)  # the lead's passphrase, under the deputy
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: not dialog._busy and dialog.status.isVisible(), timeout=10_000)
    assert len(derivations) == 1 and not team.is_unlocked
    assert "Check that your own name is chosen" in unlock_refusal(dialog)


def test_the_recovery_code_is_its_own_choice_and_says_so_everywhere(
    qtbot, team, recovery_code, derivations
):
    window, dialog = _open_unlock(qtbot, team)
    click(dialog, "I have the recovery code")
    assert not field(dialog, "Recovery code").isHidden()
    assert field(dialog, "Recovery code").isVisible()
    type_into(dialog, "Recovery code", recovery_code.lower())
    _press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: team.is_unlocked and not dialog.isVisible(), timeout=10_000)
    assert len(derivations) == 1
    _close_notices()
    # The status bar names the recovery code, as the audit log does; never "(lead)".
    assert field(window, "Records lock state").text() == "Records unlocked (recovery code)"
    event, role = team.require_store().query_one(
        "SELECT event, role FROM audit_log WHERE event LIKE 'unlock%' ORDER BY seq DESC LIMIT 1"
    )
    assert (event, role) == ("unlock-recovery", "recovery")


def test_keyboard_only_choose_tab_type_enter(qtbot, team, derivations):
    _window, dialog = _open_unlock(qtbot, team)
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    # Several people: nobody is chosen for them, and the cursor starts on the list.
    assert dialog.chosen_account() is None
    assert QApplication.focusWidget() is button(dialog, LEAD_LABEL)
    # Enter before choosing: told, on the list, and nothing tried.
    _press_enter(qtbot, dialog)
    assert dialog.status.text() == "Choose who is unlocking first."
    assert "Choose who is unlocking first." in heard(QApplication.focusWidget())
    assert derivations == []
    # Arrow keys move through the list and choose; Tab goes on to the passphrase box.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert button(dialog, TRUSTEE_LABEL).isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is field(dialog, "Passphrase")
    type_text(QApplication.focusWidget(), TRUSTEE)
    _press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: team.is_unlocked and not dialog.isVisible(), timeout=10_000)
    assert team.account_role == "trustee" and len(derivations) == 1


def test_every_control_has_a_name(qtbot, team):
    _window, dialog = _open_unlock(qtbot, team)
    # The list is one Tab stop (Qt's way with a group of radio buttons), so every
    # control is taken whether Tab reaches it or the arrow keys do.
    reachable = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.ClickFocus
    ]
    assert len(reachable) >= 7  # four choices, the passphrase box, two buttons
    assert all(w.accessibleName() or heard(w) for w in reachable), [
        type(w).__name__ for w in reachable if not heard(w)
    ]
    assert field(dialog, "Who is unlocking").title() == "Who is unlocking?"


def test_one_account_is_chosen_already_and_the_cursor_waits_in_the_box(qtbot, ready, derivations):
    _window, dialog = _open_unlock(qtbot, ready)
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    assert button(dialog, LEAD_LABEL).isChecked()
    assert QApplication.focusWidget() is field(dialog, "Passphrase")
    type_text(QApplication.focusWidget(), PASSPHRASE)
    _press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: ready.is_unlocked and not dialog.isVisible(), timeout=10_000)
    assert len(derivations) == 1 and ready.account_role == "lead"

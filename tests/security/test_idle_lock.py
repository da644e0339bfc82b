"""Idle lock: after the timeout nothing from the records is on screen, no dialog is open,
and the key is gone. Activity before the timeout postpones it."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    click,
    open_dialogs,
    type_into,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

CANARY = "CANARY-Idle-Org-5c1e"


def _unlocked_settings(qtbot, session):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert session.is_unlocked and window.pages.currentWidget() is window.settings_page
    return window


def test_idle_lock_wipes_every_trace(qtbot, ready):
    window = _unlocked_settings(qtbot, ready)
    type_into(window, "Organisation name", CANARY)
    click(window, "Save settings")
    assert CANARY in all_visible_text(window)
    assert ready.organisation().name == CANARY

    # A question left open on screen must not hold the lock up.
    question = QMessageBox(
        QMessageBox.Icon.Question,
        "A question",
        f"About {CANARY}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    question.open()
    assert open_dialogs()

    window.idle.set_timeout_ms(150)
    qtbot.waitUntil(lambda: not ready.is_unlocked, timeout=5_000)

    assert open_dialogs() == []
    assert QApplication.activeModalWidget() is None
    assert CANARY not in all_visible_text(window)
    assert CANARY not in window.windowTitle()
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            assert CANARY not in all_visible_text(top)
    assert window.pages.currentWidget() is window.home
    assert ready._key is None
    assert "locked" in window.lock_state.text().lower()


@pytest.mark.slow  # types for 2.4 s
def test_activity_postpones_the_idle_lock(qtbot, ready):
    window = _unlocked_settings(qtbot, ready)
    window.idle.set_timeout_ms(1500)
    for _ in range(16):  # 16 × 150 ms of typing: longer than the timeout in all
        QTest.qWait(150)
        QTest.keyClick(window.settings_page.org_edits["lead_role"], Qt.Key.Key_Shift)
        assert ready.is_unlocked
    qtbot.waitUntil(lambda: not ready.is_unlocked, timeout=5_000)


def test_lock_now_button_and_shortcut(qtbot, ready):
    window = _unlocked_settings(qtbot, ready)
    click(window, "Lock now")
    assert not ready.is_unlocked
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert ready.is_unlocked
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2_000)
    QTest.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: not ready.is_unlocked, timeout=2_000)

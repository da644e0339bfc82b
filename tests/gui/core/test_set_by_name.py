"""What the home screen sets by name (ui/core/widgets.py set_by_name, so that its first
paint never builds QtCore.Qt's enums) is set as it was with the enums, and a wrong name
is refused rather than passing unnoticed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QScrollArea

from ui.core.widgets import plain_text, set_by_name
from ui.main_window import LOCK_KEYS, MainWindow


def test_a_value_and_flags_are_set_by_name_and_a_wrong_name_is_refused(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    set_by_name(label, "textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard")
    assert label.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    with pytest.raises(ValueError, match="textFormat has no value 'Rich'"):
        set_by_name(label, "textFormat", "Rich")
    assert label.textFormat() == Qt.TextFormat.AutoText  # left as it was
    # Only an enum property: a name of one would otherwise become a label's text.
    with pytest.raises(ValueError, match="no enum property text"):
        set_by_name(label, "text", "NoFocus")
    with pytest.raises(ValueError, match="no enum property focusPolicyy"):
        set_by_name(label, "focusPolicyy", "NoFocus")
    assert label.text() == "" and label.dynamicPropertyNames() == []


def test_the_home_screen_has_what_it_set_by_name(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    # The page's scroll area is no Tab stop of its own.
    home = window.pages.currentWidget()
    scroll = home.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    assert scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
    # Lock now: Ctrl+L from any window of the app.
    lock = next(a for a in window.actions() if a.text() == "Lock now")
    assert lock.shortcut() == QKeySequence("Ctrl+L")
    assert lock.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut
    assert LOCK_KEYS.key() == Qt.Key.Key_L
    assert LOCK_KEYS.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
    # The emergency numbers: rich text (bold numbers), and selectable to copy.
    strip = window.strip.label
    assert strip.textFormat() == Qt.TextFormat.RichText
    assert strip.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Records <b>locked</b>", "Records locked"),
        ("a &lt;b&gt; note", "a <b> note"),  # Qt takes "&lt;" for rich text: still decoded
        ("Fish & chips", "Fish & chips"),
        ("Save && close", "Save & close"),
    ],
)
def test_what_a_label_reads_as(qtbot, text, heard):
    assert plain_text(text) == heard

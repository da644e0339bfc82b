"""No two things on one screen answer to the same Alt+letter (issue 12): with a clash,
Alt+N on step 2 moved between Name and Next instead of pressing Next. Walks every
screen a person can reach, as they would reach it, and reads the underlined letters of
everything visible there."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

from tests.conftest import PASSPHRASE
from tests.drivers import (
    click,
    dialog_titled,
    field,
    tick,
    type_into,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a lone "&" ("&&" is a printed ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Alt+letters held by more than one visible control in `window`."""
    held: dict[str, list[str]] = defaultdict(list)
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts = []
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        for text in texts:
            letter = mnemonic(text)
            if letter:
                held[letter].append(text)
    return {k: v for k, v in held.items() if len(v) > 1}


@pytest.fixture
def window(qtbot, ready, monkeypatch):
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def test_no_alt_letter_is_held_twice_on_any_screen(qtbot, window, ready):
    found: dict[str, dict[str, list[str]]] = {}

    def look(where: str, root: QWidget | None = None) -> None:
        got = clashes(root or window)
        if got:
            found[where] = got

    look("home")
    click(window, "Record a concern")
    form = window.record_page
    look("step 1")
    click(window, "Next")
    look("step 2")
    type_into(window, "Name", "Jade")
    click(window, "Next")
    look("step 3")
    type_into(window, "Where", "The park")
    click(window, "Next")
    look("step 4")
    tick(window, form.checklist.indicators[0].text)
    look("step 4, an item ticked")
    click(window, "Next")
    look("step 5")
    click(window, "Next")
    look("step 6")
    form.danger.about["lead"].setChecked(True)  # as if answered on step 1
    click(window, "Back")
    click(window, "Next")
    look("step 6, about the lead")
    form.danger.about["no"].setChecked(True)
    click(window, "Back")
    click(window, "Back")
    click(window, "Back")
    type_text(field(window, "The young person's own words"), "He said so")
    for _ in range(3):
        click(window, "Next")
    type_into(window, "Your name", "Sam")
    click(window, "Send to the designated lead")
    assert form.current_step() is form.done_page
    look("sent")
    click(window, "Finish and clear the form")
    click(window, "Help")
    look("help")
    click(window, "Records")
    look("unlock", dialog_titled("Unlock the records"))
    dialog_titled("Unlock the records").reject()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    look("records")
    click(window, "Settings")
    look("settings")
    import json
    assert not found, json.dumps(found)

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
    choose_tab,
    click,
    dialog_titled,
    field,
    open_dialogs,
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
    click(window, "Spot the signs quiz…")
    look("quiz", dialog_titled("Spot the signs"))
    click(dialog_titled("Spot the signs"), "Next")
    look("quiz, tick boxes", dialog_titled("Spot the signs"))
    dialog_titled("Spot the signs").reject()
    click(window, "Practise with a made-up case")
    look("practice: choose a case")
    click(window, "Start this case")
    practice = window.practice_page.form
    look("practice: step 1")
    for step in range(2, 7):
        click(window, "Next")
        look(f"practice: step {step}")
    assert practice.current_step() is practice.review
    click(window, "Finish practice")
    look("practice: feedback")
    click(window, "Done")
    click(window, "Records")
    look("unlock", dialog_titled("Unlock the records"))
    dialog_titled("Unlock the records").reject()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    look("records: to do")
    choose_tab(window, "All concerns")
    look("records: all concerns")
    choose_tab(window, "Decisions and follow-ups")
    look("records: decisions")
    choose_tab(window, "All concerns")
    window.records_page.table.selectRow(0)
    click(window, "Open the chosen concern")
    click(window, "Referral pack…")
    pack = dialog_titled("Referral pack")
    look("referral pack", pack)
    send_to = field(pack, "Send to")
    send_to.setCurrentIndex(send_to.count() - 1)  # Other: its "who" box shows
    look("referral pack, to someone else", pack)
    pack.reject()
    click(window, "Help")
    click(window, "Print handouts…")
    look("print handouts", dialog_titled("Print handouts"))
    dialog_titled("Print handouts").reject()
    click(window, "Settings")
    look("settings")
    for opens, title in (
        ("Audit log…", "Audit log"),
        ("Accounts and passphrases…", "Accounts and passphrases"),
        ("Retention review…", "Retention review"),
        ("Training log…", "Training log"),
    ):
        click(window, opens)
        dialog = [d for d in open_dialogs() if d.windowTitle().startswith(title)][-1]
        look(title, dialog)
        dialog.reject()
    click(window, "Training log…")
    click(dialog_titled("Training log"), "Add a session…")
    look("add a training session", dialog_titled("Add a training session"))
    dialog_titled("Add a training session").reject()
    dialog_titled("Training log").reject()
    window.open_backup()
    look("back up", dialog_titled("Back up the records"))
    dialog_titled("Back up the records").reject()
    window.open_restore()
    look("restore", dialog_titled("Restore from a backup"))
    dialog_titled("Restore from a backup").reject()
    import json

    assert not found, json.dumps(found)


def test_no_alt_letter_is_held_twice_in_setup(qtbot, session):
    from ui.application import build_window

    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    wizard = window.wizard
    found = {}
    for _page in range(5):  # up to the passphrase: the next page makes the records
        got = clashes(wizard)
        if got:
            found[wizard.currentPage().title()] = got
        if wizard.currentPage() is wizard.passphrase_page:
            break
        if wizard.currentPage() is wizard.organisation_page:
            type_into(wizard, "Organisation name", "Riverside Youth Club")
            wizard.organisation_page.area.setCurrentIndex(1)
        if wizard.currentPage() is wizard.people_page:
            type_into(wizard, "Designated lead: name", "Sam Okafor")
            type_into(wizard, "Designated lead: phone", "01604 555 0101")
        click(wizard, "Next")
    assert wizard.currentPage() is wizard.passphrase_page
    import json

    assert not found, json.dumps(found)

"""Driving the concern form's newer questions the way a volunteer does (issue 11): the
worry-about-an-adult question on step 1, a ticked item's two dates, and the dialogs the
about-the-lead path opens. Found by visible labels, typed with key events."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QRadioButton

from app.screening import vocabulary
from tests.drivers import click, dialog_titled, field, open_dialogs, tick, type_into, type_text
from ui.main_window import MainWindow

LADO = {
    "lado_label": "Northamptonshire Designated Officer (LADO), through the MASH",
    "lado_phone": "0300 126 7000",
    "lado_note": "Or use the online form. Raise it within 24 hours.",
    "deputy_phone": "01604 555 0202",
    "trustee_phone": "01604 555 0303",
}
LEAD_PHONE = "01604 555 0101"  # tests/conftest.py: the designated lead's phone
ITEM_CODE = r"\b(T[123]-\d\d|V\d\d|X\d\d)\b"  # the checklist's internal item codes
STAFF = vocabulary.ABOUT_ADULT_WORDS["staff"]
LEAD = vocabulary.ABOUT_ADULT_WORDS["lead"]


def open_form(qtbot, ready, monkeypatch):
    """The main window on Record a concern, records locked, the LADO and the deputy's and
    trustee's phones in Settings (as set-up copies them from the area and organisation)."""
    import ui.main_window as main_window

    ready.settings.update(dict(LADO))
    import ui.intake.concern_form.form as form_module

    # Closing the window at the end of a test must not wait on the "not finished" question.
    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    monkeypatch.setattr(form_module, "ask_unfinished_about_lead", lambda parent: "discard")
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Record a concern")
    assert not ready.is_unlocked
    return window, window.record_page


def plain(text: str) -> str:
    """Rich text as read: non-breaking spaces as spaces."""
    return text.replace("\u00a0", " ").replace("&nbsp;", " ")


def choose_radio(root, text: str) -> None:
    """Click the visible option button that reads `text`."""
    found = [r for r in root.findChildren(QRadioButton) if r.text() == text and r.isVisible()]
    assert found, f"no option {text!r}"
    radio = found[0]
    # On the button's circle: the row is wider than its words, so its centre may be blank.
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def answer_about_adult(window, words: str) -> None:
    group = field(window, vocabulary.ABOUT_ADULT_QUESTION)
    assert group.title() == vocabulary.ABOUT_ADULT_QUESTION
    choose_radio(group, words)


def item(form, item_id: str):
    return form.checklist.indicator(item_id)


def when_field(window, text: str):
    return field(window, f"When did this happen, or when did you last see it? {text}")


def found_out_field(window, text: str):
    return field(window, f"When did you find out? {text}")


def tick_with_dates(
    window, text: str, when: str | None = None, found_out: str | None = None
) -> None:
    tick(window, text)
    if when is not None:
        combo = when_field(window, text)
        index = combo.findText(when)
        assert index >= 0, f"{when!r} is not a choice"
        combo.setCurrentIndex(index)
    if found_out is not None:
        type_into(window, f"When did you find out? {text}", found_out)


def walk_to_checklist(
    window, form, name: str, dob: str = "02/03/2011", words: str = "He said I owe him"
) -> None:
    """From step 1 (as answered) to the checklist step."""
    click(window, "Next")
    if form.current_step() is form.emergency:
        click(window, "Continue, and record what happened")
    assert form.current_step() is form.person
    type_into(window, "Name", name)
    type_into(window, "Date of birth", dob)
    click(window, "Next")
    assert form.current_step() is form.happened
    type_text(field(window, "The young person's own words"), words)
    click(window, "Next")
    assert form.current_step() is form.checklist_step


def walk_to_review(window, form, recorder: str = "Sam Volunteer") -> None:
    """From the checklist step (as ticked) through the result to Check and send."""
    click(window, "Next")
    assert form.current_step() is form.result
    click(window, "Next")
    assert form.current_step() is form.review
    type_into(window, "Your name", recorder)


def message_box(title: str) -> QMessageBox:
    box = dialog_titled(title)
    assert isinstance(box, QMessageBox)
    return box


def press(box, text: str) -> None:
    found = [b for b in box.findChildren(QAbstractButton) if b.text().replace("&", "") == text]
    assert found, f"no button {text!r} in {box.windowTitle()!r}"
    QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)


def titles() -> list[str]:
    return [d.windowTitle() for d in open_dialogs()]


def years_ago(years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)).strftime("%d/%m/%Y")

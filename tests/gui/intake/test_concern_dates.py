"""A ticked checklist item's two dates, its own help, and wiping (issue 11, items 1, 6 and
8): the questions say which date they ask for, the found-out date starts at today, a
bad or future date is refused at its field, nothing typed is lost on Back and Next, a
disclosure never fades, volunteers never see item codes, and after Finish, Discard,
time-out and Lock nothing typed can be brought back, not even with Ctrl+Z."""

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.concern_drivers import (
    ITEM_CODE,
    found_out_field,
    item,
    message_box,
    open_form,
    press,
    tick_with_dates,
    walk_to_checklist,
    walk_to_review,
    when_field,
    years_ago,
)
from tests.drivers import all_visible_text, click, field, tick, type_into, type_text
from tests.letters import letters_in


@pytest.fixture
def form(qtbot, ready, monkeypatch):
    return open_form(qtbot, ready, monkeypatch)


CANARY = "CANARYxDatesx77"
TODAY = date.today().strftime("%d/%m/%Y")


def test_a_ticked_item_asks_both_dates_plainly(qtbot, form):
    window, concern_form = form
    walk_to_checklist(window, concern_form, "Ava")
    text = item(concern_form, "T2-04").text
    tick(window, text)
    when = when_field(window, text)
    assert [when.itemText(i) for i in range(when.count())] == [
        "In the last 6 months",
        "6 to 12 months ago",
        "More than 12 months ago",
        "Not sure",
    ]
    assert found_out_field(window, text).text() == TODAY  # filled in: today
    shown = all_visible_text(window)
    assert "When did this happen, or when did you last see it?" in shown
    assert "When did you find out?" in shown and "When last seen" not in shown

    type_into(window, f"When did you find out? {text}", "03/01/2026")
    type_into(window, f"Details: {text}", "Phone buzzes and she leaves")
    click(window, "Next")
    answer = concern_form.concern.indicators[0]
    assert answer.found_out_on == date(2026, 1, 3)
    assert answer.when_last_seen == "within-6-months"
    # Nothing typed is lost going back and forward.
    click(window, "Back")
    assert found_out_field(window, text).text() == "03/01/2026"
    assert field(window, f"Details: {text}").text() == "Phone buzzes and she leaves"
    click(window, "Next")
    click(window, "Next")
    record = field(window, "The whole record").toPlainText()
    assert "happened or last seen in the last 6 months; found out 03/01/2026" in record
    assert "I saw or heard it myself" in record and "i saw" not in record


def test_a_bad_or_future_found_out_date_is_refused_at_its_field(qtbot, form):
    window, concern_form = form
    walk_to_checklist(window, concern_form, "Ben")
    text = item(concern_form, "T2-01").text
    other = item(concern_form, "T1-03").text
    tick(window, other)  # so the problem belongs to the second ticked row, not the first
    tick(window, text)
    tomorrow = date.fromordinal(date.today().toordinal() + 1).strftime("%d/%m/%Y")
    type_into(window, f"When did you find out? {text}", tomorrow)
    click(window, "Next")
    assert concern_form.current_step() is concern_form.checklist_step
    row = next(r for r in concern_form.checklist_step.rows if r.text == text)
    message = row.messages["found_out_on"]
    assert message.isVisible() and "in the future" in message.text()
    assert "in the future" in found_out_field(window, text).accessibleDescription()
    assert (
        not next(r for r in concern_form.checklist_step.rows if r.text == other)
        .messages["found_out_on"]
        .isVisible()
    )

    type_into(window, f"When did you find out? {text}", "31/02/2026")
    click(window, "Next")
    assert concern_form.current_step() is concern_form.checklist_step
    assert "does not exist" in message.text()
    assert found_out_field(window, text).text() == "31/02/2026"  # kept as typed

    type_into(window, f"When did you find out? {text}", TODAY)
    click(window, "Next")
    assert concern_form.current_step() is concern_form.result
    assert not message.isVisible()


def test_not_sure_when_counts_from_the_day_found_out(qtbot, form):
    window, concern_form = form
    walk_to_checklist(window, concern_form, "Cal")
    text = item(concern_form, "T2-01").text
    tick_with_dates(window, text, "Not sure", years_ago(2))
    click(window, "Next")
    result = field(window, "Checklist result").toPlainText()
    assert "No current signs" in result  # found out two years ago: history only
    assert f"found out on {years_ago(2)}" in result
    click(window, "Back")
    type_into(window, f"When did you find out? {text}", TODAY)
    click(window, "Next")
    assert "Significant concern" in field(window, "Checklist result").toPlainText()


def test_a_disclosure_of_long_ago_is_a_serious_concern_today(qtbot, form):
    window, concern_form = form
    fifteen = years_ago(15)
    walk_to_checklist(window, concern_form, "Dee", dob=fifteen)
    disclosure = item(concern_form, "T3-01").text
    tick_with_dates(window, disclosure, "More than 12 months ago")
    click(window, "Next")
    result = field(window, "Checklist result").toPlainText()
    assert result.splitlines()[0] == "Serious concern"
    assert "counts however long ago it happened" in result
    assert not re.search(ITEM_CODE, result)  # no item codes for volunteers
    click(window, "Next")
    record = field(window, "The whole record").toPlainText()
    assert "more than 12 months ago" in record and not re.search(ITEM_CODE, record)


def test_the_printed_record_has_no_item_codes(qtbot, form, printed_pdf, monkeypatch):
    import io

    from pypdf import PdfReader

    from ui.documents import printing

    window, concern_form = form
    sent: list[bytes] = []
    real = printing.print_with_dialog
    monkeypatch.setattr(
        printing, "print_with_dialog", lambda parent, pdf: (sent.append(pdf), real(parent, pdf))[1]
    )
    walk_to_checklist(window, concern_form, "Eli")
    tick_with_dates(window, item(concern_form, "T2-02").text, "More than 12 months ago")
    tick(window, item(concern_form, "T1-03").text)
    walk_to_review(window, concern_form)
    click(window, "Send to the designated lead")
    click(window, "Print this record")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(sent[0])).pages).split()
    )
    assert "I saw or heard it myself" in text and "i saw" not in text
    assert "found out" in text
    assert not re.search(ITEM_CODE, text), re.search(ITEM_CODE, text)


def test_item_help_says_where_it_comes_from(qtbot, form):
    window, concern_form = form
    walk_to_checklist(window, concern_form, "Fin")
    sign = item(concern_form, "T2-02")
    QTest.mouseClick(field(window, f"Help with: {sign.text}"), Qt.MouseButton.LeftButton)
    from tests.drivers import dialog_titled

    about = dialog_titled("About this sign")
    shown = field(about, "About this sign").toPlainText()
    assert sign.text in shown and "Where this comes from" in shown
    assert "SERA risk-factors matrix used in Croydon (2016)" in shown
    assert "— rated medium" in shown and "(low, medium, high)" not in shown
    assert "SERA-matrix" not in shown  # the source's name, not its id
    assert shown.count(" — ") == len(sign.source_refs)  # every source, each once
    assert about.isModal() is False or about.isVisible()
    QTest.keyClick(field(about, "About this sign"), Qt.Key.Key_Escape)
    assert not about.isVisible()


# -- wipe means wipe --------------------------------------------------------------------
def _fill_with_canary(window, concern_form) -> None:
    from tests.concern_drivers import STAFF, answer_about_adult

    answer_about_adult(window, STAFF)
    walk_to_checklist(window, concern_form, f"Gem {CANARY}", words=f"words {CANARY}")
    text = item(concern_form, "T2-04").text
    tick_with_dates(window, text, "Not sure", "01/01/2026")
    type_into(window, f"Details: {text}", f"details {CANARY}")
    # A canary typed into the date box too: its undo history must go as well.
    found = found_out_field(window, text)
    found.setFocus()
    type_text(found, CANARY)
    type_into(window, f"When did you find out? {text}", "01/01/2026")
    walk_to_review(window, concern_form, recorder=f"Sam {CANARY}")


def _finish(window, concern_form, qtbot):
    click(window, "Send to the designated lead")
    click(window, "Finish and clear the form")


def _discard(window, concern_form, qtbot):
    click(window, "Discard")
    press(message_box("Discard this concern?"), "Discard")


def _time_out(window, concern_form, qtbot):
    concern_form.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: concern_form._warning is not None, timeout=5_000)
    concern_form.time_out()


def _lock(window, concern_form, qtbot):
    window.lock_now()


@pytest.mark.parametrize(
    "how", [_finish, _discard, _time_out, _lock], ids=["finish", "discard", "time-out", "lock"]
)
def test_wipe_leaves_nothing_not_even_in_undo(qtbot, form, ready, how):
    window, concern_form = form
    _fill_with_canary(window, concern_form)
    how(window, concern_form, qtbot)
    assert CANARY not in all_visible_text(window)
    step1 = concern_form.danger
    assert step1.about["no"].isChecked()  # the new question is back to its default
    for row in concern_form.checklist_step.rows:
        assert not row.box.isChecked()
        if row.details_row is not None:
            assert (
                row.details.text() == ""
                and row.found_out.text() == date.today().strftime("%d/%m/%Y")
                and row.when.currentIndex() == 0
            )
    edits = concern_form.findChildren(QLineEdit) + concern_form.findChildren(QPlainTextEdit)
    assert len(edits) > 15
    undo = QKeySequence(QKeySequence.StandardKey.Undo)
    for edit in edits:
        edit.setFocus()
        for _ in range(3):  # what a curious next person might press, again and again
            QTest.keySequence(edit, undo)
            held = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
            assert CANARY not in held, edit.accessibleName()
        if isinstance(edit, QLineEdit):
            assert not edit.isUndoAvailable(), edit.accessibleName()
        else:
            assert not edit.document().isUndoAvailable(), edit.accessibleName()
    if how is _discard:
        assert letters_in(ready.paths.letterbox) == []


def test_tab_from_a_ticked_item_reaches_its_questions_in_order(qtbot, form):
    # Built on the first tick, the questions must still come straight after the item,
    # not after Next at the end of the page.
    window, concern_form = form
    walk_to_checklist(window, concern_form, "Ava")
    text = item(concern_form, "T2-04").text
    box = next(b for b in concern_form.findChildren(type(field(window, text))) if b.text() == text)
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    order = []
    focused = box
    for _ in range(4):
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        focused = concern_form.window().focusWidget()
        order.append(focused.accessibleName())
    # The item's Help is out of the Tab chain (F1 opens it: tests/gui/access/test_keyboard.py).
    assert order == [
        when_field(window, text).accessibleName(),
        found_out_field(window, text).accessibleName(),
        f"How you know: {text}",
        f"Details: {text}",
    ], order

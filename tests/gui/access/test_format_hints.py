"""Formats are shown in words under their fields, not only as placeholders (which go when
anyone types, and were the only place the date of birth's format was shown)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from tests.conftest import PASSPHRASE
from tests.drivers import (
    choose_tab,
    click,
    dialog_titled,
    field,
    fill_concern_to_review,
    tick,
    type_into,
    unlock_through_dialog,
)
from ui.core.widgets import FORMAT_EXAMPLES
from ui.main_window import MainWindow


def visible_hint(edit: QWidget) -> str:
    """The words shown under a field (its column holds the box, its hint, its message)."""
    holder = edit.parentWidget()
    for _ in range(3):
        words = [
            label.text()
            for label in holder.findChildren(QLabel)
            if label.isVisible() and label.property("role") == "hint"
        ]
        if words:
            return " ".join(words)
        holder = holder.parentWidget()
    return ""


def formatted_boxes(window: QWidget) -> list[QLineEdit]:
    return [
        e
        for e in window.findChildren(QLineEdit)
        if e.isVisible() and e.placeholderText() in FORMAT_EXAMPLES
    ]


def assert_each_format_is_shown(window: QWidget, at_least: int) -> None:
    boxes = formatted_boxes(window)
    assert len(boxes) >= at_least, [e.accessibleName() for e in boxes]
    for box in boxes:
        example = FORMAT_EXAMPLES[box.placeholderText()]
        assert example in visible_hint(box), (box.accessibleName(), visible_hint(box))


def test_the_date_of_birth_shows_an_example_that_the_form_accepts(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Record a concern")
    click(window, "Next")
    dob = field(window, "Date of birth")
    hint = visible_hint(dob)
    assert "For example 23/04/2011" in hint
    assert "If you do not know it, give an age below." in hint
    type_into(window, "Name", "Jade Example")
    type_into(window, "Date of birth", hint.split("For example ")[1].split(".")[0])
    click(window, "Next")  # the example is a date the form takes
    assert window.record_page.current_step() is window.record_page.happened
    assert_each_format_is_shown(window, at_least=1)  # the date it happened
    click(window, "Next")
    form = window.record_page
    tick(window, form.checklist.indicator("T2-02").text)
    found_out = field(window, f"When did you find out? {form.checklist.indicator('T2-02').text}")
    assert "for example 23/04/2011" in visible_hint(found_out)
    form.start()


def test_the_lead_sees_the_format_under_every_date_box(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Record a concern")
    fill_concern_to_review(window, window.record_page, "CANARY")
    click(window, "Send to the designated lead")
    click(window, "Finish and clear the form")
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    assert_each_format_is_shown(window, at_least=2)  # received from and to
    window.records_page.table.selectRow(0)
    window.records_page.open_selected()
    choose_tab(window, "Decisions and follow-ups")
    assert_each_format_is_shown(window, at_least=4)  # review, phoned at, due on, and more


def test_a_recovery_code_box_says_its_shape_in_words(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Records")
    dialog = dialog_titled("Unlock the records")
    box = field(dialog, "I have the recovery code")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().bottomLeft() + QPoint(8, -8))
    assert box.isChecked(), "no tick"
    recovery = field(dialog, "Recovery code")
    assert recovery.placeholderText() in FORMAT_EXAMPLES
    assert "Five groups of five letters and numbers" in visible_hint(recovery)
    type_into(dialog, "Recovery code", "ABCDE")  # the placeholder has gone; the words stay
    assert "Five groups of five letters and numbers" in visible_hint(recovery)
    click(dialog, "Unlock")  # refused: the refusal is read with the box, and so is its shape
    qtbot.waitUntil(
        lambda: (
            not dialog._busy
            and bool(recovery.accessibleDescription())
            and recovery.accessibleDescription() != recovery_problem_hint(dialog)
        ),
        timeout=10_000,
    )
    said = recovery.accessibleDescription()
    assert said.startswith("That does not look like a recovery code.")
    assert said.endswith("Five groups of five letters and numbers.")
    dialog.reject()


def recovery_problem_hint(dialog) -> str:
    return dialog.recovery_problem.hint

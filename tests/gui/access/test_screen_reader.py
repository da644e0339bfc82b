"""What a screen reader says as things change (issue 12): a field's problem is read with
the field and the cursor goes to it, the step heading is read in full, a status line's
text is read, and no two buttons on a step share a name. `heard` is what Qt hands to the
screen reader (the accessible name and description); tests/gui/access/test_atspi_walk.py checks
the same through the real AT-SPI bus where it is installed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea

from tests.concern_drivers import open_form
from tests.conftest import PASSPHRASE
from tests.drivers import (
    click,
    field,
    heard,
    problem,
    type_into,
    type_text,
    unlock_through_dialog,
)

DOB_HINT = "For example 23/04/2011. If you do not know it, give an age below."


def test_a_refused_next_puts_the_cursor_in_the_field_and_reads_its_problem(
    qtbot, ready, monkeypatch
):
    window, form = open_form(qtbot, ready, monkeypatch)
    click(window, "Next")
    assert heard(form.progress) == "Step 2 of 6: The young person"  # not just "Step"
    type_into(window, "Name", "Jade Example")
    type_into(window, "Date of birth", "31/02/2011")
    click(window, "Next")

    assert form.current_step() is form.person
    dob = field(window, "Date of birth")
    assert window.focusWidget() is dob
    said = heard(dob)
    assert said.startswith("Date of birth That date does not exist.")
    assert DOB_HINT in said  # the hint is still read, after the problem
    assert heard(problem(window, "Date of birth")) == (
        "Date of birth: That date does not exist. Check the day and month."
    )

    type_into(window, "Date of birth", "02/03/2011")
    click(window, "Next")
    assert form.current_step() is form.happened
    assert heard(dob) == f"Date of birth {DOB_HINT}"  # the problem has gone from it too
    assert heard(form.progress) == "Step 3 of 6: What happened"


def test_a_refused_send_goes_back_to_the_step_with_the_cursor_at_the_problem(
    qtbot, ready, monkeypatch
):
    window, form = open_form(qtbot, ready, monkeypatch)
    click(window, "Next")
    type_into(window, "Name", "Jade Example")
    for _ in range(4):  # nothing written about what happened
        click(window, "Next")
    assert form.current_step() is form.review
    type_into(window, "Your name", "Sam Volunteer")
    click(window, "Send to the designated lead")

    assert form.current_step() is form.happened
    shown = [
        w
        for w in form.happened.findChildren(QLabel)
        if w.property("role") == "field-error" and w.isVisible()
    ]
    assert shown, "no problem shown"
    focused = window.focusWidget()
    assert focused is field(window, "The young person's own words")
    assert shown[0].text() in heard(focused)


def test_no_two_buttons_on_a_step_share_a_name_and_each_page_is_named(qtbot, ready, monkeypatch):
    window, form = open_form(qtbot, ready, monkeypatch)
    click(window, "Next")
    type_into(window, "Name", "Jade Example")
    click(window, "Next")
    assert form.current_step() is form.happened
    names = [
        b.accessibleName() or b.text().replace("&", "")
        for b in window.findChildren(QAbstractButton)
        if b.isVisible()
    ]
    removes = [n for n in names if n.startswith("Remove the selected")]
    assert sorted(removes) == [
        "Remove the selected number or name",
        "Remove the selected person",
        "Remove the selected place",
        "Remove the selected vehicle",
    ]
    for number, step in enumerate(form.steps, 1):
        assert step.accessibleName() == f"Step {number}: {step.title}"  # its scroll area
    type_text(field(window, "The young person's own words"), "He said I owe him.")
    assert field(window, "Step 3: What happened") is form.happened


def test_a_settings_status_is_read_and_a_refused_save_goes_to_the_field(qtbot, ready, monkeypatch):
    window, _form = open_form(qtbot, ready, monkeypatch)
    unlock_through_dialog(qtbot, window, PASSPHRASE)  # Settings
    type_into(window, "LADO: phone", "ring the council")
    click(window, "Save settings")
    status = field(window, "Settings status")
    assert heard(status) == f"Settings status {status.text()}"
    assert status.text().startswith("Not saved")
    phone = field(window, "LADO: phone")
    assert window.focusWidget() is phone
    assert "Use only numbers" in heard(phone)
    # Its scrolling page is named, and not a Tab stop of its own (Tab goes to the fields).
    page = field(window, "Settings")
    assert isinstance(page, QScrollArea)
    assert page.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_problem_with_the_whole_checklist_takes_the_focus_so_it_is_read(
    qtbot, ready, monkeypatch
):
    # No one can answer a sign twice from the form, so the store's message is shown as the
    # form would show it after a refused Send.
    window, form = open_form(qtbot, ready, monkeypatch)
    for _ in range(3):
        click(window, "Next")
    checklist = form.checklist_step
    assert form.current_step() is checklist
    checklist.show_problems({"indicators": "A checklist sign is answered twice."})
    assert checklist.focus_first_problem()
    assert window.focusWidget() is checklist.general_problem
    assert heard(window.focusWidget()) == "A checklist sign is answered twice."

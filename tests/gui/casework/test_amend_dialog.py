"""Correcting a record from the lead's Records page: the dialog, its refusals (nothing
typed is lost), the new version on screen, and every version side by side."""

from datetime import UTC, date, datetime, timedelta

import pytest
import shiboken6

from app.intake.concern.model import Concern, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    button,
    choose_tab,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    problem,
    type_into,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

OLD_WORDS = "He said I owe him for the phone"
NEW_WORDS = "He said I owe him for the phone and the vapes"
CANARY = "CANARYxAmendx41"


def _concern() -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC) - timedelta(days=1),
        young_person=YoungPerson(
            name="Amira Khan",
            known_as="Mira",
            date_of_birth=date(2011, 3, 2),
            school="Riverside Academy",
        ),
        happened_where="The car park behind the hall",
        own_words=OLD_WORDS,
        observations="A silver car waited for 20 minutes.",
        vehicles=[Vehicle(registration="AB12 CDE", colour="silver")],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
    )


@pytest.fixture
def opened(qtbot, ready):
    concern = _concern()
    ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # the "new concerns have arrived" notice
    choose_tab(window, "All concerns")
    page = window.records_page
    page.table.selectRow(0)
    click(window, "Open the chosen concern")
    assert OLD_WORDS in field(window, "The chosen concern").toPlainText()
    return window, page, concern


def _problem_shown(dialog, label: str) -> bool:

    return problem(dialog, label).isVisible()


def _open_correction(window):
    click(window, "Correct this record…")
    return dialog_titled("Correct this record")


def test_a_correction_with_its_reason_becomes_version_2_and_both_show_side_by_side(qtbot, opened):
    window, page, _concern = opened
    shown = field(window, "The chosen concern").toPlainText()
    assert "Version 1 (as recorded)" in shown
    assert not button(window, "Show earlier versions").isEnabled()

    dialog = _open_correction(window)
    assert field(dialog, "Young person's name").text() == "Amira Khan"
    assert field(dialog, "Date of birth").text() == "02/03/2011"
    assert field(dialog, "Recorded by: name").text() == "Sam Volunteer"
    own = field(dialog, "The young person's own words")
    assert own.toPlainText() == OLD_WORDS
    own.clear()
    type_text(own, NEW_WORDS)

    # No reason: refused at the field, and what was typed stays.
    click(dialog, "Save the correction")
    assert problem(dialog, "Why is this being corrected?").isVisible()
    assert own.toPlainText() == NEW_WORDS and dialog.isVisible()

    type_text(
        field(dialog, "Why is this being corrected?"),
        "The volunteer remembered the rest of what she said.",
    )
    click(dialog, "Save the correction")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)

    shown = field(window, "The chosen concern").toPlainText()
    assert "Version 2 (corrected on" in shown
    assert NEW_WORDS in shown
    assert page.model.rowCount() == 1  # still one concern: a correction adds no record

    click(window, "Show earlier versions")
    versions = dialog_titled("Versions of this record")
    left = field(versions, "The version on the left").toPlainText()
    right = field(versions, "The version on the right").toPlainText()
    assert "Version 1, as recorded" in left and OLD_WORDS in left and NEW_WORDS not in left
    assert "Version 2, corrected on" in right and NEW_WORDS in right
    assert "by Sam Okafor" in right
    assert "Why: The volunteer remembered the rest of what she said." in right
    assert "Changed in this version: The young person's own words" in right
    assert "Different from version 2: The young person's own words" in left
    assert field(versions, "Version on the left").currentText() == "Version 1 (as recorded)"
    assert (
        field(versions, "Version on the right").currentText().startswith("Version 2 (corrected on")
    )
    # Nothing is deleted from this view: there is no way to.
    texts = [
        b.text().replace("&", "").lower()
        for b in versions.findChildren(type(button(versions, "Close")))
    ]
    assert not any("delete" in t or "remove" in t for t in texts)
    # Either side can show any version.
    field(versions, "Version on the right").setCurrentIndex(0)
    assert OLD_WORDS in field(versions, "The version on the right").toPlainText()
    assert NEW_WORDS not in field(versions, "The version on the right").toPlainText()
    click(versions, "Close")
    qtbot.waitUntil(lambda: gone(versions), timeout=5_000)


def test_problems_are_shown_at_their_fields_and_nothing_typed_is_lost(qtbot, opened):
    window, _page, _concern = opened
    dialog = _open_correction(window)
    type_into(dialog, "Young person's name", "")
    type_into(dialog, "Other names or nicknames", "")
    type_into(dialog, "School or college", f"Hillcrest {CANARY}")
    type_text(field(dialog, "Why is this being corrected?"), "Checked with the school.")
    click(dialog, "Save the correction")
    assert problem(dialog, "Young person's name").isVisible()
    assert field(dialog, "School or college").text() == f"Hillcrest {CANARY}"
    assert field(dialog, "Why is this being corrected?").toPlainText() == (
        "Checked with the school."
    )

    type_into(dialog, "Young person's name", "Amira Khan")
    type_into(dialog, "Date of birth", "31/02/2011")
    click(dialog, "Save the correction")
    assert problem(dialog, "Date of birth").isVisible()
    assert not _problem_shown(dialog, "Young person's name")
    assert field(dialog, "School or college").text() == f"Hillcrest {CANARY}"

    type_into(dialog, "Date of birth", "02/03/2011")
    click(dialog, "Save the correction")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert "Hillcrest" in field(window, "The chosen concern").toPlainText()


def test_saving_with_nothing_changed_is_said_plainly(qtbot, opened):
    window, _page, _concern = opened
    dialog = _open_correction(window)
    type_text(field(dialog, "Why is this being corrected?"), "Just checking.")
    click(dialog, "Save the correction")
    message = problem(dialog, "Correction")
    assert message.isVisible() and "Nothing has been changed" in message.text()
    assert dialog.isVisible()
    click(dialog, "Cancel")


def test_a_lock_closes_the_dialogs_and_leaves_nothing_typed_behind(qtbot, opened):
    window, page, _concern = opened
    dialog = _open_correction(window)
    type_into(dialog, "School or college", f"Hillcrest {CANARY}")
    type_text(field(dialog, "Why is this being corrected?"), f"Because {CANARY}")
    window.lock_now()
    assert not dialog.isVisible()
    if shiboken6.isValid(dialog):
        assert CANARY not in all_visible_text(dialog)
        assert "Amira" not in all_visible_text(dialog)
    assert CANARY not in all_visible_text(window)
    assert not page.version_bar.correct_button.isEnabled()
    assert page.version_bar.html() == ""

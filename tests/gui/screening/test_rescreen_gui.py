"""Re-screening an old record from the lead's Records page: the concern says which checklist
it was screened with and what the current one would give; the dialog shows both results,
refuses to save without a reason (at the field, nothing typed lost), and saving makes a
new version that the versions view shows beside the original."""

from datetime import UTC, date, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtWidgets import QLabel

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.screening.checklist import LATEST_VERSION
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
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

OLD_LINE = (
    "Screened with checklist version 1. Re-screening with version 2 would give: Serious concern."
)
REASON = "Version 2 counts a disclosure however long ago it happened."
CANARY = "CANARYxRescreenx73"


def _disclosure(version: int = 1) -> Concern:
    """A 15-year-old's disclosure of sexual contact 18 months ago, ticked 'over 12 months'."""
    return Concern(
        id=new_reference(),
        checklist_version=version,
        created_at=datetime.now(UTC) - timedelta(days=1),
        happened_on=date.today() - timedelta(days=540),
        young_person=YoungPerson(name="Amira Khan", date_of_birth=date(2010, 9, 1)),
        own_words="He made me do things at his flat",
        indicators=[
            IndicatorAnswer("T3-01", when_last_seen="over-12-months", how_known="young-person-told")
        ],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
    )


def _open_records(qtbot, session, concern: Concern):
    session.seal_concern(concern)  # the letter names its version: the store screens with it
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # the "new concerns have arrived" notice
    choose_tab(window, "All concerns")
    page = window.records_page
    page.table.selectRow(0)
    click(window, "Open the chosen concern")
    return window, page


def _visible_labels(root) -> str:
    return "\n".join(w.text() for w in root.findChildren(QLabel) if w.isVisible())


@pytest.fixture
def opened(qtbot, ready):
    return _open_records(qtbot, ready, _disclosure())


def test_the_lead_sees_the_old_checklist_and_re_screens_with_a_reason(qtbot, opened):
    window, page = opened
    assert page.model.row_at(0).tier == "none"  # what version 1 gave, kept as it was
    assert OLD_LINE in _visible_labels(window)
    assert "Version 1 (as recorded)" in field(window, "The chosen concern").toPlainText()

    click(window, "Re-screen with the current checklist…")
    dialog = dialog_titled("Re-screen with the current checklist")
    shown = _visible_labels(dialog)
    assert "Result with version 1 (as recorded)" in shown and "No current signs" in shown
    assert "Result with version 2" in shown and "Serious concern" in shown
    assert "Serious concern becomes the result that stands." in shown
    assert (
        "counts however long ago it happened"
        in field(dialog, "Why version 2 gives this result").toPlainText()
    )
    assert "makes version 2 of the record" in shown

    # No reason: refused at the field; the dialog stays and nothing is saved.
    click(dialog, "Save the re-screen")
    message = problem(dialog, "Why are you re-screening this record?")
    assert message.text() == "Write why this record is being re-screened."
    assert dialog.isVisible()
    assert page.version_bar.service.current_version(page.version_bar._reference)[0] == 1

    type_text(field(dialog, "Why are you re-screening this record?"), REASON)
    click(dialog, "Save the re-screen")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)

    # The record now says its new version and result; nothing is left to re-screen.
    assert page.model.row_at(0).tier == "3"
    assert "Version 2 (re-screened on" in field(window, "The chosen concern").toPlainText()
    assert "Screened with checklist version" not in _visible_labels(window)
    assert not [
        b
        for b in window.findChildren(type(button(window, "Print this record")))
        if "Re-screen" in b.text() and b.isVisible()
    ]
    choose_tab(window, "Decisions and follow-ups")
    assert "Serious" in all_visible_text(page.decision_panel)
    choose_tab(window, "The concern")

    click(window, "Show earlier versions")
    versions = dialog_titled("Versions of this record")
    left = field(versions, "The version on the left").toPlainText()
    right = field(versions, "The version on the right").toPlainText()
    assert "Version 1, as recorded" in left
    assert "Version 2, re-screened with checklist version 2" in right
    assert f"Why: {REASON}" in right
    assert "Changed in this version: Checklist version, Tier the checklist worked out" in right
    assert "does not match the check" not in left + right  # both versions verified
    assert (
        field(versions, "Version on the right")
        .currentText()
        .startswith("Version 2 (re-screened on")
    )
    click(versions, "Close")
    qtbot.waitUntil(lambda: gone(versions), timeout=5_000)


def test_cancel_changes_nothing_and_a_lock_leaves_nothing_typed(qtbot, opened):
    window, _page = opened
    click(window, "Re-screen with the current checklist…")
    dialog = dialog_titled("Re-screen with the current checklist")
    type_text(field(dialog, "Why are you re-screening this record?"), CANARY)
    click(dialog, "Cancel")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert OLD_LINE in _visible_labels(window)

    click(window, "Re-screen with the current checklist…")
    dialog = dialog_titled("Re-screen with the current checklist")
    type_text(field(dialog, "Why are you re-screening this record?"), CANARY)
    window.lock_now()
    assert not dialog.isVisible()
    if shiboken6.isValid(dialog):
        assert CANARY not in all_visible_text(dialog)
    assert CANARY not in all_visible_text(window)
    assert "Screened with checklist version" not in all_visible_text(window)


def test_not_offered_for_a_record_screened_with_the_current_checklist(qtbot, ready):
    window, page = _open_records(qtbot, ready, _disclosure(LATEST_VERSION))
    assert page.model.row_at(0).tier == "3"  # version 2 counts the disclosure
    assert "Screened with checklist version" not in _visible_labels(window)
    visible = [
        b.text().replace("&", "")
        for b in window.findChildren(type(button(window, "Print this record")))
        if b.isVisible()
    ]
    assert "Re-screen with the current checklist…" not in visible


def _chronology(qtbot, window) -> str:
    click(window, "See everything about this young person")
    dialog = dialog_titled("Young person")
    text = field(dialog, "Chronology").toPlainText()
    dialog.reject()
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    return text


def test_the_young_persons_page_says_which_checklist_until_re_screened(qtbot, opened):
    window, _page = opened
    assert "Screened with checklist version 1" in _chronology(qtbot, window)
    click(window, "Re-screen with the current checklist…")
    dialog = dialog_titled("Re-screen with the current checklist")
    type_text(field(dialog, "Why are you re-screening this record?"), REASON)
    click(dialog, "Save the re-screen")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    after = _chronology(qtbot, window)
    assert "Screened with checklist version" not in after and "Serious" in after

"""The lead's To do list is current the moment something is saved — a decision, a phone
referral, a written referral sent, a follow-up, a correction — without leaving Records.
What the hidden To do tab holds is what the lead will see when they turn to it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import shiboken6

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    choose,
    choose_tab,
    click,
    dialog_titled,
    field,
    open_dialogs,
    type_into,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow


@pytest.fixture
def records(qtbot, ready):
    ready.seal_concern(
        Concern(
            id=new_reference(),
            checklist_version=2,
            created_at=datetime.now(UTC),
            young_person=YoungPerson(name="Bea Ashworth"),
            own_words="He gives me lifts.",
            indicators=[IndicatorAnswer("T2-01", found_out_on=date.today())],
            recorder_name="Sam Volunteer",
        )
    )
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # "a new concern has arrived"
    page = window.records_page
    choose_tab(window, "All concerns")
    page.table.selectRow(0)
    click(window, "Open the chosen concern")
    choose_tab(window, "Decisions and follow-ups")
    yield window, page
    for dialog in open_dialogs():
        if shiboken6.isValid(dialog):
            dialog.reject()


def to_do(page) -> str:
    """The To do list as it stands, read without turning to it (turning reads it again)."""
    assert not page.start.isVisible()
    return page.start.view.toPlainText()


def test_to_do_follows_each_save_in_the_decision_panel(qtbot, records):
    window, page = records
    assert "Bea Ashworth" in to_do(page).split("Concerns with no decision yet")[1]
    assert "No written referral is waiting to be sent." in to_do(page)

    choose(window, "Decision", "Referred")
    choose(window, "Referred to", "Police")
    type_text(field(window, "Reason for the decision"), "Significant signs; duty team agreed.")
    click(window, "Save the decision")
    assert "Every concern has a decision." in to_do(page)

    phoned = (datetime.now() - timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    type_into(window, "When phoned", phoned)
    type_into(window, "To whom (the service)", "Northamptonshire MASH")
    type_into(window, "Who took the call", "Jo Bloggs")
    type_into(window, "Their reference", "MASH/2026/9")
    click(window, "Save the phone referral")
    assert "No written referral is waiting" not in to_do(page)
    assert "phoned to Northamptonshire MASH" in to_do(page)

    click(window, "Written referral sent")
    assert "No written referral is waiting to be sent." in to_do(page)

    type_into(window, "What needs doing", "Ring the school")
    type_into(window, "Due on", date.today().strftime("%d/%m/%Y"))
    click(window, "Add the follow-up")
    assert "Ring the school: due today" in to_do(page)

    field(window, "Follow-ups").setCurrentRow(0)
    click(window, "Mark the chosen follow-up done")
    assert "No follow-up is due." in to_do(page)


def test_to_do_follows_a_correction(qtbot, records):
    window, page = records
    choose_tab(window, "The concern")
    click(window, "Correct this record…")
    dialog = dialog_titled("Correct this record")
    type_into(dialog, "Young person's name", "Bea Ashworth-Hale")
    type_text(field(dialog, "Why is this being corrected?"), "Her surname was spelt short.")
    click(dialog, "Save the correction")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    choose_tab(window, "Decisions and follow-ups")
    assert "Bea Ashworth-Hale" in to_do(page)

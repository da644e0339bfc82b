"""The designated lead's day, through the widgets: unlock, the To do list, a concern, a
decision with a phone referral, a follow-up, a correction, a merge, the audit log."""

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QUrl

from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
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


def _concern(name: str, words: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=name, date_of_birth=date(2011, 3, 2)),
        own_words=words,
        vehicles=[Vehicle(registration="AB12 CDE")],
        indicators=[IndicatorAnswer("T2-03")],
        computed_tier="2",
        recorder_name="Sam Volunteer",
    )


def _wait_for(qtbot, title: str):
    qtbot.waitUntil(lambda: any(d.windowTitle() == title for d in open_dialogs()), timeout=5_000)
    return dialog_titled(title)


def test_a_lead_works_a_concern_from_start_to_finish(qtbot, ready):
    first = _concern("Jade Example", "He said I owe him for the phone")
    second = _concern("Jade Exemple", "She got into the silver car again")  # one slip
    for concern in (first, second):
        ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()

    # Unlock: the letters arrive and the To do list comes first.
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    _wait_for(qtbot, "Since the records were last opened").accept()
    page = window.records_page
    todo = field(window, "To do").toPlainText()
    assert "2 new concerns have arrived" in todo and first.id in todo

    # A concern from the To do list, read in full, with what else it is linked to.
    page.start.view.anchorClicked.emit(QUrl(f"concern:{first.id}"))  # the link, clicked
    shown = field(window, "The chosen concern").toPlainText()
    assert "He said I owe him" in shown and "Seen in other records" in shown

    # A decision, with a phone referral and its written-referral countdown.
    choose_tab(window, "Decisions and follow-ups")
    choose(window, "Decision", "Referred")
    choose(window, "Referred to", "Children's social care duty team or MASH")
    click(window, "Save the decision")
    assert "Referred" in field(window, "Decisions so far").item(0).text()
    phoned = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    type_into(window, "When phoned", phoned.strftime("%d/%m/%Y %H:%M"))
    type_into(window, "To whom (the service)", "Northamptonshire MASH")
    type_into(window, "Who took the call", "Duty social worker")
    type_into(window, "Their reference", "MASH-1234")
    click(window, "Save the phone referral")
    assert "due in" in field(window, "Written referral").text().lower()

    # A follow-up with a due date.
    type_into(window, "What needs doing", "Ring the school about attendance")
    type_into(window, "Due on", (date.today() + timedelta(days=3)).strftime("%d/%m/%Y"))
    click(window, "Add the follow-up")
    assert "Ring the school" in field(window, "Follow-ups").item(0).text()

    # A correction: a new version; the first stays readable.
    choose_tab(window, "The concern")
    click(window, "Correct this record…")
    correct = dialog_titled("Correct this record")
    words = field(correct, "The young person's own words")
    words.selectAll()
    type_text(words, "He said I owe him for the phone and the lifts")
    type_text(
        field(correct, "Why is this being corrected?"),
        "The volunteer remembered the rest of the sentence the next day.",
    )
    click(correct, "Save the correction")
    qtbot.waitUntil(
        lambda: "Version 2" in field(window, "The chosen concern").toPlainText(), timeout=5_000
    )

    # The young person: the near-duplicate record suggested and merged.
    click(window, "See everything about this young person")
    person = _wait_for(qtbot, "Young person")
    duplicates = field(person, "Possible duplicates")
    assert duplicates.count() == 1
    duplicates.setCurrentRow(0)
    click(person, "Merge into this record")
    click(_wait_for(qtbot, "Merge these records?"), "Merge")
    qtbot.waitUntil(lambda: second.id in field(person, "Chronology").toPlainText(), timeout=5_000)
    person.close()

    # The audit log shows it all, by reference, and its chain is intact.
    click(window, "Settings")
    click(window, "Audit log…")
    audit = _wait_for(qtbot, "Audit log")
    model = field(audit, "Audit entries").model()
    events = {
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    text = " ".join(events).lower()
    for event in ("unlock", "import", "view", "decision", "change"):
        assert event in text, event
    assert "intact" in field(audit, "Audit log check").text()
    assert "Jade" not in text and "owe him" not in text  # references only, never words

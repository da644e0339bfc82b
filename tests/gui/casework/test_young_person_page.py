"""The young person's page, driven the way the lead uses it: open Records, All concerns,
a concern, then "See everything about this young person"; read the picture; add a
chronology entry; merge two records (one with a different date of birth, confirmed with
the reason shown); undo; follow a link back to a concern; lock."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QUrl

from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    button,
    choose,
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

CANARY = "CANARYxPersonx41"


def _concern(
    name: str, dob: date, words: str, reg: str, days_ago: int = 1, tier_item: str = "T1-01"
) -> Concern:
    when = datetime.now(UTC) - timedelta(days=days_ago)
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=when,
        happened_on=when.date(),
        young_person=YoungPerson(name=name, date_of_birth=dob),
        own_words=f"{words} {CANARY}",
        vehicles=[Vehicle(registration=reg)],
        indicators=[IndicatorAnswer(tier_item)],
        computed_tier="2" if tier_item[1] == "2" else "1",
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def person_page(qtbot, ready):
    concerns = {
        "jade": _concern(
            f"Jade Smith {CANARY}",
            date(2011, 3, 2),
            "He picks me up",
            "AB12 CDE",
            tier_item="T2-03",
        ),
        "smyth": _concern(
            f"Jade Smyth {CANARY}", date(2011, 3, 2), "We went to a flat", "KL11 MNO", days_ago=10
        ),
        "other_dob": _concern(
            f"Jade Smith {CANARY}", date(2011, 2, 3), "He gave me a phone", "PQ22 RST", days_ago=20
        ),
        "bea": _concern("Bea Other", date(2010, 1, 1), "Someone else", "ab12cde", days_ago=2),
    }
    for concern in concerns.values():
        ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # the "new concerns have arrived" notice
    choose_tab(window, "All concerns")
    page = window.records_page
    assert not button(window, "See everything about this young person").isEnabled()
    page.show_concern(concerns["jade"].id)
    click(window, "See everything about this young person")
    dialog = dialog_titled("Young person")
    qtbot.waitUntil(lambda: "Looking" not in field(dialog, "Seen in other records").text())
    return window, dialog, {k: c.id for k, c in concerns.items()}


def test_the_page_shows_the_picture_of_one_young_person(qtbot, person_page):
    window, dialog, refs = person_page
    assert dialog.windowTitle() == "Young person"  # never a name in a title
    details = field(dialog, "Details").text()
    assert f"Name: Jade Smith {CANARY}" in details and "Date of birth: 02/03/2011" in details
    tier = field(dialog, "Current tier").text()
    assert "Current tier: Significant" in tier and refs["jade"] in tier
    assert "highest tier that stands" in tier
    assert "for information only" in field(dialog, "Score, for information only").text()
    seen = field(dialog, "Seen in other records").text()
    assert "also named in 1 other record" in seen and refs["bea"] in seen
    chronology = field(dialog, "Chronology").toPlainText()
    assert refs["jade"] in chronology and "In their words: “He picks me up" in chronology
    assert refs["smyth"] not in chronology

    # A link in the chronology opens the concern on the records page.
    window.records_page.concern_view.clear()
    dialog.chronology.anchorClicked.emit(QUrl(f"concern:{refs['jade']}"))
    assert "He picks me up" in field(window, "The chosen concern").toPlainText()
    dialog.seen.linkActivated.emit(f"concern:{refs['bea']}")
    assert "Someone else" in field(window, "The chosen concern").toPlainText()


def test_adding_a_chronology_entry_and_its_checks(qtbot, person_page):
    _window, dialog, _refs = person_page
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    type_into(dialog, "Date it happened", tomorrow)
    click(dialog, "Add to the chronology")
    assert "not come yet" in problem(dialog, "Date it happened").text()
    assert "Choose what kind" in problem(dialog, "Kind of entry").text()
    assert "Write what happened" in problem(dialog, "What happened").text()

    type_into(dialog, "Date it happened", "31/02/2026")
    click(dialog, "Add to the chronology")
    assert "does not exist" in problem(dialog, "Date it happened").text()

    type_into(dialog, "Date it happened", date.today().strftime("%d/%m/%Y"))
    choose(dialog, "Kind of entry", "Information from another agency")
    type_text(field(dialog, "What happened"), "Police said the car was seen again.")
    click(dialog, "Add to the chronology")
    assert field(dialog, "Entry saved").text() == "Added to the chronology."
    assert not field(dialog, "What happened").toPlainText()
    chronology = field(dialog, "Chronology").toPlainText()
    assert "Information from another agency" in chronology
    assert "Police said the car was seen again." in chronology
    assert chronology.index("Police said") < chronology.index("He picks me up")  # newest first
    choose(dialog, "Order", "Oldest first")
    chronology = field(dialog, "Chronology").toPlainText()
    assert chronology.index("Police said") > chronology.index("He picks me up")


def test_merging_two_records_with_confirmation_and_undoing(qtbot, person_page):
    _window, dialog, refs = person_page
    duplicates = field(dialog, "Possible duplicates")
    texts = [duplicates.item(i).text() for i in range(duplicates.count())]
    assert len(texts) == 1 and "Jade Smyth" in texts[0]
    assert "The same date of birth and a similar name." in texts[0]
    assert not button(dialog, "Merge into this record").isEnabled()
    duplicates.setCurrentRow(0)
    click(dialog, "Merge into this record")
    box = dialog_titled("Merge these records?")
    assert "can be undone" in box.text() and not box.informativeText()
    click(box, "Merge")
    qtbot.waitUntil(lambda: refs["smyth"] in field(dialog, "Chronology").toPlainText())
    assert f"Also recorded as: Jade Smyth {CANARY}" in field(dialog, "Details").text()

    # Not suggested (a different date of birth): merged through a concern's reference.
    type_into(dialog, "Or the reference of a concern about them", "C-0000-0000")
    click(dialog, "Merge that record into this one")
    assert (
        "No concern has that reference"
        in problem(dialog, "Or the reference of a concern about them").text()
    )
    type_into(dialog, "Or the reference of a concern about them", refs["jade"].lower())
    click(dialog, "Merge that record into this one")
    assert (
        "already on this young person's page"
        in problem(dialog, "Or the reference of a concern about them").text()
    )
    type_into(dialog, "Or the reference of a concern about them", refs["other_dob"])
    click(dialog, "Merge that record into this one")
    box = dialog_titled("Merge these records?")
    reason = box.informativeText()
    assert (
        "The dates of birth are different: 02/03/2011 on this record, 03/02/2011 on the "
        "other" in reason
    )
    click(box, "Cancel")
    assert refs["other_dob"] not in field(dialog, "Chronology").toPlainText()
    click(dialog, "Merge that record into this one")
    click(dialog_titled("Merge these records?"), "Merge anyway")
    qtbot.waitUntil(lambda: refs["other_dob"] in field(dialog, "Chronology").toPlainText())

    history = field(dialog, "Merge history")
    lines = [history.item(i).text() for i in range(history.count())]
    assert len(lines) == 2 and "confirmed although the dates of birth differ" in lines[0]
    assert not button(dialog, "Undo the chosen merge").isEnabled()
    history.setCurrentRow(0)  # newest first: the merge with the other date of birth
    click(dialog, "Undo the chosen merge")
    chronology = field(dialog, "Chronology").toPlainText()
    assert refs["other_dob"] not in chronology and refs["smyth"] in chronology
    lines = [history.item(i).text() for i in range(history.count())]
    assert "Undone" in lines[0] and "Undone" not in lines[1]


def test_lock_closes_the_page_and_leaves_nothing_behind(qtbot, person_page, ready):
    window, dialog, _refs = person_page
    assert CANARY in all_visible_text(dialog)
    window.lock_now()
    assert gone(dialog)
    assert all(CANARY not in all_visible_text(d) for d in open_dialogs())
    assert CANARY not in all_visible_text(window)
    assert not [f for f in ready.lock_listeners if getattr(f, "__name__", "") == "_locked"]


def test_a_dialog_closed_by_hand_forgets_what_it_showed(qtbot, person_page, ready):
    _window, dialog, _refs = person_page
    click(dialog, "Close")
    assert gone(dialog)
    assert not [f for f in ready.lock_listeners if getattr(f, "__name__", "") == "_locked"]


def test_opening_the_page_again_brings_the_open_one_to_the_front(qtbot, person_page):
    window, dialog, _refs = person_page
    click(window, "See everything about this young person")
    assert [d for d in open_dialogs() if d.windowTitle() == "Young person"] == [dialog]


def test_a_lock_from_anywhere_wipes_and_closes_the_page(qtbot, person_page, ready):
    _window, dialog, _refs = person_page
    import shiboken6

    ready.lock()  # the session locked without the main window asking
    assert gone(dialog)
    if shiboken6.isValid(dialog):  # not deleted yet: emptied already
        assert CANARY not in all_visible_text(dialog)

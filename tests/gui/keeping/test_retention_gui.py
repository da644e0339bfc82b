"""Retention review, driven the way the lead uses it: the To do page counts the young
people due and links to the list; each shows why its date; "Keep for longer…" takes a
later date and a reason; "Delete these records…" needs the tick and the lead's own
passphrase typed again (a wrong one deletes nothing); the young person's page shows the
review date and records that CSE was alleged; Settings opens the same list; a lock
closes it all. Real store, real widgets, found by their labels."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QUrl

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
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

CANARY = "Qzretentionguicanary"
OLD_DOB = date(1990, 6, 15)  # 25th birthday 15/06/2015: due
YOUNG_DOB = date(2012, 1, 5)


def _concern(name: str, dob: date, words: str) -> Concern:
    when = datetime.now(UTC) - timedelta(days=2)
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=when,
        happened_on=when.date(),
        young_person=YoungPerson(name=name, date_of_birth=dob),
        own_words=words,
        indicators=[IndicatorAnswer("T1-01")],
        computed_tier="1",
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def window(qtbot, ready):
    ready.unlock(PASSPHRASE)
    due = ready.save_concern_direct(_concern(f"Jade {CANARY}", OLD_DOB, f"{CANARY} words"))
    kept = ready.save_concern_direct(_concern("Kim Young", YOUNG_DOB, "Kim's words"))
    ready.lock()
    main = MainWindow(ready)
    qtbot.addWidget(main)
    main.resize(1100, 800)
    main.show()
    unlock_through_dialog(qtbot, main, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()
    main.refs = {"due": due.id, "kept": kept.id}
    return main


def _open_list(window):
    todo = field(window, "To do")
    assert "Due for retention review" in todo.toPlainText()
    assert "1 young person: decide whether to keep their records" in todo.toPlainText()
    todo.anchorClicked.emit(QUrl("retention:due"))  # the link, as a click follows it
    return dialog_titled("Retention review")


def _concerns(session) -> int:
    return session.require_store().query_one("SELECT count(*) FROM concerns")[0]


def test_the_to_do_page_links_to_the_list_with_why_each_date(qtbot, window):
    dialog = _open_list(window)
    listed = field(dialog, "Young people due for review")
    assert listed.count() == 1
    assert listed.item(0).text() == f"Jade {CANARY}: review date 15/06/2015, 1 concern"
    why = field(dialog, "Why this date").text()
    assert "Review date: 15/06/2015" in why and "Their 25th birthday is 15/06/2015." in why
    assert "Kim" not in all_visible_text(dialog)  # not due: not listed
    assert dialog.windowTitle() == "Retention review"  # never a name in a title
    setting = field(
        dialog,
        "Where CSE was alleged or a referral was made, review the records after (years "
        "after the latest record)",
    )
    assert setting.value() == 75
    assert "75 years" in setting.accessibleDescription()
    assert "IICSA" in setting.accessibleDescription()


def test_deleting_through_the_dialog_needs_the_tick_and_the_passphrase(qtbot, window):
    session = window.session
    dialog = _open_list(window)
    click(dialog, "Delete these records…")
    confirm = dialog_titled("Delete these records?")
    about = all_visible_text(confirm)
    assert "1 concern" in about and "cannot be undone" in about and "Backups" in about
    delete = button(confirm, "Delete these records")
    assert not delete.isEnabled()
    type_into(confirm, "Your passphrase", "not my passphrase")
    assert not delete.isEnabled()  # the tick first
    click(
        confirm,
        "I have checked that nothing needs these records: no investigation, "
        "inquiry, complaint or request to see them",
    )
    assert delete.isEnabled()
    click(confirm, "Delete these records")
    message = problem(confirm, "Your passphrase")
    assert "nothing was deleted" in message.text()
    assert field(confirm, "Your passphrase").text() == ""  # never left in the box
    assert _concerns(session) == 2

    type_text(field(confirm, "Your passphrase"), PASSPHRASE)
    click(confirm, "Delete these records")
    qtbot.waitUntil(lambda: gone(confirm))
    assert _concerns(session) == 1
    assert field(dialog, "Retention review status").text() == "The records were deleted."
    assert field(dialog, "Young people due for review").item(0).text() == (
        "No records are due for review."
    )
    assert "No records are due for retention review." in field(window, "To do").toPlainText()
    row = session.require_store().query_one(
        "SELECT event, subject FROM audit_log ORDER BY seq DESC LIMIT 1"
    )
    assert row == ("records-deleted", "")
    click(dialog, "Close")
    assert CANARY not in all_visible_text(window)


def test_keep_for_longer_through_the_dialog(qtbot, window):
    dialog = _open_list(window)
    click(dialog, "Keep for longer…")
    keep = dialog_titled("Keep for longer")
    type_into(keep, "New review date", "01/01/2015")
    type_text(field(keep, "Why they are needed for longer"), "Police inquiry still open.")
    click(keep, "Keep until this date")
    assert "Choose a date after" in problem(keep, "New review date").text()
    later = date.today() + timedelta(days=700)
    type_into(keep, "New review date", later.strftime("%d/%m/%Y"))
    click(keep, "Keep until this date")
    qtbot.waitUntil(lambda: gone(keep))
    assert field(dialog, "Retention review status").text() == "Kept for longer."
    assert field(dialog, "Young people due for review").item(0).text() == (
        "No records are due for review."
    )
    assert _concerns(window.session) == 2


def test_the_young_person_page_shows_the_date_and_records_cse_alleged(qtbot, window):
    choose_tab(window, "All concerns")
    window.records_page.show_concern(window.refs["kept"])
    click(window, "See everything about this young person")
    page = dialog_titled("Young person")
    words = field(page, "Review date").text()
    assert "Review date: 05/01/2037" in words and "The review date is the 25th birthday." in words
    click(page, "Record that CSE was alleged…")
    ask = dialog_titled("Record that CSE was alleged?")
    click(ask, "Record it")
    qtbot.waitUntil(lambda: "CSE was alleged" in field(page, "Review date").text())
    words = field(page, "Review date").text()
    assert "by Sam Okafor" in words and "75 years after the latest record" in words
    assert not button(page, "Record that CSE was alleged…").isEnabled()
    assert button(page, "Keep for longer…").isEnabled()


def test_settings_opens_the_list_and_saves_the_setting_and_a_lock_closes_it(qtbot, window):
    window.lock_now()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Settings")
    click(window, "Retention review…")
    dialog = dialog_titled("Retention review")
    label = (
        "Where CSE was alleged or a referral was made, review the records after (years "
        "after the latest record)"
    )
    field(dialog, label).setValue(40)
    click(dialog, "Save this setting")
    assert window.session.settings.get("retention_long_years") == 40
    assert field(dialog, "Retention review status").text().startswith("Setting saved.")
    click(dialog, "Delete these records…")
    confirm = dialog_titled("Delete these records?")
    type_into(confirm, "Your passphrase", "half typed")
    window.lock_now()
    assert gone(dialog) and gone(confirm)
    assert not window.session.is_unlocked

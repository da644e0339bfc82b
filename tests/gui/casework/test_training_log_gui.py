"""The training log, the way a lead uses it: Settings › Training log…, Add a session…
typed with key events (a roster volunteer ticked with Space, a new name typed and added
with Enter), the To do reminder for a refresher due (and gone once they are trained),
the trustee's "N of M" line with no name anywhere, and Lock leaving no volunteer's name
on screen, in a model or in undo history."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.casework.training import Training, add_years
from app.core.text_checks import HIDDEN_IN_NAME, SAME_NAME
from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    click,
    dialog_titled,
    field,
    heard,
    open_dialogs,
    problem,
    type_into,
    unlock_through_dialog,
)
from tests.gui.core.test_wipe_canary import CANARY, assert_wiped
from ui.main_window import MainWindow

TRUSTEE_PASSPHRASE = "violet harbour teapot meadow"


def _seed(session, *, canary: bool = False) -> None:
    """Olly's last session was over three years ago (due); Fay's was 100 days ago."""
    today = date.today()
    log = Training(session)
    log.add_session(
        add_years(today, -3) - timedelta(days=10), "Signs", "Lee Lead", new_names=["Olly Overdue"]
    )
    log.add_session(today - timedelta(days=100), "Online", "Lee Lead", new_names=["Fay Fresh"])
    if canary:
        log.add_volunteer(f"Cara {CANARY}")  # never trained: on the To do page too


def _main(qtbot, session, passphrase=PASSPHRASE, who=None):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    if who:
        unlock_through_dialog(qtbot, window, passphrase, via="Records", who=who)
    else:
        unlock_through_dialog(qtbot, window, passphrase, via="Records")
    for dialog in open_dialogs():
        dialog.accept()
    return window


@pytest.fixture
def window(qtbot, ready):
    ready.unlock(PASSPHRASE)
    _seed(ready)
    ready.lock()
    return _main(qtbot, ready)


def _rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def _open_log(window):
    click(window, "Settings")
    click(window, "Training log…")
    return dialog_titled("Training log")


def _open_add_session(log):
    click(log, "Add a session…")
    return dialog_titled("Add a training session")


def test_a_lead_adds_a_session_by_keyboard_and_the_refresher_reminder_goes(qtbot, window):
    todo = field(window, "To do").toPlainText()
    assert "Refresher training due" in todo
    assert "Olly Overdue: refresher overdue since" in todo
    assert "Fay Fresh" not in todo

    log = _open_log(window)
    assert [r[1] for r in _rows(field(log, "Sessions"))] == ["Online", "Signs"]
    add = _open_add_session(log)
    assert "For example 23/04/2011" in all_visible_text(add)
    held = date.today() - timedelta(days=3)
    type_into(add, "Date of the session", f"{held:%d/%m/%Y}")
    type_into(add, "Topic", "Refresher: online grooming")
    type_into(add, "Led by", "Lee Lead")
    attended = field(add, "Who attended")
    names = [attended.item(i).text() for i in range(attended.count())]
    assert names == ["Fay Fresh", "Olly Overdue"]
    attended.setFocus()
    attended.setCurrentRow(names.index("Olly Overdue"))
    QTest.keyClick(attended, Qt.Key.Key_Space)  # ticks Olly, as a keyboard user would
    type_into(add, "Another person who attended", "Nina New")
    QTest.keyClick(field(add, "Another person who attended"), Qt.Key.Key_Return)
    ticked = [
        attended.item(i).text()
        for i in range(attended.count())
        if attended.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["Olly Overdue", "Nina New"]
    click(add, "Save the session")
    assert add not in open_dialogs()

    assert _rows(field(log, "Sessions"))[0] == [
        f"{held:%d/%m/%Y}",
        "Refresher: online grooming",
        "Lee Lead",
        "2 people: Nina New, Olly Overdue",
    ]
    roster = field(log, "Volunteers")
    people = [roster.item(i).text() for i in range(roster.count())]
    assert f"Nina New: last trained {held:%d/%m/%Y}" in people
    assert f"Olly Overdue: last trained {held:%d/%m/%Y}" in people
    click(log, "Close")

    click(window, "Records")
    todo = field(window, "To do").toPlainText()
    assert "Olly Overdue" not in todo and "Refresher training due" not in todo


def test_a_session_with_gaps_is_refused_in_plain_words(qtbot, window):
    log = _open_log(window)
    add = _open_add_session(log)
    type_into(add, "Date of the session", "31/02/2024")
    click(add, "Save the session")
    assert "That date does not exist" in all_visible_text(add)
    type_into(add, "Date of the session", f"{date.today():%d/%m/%Y}")
    click(add, "Save the session")
    text = all_visible_text(add)
    assert "Enter what the session was about." in text
    assert "Add at least one person who attended." in text
    assert len(_rows(field(log, "Sessions"))) == 2


def test_unticking_a_volunteer_and_a_shorter_interval_change_the_reminders(qtbot, window):
    log = _open_log(window)
    roster = field(log, "Volunteers")
    roster.setFocus()
    roster.setCurrentRow(1)  # Olly
    assert roster.currentItem().text().startswith("Olly Overdue")
    QTest.keyClick(roster, Qt.Key.Key_Space)  # he no longer volunteers
    assert roster.currentItem().checkState() == Qt.CheckState.Unchecked
    refresher = field(log, "Refresher training every")
    assert refresher.currentText() == "3 years"
    refresher.setCurrentIndex(refresher.findText("1 year"))
    click(log, "Close")
    click(window, "Records")
    todo = field(window, "To do").toPlainText()
    assert "Olly Overdue" not in todo
    assert "Fay Fresh" not in todo  # 100 days ago: not due within a month of a year yet
    # Saved when chosen, in the plaintext settings: a number, never a name.
    assert window.session.settings.get("training_refresher_years") == 1


def test_the_trustee_sees_n_of_m_and_no_name(qtbot, ready):
    ready.unlock(PASSPHRASE)
    _seed(ready)
    Accounts(ready).add("trustee", "Tess Trustee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    ready.lock()
    window = _main(qtbot, ready, TRUSTEE_PASSPHRASE, who="Tess Trustee (trustee)")
    summary = field(window, "Summary for the trustee").text()
    assert "1 of 2 active volunteers trained in the last 3 years" in summary
    everything = "".join(all_visible_text(w) for w in QApplication.topLevelWidgets())
    assert "Olly" not in everything and "Fay" not in everything


def test_lock_leaves_no_volunteer_name_anywhere(qtbot, ready, monkeypatch):
    from ui.core import wipe

    monkeypatch.setattr(wipe, "_clipboard_is_ours", False)
    QApplication.clipboard().clear()
    ready.unlock(PASSPHRASE)
    _seed(ready, canary=True)
    ready.lock()
    window = _main(qtbot, ready)
    assert f"Cara {CANARY}: no training recorded" in field(window, "To do").toPlainText()
    log = _open_log(window)
    assert CANARY in all_visible_text(log) or any(
        CANARY in field(log, "Volunteers").item(i).text()
        for i in range(field(log, "Volunteers").count())
    )
    add = _open_add_session(log)
    type_into(add, "Topic", f"Topic {CANARY}")
    type_into(add, "Led by", f"Lee {CANARY}")
    type_into(add, "Another person who attended", f"Nia {CANARY}")
    click(add, "Add to the list")
    type_into(add, "Another person who attended", f"Half typed {CANARY}")
    type_into(log, "Name of a new volunteer", f"Vic {CANARY}")
    click(window, "Lock now")
    assert not ready.is_unlocked
    assert_wiped()


def test_a_lock_the_window_never_saw_closes_and_empties_the_log(qtbot, window):
    """The idle lock, or a lock from elsewhere: the dialogs close and empty themselves."""
    log = _open_log(window)
    add = _open_add_session(log)
    attended, roster, sessions = (
        field(add, "Who attended"),
        field(log, "Volunteers"),
        field(log, "Sessions"),
    )
    assert attended.count() and roster.count() and sessions.topLevelItemCount()
    window.session.lock()
    assert log not in open_dialogs() and add not in open_dialogs()
    assert attended.count() == 0 and roster.count() == 0 and sessions.topLevelItemCount() == 0


def _roster_names(log) -> list[str]:
    roster = field(log, "Volunteers")
    return [roster.item(i).text().split(":")[0] for i in range(roster.count())]


def _choose_on_roster(log, name: str) -> None:
    """Move to `name` on the roster with the arrow keys, as a keyboard user would."""
    roster = field(log, "Volunteers")
    roster.setFocus()
    QTest.keyClick(roster, Qt.Key.Key_Home)
    while not roster.currentItem().text().startswith(name):
        before = roster.currentRow()
        QTest.keyClick(roster, Qt.Key.Key_Down)
        assert roster.currentRow() != before, f"{name} is not on the roster"


def test_a_lead_corrects_a_volunteers_name(qtbot, window):
    log = _open_log(window)
    _choose_on_roster(log, "Fay Fresh")
    click(log, "Rename the chosen volunteer…")
    rename = dialog_titled("Rename a volunteer")
    assert field(rename, "Name").text() == "Fay Fresh"
    type_into(rename, "Name", "Olly Overdue")
    QTest.keyClick(field(rename, "Name"), Qt.Key.Key_Return)
    assert "Another volunteer already has that name." in all_visible_text(rename)
    type_into(rename, "Name", "Faye Fresh")
    click(rename, "Save the name")
    assert rename not in open_dialogs()
    assert _roster_names(log) == ["Faye Fresh", "Olly Overdue"]
    assert "Name saved." in all_visible_text(log)
    # The same person: her session is still hers.
    service = Training(window.session)
    (online,) = [s for s in service.sessions() if s.topic == "Online"]
    assert service.attendees(online.id) == ["Faye Fresh"]
    assert [v.name for v in service.volunteers()] == ["Faye Fresh", "Olly Overdue"]


def test_removing_a_volunteer_asks_first_then_takes_their_record(qtbot, ready):
    ready.unlock(PASSPHRASE)
    _seed(ready)
    Accounts(ready).add("trustee", "Tess Trustee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    ready.lock()
    window = _main(qtbot, ready, who="Sam Okafor (designated lead)")
    log = _open_log(window)
    _choose_on_roster(log, "Fay Fresh")

    # Cancel first: nothing changes.
    click(log, "Remove the chosen volunteer…")
    ask = dialog_titled("Remove this volunteer?")
    assert "Remove Fay Fresh and their training record? This cannot be undone." in (
        all_visible_text(ask)
    )
    click(ask, "Cancel")
    assert ask not in open_dialogs()
    assert _roster_names(log) == ["Fay Fresh", "Olly Overdue"]

    click(log, "Remove the chosen volunteer…")
    click(dialog_titled("Remove this volunteer?"), "Remove")
    assert _roster_names(log) == ["Olly Overdue"]
    assert "Fay Fresh" not in all_visible_text(log)
    # The session stays, with its topic, date and who led it, and says who is left: none.
    online = [r for r in _rows(field(log, "Sessions")) if r[1] == "Online"]
    assert online == [[online[0][0], "Online", "Lee Lead", "No one recorded"]]
    service = Training(window.session)
    assert [v.name for v in service.volunteers()] == ["Olly Overdue"]
    (held,) = [s for s in service.sessions() if s.topic == "Online"]
    assert held.attendees == 0 and service.attendees(held.id) == []
    click(log, "Close")

    # The trustee's count: Olly, overdue, is the only active volunteer left.
    click(window, "Lock now")
    unlock_through_dialog(
        qtbot, window, TRUSTEE_PASSPHRASE, via="Records", who="Tess Trustee (trustee)"
    )
    for dialog in open_dialogs():
        dialog.accept()
    summary = field(window, "Summary for the trustee").text()
    assert "0 of 1 active volunteers trained in the last 3 years" in summary


def test_lock_with_the_rename_or_remove_question_open_leaves_no_name(qtbot, ready, monkeypatch):
    from ui.core import wipe

    monkeypatch.setattr(wipe, "_clipboard_is_ours", False)
    QApplication.clipboard().clear()
    ready.unlock(PASSPHRASE)
    _seed(ready, canary=True)
    ready.lock()
    window = _main(qtbot, ready)
    log = _open_log(window)
    _choose_on_roster(log, "Cara")
    click(log, "Rename the chosen volunteer…")
    rename = dialog_titled("Rename a volunteer")
    type_into(rename, "Name", f"Carla {CANARY}")
    click(log, "Remove the chosen volunteer…")
    ask = dialog_titled("Remove this volunteer?")
    assert CANARY in all_visible_text(ask)
    click(window, "Lock now")
    assert not ready.is_unlocked
    assert ask not in open_dialogs() and rename not in open_dialogs()
    assert_wiped()
    ready.unlock(PASSPHRASE)
    assert f"Cara {CANARY}" in [v.name for v in Training(ready).volunteers()]  # not removed


# -- review: who attended in words, the roster's tick, the race, names -------------------
def _cell_heard(tree, row: int, column: int) -> str:
    """What a screen reader reads for one cell of the sessions list."""
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(tree)
    columns = tree.columnCount()  # the header's cells come first, then row by row
    cell = face.child(columns + row * columns + column)
    assert cell.role() == QAccessible.Role.TreeItem
    return cell.text(QAccessible.Text.Name)


def test_who_attended_says_how_many_then_who_and_a_cut_off_list_can_still_be_read(qtbot, ready):
    many = ["Ann Lee", "Bo Chan", "Cy Diaz"] + [f"Volunteer Number {n:02}" for n in range(20)]
    ready.unlock(PASSPHRASE)
    _seed(ready)
    Training(ready).add_session(
        date.today() - timedelta(days=1), "Signs", "Lee Lead", new_names=many
    )
    ready.lock()
    window = _main(qtbot, ready)
    log = _open_log(window)
    sessions = field(log, "Sessions")
    newest = sessions.topLevelItem(0)
    listed = ", ".join(sorted(many, key=str.casefold))
    assert newest.text(3) == f"23 people: {listed}"
    # Cut off on screen: the column is far narrower than the words...
    assert sessions.fontMetrics().horizontalAdvance(newest.text(3)) > sessions.columnWidth(3)
    # ...so the tooltip has every name, one a line, and a screen reader hears them all.
    assert newest.toolTip(3).splitlines() == ["23 people:", *sorted(many, key=str.casefold)]
    assert _cell_heard(sessions, 0, 3) == f"23 people: {listed}"
    # One person, in the singular; the date, topic and leader are not pushed out of sight.
    assert _rows(sessions)[1][3] == "1 person: Fay Fresh"
    assert _cell_heard(sessions, 1, 3) == "1 person: Fay Fresh"
    assert sessions.columnWidth(0) + sessions.columnWidth(1) + sessions.columnWidth(2) < (
        sessions.viewport().width()
    )


def test_the_roster_says_plainly_what_a_tick_means(qtbot, window):
    log = _open_log(window)
    text = all_visible_text(log)
    assert "Volunteers (a tick means they still volunteer with you)" in text
    assert "Untick someone who has stopped volunteering" in text
    assert "ticked:" not in text.lower()
    roster = field(log, "Volunteers")
    assert heard(roster).startswith("Volunteers A tick means they still volunteer with you.")
    # What the tick does, as the words say: unticked, Olly leaves the Who attended list.
    _choose_on_roster(log, "Olly Overdue")
    QTest.keyClick(roster, Qt.Key.Key_Space)
    attended = field(_open_add_session(log), "Who attended")
    assert [attended.item(i).text() for i in range(attended.count())] == ["Fay Fresh"]


def _add_session_with_everyone_ticked(window):
    """The log, and Add a session filled in with every volunteer ticked with Space."""
    log = _open_log(window)
    add = _open_add_session(log)
    type_into(add, "Date of the session", f"{date.today() - timedelta(days=2):%d/%m/%Y}")
    type_into(add, "Topic", "Online safety")
    type_into(add, "Led by", "Lee Lead")
    attended = field(add, "Who attended")
    attended.setFocus()
    for row in range(attended.count()):
        attended.setCurrentRow(row)
        QTest.keyClick(attended, Qt.Key.Key_Space)
    return log, add, attended


def test_a_volunteer_removed_while_add_session_is_open_is_not_put_back(qtbot, window):
    log, add, attended = _add_session_with_everyone_ticked(window)  # Fay and Olly

    # Meanwhile Fay is taken off the roster (the log's window is behind the dialog).
    service = Training(window.session)
    (fay,) = [v for v in service.volunteers() if v.name == "Fay Fresh"]
    service.remove_volunteer(fay.id)

    click(add, "Save the session")
    assert add in open_dialogs()  # refused, and nothing typed is lost
    said = problem(add, "Who attended").text()
    assert said.startswith("Someone you ticked was taken off the volunteers while this window")
    assert field(add, "Topic").text() == "Online safety"
    assert field(add, "Led by").text() == "Lee Lead"
    assert [attended.item(i).text() for i in range(attended.count())] == [
        "Fay Fresh (taken off the volunteers)",
        "Olly Overdue",
    ]
    assert attended.item(1).checkState() == Qt.CheckState.Checked
    assert "Fay Fresh" not in [v.name for v in service.volunteers()]
    assert len(service.sessions()) == 2  # nothing saved

    click(add, "Save the session")  # as the message says: Olly alone now
    assert add not in open_dialogs()
    assert _rows(field(log, "Sessions"))[0][1:] == [
        "Online safety",
        "Lee Lead",
        "1 person: Olly Overdue",
    ]
    assert [v.name for v in service.volunteers()] == ["Olly Overdue"]


def test_a_removed_volunteers_id_given_to_someone_new_meanwhile_is_not_credited(qtbot, window):
    _log, add, _attended = _add_session_with_everyone_ticked(window)
    # Meanwhile the roster's last volunteer is removed and someone new added: the store
    # gives the newcomer the same id.
    service = Training(window.session)
    last = max(service.volunteers(), key=lambda v: v.id)
    service.remove_volunteer(last.id)
    newcomer = service.add_volunteer("Zed New")
    assert newcomer == last.id  # the case this test is about

    click(add, "Save the session")
    assert add in open_dialogs()  # refused: the tick was for the person removed
    assert problem(add, "Who attended").text().startswith("Someone you ticked was taken off")
    assert len(service.sessions()) == 2
    assert next(v for v in service.volunteers() if v.name == "Zed New").last_trained_on is None


def test_a_volunteer_removed_meanwhile_can_be_typed_in_again_on_purpose(qtbot, window):
    log = _open_log(window)
    add = _open_add_session(log)
    type_into(add, "Date of the session", f"{date.today():%d/%m/%Y}")
    type_into(add, "Topic", "Signs")
    type_into(add, "Led by", "Lee Lead")
    attended = field(add, "Who attended")
    attended.setFocus()
    attended.setCurrentRow(0)
    QTest.keyClick(attended, Qt.Key.Key_Space)  # Fay
    service = Training(window.session)
    (fay,) = [v for v in service.volunteers() if v.name == "Fay Fresh"]
    service.remove_volunteer(fay.id)
    click(add, "Save the session")
    assert add in open_dialogs()
    # Typed again after the warning, she is someone new to the roster, on purpose.
    type_into(add, "Another person who attended", "fay fresh")
    QTest.keyClick(field(add, "Another person who attended"), Qt.Key.Key_Return)
    assert attended.item(attended.count() - 1).text() == "fay fresh"
    click(add, "Save the session")
    assert add not in open_dialogs()
    assert [v.name for v in service.volunteers()] == ["fay fresh", "Olly Overdue"]


@pytest.mark.parametrize(
    "typed",
    ["Ann\u200bLee", "Ann \u202eeeL", "Ann \u2067Lee\u2069", "An\u200dn Lee"],
    ids=["zero-width-space", "rtl-override", "rtl-isolate", "zwj-in-latin"],
)
def test_a_name_with_hidden_characters_is_refused_in_plain_words(qtbot, window, typed):
    log = _open_log(window)
    type_into(log, "Name of a new volunteer", typed)
    click(log, "Add to the volunteers")
    assert problem(log, "Name of a new volunteer").text() == HIDDEN_IN_NAME
    assert field(log, "Name of a new volunteer").text() == typed  # kept to correct
    assert _roster_names(log) == ["Fay Fresh", "Olly Overdue"]

    add = _open_add_session(log)
    type_into(add, "Another person who attended", typed)
    QTest.keyClick(field(add, "Another person who attended"), Qt.Key.Key_Return)
    assert problem(add, "Another person who attended").text() == HIDDEN_IN_NAME
    assert field(add, "Who attended").count() == 2  # not added


def test_names_are_tidied_a_persian_name_is_kept_and_a_duplicate_refused(qtbot, window):
    log = _open_log(window)
    persian = "\u0645\u0647\u200c\u0633\u0627 \u0631\u0636\u0627\u06cc\u06cc"  # ZWNJ inside
    type_into(log, "Name of a new volunteer", f"  {persian} ")
    click(log, "Add to the volunteers")
    type_into(log, "Name of a new volunteer", "Jose\u0301   Diaz")  # e + combining accent
    QTest.keyClick(field(log, "Name of a new volunteer"), Qt.Key.Key_Return)
    names = [v.name for v in Training(window.session).volunteers()]
    assert persian in names and "Jos\u00e9 Diaz" in names
    type_into(log, "Name of a new volunteer", "JOS\u00c9 DIAZ")
    click(log, "Add to the volunteers")
    assert problem(log, "Name of a new volunteer").text() == SAME_NAME
    assert len(Training(window.session).volunteers()) == 4

"""Volunteer stations through the screens (issue 14 item 2): the lead saves an enrolment
file from Settings › Add a volunteer PC…, a volunteer's account opens it from setup's
"This PC is a volunteer station…", records a concern there, and the lead's unlock takes
it in with the station's name. Real clicks and typing; the file dialogs are answered
through ui/core/ask.py, as elsewhere."""

import json

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

import ui.intake.concern_form.form as form_module
import ui.main_window as main_window
from app.core.paths import resolve
from app.intake import letterbox, stations
from app.keys.key_words import words_for as fingerprint_words
from app.keys.session import Session, SetupState
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    click,
    dialog_titled,
    field,
    fill_concern_to_review,
    gone,
    open_dialogs,
    type_into,
    unlock_through_dialog,
)
from tests.letters import letters_in
from ui.core import ask
from ui.main_window import MainWindow


def _answer(monkeypatch, name: str, value) -> list:
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return value

    monkeypatch.setattr(ask, name, answer)
    return asked


@pytest.fixture(autouse=True)
def _no_unfinished_question(monkeypatch):
    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    monkeypatch.setattr(form_module, "ask_unfinished_about_lead", lambda parent: "discard")


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared-letterbox"
    stations.make_shared_folder(folder)
    return folder


def _window(qtbot, session) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    return window


def _export_from_settings(qtbot, ready, shared, tmp_path, monkeypatch):
    window = _window(qtbot, ready)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Add a volunteer PC…")
    dialog = dialog_titled("Add a volunteer PC")
    _answer(monkeypatch, "choose_folder", str(shared))
    click(dialog, "Choose another folder…")
    assert field(dialog, "Letterbox folder").text() == str(shared)
    enrol_file = tmp_path / "riverside.cse-enrol"
    _answer(monkeypatch, "choose_enrolment_save_path", str(enrol_file))
    click(dialog, "Save the enrolment file…")
    assert "Saved." in dialog.status.text()
    click(dialog, "Close")
    window.lock_now()
    window.close()
    return enrol_file


def _become_station(qtbot, tmp_path, folder_name, station_name, enrol_file, monkeypatch):
    session = Session(resolve(str(tmp_path / folder_name)))
    window = _window(qtbot, session)
    window.start_setup()  # as at first run (build_window does this for a new folder)
    _answer(monkeypatch, "choose_enrolment_file", str(enrol_file))
    click(window.wizard, "This PC is a volunteer station…")
    dialog = dialog_titled("Make this PC a volunteer station")
    said = all_visible_text(dialog)
    assert "Riverside Youth Club" in said
    assert (
        " ".join(
            fingerprint_words(stations.read_enrolment(enrol_file, fingerprint_words).public_key)
        )
        in said
    )
    type_into(dialog, "Name for this PC", station_name)
    click(dialog, "Make this PC a volunteer station")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert session.setup_state() is SetupState.STATION
    return session, window


def test_a_lead_and_two_stations_over_one_shared_folder(
    qtbot, ready, shared, tmp_path, monkeypatch
):
    enrol_file = _export_from_settings(qtbot, ready, shared, tmp_path, monkeypatch)
    doc = json.loads(enrol_file.read_text())
    assert doc["letterbox"] == str(shared)
    assert "Sam Okafor" not in enrol_file.read_text()  # nothing about any person
    assert ready.settings.get("letterbox_folders") == [str(shared)]

    sent = []
    for folder_name, name in (("office", "Office PC"), ("hall", "Hall laptop")):
        session, window = _become_station(
            qtbot, tmp_path, folder_name, name, enrol_file, monkeypatch
        )
        # Help and Record a concern only (and practice, which touches no records): the
        # lead's buttons are gone.
        visible = {
            b.text().replace("&", "") for b in window.findChildren(QAbstractButton) if b.isVisible()
        }
        assert visible == {
            "Home",
            "Help",
            "Record a concern",
            "Help: signs and what to do",
            "Practise with a made-up case",
        }
        assert "volunteer station" in window.banner.text() and name in window.banner.text()
        click(window, "Record a concern")
        fill_concern_to_review(window, window.record_page, f"from {name}")
        click(window, "Send to the designated lead")
        sent.append(window.record_page.concern.id)
        assert not session.paths.store.exists()
        window.close()
    assert len(letters_in(shared)) == 2

    (shared / "20260101T000000000000Z-planted.letter").mkdir()  # not a letter at all

    lead = _window(qtbot, ready)
    unlock_through_dialog(qtbot, lead, PASSPHRASE)
    notice = dialog_titled("Since the records were last opened")
    assert "2 new concerns have arrived from the letterbox" in notice.text()
    assert "1 thing(s) in a letterbox folder are not concerns" in notice.text()
    assert (shared / "20260101T000000000000Z-planted.letter").is_dir()  # left alone
    assert [p.name for p in shared.iterdir()] == ["20260101T000000000000Z-planted.letter"]
    store = ready.require_store()
    assert [letterbox.station_of(store, ref) for ref in sent] == ["Office PC", "Hall laptop"]
    # Shown to the lead with the concern.
    notice.done(0)
    click(lead, "Records")
    page = lead.records_page
    for ref, name in zip(sent, ("Office PC", "Hall laptop"), strict=True):
        page.show_concern(ref)  # as the To do list opens it
        assert f"Sent from: {name}" in field(lead, "The chosen concern").toPlainText()


def test_a_station_whose_key_changed_refuses_to_send_and_says_why(
    qtbot, ready, shared, tmp_path, monkeypatch
):
    enrol_file = _export_from_settings(qtbot, ready, shared, tmp_path, monkeypatch)
    session, window = _become_station(
        qtbot, tmp_path, "office", "Office PC", enrol_file, monkeypatch
    )
    key_file = session.paths.data / stations.STATION_KEY_FILE
    doc = json.loads(key_file.read_text())
    doc["public_key"] = "A" * 43 + "="  # someone else's key
    key_file.write_text(json.dumps(doc))

    click(window, "Record a concern")
    fill_concern_to_review(window, window.record_page, "swapped")
    click(window, "Send to the designated lead")
    boxes = [d for d in open_dialogs() if isinstance(d, QMessageBox)]
    assert boxes, "no message said why"
    said = boxes[-1].text() + boxes[-1].informativeText()
    assert "key on this PC has changed" in said and "not sent" in said
    assert "Traceback" not in said
    assert letters_in(shared) == []


def test_a_file_that_is_not_an_enrolment_is_refused_in_plain_words(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "holiday.cse-enrol"
    bad.write_text('{"format": "something else"}')
    session = Session(resolve(str(tmp_path / "office")))
    window = _window(qtbot, session)
    window.start_setup()
    _answer(monkeypatch, "choose_enrolment_file", str(bad))
    click(window.wizard, "This PC is a volunteer station…")
    boxes = [d for d in open_dialogs() if isinstance(d, QMessageBox)]
    assert boxes and "cannot set up this PC as a volunteer station" in boxes[-1].text()
    assert not session.is_station


def test_setup_offers_a_shared_letterbox_folder(qtbot, session, tmp_path, monkeypatch):
    import ui.keys.setup_wizard as setup_wizard
    from tests.drivers import choose, gone, tick
    from ui.application import build_window

    shared = tmp_path / "public" / "CSE Toolkit letterbox"
    monkeypatch.setattr(setup_wizard, "suggested_shared_folder", lambda: shared)
    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    wizard = window.wizard
    click(wizard, "Next")
    type_into(wizard, "Organisation name", "Riverside Youth Club")
    choose(wizard, "Area", "Northamptonshire")
    click(wizard, "Next")
    click(wizard, "Next")
    type_into(wizard, "Designated lead: name", "Sam Okafor")
    type_into(wizard, "Designated lead: phone", "01604 555 0101")
    said = all_visible_text(wizard)
    assert "own accounts" in said and str(shared) in said  # when to use it, and where
    tick(wizard, "Make a shared letterbox folder")
    click(wizard, "Next")
    type_into(wizard, "Passphrase", PASSPHRASE)
    type_into(wizard, "Passphrase again", PASSPHRASE)
    click(wizard, "Next")
    field(wizard, "I have the recovery code stored safely").setChecked(True)
    click(wizard, "Finish")
    qtbot.waitUntil(lambda: gone(wizard), timeout=20_000)

    assert shared.is_dir() and stations.shared_folder_problem(shared) is None
    assert session.settings.get("letterbox_folders") == [str(shared)]
    assert session.letterbox_folders() == [session.paths.letterbox, shared]


def test_enrol_from_the_command_line_and_start_as_a_station(
    qtbot, ready, shared, tmp_path, monkeypatch
):
    from app.__main__ import parse
    from ui.application import build_window

    enrol_file = _export_from_settings(qtbot, ready, shared, tmp_path, monkeypatch)
    assert parse(["--enrol", str(enrol_file)]).enrol == str(enrol_file)
    session = Session(resolve(str(tmp_path / "office")))
    window = build_window(session, start_setup=False)  # what run() does with --enrol
    qtbot.addWidget(window)
    window.show()
    window.start_enrolment(str(enrol_file))  # what run() schedules with --enrol
    dialog = dialog_titled("Make this PC a volunteer station")
    click(dialog, "Make this PC a volunteer station")  # no name yet: said why, not made
    assert "Give this PC a name" in dialog.name_problem.text()
    assert not session.is_station
    type_into(dialog, "Name for this PC", "Office PC")
    click(dialog, "Make this PC a volunteer station")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    window.close()

    # The next start: a station, so no setup wizard, and Record a concern works.
    again = build_window(Session(session.paths))
    qtbot.addWidget(again)
    again.show()
    QApplication.processEvents()  # a new store's setup wizard would start from a zero timer
    assert again.wizard is None
    click(again, "Record a concern")
    assert again.record_page is not None and again.record_page.isVisible()


def test_the_lead_adds_and_removes_letterbox_folders_in_settings(
    qtbot, ready, shared, tmp_path, monkeypatch
):
    window = _window(qtbot, ready)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Letterbox folders…")
    dialog = dialog_titled("Letterbox folders")
    listed = field(dialog, "Letterbox folders")
    assert listed.count() == 1 and "(this PC's own)" in listed.item(0).text()
    _answer(monkeypatch, "choose_folder", str(shared))
    click(dialog, "Add a folder…")
    assert [listed.item(i).text() for i in range(1, listed.count())] == [str(shared)]
    assert ready.letterbox_folders() == [ready.paths.letterbox, shared]

    listed.setCurrentRow(1)
    asked = _answer(monkeypatch, "confirm", True)
    click(dialog, "Remove the chosen folder")
    assert asked, "removing a folder asks first"
    assert listed.count() == 1
    assert ready.letterbox_folders() == [ready.paths.letterbox]
    assert shared.is_dir()  # nothing in the folder was touched


def test_an_enrolment_for_a_folder_that_is_not_there_is_not_saved(
    qtbot, ready, tmp_path, monkeypatch
):
    window = _window(qtbot, ready)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Add a volunteer PC…")
    dialog = dialog_titled("Add a volunteer PC")
    _answer(monkeypatch, "choose_folder", str(tmp_path / "no-such-folder"))
    click(dialog, "Choose another folder…")
    asked = _answer(monkeypatch, "choose_enrolment_save_path", str(tmp_path / "x.cse-enrol"))
    click(dialog, "Save the enrolment file…")
    assert "not there yet" in dialog.folder_problem.text() and dialog.folder_problem.isVisible()
    assert not asked and not (tmp_path / "x.cse-enrol").exists()
    assert ready.settings.get("letterbox_folders") == []

"""The handover dialogs, driven by their visible labels: a lead ticks one young person,
makes the file and is shown the one-time passphrase once; another installation checks
the file (a wrong passphrase first), sees who is in it, and imports it; a lock closes
both dialogs, and a file finished after the lock is not left behind."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core.paths import resolve
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping import handover as handover_module
from app.keeping import handover_format as fmt
from app.keeping.handover import Handover, open_file
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from tests.conftest import CONTACTS, PASSPHRASE, make_details
from tests.drivers import (
    all_visible_text,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    settle_layout,
    type_into,
    unlock_through_dialog,
)
from ui.core import ask
from ui.core.background import all_reported, wait_for_background
from ui.main_window import MainWindow

CANARY = "Qzguihandover"


def _concern(name: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=name, date_of_birth=date(2011, 3, 2)),
        own_words=f"He said {CANARY}",
    )


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


@pytest.fixture
def with_records(ready):
    ready.unlock(PASSPHRASE)
    for name in ("Jade Brown", "Tom Green", "Amir Khan"):
        ready.save_concern_direct(_concern(name))
    ready.lock()
    return ready


@pytest.fixture
def sender(tmp_path, isolated_tmp):
    paths = resolve(str(tmp_path / "sender"))
    paths.ensure()
    made = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    made.set_up(make_details(name="Hilltop Guides"), PASSPHRASE, generate(), dict(CONTACTS))
    for name in ("Ella Stone", "Finn Marsh"):
        made.save_concern_direct(_concern(name))
    yield made
    made.lock()


def _open_from_settings(qtbot, window, button: str, title: str):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, button)
    return dialog_titled(title)


def test_a_lead_hands_over_one_young_person_and_sees_the_passphrase_once(
    qtbot, window, with_records, tmp_path, monkeypatch
):
    target = tmp_path / "usb" / "for-the-new-lead.cse-handover"
    target.parent.mkdir()
    monkeypatch.setattr(ask, "choose_handover_save_path", lambda parent, name: str(target))
    dialog = _open_from_settings(qtbot, window, "Hand over records…", "Hand over records")

    people = field(dialog, "Young people")
    assert people.count() == 3
    type_into(dialog, "Find a young person", "tom")
    shown = [people.item(i).text() for i in range(3) if not people.item(i).isHidden()]
    assert len(shown) == 1 and shown[0].startswith("Tom Green, born 02/03/2011")
    tom = next(people.item(i) for i in range(3) if not people.item(i).isHidden())
    tom.setCheckState(Qt.CheckState.Checked)
    assert field(dialog, "How many are ticked").text() == "1 of 3 ticked."

    click(dialog, "Make the handover file…")
    qtbot.waitUntil(lambda: field_visible(dialog, "One-time passphrase"), timeout=20_000)
    passphrase = field(dialog, "One-time passphrase").text()
    assert fmt.normalise_passphrase(passphrase)
    text = all_visible_text(dialog)
    assert "Phone this passphrase" in text and "Do not send it with the file" in text
    assert "It is not kept anywhere" in text
    assert "for-the-new-lead.cse-handover: 1 young person and 1 concern" in text
    assert not field_visible(dialog, "How many are ticked")  # the choosing part is put away
    settle_layout()
    dialog.grab().save(str(tmp_path / "handover-export.png"))

    opened = open_file(target, passphrase)
    assert [p["details"]["name"] for p in opened.payload["young_people"]] == ["Tom Green"]

    click(dialog, "Close")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert passphrase not in "".join(all_visible_text(d) for d in open_dialogs())


def field_visible(root, label: str) -> bool:
    """A widget labelled `label` is on screen and shows some text."""
    return any(
        w.accessibleName() == label and w.isVisible() and w.text()
        for w in root.findChildren(QLabel)
    )


def test_the_list_is_screenshotted_before_anything_is_made(qtbot, window, with_records, tmp_path):
    dialog = _open_from_settings(qtbot, window, "Hand over records…", "Hand over records")
    dialog.grab().save(str(tmp_path / "handover-choose.png"))
    click(dialog, "All records")
    assert not field(dialog, "Young people").isEnabled()
    assert "All 3 young people's records" in field(dialog, "How many are ticked").text()


def test_receiving_checks_the_passphrase_previews_then_imports(
    qtbot, window, ready, sender, tmp_path, monkeypatch
):
    target = tmp_path / "from-hilltop.cse-handover"
    made = Handover(sender).export(target)
    monkeypatch.setattr(ask, "choose_handover_file", lambda parent: str(target))
    dialog = _open_from_settings(qtbot, window, "Receive a handover…", "Receive a handover")
    assert not dialog.check_button.isEnabled()

    click(dialog, "Choose file…")
    assert field(dialog, "Handover file").text() == str(target)
    type_into(dialog, "One-time passphrase", fmt.new_passphrase())  # well formed, wrong
    click(dialog, "Check this file")
    qtbot.waitUntil(
        lambda: any(d.windowTitle() == "Not opened" for d in open_dialogs()), timeout=20_000
    )
    box = dialog_titled("Not opened")
    assert "does not open this handover file" in box.text()
    assert "Nothing was changed" in box.informativeText()
    box.close()
    assert ready.require_store().query_one("SELECT count(*) FROM concerns")[0] == 0

    type_into(dialog, "One-time passphrase", made.passphrase.lower())
    click(dialog, "Check this file")
    qtbot.waitUntil(lambda: dialog.import_button.isVisible(), timeout=20_000)
    summary = field(dialog, "What the file holds").text()
    assert summary.startswith("From Hilltop Guides, made on")
    assert "2 young people and 2 concerns" in summary
    names = field(dialog, "Young people in this file")
    listed = [names.item(i).text() for i in range(names.count())]
    assert [n.split(",")[0] for n in listed] == ["Ella Stone", "Finn Marsh"]
    assert "added as a new record" in all_visible_text(dialog)
    dialog.grab().save(str(tmp_path / "handover-receive.png"))

    click(dialog, "Import these records")
    status = field(dialog, "Handover status").text()
    assert status.startswith("Imported 2 young people and 2 concerns")
    assert not dialog.import_button.isVisible()
    assert ready.require_store().query_one("SELECT count(*) FROM concerns")[0] == 2
    settle_layout()
    dialog.grab().save(str(tmp_path / "handover-received.png"))

    # The same file again is refused, saying when it came in.
    click(dialog, "Check this file")
    qtbot.waitUntil(
        lambda: any(d.windowTitle() == "Already imported" for d in open_dialogs()), timeout=20_000
    )
    assert "imported already, on" in dialog_titled("Already imported").text()


def test_a_lock_closes_the_dialog_and_a_file_finished_after_it_is_removed(
    qtbot, window, with_records, tmp_path, monkeypatch
):
    target = tmp_path / "late.cse-handover"
    monkeypatch.setattr(ask, "choose_handover_save_path", lambda parent, name: str(target))
    release = threading.Event()
    real_write = handover_module.write

    def slow_write(*args):
        release.wait(10)
        return real_write(*args)

    import ui.keeping.handover as dialogs

    monkeypatch.setattr(dialogs, "write", slow_write)
    dialog = _open_from_settings(qtbot, window, "Hand over records…", "Hand over records")
    click(dialog, "All records")
    click(dialog, "Make the handover file…")
    assert field(dialog, "Making the handover file").isVisible()

    window.lock_now()
    assert gone(dialog)
    release.set()
    assert wait_for_background(20_000)
    qtbot.waitUntil(all_reported, timeout=5_000)  # the finished job reports back
    qtbot.waitUntil(lambda: not target.exists(), timeout=5_000)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".late")] == []
    assert not window.session.is_unlocked


def test_a_file_with_a_spoofed_volunteer_name_is_refused_in_plain_words(
    qtbot, window, ready, sender, tmp_path, monkeypatch
):
    """A name made to look like another (a right-to-left override inside it) in the
    training log: the whole file is refused with words that say why, and nothing comes in."""
    import json

    from app.casework.training import Training

    Training(sender).add_volunteer("Ann Able")
    payload = json.loads(json.dumps(Handover(sender).gather().payload))
    payload["training"]["volunteers"][0]["name"] = "Ann \u202eelbA"
    target, passphrase = tmp_path / "spoofed.cse-handover", fmt.new_passphrase()
    fmt.write_file(target, payload, passphrase, FAST_FOR_TESTS)
    monkeypatch.setattr(ask, "choose_handover_file", lambda parent: str(target))
    dialog = _open_from_settings(qtbot, window, "Receive a handover…", "Receive a handover")
    click(dialog, "Choose file…")
    type_into(dialog, "One-time passphrase", passphrase)
    click(dialog, "Check this file")
    qtbot.waitUntil(
        lambda: any(d.windowTitle() == "Handover file refused" for d in open_dialogs()),
        timeout=20_000,
    )
    box = dialog_titled("Handover file refused")
    assert "A volunteer's name in this file's training log has a hidden character" in box.text()
    assert "Nothing was imported" in box.informativeText()
    assert "elbA" not in box.text() + box.informativeText()
    assert not dialog.import_button.isVisible()
    settle_layout()
    box.grab().save(str(tmp_path / "handover-refused.png"))
    box.close()
    assert ready.require_store().query_one("SELECT count(*) FROM volunteers")[0] == 0

"""Backing up and restoring through the dialogs, the way a lead does: by the labels."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.paths import resolve
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping.backups import Backups, list_backups
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session
from tests.conftest import PASSPHRASE, snapshot
from tests.drivers import (
    all_visible_text,
    button,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    problem,
    settle_layout,
    type_into,
    unlock_through_dialog,
)
from ui.core import ask
from ui.main_window import MainWindow


def _concern(tag: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2026, 1, 10, 18, 0, tzinfo=UTC),
        young_person=YoungPerson(name=f"Jade {tag}"),
        own_words=f"he said I owe him {tag}",
    )


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def window(qtbot, ready):
    ready.unlock(PASSPHRASE)
    for tag in ("a", "b"):
        ready.save_concern_direct(_concern(tag))
    ready.lock()
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def _answer(monkeypatch, name: str, value) -> list:
    asked = []

    def answer(*args, **kwargs):
        asked.append(args)
        return value

    monkeypatch.setattr(ask, name, answer)
    return asked


def _back_up_through_settings(qtbot, window, stick, monkeypatch):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Back up now…")
    dialog = dialog_titled("Back up the records")
    assert "No backup has been made yet" in field(dialog, "Last backup").text()
    _answer(monkeypatch, "choose_folder", str(stick))
    click(dialog, "Choose folder…")
    assert field(dialog, "Backup folder").text() == str(stick)
    return dialog


def test_back_up_from_settings_with_a_moving_bar(qtbot, window, ready, stick, monkeypatch):
    dialog = _back_up_through_settings(qtbot, window, stick, monkeypatch)
    values: list[int] = []
    click(dialog, "Back up now")
    bar = field(dialog, "Backup progress")
    bar.valueChanged.connect(values.append)
    qtbot.waitUntil(lambda: "Backed up" in field(dialog, "Backup result").text(), timeout=20_000)
    result = field(dialog, "Backup result").text()
    assert "Backed up 2 concerns to" in result and str(stick) in result
    assert "Checked: the copy opens." in result
    assert len(list_backups(stick)) == 1
    assert values and values[-1] == 1000
    assert "Last backup:" in field(dialog, "Last backup").text()
    click(dialog, "Close")
    assert gone(dialog)


def test_a_backup_that_fails_says_why_in_plain_words(qtbot, window, tmp_path, monkeypatch):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Back up now…")
    dialog = dialog_titled("Back up the records")
    click(dialog, "Back up now")
    assert problem(dialog, "Backup folder").text() == "Choose a folder first."
    unplugged = tmp_path / "stick that was pulled out"
    unplugged.mkdir()
    _answer(monkeypatch, "choose_folder", str(unplugged))
    click(dialog, "Choose folder…")
    unplugged.rmdir()
    click(dialog, "Back up now")
    qtbot.waitUntil(
        lambda: "Not backed up" in field(dialog, "Backup result").text(), timeout=20_000
    )
    assert "cannot be saved in that folder" in field(dialog, "Backup result").text()
    assert "Traceback" not in all_visible_text(dialog)


def test_keep_the_last_n_is_saved_and_used(qtbot, window, ready, stick, monkeypatch):
    dialog = _back_up_through_settings(qtbot, window, stick, monkeypatch)
    field(dialog, "Backups to keep").setValue(1)
    for _ in range(2):
        click(dialog, "Back up now")
        qtbot.waitUntil(lambda: button(dialog, "Back up now").isEnabled(), timeout=20_000)
    assert ready.settings.get("backups_keep") == 1
    assert len(list_backups(stick)) == 1


def test_the_to_do_page_reminds_and_links_to_the_backup(qtbot, window, ready, stick, monkeypatch):
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    todo = field(window, "To do")
    assert "No backup of the records has been made yet" in todo.toPlainText()
    todo.anchorClicked.emit(__import__("PySide6.QtCore").QtCore.QUrl("backup:now"))
    dialog = dialog_titled("Back up the records")
    _answer(monkeypatch, "choose_folder", str(stick))
    click(dialog, "Choose folder…")
    click(dialog, "Back up now")
    qtbot.waitUntil(lambda: "Backed up" in field(dialog, "Backup result").text(), timeout=20_000)
    assert "Back up." not in field(window, "To do").toPlainText()


def test_lock_while_backing_up_closes_cleanly(qtbot, window, ready, stick, monkeypatch):
    dialog = _back_up_through_settings(qtbot, window, stick, monkeypatch)
    click(dialog, "Back up now")
    window.lock_now()
    assert gone(dialog) and not ready.is_unlocked
    from ui.core.background import all_reported, wait_for_background

    assert wait_for_background(20_000)
    qtbot.waitUntil(all_reported, timeout=5_000)  # the worker's result is dropped
    assert not ready.is_unlocked
    assert not open_dialogs()
    # Either the copy finished before the lock (then it is whole) or nothing is there.
    for path, _manifest in list_backups(stick):
        assert path.stat().st_size > 0
    assert [p for p in stick.iterdir() if not p.name.endswith(".cse-backup")] == []


# -- restore ----------------------------------------------------------------------------------
def _make_backup(ready: Session, stick: Path) -> Path:
    ready.unlock(PASSPHRASE)
    path = Backups(ready).back_up(stick).path
    ready.save_concern_direct(_concern("after"))
    ready.lock()
    return path


def test_restore_from_settings_shows_a_preview_then_asks(qtbot, window, ready, stick, monkeypatch):
    backup = _make_backup(ready, stick)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Restore from a backup…")
    dialog = dialog_titled("Restore from a backup")
    _answer(monkeypatch, "choose_backup_file", str(backup))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", "wrong words entirely here")
    before = snapshot(ready.paths.data)
    click(dialog, "Check this backup")
    qtbot.waitUntil(
        lambda: "does not open this backup" in field(dialog, "Restore status").text(),
        timeout=20_000,
    )
    assert snapshot(ready.paths.data) == before
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(lambda: field(dialog, "What the backup holds").isVisible(), timeout=20_000)
    preview = field(dialog, "What the backup holds").text()
    assert "2 concerns about 2 young people" in preview
    assert "Riverside Youth Club" in preview
    assert field(dialog, "Passphrase").text() == ""  # nothing typed stays
    # First a No: nothing changes.
    asked = _answer(monkeypatch, "confirm", False)
    click(dialog, "Replace the records with this backup")
    assert asked and ready.is_unlocked
    asked = _answer(monkeypatch, "confirm", True)
    click(dialog, "Replace the records with this backup")
    qtbot.waitUntil(lambda: "Restored:" in field(dialog, "Restore status").text(), timeout=20_000)
    status = field(dialog, "Restore status").text()
    assert "2 concerns about 2 young people" in status and "set-aside" in status
    assert ready.is_unlocked
    assert window.lock_state.text().startswith("Records unlocked")
    click(dialog, "Close")
    assert gone(dialog)
    unlock_check = Session(ready.paths, kdf_params=lambda: FAST_FOR_TESTS)
    assert unlock_check.setup_state().value == "ready"


def test_not_a_backup_is_a_clear_message(qtbot, window, ready, tmp_path, monkeypatch):
    other = tmp_path / "letter.docx"
    other.write_bytes(b"PK\x03\x04 not really")
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    before = snapshot(ready.paths.data)
    click(window, "Restore from a backup…")
    dialog = dialog_titled("Restore from a backup")
    _answer(monkeypatch, "choose_backup_file", str(other))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(
        lambda: "not a backup made by this toolkit" in field(dialog, "Restore status").text(),
        timeout=20_000,
    )
    assert not button(dialog, "Close").isHidden()
    assert [d for d in open_dialogs() if d.windowTitle() == "Restore from a backup"]
    assert snapshot(ready.paths.data).keys() == before.keys()  # nothing new written
    assert {k: v for k, v in snapshot(ready.paths.data).items() if "records.db" not in k} == {
        k: v for k, v in before.items() if "records.db" not in k
    }


def test_lock_after_checking_discards_the_checked_copy(qtbot, window, ready, stick, monkeypatch):
    from app.keys import swap

    backup = _make_backup(ready, stick)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Restore from a backup…")
    dialog = dialog_titled("Restore from a backup")
    _answer(monkeypatch, "choose_backup_file", str(backup))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(lambda: field(dialog, "What the backup holds").isVisible(), timeout=20_000)
    partial = swap.staged(ready.paths).store
    assert partial.with_name(partial.name + ".partial").exists()
    window.lock_now()
    assert gone(dialog)
    assert not partial.with_name(partial.name + ".partial").exists()
    assert not ready.is_unlocked


def test_a_new_pc_restores_from_the_setup_wizard(qtbot, tmp_path, ready, stick, monkeypatch):
    backup = _make_backup(ready, stick)
    pc = Session(resolve(str(tmp_path / "new pc")), kdf_params=lambda: FAST_FOR_TESTS)
    window = MainWindow(pc)
    qtbot.addWidget(window)
    window.show()
    click(window, "Settings")  # not set up: the wizard opens
    wizard = window.wizard
    assert wizard is not None and wizard.isVisible()
    click(wizard, "Restore from a backup…")
    qtbot.waitUntil(lambda: gone(wizard), timeout=5_000)
    dialog = dialog_titled("Restore from a backup")
    _answer(monkeypatch, "choose_backup_file", str(backup))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(lambda: field(dialog, "What the backup holds").isVisible(), timeout=20_000)
    _answer(monkeypatch, "confirm", True)
    click(dialog, "Replace the records with this backup")
    qtbot.waitUntil(lambda: "Restored:" in field(dialog, "Restore status").text(), timeout=20_000)
    assert "set-aside" not in field(dialog, "Restore status").text()
    assert pc.is_unlocked and pc.setup_state().value == "ready"
    assert window.banner.isHidden()  # "not set up" is gone
    pc.lock()


def test_a_damaged_key_file_offers_a_restore_on_the_unlock_screen(qtbot, window, ready, stick):
    _make_backup(ready, stick)
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes()[:100])
    click(window, "Settings")
    dialog = dialog_titled("Unlock the records")
    assert not dialog.restore_button.isVisible()
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Unlock")
    qtbot.waitUntil(lambda: button(dialog, "Restore from a backup…").isVisible(), timeout=10_000)
    click(dialog, "Restore from a backup…")
    assert gone(dialog)
    assert dialog_titled("Restore from a backup")


def test_a_missing_key_file_offers_a_restore(qtbot, window, ready, stick):
    ready.paths.keyring.unlink()
    window._refresh_state()
    click(window, "Settings")
    box = dialog_titled("Key file missing")
    click(box, "Restore from a backup…")
    assert dialog_titled("Restore from a backup")


def test_screenshots(qtbot, window, ready, stick, monkeypatch, tmp_path):
    """Not a check: pictures of the dialogs for a person to look at (backup-*.png in the
    test's tmp_path); a fixed /tmp path would clash between runs and users."""
    backup = _make_backup(ready, stick)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Back up now…")
    dialog = dialog_titled("Back up the records")
    _answer(monkeypatch, "choose_folder", str(stick))
    click(dialog, "Choose folder…")
    click(dialog, "Back up now")
    qtbot.waitUntil(lambda: "Backed up" in field(dialog, "Backup result").text(), timeout=20_000)
    settle_layout()
    dialog.grab().save(str(tmp_path / "backup-dialog.png"))
    click(dialog, "Close")
    click(window, "Restore from a backup…")
    dialog = dialog_titled("Restore from a backup")
    dialog.grab().save(str(tmp_path / "backup-restore-empty.png"))
    _answer(monkeypatch, "choose_backup_file", str(backup))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(lambda: field(dialog, "What the backup holds").isVisible(), timeout=20_000)
    settle_layout()
    dialog.grab().save(str(tmp_path / "backup-restore-preview.png"))
    _answer(monkeypatch, "confirm", True)
    click(dialog, "Replace the records with this backup")
    qtbot.waitUntil(lambda: "Restored:" in field(dialog, "Restore status").text(), timeout=20_000)
    settle_layout()
    dialog.grab().save(str(tmp_path / "backup-restore-done.png"))
    window.grab().save(str(tmp_path / "backup-window.png"))


def test_lock_while_restoring_ends_locked_on_whole_records(
    qtbot, window, ready, stick, monkeypatch
):
    from ui.core.background import all_reported, wait_for_background

    backup = _make_backup(ready, stick)
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    click(window, "Restore from a backup…")
    dialog = dialog_titled("Restore from a backup")
    _answer(monkeypatch, "choose_backup_file", str(backup))
    click(dialog, "Choose file…")
    type_into(dialog, "Passphrase", PASSPHRASE)
    click(dialog, "Check this backup")
    qtbot.waitUntil(lambda: field(dialog, "What the backup holds").isVisible(), timeout=20_000)
    _answer(monkeypatch, "confirm", True)
    click(dialog, "Replace the records with this backup")
    window.lock_now()  # Ctrl+L while the worker swaps the files
    assert gone(dialog)
    assert wait_for_background(20_000)
    qtbot.waitUntil(all_reported, timeout=5_000)  # the result is in: still locked?
    assert not ready.is_unlocked
    assert window.lock_state.text() == "Records locked"
    again = Session(ready.paths, kdf_params=lambda: FAST_FOR_TESTS)
    again.unlock(PASSPHRASE)
    assert again.require_store().check() == []
    again.lock()


def test_backups_to_keep_is_set_in_settings_too(qtbot, window, stick, monkeypatch):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    spin = field(window.settings_page, "Backups to keep")
    assert spin.value() == 5
    spin.setValue(2)
    click(window, "Save settings")
    assert window.session.settings.get("backups_keep") == 2
    for _ in range(3):
        Backups(window.session).back_up(stick)
    assert len(list_backups(stick)) == 2  # the setting rotates the folder
    click(window, "Back up now…")
    assert field(dialog_titled("Back up the records"), "Backups to keep").value() == 2

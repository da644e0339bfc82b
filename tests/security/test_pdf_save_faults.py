"""Save as PDF when the disk fills up part-way, or the final rename fails.

Through the real dialogs (Help → Print handouts…, and a concern's Referral pack…), with
the path question answered as a person would. A real temp file is written up to the
fault (tests/faults.disk_full_after) or in full (a failing `os.replace`), so these prove
the partial file is removed, not that none was made. Each time: one plain "Not saved"
box from the app's error presenter, the PDF that was at the chosen path before is
byte-for-byte the same (or there is still none), nothing else is left in the folder,
and saving again once the fault has cleared works.
"""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import atomic
from app.core.errors import SaveFailed
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    choose_tab,
    click,
    dialog_titled,
    field,
    open_dialogs,
    open_print_handouts,
    unlock_through_dialog,
)
from tests.faults import disk_full_after
from ui.core import ask
from ui.main_window import MainWindow

pytestmark = pytest.mark.slow  # fault tests

BEFORE = b"%PDF-1.4\n% the handout saved last week\n%%EOF\n"
NAME = "Kasiax Canary"
# What must never reach the person: Python's or the OS's own words.
RAW_WORDS = (
    "Traceback",
    "OSError",
    "Errno",
    "ENOSPC",
    "No space left",
    "PermissionError",
    "Permission denied",
    ".tmp",
)


@pytest.fixture
def handouts(qtbot, ready):
    window, dialog = open_print_handouts(qtbot, ready)
    assert dialog.pdf is not None
    return window, dialog


@pytest.fixture
def referral(qtbot, ready):
    concern = Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=NAME),
        computed_tier="2",
        recorder_name="Sam Volunteer",
    )
    ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    window.records_page.show_concern(concern.id)
    click(window, "Referral pack…")
    dialog = dialog_titled("Referral pack")
    assert dialog.pdf is not None
    return window, dialog, concern


def _stick(tmp_path: Path, previous: bool, name: str) -> Path:
    """A folder standing for the USB stick, with last week's PDF at the target or not."""
    folder = tmp_path / "stick"
    folder.mkdir()
    target = folder / name
    if previous:
        target.write_bytes(BEFORE)
    return target


def _answer_with(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[tuple[object, ...]]:
    asked: list[tuple[object, ...]] = []

    def choose(*args: object) -> str:
        asked.append(args)
        return str(target)

    monkeypatch.setattr(ask, "choose_pdf_path", choose)
    return asked


def _not_saved_box() -> str:
    """The one box the error presenter showed, checked and closed; its words."""
    boxes = [d for d in open_dialogs() if d.windowTitle() == SaveFailed.title]
    assert len(boxes) == 1, [d.windowTitle() for d in open_dialogs()]
    box = boxes[0]
    # Exactly show_error's layout: the message, then what to do next, and Help.
    assert box.text() == SaveFailed.message
    assert box.informativeText() == SaveFailed.next_step
    words = all_visible_text(box)
    assert "Read more in Help" in words
    for raw in RAW_WORDS:
        assert raw not in words
    box.accept()
    return f"{box.text()} {box.informativeText()}"


def _left_as_before(target: Path, previous: bool, isolated_tmp: Path) -> None:
    if previous:
        assert target.read_bytes() == BEFORE
    else:
        assert not target.exists()
    # No temp file, no partial file, nothing hidden: only what was there before.
    assert sorted(p.name for p in target.parent.iterdir()) == ([target.name] if previous else [])
    assert list(isolated_tmp.iterdir()) == []


# -- a disk that fills up part-way ------------------------------------------------------
@pytest.mark.parametrize("previous", [True, False], ids=["over-a-file", "new-file"])
@pytest.mark.parametrize("limit", [0, 1, 4096, "all but one byte"])
def test_handout_on_a_full_disk_is_not_saved_and_the_old_file_stays(
    qtbot, handouts, tmp_path, monkeypatch, isolated_tmp, limit, previous
):
    _window, dialog = handouts
    pdf = dialog.pdf
    limit = len(pdf) - 1 if not isinstance(limit, int) else limit
    assert limit < len(pdf)
    target = _stick(tmp_path, previous, "staff-guide.pdf")
    asked = _answer_with(monkeypatch, target)
    real_open = atomic._open_temp
    written = disk_full_after(monkeypatch, limit)

    click(dialog, "Save as PDF…")
    assert len(asked) == 1
    assert written[0] == limit  # the bytes up to the limit really went to a temp file
    words = _not_saved_box()
    assert "full" in words and "choose another place" in words
    _left_as_before(target, previous, isolated_tmp)
    assert "not encrypted" not in field(dialog, "Handout status").text()  # no "Saved"

    # Space freed: the same button saves the whole PDF at the same place.
    monkeypatch.setattr(atomic, "_open_temp", real_open)
    click(dialog, "Save as PDF…")
    assert [d.windowTitle() for d in open_dialogs()] == ["Print handouts"]
    assert target.read_bytes() == pdf
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    assert "not encrypted" in field(dialog, "Handout status").text()


def test_referral_pack_on_a_full_disk_is_not_saved_nor_logged_as_saved(
    qtbot, referral, tmp_path, monkeypatch, isolated_tmp
):
    window, dialog, concern = referral
    pdf = dialog.pdf
    target = _stick(tmp_path, True, "referral.pdf")
    _answer_with(monkeypatch, target)
    real_open = atomic._open_temp
    written = disk_full_after(monkeypatch, len(pdf) // 2)

    click(dialog, "Save as PDF…")
    assert written[0] == len(pdf) // 2
    words = _not_saved_box()
    assert NAME not in words and concern.id not in words and str(target) not in words
    _left_as_before(target, True, isolated_tmp)
    assert "Saved to" not in field(dialog, "Referral pack status").text()

    def exports() -> int:
        return sum(
            1
            for e in window.session.audit_events(limit=200)
            if e.event == "export" and e.subject == concern.id
        )

    assert exports() == 0  # a pack that was not saved is not logged as saved

    monkeypatch.setattr(atomic, "_open_temp", real_open)
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == pdf
    assert "Saved to" in field(dialog, "Referral pack status").text()
    assert exports() == 1


# -- the rename at the end fails ----------------------------------------------------------
@pytest.mark.parametrize("previous", [True, False], ids=["over-a-file", "new-file"])
def test_a_failed_rename_removes_the_temp_file_and_leaves_the_target(
    qtbot, handouts, tmp_path, monkeypatch, isolated_tmp, previous
):
    _window, dialog = handouts
    pdf = dialog.pdf
    target = _stick(tmp_path, previous, "staff-guide.pdf")
    _answer_with(monkeypatch, target)
    seen: list[tuple[Path, bytes]] = []

    def refuse(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        # As Windows does when the old PDF is open in a viewer.
        seen.append((Path(source), Path(source).read_bytes()))
        assert Path(destination) == target
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(destination))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", refuse)
        click(dialog, "Save as PDF…")
    # The whole PDF was in a temp file beside the target when the rename failed ...
    assert len(seen) == 1
    temp, content = seen[0]
    assert temp.parent == target.parent and temp != target and content == pdf
    # ... and that temp file is gone; the target is as it was.
    assert not temp.exists()
    words = _not_saved_box()
    assert "open in another program" in words
    _left_as_before(target, previous, isolated_tmp)

    click(dialog, "Save as PDF…")  # the rename works again
    assert target.read_bytes() == pdf
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]

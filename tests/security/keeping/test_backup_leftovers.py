"""A backup cleans up after itself and after a backup killed part-way (issue 14, item 3).

The measured loose end: a kill while the backup file was being written left its
encrypted temp file in the backup folder for good. Now each backup first removes temp
files of ours (recognised by our own name pattern only) from the folder it writes to,
and its work files from the data folder's backups/ folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping.backups import TEMP_NAME, Backups
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).parents[3]

CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from app.core.paths import resolve
    from app.keeping.backups import Backups
    from app.keys.kdf import FAST_FOR_TESTS
    from app.keys.session import Session
    session = Session(resolve(sys.argv[1]), kdf_params=lambda: FAST_FOR_TESTS)
    session.unlock(os.environ["BACKUP_SECRET"])
    print("go", flush=True)
    # Slowed down a little at each step of its progress, so the kill can land while
    # the file on the stick is being written; the kill itself is a real SIGKILL.
    Backups(session).back_up(Path(sys.argv[2]), progress=lambda f: time.sleep(0.003))
    print("done", flush=True)
""")


def _concern(n: int) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2026, 1, 10, 18, 0, tzinfo=UTC),
        young_person=YoungPerson(name=f"Young person {n}"),
        own_words="words " * 400,
    )


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_NAME.match(p.name))


def _written_temps(folder: Path) -> list[str]:
    """Temp files of ours with some of the backup already in them."""
    found = []
    for name in _temps(folder):
        try:
            if (folder / name).stat().st_size > 64 * 1024:
                found.append(name)
        except FileNotFoundError:
            continue
    return found


@pytest.mark.slow
def test_a_backup_killed_while_writing_leaves_nothing_after_the_next_backup(ready, tmp_path):
    ready.unlock(PASSPHRASE)
    for n in range(150):
        ready.save_concern_direct(_concern(n))
    ready.lock()
    stick = tmp_path / "stick"
    stick.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ready.paths.data), str(stick)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "BACKUP_SECRET": PASSPHRASE},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "go", child.stderr.read()
        deadline = time.monotonic() + 60
        while not _written_temps(stick) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.001)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=20)
    assert child.returncode == -signal.SIGKILL
    left = _temps(stick)
    assert left, "the kill did not land while the backup file was being written"
    assert os.path.getsize(stick / left[0]) > 0  # encrypted pages of the store in it

    ready.unlock(PASSPHRASE)
    report = Backups(ready).back_up(stick)
    assert sorted(stick.iterdir()) == [report.path]
    assert not list(ready.paths.backups.glob(".backup-work-*"))


def test_a_backup_removes_only_temp_files_named_as_ours(ready, tmp_path):
    ready.unlock(PASSPHRASE)
    ready.save_concern_direct(replace(_concern(1), own_words="a few words"))
    stick = tmp_path / "stick"
    stick.mkdir()
    ours = stick / ".cse-records-2026-01-01-1200.cse-backup.k2j_9xq1.tmp"
    ours.write_bytes(b"encrypted pages")
    ours_numbered = stick / ".cse-records-2026-01-01-1200-2.cse-backup.abcdefgh.tmp"
    ours_numbered.write_bytes(b"encrypted pages")
    keep = {
        "someone else's.tmp": b"x",
        ".cse-records-2026-01-01-1200.cse-backup.tmp": b"not the pattern",
        ".cse-records-notes.cse-backup.abcdefgh.tmp": b"not the pattern",
        "cse-records-2026-01-01-1200.cse-backup.abcdefgh.tmp": b"no leading dot",
    }
    for name, data in keep.items():
        (stick / name).write_bytes(data)
    target = tmp_path / "elsewhere.txt"
    target.write_text("kept")
    link = stick / ".cse-records-2026-01-01-1300.cse-backup.linklink.tmp"
    link.symlink_to(target)
    folder = stick / ".cse-records-2026-01-01-1400.cse-backup.folderxx.tmp"
    folder.mkdir()
    work = ready.paths.backups / ".backup-work-0123456789ab.db"
    work.write_bytes(b"a killed backup's work copy")

    report = Backups(ready).back_up(stick)
    assert not ours.exists() and not ours_numbered.exists()
    for name, data in keep.items():
        assert (stick / name).read_bytes() == data
    assert link.is_symlink() and target.read_text() == "kept"
    assert folder.is_dir()
    assert report.path.exists()
    assert not work.exists()

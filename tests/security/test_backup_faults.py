"""Fault tests for backups and restore: a full disk, a kill part-way through a restore,
and no record text in plaintext inside a backup file.

Kill during restore: the current records (passphrase OLD) are replaced by a backup of
another installation (passphrase NEW, another master key), so a store from one pair and
a key file from the other would not open: only a whole pair can. A child process
(tests/security/restore_child.py) restores and is SIGKILLed at moments spread over the
whole run (start-up, unlock, checking the backup, the swap, opening the result). After
each kill a new Session (which finishes or clears the swap) must find exactly one pair
that opens, with OLD or NEW, pass both integrity checks, and leave no staged file.

A failure names its seed: RESTORE_KILL_SEED=<seed> replays the same kill moments.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core import errors
from app.core.paths import resolve
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping.backups import Backups
from app.keys import swap
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from db import backups as queries
from db.store import file_problems
from tests.conftest import CONTACTS, PASSPHRASE, make_details, snapshot
from tests.faults import disk_full_after
from tests.security.restore_child import SECRET_VARIABLE, UNLOCK_VARIABLE

pytestmark = pytest.mark.slow  # kill and fault tests

ROOT = Path(__file__).parents[2]
CANARY = "Zq7CanaryBackup"
NEW_PASSPHRASE = "harbour violet saddle kettle"
KILLS = 24
SEED_VARIABLE = "RESTORE_KILL_SEED"


def _concern(tag: str, name: str = "Jade") -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2026, 1, 10, 18, 0, tzinfo=UTC),
        young_person=YoungPerson(name=f"{name} {tag}", known_as=f"JJ {tag}"),
        happened_where=f"behind the hall {tag}",
        own_words=f"he said I owe him {tag}",
        observations=f"a silver car {tag}",
    )


def _session(data: Path) -> Session:
    return Session(resolve(str(data)), kdf_params=lambda: FAST_FOR_TESTS)


# -- disk full ----------------------------------------------------------------------------
@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.7, 0.99])
def test_disk_full_during_backup(ready, tmp_path, monkeypatch, fraction):
    ready.unlock(PASSPHRASE)
    for i in range(20):
        ready.save_concern_direct(replace(_concern(f"n{i}"), observations="x" * 1500))
    stick = tmp_path / "stick"
    stick.mkdir()
    earlier = Backups(ready).back_up(stick, now=datetime(2026, 1, 1, tzinfo=UTC)).path
    before = earlier.read_bytes()
    written = disk_full_after(monkeypatch, int(len(before) * fraction))
    with pytest.raises(errors.BackupWriteFailed) as caught:
        Backups(ready).back_up(stick)
    assert "full" in caught.value.message and "No half-written backup" in caught.value.next_step
    assert written[0] == int(len(before) * fraction)  # the stick really filled part-way
    assert sorted(stick.iterdir()) == [earlier]  # no partial file, no temp file
    assert earlier.read_bytes() == before
    assert not list(ready.paths.backups.glob(".backup-work-*"))
    assert Backups(ready).last_backup().at == datetime(2026, 1, 1, tzinfo=UTC)


# -- no canary in plaintext -----------------------------------------------------------------
def test_a_backup_holds_no_record_text_in_plaintext(session, recovery_code, tmp_path):
    session.set_up(
        make_details(name=f"Club {CANARY}", lead_name=f"Sam {CANARY}"),
        PASSPHRASE,
        recovery_code,
        dict(CONTACTS),
    )
    for i in range(5):
        session.save_concern_direct(_concern(f"{CANARY} {i}", name=f"Jade{CANARY}"))
    stick = tmp_path / "stick"
    stick.mkdir()
    report = Backups(session).back_up(stick)
    raw = report.path.read_bytes()
    # The canary is really in the store (the search would find it), just never in clear.
    assert "behind the hall" in repr(session.require_store().query_all("SELECT * FROM concerns"))
    for needle in (CANARY, CANARY.lower(), CANARY.upper()):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert needle.encode(encoding) not in raw
    for plain in (b"behind the hall", b"Riverside", b"Sam ", b"Jade"):
        assert plain not in raw
    assert CANARY not in report.path.name


# -- kill during restore ----------------------------------------------------------------------
def _build(tmp_path: Path) -> tuple[Path, Path]:
    """The current records (OLD passphrase, 5 concerns) and a backup of another
    installation (NEW passphrase, 9 concerns). Returns (template data folder, backup)."""
    template = tmp_path / "template"
    current = _session(template)
    current.set_up(make_details(), PASSPHRASE, generate(), dict(CONTACTS))
    for i in range(5):
        current.save_concern_direct(_concern(f"old {i}"))
    current.lock()
    other = _session(tmp_path / "other")
    other.set_up(make_details(name="Elsewhere Club"), NEW_PASSPHRASE, generate(), dict(CONTACTS))
    for i in range(9):
        other.save_concern_direct(replace(_concern(f"new {i}"), observations="y" * 3000))
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = Backups(other).back_up(stick).path
    other.lock()
    return template, backup


def _run_child(data: Path, backup: Path, unlock_first: bool) -> subprocess.Popen[str]:
    env = {**os.environ, SECRET_VARIABLE: NEW_PASSPHRASE, "PYTHONPATH": str(ROOT)}
    if unlock_first:
        env[UNLOCK_VARIABLE] = PASSPHRASE
    return subprocess.Popen(
        [sys.executable, "-m", "tests.security.restore_child", str(data), str(backup)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _which_opens(data: Path, unlock_first: bool = False) -> str:
    """After a kill: start as the app does, and find which passphrase opens the records.
    Exactly one must; both checks must pass; nothing staged may be left."""
    session = _session(data)  # clears an uncommitted swap; a committed one waits
    paths = session.paths
    if swap.marker(paths).exists():
        # Killed after the commit point: the first unlock checks the app's own mark and
        # finishes the restore. The mark is under the backup's key, and under the old
        # records' key when the restore was started unlocked (as a lead in Settings).
        secret = PASSPHRASE if unlock_first else NEW_PASSPHRASE
        with contextlib.suppress(errors.AppError):
            session.unlock(secret)
        session.lock()
        assert session.finished_swap == "restore"
        session.throttle.clear()
    assert not swap.marker(paths).exists()
    leftovers = [
        p
        for p in paths.data.iterdir()
        if p.name.endswith((".new", ".partial"))
        or ".new." in p.name
        or p.name.startswith(".records.db")
        or p.name.startswith((".keyring.json", ".swap.json"))
    ]
    assert not leftovers, f"staged files left: {[p.name for p in leftovers]}"
    opened = []
    for name, secret in (("old", PASSPHRASE), ("new", NEW_PASSPHRASE)):
        try:
            session.unlock(secret)
        except errors.WrongPassphrase:
            continue
        concerns = queries.counts(session.require_store()).concerns
        assert session.require_store().check() == []
        key = bytes(session.require_key())
        session.lock()
        assert file_problems(paths.store, key) == []
        assert concerns == (5 if name == "old" else 9), "a mixed or partial store opened"
        opened.append(name)
        session.throttle.clear()
    assert len(opened) == 1, f"opened with {opened}"
    return opened[0]


def test_kill_during_restore_leaves_exactly_one_store_that_opens(tmp_path):
    seed = int(os.environ.get(SEED_VARIABLE, random.randrange(1 << 30)))
    rng = random.Random(seed)
    template, backup = _build(tmp_path)
    data = tmp_path / "data"

    # One run to the end, timed from "ready", to aim the kills across the whole restore.
    shutil.copytree(template, data)
    child = _run_child(data, backup, unlock_first=False)
    assert child.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    assert child.stdout.readline().strip() == "done", f"seed {seed}"
    duration = time.perf_counter() - start
    child.wait(10)
    assert _which_opens(data) == "new"

    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for run in range(KILLS):
        shutil.rmtree(data)
        shutil.copytree(template, data)
        unlock_first = run % 2 == 1
        child = _run_child(data, backup, unlock_first)
        assert child.stdout.readline().strip() == "ready", f"seed {seed}"
        # Spread over the whole run, slice by slice, jittered inside each slice.
        span = duration * (1.6 if unlock_first else 1.2)
        delay = span * (run // 2 + rng.random()) / (KILLS // 2)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert child.returncode in (-signal.SIGKILL, 0), f"seed {seed}, run {run}"
        outcomes[_which_opens(data, unlock_first)] += 1
        aside = data / "set-aside"
        if aside.exists():
            # Whatever was set aside is the old pair, whole, and opens with OLD.
            for folder in aside.iterdir():
                names = {p.name for p in folder.iterdir()}
                assert names <= {"records.db", "keyring.json"}, f"seed {seed}"
    # The kills really landed on both sides of the swap, not all before or all after.
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1, f"seed {seed}: {outcomes}"


def test_a_killed_restore_keeps_the_replaced_pair_whole(tmp_path):
    """After a completed restore the set-aside pair is the old records, and opens."""
    template, backup = _build(tmp_path)
    data = tmp_path / "data"
    shutil.copytree(template, data)
    before = snapshot(data)
    child = _run_child(data, backup, unlock_first=False)
    assert child.stdout.readline().strip() == "ready"
    assert child.stdout.readline().strip() == "done"
    child.wait(10)
    (aside,) = (data / "set-aside").iterdir()
    assert (aside / "records.db").read_bytes() == before["records.db"]
    assert (aside / "keyring.json").read_bytes() == before["keyring.json"]
    moved = tmp_path / "put back"
    moved.mkdir()
    shutil.copy(aside / "records.db", moved / "records.db")
    shutil.copy(aside / "keyring.json", moved / "keyring.json")
    again = _session(moved)
    again.unlock(PASSPHRASE)
    assert queries.counts(again.require_store()).concerns == 5
    again.lock()

"""A swap the app did not start is never finished (issue 14, item 3).

The attack measured: plant swap.json beside a store and key file of your own, and the
next start put them in place and moved the real pair to a path swap.json named. Now a
start never finishes a swap; the next unlock checks the app's own mark (an HMAC under a
master key only the app holds), finishes a proven one, and sets an unproven one aside in
the data folder, telling the lead. Driven through `python -m app` (the real start-up)
and a real Session; the app's own interrupted swaps through a real re-key and restore
stopped just after their commit point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import errors
from app.core.paths import resolve
from app.keeping.backups import Backups
from app.keys import rekey, swap
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from tests.conftest import CONTACTS, PASSPHRASE, make_details, snapshot

ROOT = Path(__file__).parents[3]
THEIRS = "the attacker's own passphrase"


def _session(data: Path) -> Session:
    return Session(resolve(str(data)), kdf_params=lambda: FAST_FOR_TESTS)


def _plant(ready: Session, tmp_path: Path, store: Path, keyring: Path) -> Path:
    """Stage `store` and `keyring` as a committed swap, as someone who can write in the
    data folder can; swap.json names a folder of their choosing. Returns that folder."""
    new = swap.staged(ready.paths)
    shutil.copy(store, new.store)
    shutil.copy(keyring, new.keyring)
    chosen = tmp_path / "attacker-chose"
    doc = {"reason": "restore", "set_aside": str(chosen), "token": "0" * 32, "marks": ["0" * 64]}
    swap.marker(ready.paths).write_text(json.dumps(doc))
    return chosen


def _their_pair(tmp_path: Path) -> tuple[Path, Path]:
    theirs = _session(tmp_path / "theirs")
    theirs.set_up(make_details(name="Attacker Club"), THEIRS, generate(), dict(CONTACTS))
    theirs.lock()
    return theirs.paths.store, theirs.paths.keyring


def _org_name(session: Session) -> str:
    return session.organisation().name


def test_the_real_start_up_never_finishes_a_planted_swap(ready, tmp_path):
    chosen = _plant(ready, tmp_path, *_their_pair(tmp_path))
    before = snapshot(ready.paths.data)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(ready.paths.data),
            "--quit-after-first-paint",
        ],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after = snapshot(ready.paths.data)
    for name in ("records.db", "keyring.json", "records.db.new", "keyring.json.new", "swap.json"):
        assert after[name] == before[name], name  # nothing moved, nothing finished
    assert not chosen.exists()


def test_a_planted_swap_is_set_aside_at_unlock_and_the_lead_is_told(ready, tmp_path):
    chosen = _plant(ready, tmp_path, *_their_pair(tmp_path))
    real = snapshot(ready.paths.data)
    again = _session(ready.paths.data)  # a start: nothing finished
    assert again.finished_swap is None
    report = again.unlock(PASSPHRASE)
    assert _org_name(again) == "Riverside Youth Club"  # the real records
    told = [n for n in report.notices if "swap.json" in n]
    assert told and "set aside" in told[0] and "did not start" in told[0]
    assert "unproven-change" in told[0]
    assert not chosen.exists()  # never a path from the file
    assert not swap.marker(again.paths).exists()
    (kept,) = (again.paths.data / "set-aside").iterdir()
    assert sorted(p.name for p in kept.iterdir()) == [
        "keyring.json.new",
        "records.db.new",
        "swap.json",
    ]
    assert (kept / "records.db.new").read_bytes() == real["records.db.new"]
    for folder in (kept, kept.parent):
        assert folder.stat().st_mode & 0o777 == 0o700
    row = again.require_store().query_one(
        "SELECT detail FROM audit_log WHERE event = 'unlock' ORDER BY seq DESC LIMIT 1"
    )
    assert json.loads(row[0])["self_checks"] == ["swap-set-aside"]
    again.lock()
    assert again.unlock(PASSPHRASE).notices == ()  # told once
    again.lock()
    with pytest.raises(errors.WrongPassphrase):
        again.unlock(THEIRS)  # their pair never took the real one's place


def test_a_planted_rollback_to_an_older_copy_of_the_real_pair_is_set_aside(ready, tmp_path):
    # An older copy of the real records and key file (from a stick, say): the lead's own
    # passphrase opens it, but the mark cannot be made without the master key.
    old = tmp_path / "older copy"
    shutil.copytree(ready.paths.data, old)
    ready.unlock(PASSPHRASE)
    from datetime import UTC, datetime

    from app.intake.concern.model import Concern, YoungPerson
    from app.intake.concern.reference import new_reference

    ready.save_concern_direct(
        Concern(
            id=new_reference(),
            checklist_version=1,
            created_at=datetime.now(UTC),
            young_person=YoungPerson(name="Newer"),
            own_words="words",
        )
    )
    ready.lock()
    _plant(ready, tmp_path, old / "records.db", old / "keyring.json")
    again = _session(ready.paths.data)
    report = again.unlock(PASSPHRASE)
    assert any("swap.json" in n for n in report.notices)
    assert again.require_store().query_one("SELECT count(*) FROM concerns")[0] == 1


def _stop_after_commit_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a kill straight after swap.json is written: nothing renamed yet."""

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(swap, "_roll_forward", killed)


def test_the_apps_own_rekey_interrupted_after_its_commit_point_is_finished(ready, monkeypatch):
    ready.unlock(PASSPHRASE)
    code = generate()
    _stop_after_commit_point(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        rekey.rekey(ready, PASSPHRASE, {}, recovery_code=code)
    monkeypatch.undo()
    assert swap.marker(ready.paths).exists()
    again = _session(ready.paths.data)
    assert swap.marker(ready.paths).exists()  # a start leaves it for the unlock to check
    report = again.unlock(PASSPHRASE)
    assert again.finished_swap == "rekey"
    assert any("re-key" in n and "finished" in n for n in report.notices)
    assert not swap.marker(ready.paths).exists()
    assert not any(p.exists() for p in swap.staged(ready.paths))
    again.lock()
    assert again.unlock(code, recovery=True).role == "recovery"  # the new key is the key


def test_the_apps_own_restore_interrupted_after_its_commit_point_is_finished(
    ready, tmp_path, monkeypatch
):
    ready.unlock(PASSPHRASE)
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = Backups(ready).back_up(stick).path
    plan = Backups(ready).inspect(backup, PASSPHRASE)
    _stop_after_commit_point(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        Backups(ready).restore(plan)
    monkeypatch.undo()
    again = _session(ready.paths.data)
    report = again.unlock(PASSPHRASE)
    assert again.finished_swap == "restore"
    assert any("restore" in n and "finished" in n for n in report.notices)
    (aside,) = (ready.paths.data / "set-aside").iterdir()
    assert sorted(p.name for p in aside.iterdir()) == ["keyring.json", "records.db"]
    for folder in (aside, aside.parent):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_a_restore_keeps_the_replaced_records_in_an_owner_only_set_aside(ready, tmp_path):
    ready.unlock(PASSPHRASE)
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = Backups(ready).back_up(stick).path
    report = Backups(ready).restore(Backups(ready).inspect(backup, PASSPHRASE))
    assert report.set_aside is not None and report.set_aside.parent.name == "set-aside"
    for folder in (report.set_aside, report.set_aside.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, oct(folder.stat().st_mode)


def test_an_interrupted_restore_of_a_backup_with_other_secrets_says_which_to_use(
    ready, tmp_path, monkeypatch
):
    other = _session(tmp_path / "elsewhere")
    other.set_up(make_details(name="Elsewhere Club"), THEIRS, generate(), dict(CONTACTS))
    stick = tmp_path / "stick"
    stick.mkdir()
    backup = Backups(other).back_up(stick).path
    other.lock()
    ready.unlock(PASSPHRASE)
    plan = Backups(ready).inspect(backup, THEIRS)
    _stop_after_commit_point(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        Backups(ready).restore(plan)
    monkeypatch.undo()
    again = _session(ready.paths.data)
    # The old passphrase proves the swap (the mark under the old key) and finishes it;
    # the restored records open with the backup's own secrets, and the lead is told so.
    with pytest.raises(errors.AppError) as caught:
        again.unlock(PASSPHRASE)
    assert "restore" in caught.value.message and "that opened that backup" in caught.value.next_step
    assert not again.paths.unlock_failures.exists()
    # Said once: from then on a wrong passphrase is a wrong passphrase, and counted.
    with pytest.raises(errors.WrongPassphrase):
        again.unlock(PASSPHRASE)
    assert again.throttle.current().count == 1
    report = again.unlock(THEIRS)
    assert _org_name(again) == "Elsewhere Club"
    assert any("restore" in n and "finished" in n for n in report.notices)


@pytest.mark.parametrize("marker", ["not-ascii-marks", "pipe", "folder", "huge"])
def test_a_marker_that_is_not_ours_in_shape_never_stops_an_unlock(ready, tmp_path, marker):
    import threading

    _plant(ready, tmp_path, *_their_pair(tmp_path))
    mark = swap.marker(ready.paths)
    mark.unlink()
    if marker == "not-ascii-marks":
        mark.write_text(json.dumps({"reason": "rekey", "marks": ["é" * 64, 5, None]}))
    elif marker == "pipe":
        os.mkfifo(mark)  # reading it would wait for ever
    elif marker == "folder":
        mark.mkdir()
    else:
        mark.write_bytes(b'{"reason": "' + b"x" * (2 * 1024 * 1024) + b'"}')
    again = _session(ready.paths.data)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(again.unlock(PASSPHRASE)), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the unlock hung"
    assert result, "the unlock raised"
    assert any("swap.json" in n for n in result[0].notices)
    assert _org_name(again) == "Riverside Youth Club"
    assert not swap.marker(ready.paths).exists() and not swap.marker(ready.paths).is_symlink()

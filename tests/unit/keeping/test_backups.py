"""Backups and restore through the core (app/keeping/backups.py), on real SQLCipher files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core import errors
from app.core.paths import resolve
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping.backups import NAME, Backups, list_backups, read_manifest
from app.keys import swap
from app.keys.accounts import Accounts
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.keyring import Keyring
from app.keys.session import Session
from db import backups as queries
from db.store import Store
from db.store import in_use as store_in_use
from tests.conftest import CONTACTS, PASSPHRASE, make_details, snapshot

ROOT = Path(__file__).resolve().parents[3]


def concern(tag: str = "x") -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2026, 1, 10, 18, 0, tzinfo=UTC),
        young_person=YoungPerson(name=f"Jade {tag}"),
        happened_where="behind the hall",
        own_words=f"he said I owe him {tag}",
    )


@pytest.fixture
def unlocked(ready):
    ready.unlock(PASSPHRASE)
    for tag in ("a", "b", "c"):
        ready.save_concern_direct(concern(tag))
    return ready


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "usb stick"
    folder.mkdir()
    return folder


def counts(session: Session) -> tuple[int, int]:
    found = queries.counts(session.require_store())
    return found.concerns, found.young_people


def fresh_pc(tmp_path: Path, name: str = "new pc") -> Session:
    """A brand-new install: an empty data folder, nothing set up."""
    return Session(resolve(str(tmp_path / name)), kdf_params=lambda: FAST_FOR_TESTS)


# -- backing up ----------------------------------------------------------------------------
def test_a_backup_is_one_checked_file_with_no_name_in_it(unlocked, stick):
    steps: list[float] = []
    report = Backups(unlocked).back_up(stick, steps.append)
    assert [p.name for p in stick.iterdir()] == [report.path.name]
    assert NAME.match(report.path.name)
    assert (report.concerns, report.young_people) == (3, 3)
    assert steps == sorted(steps) and steps[-1] == 1.0 and len(steps) > 2
    with zipfile.ZipFile(report.path) as archive:
        assert sorted(archive.namelist()) == ["keyring.json", "manifest.json", "records.db"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        doc = json.loads(archive.read("manifest.json"))
        # The key file as it is, without the names of who can unlock (a stick gets lost).
        live = Keyring.from_bytes(unlocked.paths.keyring.read_bytes())
        assert any(slot.name for slot in live.slots)
        assert archive.read("keyring.json") == live.without_names().to_bytes()
        assert b"Sam Okafor" not in archive.read("keyring.json")
    assert doc["format"] == "cse-toolkit-backup" and doc["version"] == 1
    assert set(doc) == {
        "format",
        "version",
        "created_at",
        "schema_version",
        "organisation_id",
        "sha256",
    }  # no names, no counts
    assert datetime.fromisoformat(doc["created_at"]).utcoffset() == timedelta(0)
    # Nothing left in the work folder, and the time is kept inside the store.
    assert not list(unlocked.paths.backups.glob(".backup-work-*"))
    last = Backups(unlocked).last_backup()
    assert last.at == report.made_at and last.folder == str(stick)
    assert not Backups(unlocked).reminder_due()
    events = unlocked.require_store().query_all(
        "SELECT detail FROM audit_log WHERE event = 'backup'"
    )
    assert [json.loads(r[0]) for r in events] == [
        {"concerns": 3, "young_people": 3, "removed": 0, "verified": True}
    ]


def test_the_reminder_is_due_with_no_backup_or_an_old_one(unlocked, stick):
    backups = Backups(unlocked)
    assert backups.reminder_due()
    report = backups.back_up(stick)
    assert not backups.reminder_due(report.made_at + timedelta(days=6))
    assert backups.reminder_due(report.made_at + timedelta(days=8))


def test_rotation_keeps_the_newest_and_never_touches_other_files(unlocked, stick):
    unlocked.save_settings({"backups_keep": 2})
    other = stick / "holiday photos.zip"
    other.write_bytes(b"PK not ours")
    lookalike = stick / "cse-records-2020-01-01-0000.cse-backup"
    lookalike.write_bytes(b"not a backup at all")
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    made = [Backups(unlocked).back_up(stick, now=start + timedelta(hours=i)).path for i in range(4)]
    assert sorted(list_backups(stick)) == sorted((p, read_manifest(p)) for p in made[2:])
    assert not made[0].exists() and not made[1].exists()
    assert other.read_bytes() == b"PK not ours"
    assert lookalike.read_bytes() == b"not a backup at all"


def test_rotation_leaves_another_organisations_backups(unlocked, stick, tmp_path):
    elsewhere = fresh_pc(tmp_path, "other org")
    from app.keys.recovery_code import generate

    elsewhere.set_up(make_details(name="Other Club"), PASSPHRASE, generate(), dict(CONTACTS))
    theirs = Backups(elsewhere).back_up(stick, now=datetime(2025, 1, 1, tzinfo=UTC)).path
    elsewhere.lock()
    unlocked.save_settings({"backups_keep": 1})
    for day in (2, 3):
        Backups(unlocked).back_up(stick, now=datetime(2026, 1, day, tzinfo=UTC))
    assert theirs.exists()
    assert len(list_backups(stick)) == 2


def test_two_backups_in_one_minute_get_two_names(unlocked, stick):
    when = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    first = Backups(unlocked).back_up(stick, now=when).path
    second = Backups(unlocked).back_up(stick, now=when).path
    assert first != second and first.exists() and second.exists()


def test_no_backup_from_a_store_that_fails_its_checks(unlocked, stick, monkeypatch):
    store = unlocked.require_store()
    monkeypatch.setattr(type(store), "check", lambda self: ["page 7: HMAC failed"])
    with pytest.raises(errors.BackupRefused):
        Backups(unlocked).back_up(stick)
    assert list(stick.iterdir()) == []
    assert not list(unlocked.paths.backups.glob(".backup-work-*"))


def test_a_store_damaged_on_disk_while_open_is_refused(ready, stick):
    """Real damage: pages overwritten on disk under the open store (a failing disk).
    The checks read the file itself, so they find it, and nothing is written."""
    ready.unlock(PASSPHRASE)
    for i in range(40):
        ready.save_concern_direct(replace(concern(f"pad {i}"), observations="x" * 2000))
    size = ready.paths.store.stat().st_size
    with ready.paths.store.open("r+b") as raw:
        for offset in range(4096 * 3 + 100, size - 4096, 4096 * 4):
            raw.seek(offset)
            raw.write(b"\x00" * 16)
    with pytest.raises(errors.BackupRefused):
        Backups(ready).back_up(stick)
    assert list(stick.iterdir()) == []
    assert not list(ready.paths.backups.glob(".backup-work-*"))


def test_a_backup_needs_a_lead(ready, stick):
    with pytest.raises(errors.Locked):
        Backups(ready).back_up(stick)
    ready.unlock(PASSPHRASE)
    Accounts(ready).add(
        "trustee", "Terry Trust", "violet window anchor moss", "violet window anchor moss"
    )
    ready.lock()
    ready.unlock("violet window anchor moss")
    with pytest.raises(errors.LeadOnly):
        Backups(ready).back_up(stick)
    assert list(stick.iterdir()) == []


def test_a_missing_folder_is_a_clear_message(unlocked, tmp_path):
    with pytest.raises(errors.BackupFolderProblem):
        Backups(unlocked).back_up(tmp_path / "unplugged")


def test_a_backup_that_reads_back_wrong_is_removed(unlocked, stick, monkeypatch):
    """Verification really compares: a copy that loses a concern is caught and removed."""
    from app.keeping import backups as module

    real = module._write_zip

    def lossy(fh, copy, *args):
        with Store.open(copy, unlocked.require_key()) as shadow, shadow.transaction():
            shadow.execute("DELETE FROM concern_indicators")
            shadow.execute("DELETE FROM subjects")
            shadow.execute("DELETE FROM concerns WHERE rowid = (SELECT max(rowid) FROM concerns)")
        real(fh, copy, *args)

    earlier = Backups(unlocked).back_up(stick, now=datetime(2026, 1, 1, tzinfo=UTC)).path
    before = earlier.read_bytes()
    monkeypatch.setattr(module, "_write_zip", lossy)
    with pytest.raises(errors.BackupNotVerified):
        Backups(unlocked).back_up(stick)
    assert list(stick.iterdir()) == [earlier] and earlier.read_bytes() == before


# -- restoring -----------------------------------------------------------------------------
def test_round_trip_onto_a_new_pc(unlocked, stick, tmp_path):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    pc = fresh_pc(tmp_path)
    assert pc.setup_state().value == "new"
    plan = Backups(pc).inspect(report.path, PASSPHRASE)
    assert (plan.preview.concerns, plan.preview.young_people) == (3, 3)
    assert plan.preview.organisation_name == "Riverside Youth Club"
    assert plan.preview.made_at == report.made_at
    done = Backups(pc).restore(plan)
    assert done.set_aside is None  # nothing was there to keep
    assert pc.is_unlocked and pc.account_name == "Sam Okafor"
    assert counts(pc) == (3, 3)
    assert pc.settings.get("area") == "northamptonshire"
    assert pc.settings.get("lead_phone") == "01604 555 0101"
    assert pc.settings.get("duty_team_phone")  # filled from the area on a new PC
    assert done.filled_numbers
    events = [
        r[0] for r in pc.require_store().query_all("SELECT event FROM audit_log ORDER BY seq")
    ]
    assert events[-1] == "restore"
    pc.lock()
    # It is an ordinary installation from now on.
    again = Session(pc.paths, kdf_params=lambda: FAST_FOR_TESTS)
    again.unlock(PASSPHRASE)
    assert counts(again) == (3, 3)
    assert not list(pc.paths.data.glob("*.new*")) and not swap.marker(pc.paths).exists()
    again.lock()


def test_restore_over_newer_records_keeps_them_aside(unlocked, stick):
    report = Backups(unlocked).back_up(stick)
    unlocked.save_concern_direct(concern("after the backup"))
    assert counts(unlocked) == (4, 4)
    old_store = unlocked.paths.store.read_bytes()
    plan = Backups(unlocked).inspect(report.path, PASSPHRASE)
    done = Backups(unlocked).restore(plan)
    assert counts(unlocked) == (3, 3)
    assert done.set_aside is not None
    kept = done.set_aside / "records.db"
    assert kept.exists() and (done.set_aside / "keyring.json").exists()
    # The set-aside pair is the one that was replaced, byte for byte (it was closed first).
    assert len(kept.read_bytes()) >= len(old_store) - 4096 * 4


def test_restore_with_the_recovery_code(unlocked, stick, recovery_code):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    plan = Backups(unlocked).inspect(report.path, recovery_code.lower(), recovery=True)
    assert plan.preview.method == "recovery"
    Backups(unlocked).restore(plan)
    assert unlocked.is_unlocked and unlocked.account is None  # as with the recovery code


def test_old_passphrase_opens_a_backup_made_before_it_changed(unlocked, stick, tmp_path):
    report = Backups(unlocked).back_up(stick)
    # The lead changes passphrase later: simulated by a new lead slot and the old one gone.
    from app.keys.keyring import ACCOUNT, Keyring, Slot

    keyring = Keyring.load(unlocked.paths.keyring)
    old = keyring.slots_of(ACCOUNT)[0]
    new = Slot(old.id, ACCOUNT, FAST_FOR_TESTS, *_rewrap("a new passphrase here", unlocked))
    keyring.slots = [new if s is old else s for s in keyring.slots]
    keyring.save(unlocked.paths.keyring)
    unlocked.lock()
    pc = fresh_pc(tmp_path)
    with pytest.raises(errors.BackupWrongSecret):
        Backups(pc).inspect(report.path, "a new passphrase here")
    plan = Backups(pc).inspect(report.path, PASSPHRASE)
    plan.discard()


def _rewrap(secret: str, session: Session) -> tuple[bytes, bytes]:
    from app.keys.keyring import Slot

    made = Slot.make("account", secret, session.require_key(), FAST_FOR_TESTS)
    return made.salt, made.wrapped


def test_wrong_secret_changes_nothing(unlocked, stick, recovery_code):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    before = snapshot(unlocked.paths.data)
    with pytest.raises(errors.BackupWrongSecret):
        Backups(unlocked).inspect(report.path, "not the passphrase at all")
    from app.keys.recovery_code import generate

    with pytest.raises(errors.BackupWrongSecret):
        Backups(unlocked).inspect(report.path, generate(), recovery=True)  # another code
    with pytest.raises(errors.RecoveryCodeMistyped):
        Backups(unlocked).inspect(report.path, "nonsense", recovery=True)
    assert snapshot(unlocked.paths.data) == before
    # And the backup is still good.
    Backups(unlocked).inspect(report.path, PASSPHRASE).discard()
    assert snapshot(unlocked.paths.data) == before


def test_a_file_that_is_not_a_backup_changes_nothing(ready, tmp_path):
    before = snapshot(ready.paths.data)
    for name, data in (
        ("notes.txt", b"hello"),
        ("empty.cse-backup", b""),
        ("photo.zip", _zip({"a.jpg": b"\xff\xd8"})),
        ("records.db", ready.paths.store.read_bytes()),
        ("cse-records-2026-01-01-0000.cse-backup", _zip({"manifest.json": b'{"format":1}'})),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(errors.NotABackup):
            Backups(ready).inspect(path, PASSPHRASE)
    with pytest.raises(errors.NotABackup):
        Backups(ready).inspect(tmp_path / "folder-not-file", PASSPHRASE)
    assert snapshot(ready.paths.data) == before


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rewrite_member(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = change(members[name])
    path.write_bytes(_zip(members))


def test_a_damaged_backup_is_a_clear_message_and_changes_nothing(unlocked, stick):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    before = snapshot(unlocked.paths.data)
    flipped = stick / "flipped.cse-backup"
    flipped.write_bytes(report.path.read_bytes())
    _rewrite_member(flipped, "records.db", lambda b: b[:9000] + bytes([b[9000] ^ 1]) + b[9001:])
    with pytest.raises(errors.BackupDamaged):
        Backups(unlocked).inspect(flipped, PASSPHRASE)
    bad_keyring = stick / "bad-keyring.cse-backup"
    bad_keyring.write_bytes(report.path.read_bytes())
    _rewrite_member(bad_keyring, "keyring.json", lambda b: b[: len(b) // 2])
    with pytest.raises(errors.BackupDamaged):
        Backups(unlocked).inspect(bad_keyring, PASSPHRASE)
    cut = stick / "cut.cse-backup"
    cut.write_bytes(report.path.read_bytes()[:-5000])
    with pytest.raises((errors.NotABackup, errors.BackupDamaged)):
        Backups(unlocked).inspect(cut, PASSPHRASE)
    assert snapshot(unlocked.paths.data) == before


def test_a_backup_whose_records_fail_their_checks_is_refused(unlocked, stick):
    """Hashes made to match a damaged copy: the integrity checks still catch it."""
    import hashlib

    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    before = snapshot(unlocked.paths.data)
    with zipfile.ZipFile(report.path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    db = bytearray(members["records.db"])
    db[4096 * 2 + 500] ^= 0xFF
    members["records.db"] = bytes(db)
    doc = json.loads(members["manifest.json"])
    doc["sha256"]["records.db"] = hashlib.sha256(db).hexdigest()
    members["manifest.json"] = json.dumps(doc).encode()
    forged = stick / "forged.cse-backup"
    forged.write_bytes(_zip(members))
    with pytest.raises(errors.BackupDamaged):
        Backups(unlocked).inspect(forged, PASSPHRASE)
    assert snapshot(unlocked.paths.data) == before


def test_a_discarded_plan_leaves_nothing_behind(unlocked, stick):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    before = snapshot(unlocked.paths.data)
    plan = Backups(unlocked).inspect(report.path, PASSPHRASE)
    assert snapshot(unlocked.paths.data) != before  # the checked copy waits beside the store
    plan.discard()
    assert snapshot(unlocked.paths.data) == before
    assert not any(plan._key)  # the backup's key is zeroed
    with pytest.raises(errors.AppError):
        Backups(unlocked).restore(plan)


def test_a_plan_left_by_a_kill_is_cleared_at_the_next_start(unlocked, stick):
    report = Backups(unlocked).back_up(stick)
    unlocked.lock()
    before = snapshot(unlocked.paths.data)
    Backups(unlocked).inspect(report.path, PASSPHRASE)  # never restored nor discarded
    Session(unlocked.paths, kdf_params=lambda: FAST_FOR_TESTS)
    assert snapshot(unlocked.paths.data) == before


def test_restore_is_refused_while_another_copy_has_the_records_open(ready, stick, tmp_path):
    ready.unlock(PASSPHRASE)
    report = Backups(ready).back_up(stick)
    ready.lock()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(ready.paths.data), PASSPHRASE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        assert store_in_use(ready.paths.store)
        plan = Backups(ready).inspect(report.path, PASSPHRASE)
        with pytest.raises(errors.StoreInUse):
            Backups(ready).restore(plan)
        plan.discard()
        assert not swap.marker(ready.paths).exists()
        assert not any(p.exists() for p in swap.staged(ready.paths))
    finally:
        holder.kill()
        holder.wait()
    assert not store_in_use(ready.paths.store)


HOLD_OPEN = """
import sys, time
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.keyring import Keyring
from app.core.paths import resolve
from app.keys.session import Session
s = Session(resolve(sys.argv[1]), kdf_params=lambda: FAST_FOR_TESTS)
s.unlock(sys.argv[2])
print("open", flush=True)
time.sleep(60)
"""


def test_an_older_backup_is_brought_up_to_date_on_restore(unlocked, stick, tmp_path):
    """A backup made by an older version (schema 8, before the backups table) previews
    as it is and is migrated as the restored store opens."""
    from app.keeping import backups as module
    from app.keys.keyring import ACCOUNT, Keyring
    from db import migrate
    from db import organisation as org_queries

    live = unlocked.require_store()
    key = bytes(unlocked.require_key())
    keyring_bytes = unlocked.paths.keyring.read_bytes()
    keyring = Keyring.from_bytes(keyring_bytes)
    public, private = org_queries.load_org_keys(live)
    v8 = tmp_path / "v8.db"
    with Store.create(v8, key, target_version=8) as old, old.transaction():
        # Written as schema 8 had it (today's query names columns added since).
        old.execute(
            "INSERT INTO organisation (id, name, area, lead_name, created_at) "
            "VALUES (1, 'Old Club', 'northamptonshire', 'Sam Okafor', '2025-01-01')"
        )
        old.execute(
            "INSERT INTO accounts (slot_id, display_name, role, created_at) "
            "VALUES (?, 'Sam Okafor', 'lead', '2025-01-01')",
            (keyring.slots_of(ACCOUNT)[0].id,),
        )
        org_queries.save_org_keys(old, public, private, "2025-01-01")
    made = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
    path = stick / "cse-records-2025-06-01-1100.cse-backup"
    hashes = {"keyring.json": __import__("hashlib").sha256(keyring_bytes).hexdigest()}
    with path.open("wb") as fh:
        module._write_zip(
            fh,
            v8,
            keyring_bytes,
            hashes,
            made,
            8,
            module._key_id(keyring.org_public_key),
            lambda _f: None,
        )
    unlocked.lock()
    pc = fresh_pc(tmp_path)
    plan = Backups(pc).inspect(path, PASSPHRASE)
    assert plan.preview.schema_version == 8 and plan.preview.organisation_name == "Old Club"
    Backups(pc).restore(plan)
    assert pc.require_store().schema_version == migrate.latest(migrate.load())
    assert pc.account_name == "Sam Okafor"
    assert Backups(pc).last_backup().at == made  # the backup restored from
    pc.lock()


@pytest.mark.slow  # a lock at five moments mid-backup
@pytest.mark.parametrize("delay", [0.0, 0.002, 0.005, 0.01, 0.03])
def test_a_lock_during_a_backup_stops_it_safely(unlocked, stick, delay):
    """The backup reads the session's connection off the GUI thread; a lock (Ctrl+L, the
    idle lock) closes that connection. Store.close() must stop the work and wait for it
    (closing under a running statement crashes the process), and nothing half-made may
    be left on the stick."""
    import threading
    import time

    for n in range(300):  # big enough that the check and the copy take a while
        unlocked.save_concern_direct(concern(f"bulk{n}"))
    out: dict[str, object] = {}

    def job() -> None:
        try:
            out["report"] = Backups(unlocked).back_up(stick)
        except Exception as exc:  # handed back to the test
            out["error"] = exc

    worker = threading.Thread(target=job)
    worker.start()
    time.sleep(delay)
    unlocked.lock()
    worker.join(timeout=30)
    assert not worker.is_alive()
    if "error" in out:
        assert isinstance(out["error"], (errors.BackupInterrupted, errors.Locked)), out["error"]
        assert list_backups(stick) == []
    else:  # it finished before the lock took the store
        assert len(list_backups(stick)) == 1
    assert [p.name for p in stick.iterdir() if not NAME.match(p.name)] == []
    unlocked.unlock(PASSPHRASE)
    assert unlocked.require_store().check() == []

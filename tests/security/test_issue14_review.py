"""Adversarial review of issue 14 as merged: where the four parts meet.

Each test is an attack by the person the design names (someone who can write files in
the data folder or a shared letterbox folder), or an unlucky lead; real store, real key
file, real letters.
"""

from __future__ import annotations

import base64
import json
import os

import nacl.public
import pytest

from app.core import errors
from app.intake import stations
from app.keeping.backups import Backups
from app.keys import audit
from app.keys.accounts import Accounts
from app.keys.key_words import phrase_or_blank
from app.keys.keyring import Keyring
from db import organisation as org_queries
from tests.conftest import PASSPHRASE
from tests.letters import letters_in
from tests.stations import concern, enrolment_for, make_old, make_station

DEPUTY = "purple walrus anthem kite"


# -- a station shows the words of the key it really seals to ----------------------------
def test_a_station_shows_the_words_of_the_key_it_seals_to_not_the_words_on_file(ready, tmp_path):
    """The attacker rewrites station-key.json with their key and the pin in station.json
    (both plain files in the station's data folder), leaving the organisation's words.
    The volunteer checks the words on screen against the poster: they must be the words
    of the key the letter is sealed to, else the check passes while the attacker reads."""
    shared = tmp_path / "shared"
    stations.make_shared_folder(shared)
    real_words = phrase_or_blank(Keyring.load(ready.paths.keyring).org_public_key)
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))

    attacker = nacl.public.PrivateKey.generate()
    key_file = office.paths.data / stations.STATION_KEY_FILE
    doc = json.loads(key_file.read_text())
    doc["public_key"] = base64.b64encode(bytes(attacker.public_key)).decode()
    key_file.write_text(json.dumps(doc))
    station_doc = json.loads(office.paths.station.read_text())
    station_doc["pinned"] = stations.key_digest(bytes(attacker.public_key))
    office.paths.station.write_text(json.dumps(station_doc))

    attacker_words = phrase_or_blank(bytes(attacker.public_key))
    assert office.letterbox_words() == attacker_words != real_words
    office.seal_concern(concern("office"))
    assert office.last_sealed_words == attacker_words


# -- restore never leaves a key file whose public key is not the store's -----------------
def test_a_restore_never_puts_a_wrong_public_key_in_place(ready, tmp_path):
    """keyring.json swapped while the lead is unlocked is what the backup copies; the
    restore put that key in place and pinned it, so volunteers sealed to the attacker
    until the next unlock. The restored key file must carry the store's public key."""
    ready.unlock(PASSPHRASE)
    real = Keyring.load(ready.paths.keyring).org_public_key
    attacker = nacl.public.PrivateKey.generate()
    doc = json.loads(ready.paths.keyring.read_bytes())
    doc["org_public_key"] = base64.b64encode(bytes(attacker.public_key)).decode()
    ready.paths.keyring.write_text(json.dumps(doc))

    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    plan = Backups(ready).inspect(made.path, PASSPHRASE)
    Backups(ready).restore(plan)
    assert ready.is_unlocked
    keys = org_queries.load_org_keys(ready.require_store())
    assert keys is not None and keys[0] == real
    assert Keyring.load(ready.paths.keyring).org_public_key == real


# -- the Unlock dialog's list with the chosen account's slot damaged ---------------------
def _damage_wrapped_key(session, name: str) -> None:
    doc = json.loads(session.paths.keyring.read_bytes())
    for raw in doc["slots"]:
        if raw.get("name") == name:
            raw["wrapped_key"] = "AAAA"
    session.paths.keyring.write_text(json.dumps(doc))


def test_an_account_whose_slot_is_damaged_is_still_listed_and_never_a_wrong_try(ready):
    """With the lead's own slot damaged (its name still readable), the list left the
    lead out: the lead could only pick someone else's name and be told "wrong
    passphrase", counted towards the lock-out delay."""
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.lock()
    _damage_wrapped_key(ready, "Sam Okafor")

    choices = ready.unlock_choices()
    lead = [c for c in choices if c.name == "Sam Okafor"]
    assert lead, [c.name for c in choices]
    with pytest.raises(errors.KeySlotDamaged) as refused:
        ready.unlock(PASSPHRASE, slot_id=lead[0].slot_id)
    assert "this account" in refused.value.message
    assert ready.throttle.current().count == 0


def test_a_slot_damaged_past_its_name_leaves_a_choice_that_is_never_a_wrong_try(ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.lock()
    doc = json.loads(ready.paths.keyring.read_bytes())
    for raw in doc["slots"]:
        if raw.get("name") == "Sam Okafor":
            raw["kdf"] = "cut"
            raw.pop("name")
    ready.paths.keyring.write_text(json.dumps(doc))

    choices = ready.unlock_choices()
    assert [c.name for c in choices if c.slot_id] == ["Dee Deputy"]
    unnamed = [c for c in choices if c.slot_id is None]
    assert unnamed  # "Someone not listed here"
    with pytest.raises(errors.KeySlotDamaged):
        ready.unlock(PASSPHRASE, slot_id=None)
    assert ready.throttle.current().count == 0


# -- the quarantine folder of a shared letterbox -----------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="symlinks made by any account: POSIX")
def test_a_planted_quarantine_link_never_takes_letters_out_of_the_letterbox(ready, tmp_path):
    """A volunteer makes `quarantine` in the shared folder a link to a folder of their
    own; letters that do not open (those sealed to a swapped key: the evidence) were
    moved through it, out of the sticky folder, where that volunteer can delete them."""
    shared = tmp_path / "shared"
    stations.make_shared_folder(shared)
    ready.save_settings({"letterbox_folders": [str(shared)]})
    theirs = tmp_path / "attackers-own"
    theirs.mkdir()
    (shared / "quarantine").symlink_to(theirs, target_is_directory=True)
    bad = shared / "20260101T000000000000Z-0123456789abcdef.letter"
    bad.write_bytes(b"not a sealed letter" * 10)
    make_old(bad)

    ready.unlock(PASSPHRASE)
    assert list(theirs.iterdir()) == []
    assert letters_in(shared) == [bad]


# -- keyring.json that is not a file -----------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX")
def test_a_fifo_at_the_key_file_is_damage_never_a_hang(ready):
    """A pipe at keyring.json made the Unlock dialog's list (read on the GUI thread) and
    the unlock wait for ever for a writer: the lead saw a frozen window, not the way
    out (restore a backup). A writer turns up after 3 s here so the test cannot hang."""
    import threading
    import time

    ready.paths.keyring.unlink()
    os.mkfifo(ready.paths.keyring)

    def late_writer(done: threading.Event) -> None:
        if done.wait(3):
            return
        try:  # no reader any more (the fix): nothing to unblock
            fd = os.open(ready.paths.keyring, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        os.close(fd)

    for attempt in (ready.unlock_choices, lambda: ready.unlock(PASSPHRASE)):
        done = threading.Event()
        writer = threading.Thread(target=late_writer, args=(done,), daemon=True)
        writer.start()
        started = time.monotonic()
        with pytest.raises(errors.KeyringDamaged):
            attempt()
        assert time.monotonic() - started < 2
        done.set()  # the writer only guards against a hang: stop it now
        writer.join()
    assert ready.throttle.current().count == 0


def test_a_giant_key_file_is_refused_before_it_is_read_into_memory(ready):
    with ready.paths.keyring.open("r+b") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: costs the disk nothing
    with pytest.raises(errors.KeyringDamaged) as refused:
        ready.unlock(PASSPHRASE)
    assert "too large" in refused.value.message


# -- the list of letterbox folders lives in settings.json, outside the store --------------
def test_a_shared_folder_dropped_from_settings_json_is_noticed(ready, tmp_path):
    shared = tmp_path / "shared"
    stations.make_shared_folder(shared)
    ready.unlock(PASSPHRASE)  # Settings, Letterbox folders: the lead, unlocked
    ready.save_settings({"letterbox_folders": [str(shared)]})
    ready.lock()
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))
    office.seal_concern(concern("office"))

    doc = json.loads(ready.paths.settings.read_text())
    doc["letterbox_folders"] = []
    ready.paths.settings.write_text(json.dumps(doc))
    fresh = type(ready)(ready.paths, kdf_params=ready._kdf_params)  # the next start
    report = fresh.unlock(PASSPHRASE)
    fresh.lock()
    assert report.imported == 1  # the station's concern still reached the lead
    assert any("letterbox folders in settings.json was changed" in n for n in report.notices)
    assert json.loads(ready.paths.settings.read_text())["letterbox_folders"] == [str(shared)]
    assert not fresh.unlock(PASSPHRASE).notices  # put back once, then quiet
    fresh.lock()


# -- set-aside/ is the app's own folder ------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="symlinks made by any account: POSIX")
def test_a_restore_never_moves_the_records_it_replaces_through_a_planted_link(ready, tmp_path):
    """`set-aside` made a link to a folder of the attacker's choosing (a synced folder,
    a stick): the restore moved the records and key file it replaces there."""
    ready.unlock(PASSPHRASE)
    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    theirs = tmp_path / "attackers-own"
    theirs.mkdir()
    aside = ready.paths.data / "set-aside"
    if aside.exists():
        aside.rmdir()
    aside.symlink_to(theirs, target_is_directory=True)

    plan = Backups(ready).inspect(made.path, PASSPHRASE)
    done = Backups(ready).restore(plan)
    assert list(theirs.rglob("*")) == []
    real = ready.paths.data / "set-aside"
    assert real.is_dir() and not real.is_symlink()
    assert done.set_aside is not None and (done.set_aside / "records.db").is_file()
    assert ready.is_unlocked


# -- other small files in the data folder: a pipe is damage, never a hang ----------------
def _pipe_with_late_writer(path):
    """A FIFO at `path`, and a writer that turns up after 3 s so a test cannot hang."""
    import threading
    import time

    path.unlink(missing_ok=True)
    os.mkfifo(path)

    def late_writer() -> None:
        time.sleep(3)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        os.close(fd)

    threading.Thread(target=late_writer, daemon=True).start()
    return time.monotonic


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX")
def test_a_pipe_at_in_use_json_never_stops_a_lock(ready):
    """lock() read in-use.json after closing the store and before the listeners that wipe
    the screen: a pipe planted there while the lead was unlocked froze the app with the
    records still showing (the idle lock on a shared PC included)."""
    ready.unlock(PASSPHRASE)
    wiped = []
    ready.lock_listeners.append(lambda: wiped.append(1))
    clock = _pipe_with_late_writer(ready.paths.data / "in-use.json")
    started = clock()
    ready.lock()
    assert clock() - started < 2 and wiped == [1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX")
def test_a_pipe_at_settings_json_never_stops_the_app_starting(ready):
    clock = _pipe_with_late_writer(ready.paths.settings)
    started = clock()
    fresh = type(ready)(ready.paths, kdf_params=ready._kdf_params)
    assert clock() - started < 2
    assert fresh.settings.was_reset


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX")
def test_a_pipe_at_a_stations_files_is_damage_never_a_hang(ready, tmp_path):
    shared = tmp_path / "shared"
    stations.make_shared_folder(shared)
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))
    clock = _pipe_with_late_writer(office.paths.data / stations.STATION_KEY_FILE)
    started = clock()
    with pytest.raises(errors.StationKeyChanged):
        office.seal_concern(concern("office"))
    assert clock() - started < 2
    clock = _pipe_with_late_writer(office.paths.station)
    started = clock()
    with pytest.raises(errors.StationDamaged):
        office.station()
    assert clock() - started < 2


# -- a planted swap's key file sets the cost of the unlock -------------------------------
def test_a_planted_swap_with_many_slots_costs_the_chosen_account_one_derivation(ready, monkeypatch):
    """While a swap waits, the unlock tried every account slot of the key file in place
    AND of the planted keyring.json.new, each at the cost its slot names (up to 64 passes
    over 1 GiB each): fifty planted slots held the lead at the Unlock dialog for hours,
    at every unlock, since the set-aside comes only after them. The account chosen in
    the dialog is the one slot tried in each file."""
    import shutil

    import app.keys.keyring as keyring_module
    from app.keys import swap

    slot_id = next(c.slot_id for c in ready.unlock_choices() if c.name == "Sam Okafor")
    new = swap.staged(ready.paths)
    shutil.copy(ready.paths.store, new.store)
    doc = json.loads(ready.paths.keyring.read_bytes())
    lead = doc["slots"][0]
    planted = [
        dict(lead, id=f"{n:016x}", name="", kdf=dict(lead["kdf"], salt=_salt())) for n in range(50)
    ]  # opened by nobody's passphrase
    doc["slots"] = planted + doc["slots"]
    new.keyring.write_text(json.dumps(doc))
    swap.marker(ready.paths).write_text(json.dumps({"reason": "restore", "marks": []}))

    calls: list[int] = []
    real = keyring_module.derive
    monkeypatch.setattr(keyring_module, "derive", lambda *a, **k: calls.append(1) or real(*a, **k))
    report = ready.unlock(PASSPHRASE, slot_id=slot_id)
    assert any("set aside" in n for n in report.notices)
    assert len(calls) <= 3, f"{len(calls)} key derivations for one try"


def _salt() -> str:
    from app.keys.kdf import SALT_BYTES

    return base64.b64encode(os.urandom(SALT_BYTES)).decode()


# -- a backup names nobody, a damaged slot entry included ---------------------------------
def test_a_backup_keeps_no_name_from_a_damaged_slot_entry(ready, tmp_path):
    """Backups strip names from keyring.json, but a damaged entry is kept as found, name
    and all: a lost stick then named that person."""
    import zipfile

    from app.keeping.backups import KEYRING

    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    doc = json.loads(ready.paths.keyring.read_bytes())
    for raw in doc["slots"]:
        if raw.get("name") == "Dee Deputy":
            raw["wrapped_key"] = "AAAA"
    ready.paths.keyring.write_text(json.dumps(doc))
    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    with zipfile.ZipFile(made.path) as archive:
        kept = archive.read(KEYRING)
    assert b"Dee Deputy" not in kept and b"Sam Okafor" not in kept


# -- a slot's id is not bound to its key --------------------------------------------------
TRUSTEE = "silver harbour engine bell"


def test_a_trustee_cannot_unlock_as_the_lead_by_editing_slot_ids(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    doc = json.loads(ready.paths.keyring.read_bytes())
    lead = next(s for s in doc["slots"] if s.get("name") == "Sam Okafor")
    own = next(s for s in doc["slots"] if s.get("name") == "Tom Trust")
    lead["kdf"], lead["wrapped_key"] = own["kdf"], own["wrapped_key"]
    ready.paths.keyring.write_text(json.dumps(doc))

    doc["org_public_key"] = base64.b64encode(bytes(32)).decode()  # and a repair to make
    ready.paths.keyring.write_text(json.dumps(doc))
    for _ in range(2):  # refused again: the refusal pins nothing
        with pytest.raises(errors.KeySlotNotOurs):
            ready.unlock(TRUSTEE, slot_id=lead["id"])
    assert not ready.is_unlocked
    assert not ready.paths.unlock_failures.exists()  # not a wrong try
    # The lead's own passphrase no longer opens that entry; the recovery code still does,
    # and the refusal is in the audit log.
    report = ready.unlock(recovery_code, recovery=True)
    assert report.role == "recovery"
    refused = audit.entries(ready.require_store(), event=audit.KEY_FILE, only_problems=True)
    assert any(e.detail.get("what") == "slot-not-ours" for e in refused)

import itertools
import json
import secrets
import stat

import nacl.public
import pytest

from app.core import errors
from app.keys.recovery_code import generate
from app.keys.session import Session, SetupState
from app.keys.unlock_throttle import UnlockThrottle, wait_after
from tests.conftest import CONTACTS, PASSPHRASE, make_details, snapshot


def test_new_folder_needs_setup(session):
    assert session.setup_state() is SetupState.NEW
    with pytest.raises(errors.NotSetUp):
        session.unlock(PASSPHRASE)


def test_setup_then_lock_and_unlock_both_ways(ready, recovery_code):
    assert ready.setup_state() is SetupState.READY
    assert not ready.is_unlocked
    with pytest.raises(errors.Locked):
        ready.organisation()

    report = ready.unlock(PASSPHRASE)
    assert report.method == "passphrase" and report.failed_before == 0
    assert ready.organisation().name == "Riverside Youth Club"
    assert ready.account_role == "lead"
    ready.lock()
    assert not ready.is_unlocked

    report = ready.unlock(recovery_code.lower().replace("-", " "), recovery=True)
    assert report.method == "recovery"
    assert ready.organisation().lead_name == "Sam Okafor"


def test_files_are_owner_only(ready):
    for path in (ready.paths.store, ready.paths.keyring, ready.paths.settings):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    for folder in (ready.paths.data, ready.paths.logs, ready.paths.backups):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name


def test_lock_zeroes_the_key(ready):
    ready.unlock(PASSPHRASE)
    key = ready._key
    assert any(key)
    ready.lock()
    assert key == bytearray(32)
    assert ready._key is None and ready._store is None


def test_setup_will_not_run_over_existing_records(ready, recovery_code):
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.AlreadySetUp):
        ready.set_up(make_details(), PASSPHRASE, recovery_code, dict(CONTACTS))
    assert snapshot(ready.paths.data) == before


def test_setup_refusal_writes_nothing(session, recovery_code):
    with pytest.raises(errors.InvalidInput) as caught:
        session.set_up(make_details(name=""), PASSPHRASE, recovery_code, dict(CONTACTS))
    assert "name" in caught.value.fields
    assert not session.paths.store.exists() and not session.paths.keyring.exists()
    with pytest.raises(errors.InvalidInput):
        session.set_up(make_details(), PASSPHRASE, recovery_code, {"duty_team_phone": "x" * 500})
    assert not session.paths.store.exists() and not session.paths.settings.exists()


class FakeClock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


def test_wrong_passphrase_changes_no_file_and_slows_down(ready):
    clock = FakeClock()
    ready.throttle = UnlockThrottle(ready.paths.unlock_failures, clock)
    watched = (ready.paths.store, ready.paths.keyring, ready.paths.settings)
    before = {p: p.read_bytes() for p in watched}

    waits = []
    for attempt in range(1, 7):
        with pytest.raises(errors.WrongPassphrase) as caught:
            ready.unlock("not the passphrase")
        assert caught.value.failures == attempt
        waits.append(ready.throttle.seconds_to_wait())
        if waits[-1]:
            with pytest.raises(errors.UnlockThrottled):
                ready.unlock(PASSPHRASE)  # even the right one must wait
            clock.now += waits[-1]
    assert waits[:2] == [0, 0]
    assert waits[2:] == [wait_after(n) for n in range(3, 7)]
    assert waits[2] > 0 and all(b > a for a, b in itertools.pairwise(waits[2:]))
    assert {p: p.read_bytes() for p in watched} == before
    assert sorted(p.name for p in ready.paths.data.iterdir() if p.is_file()) == [
        "keyring.json",
        "records.db",
        "settings.json",
        "unlock-failures.json",
    ]

    report = ready.unlock(PASSPHRASE)
    assert report.failed_before == 6
    assert report.last_failed_at is not None
    events = ready.recent_unlocks()
    assert events[0].failed_before == 6
    assert not ready.paths.unlock_failures.exists()
    ready.lock()
    assert ready.unlock(PASSPHRASE).failed_before == 0


def test_failure_count_survives_a_restart(ready):
    for _ in range(2):
        with pytest.raises(errors.WrongPassphrase):
            ready.unlock("wrong wrong wrong")
    again = Session(ready.paths, kdf_params=ready._kdf_params)
    assert again.unlock(PASSPHRASE).failed_before == 2
    again.lock()


def test_mistyped_recovery_code_is_not_counted(ready, recovery_code):
    with pytest.raises(errors.RecoveryCodeMistyped):
        ready.unlock("ABCDE-12345", recovery=True)
    assert ready.throttle.current().count == 0
    with pytest.raises(errors.WrongRecoveryCode):
        ready.unlock(generate(), recovery=True)  # well formed, but not this store's
    assert ready.throttle.current().count == 1


def test_a_passphrase_does_not_open_the_recovery_slot(ready, recovery_code):
    with pytest.raises(errors.WrongPassphrase):
        ready.unlock(recovery_code)  # the code is not a passphrase


def test_swapped_public_key_is_put_back_and_reported(ready):
    doc = json.loads(ready.paths.keyring.read_text())
    original = doc["org_public_key"]
    import base64

    doc["org_public_key"] = base64.b64encode(
        bytes(nacl.public.PrivateKey.generate().public_key)
    ).decode()
    ready.paths.keyring.write_text(json.dumps(doc))
    report = ready.unlock(PASSPHRASE)
    assert report.public_key_repaired
    assert json.loads(ready.paths.keyring.read_text())["org_public_key"] == original
    ready.lock()
    assert not ready.unlock(PASSPHRASE).public_key_repaired


def test_missing_keyring_is_broken_not_new(ready):
    ready.paths.keyring.unlink()
    assert ready.setup_state() is SetupState.BROKEN
    assert isinstance(ready.broken_reason(), errors.KeyringMissing)
    with pytest.raises(errors.KeyringMissing):
        ready.unlock(PASSPHRASE)


def test_missing_store_is_broken_not_new(ready):
    ready.paths.store.unlink()
    assert ready.setup_state() is SetupState.BROKEN
    with pytest.raises(errors.StoreMissing):
        ready.unlock(PASSPHRASE)


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _plain_sqlite(path):
    import sqlite3

    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


BAD_FILES = {
    "zero-length store": (lambda p: p.store.write_bytes(b""), errors.StoreUnreadable),
    "random bytes": (
        lambda p: p.store.write_bytes(secrets.token_bytes(40960)),
        errors.StoreUnreadable,
    ),
    "plain SQLite file": (lambda p: _plain_sqlite(p.store), errors.StoreUnreadable),
    "truncated store": (
        lambda p: p.store.write_bytes(p.store.read_bytes()[:6000]),
        errors.StoreDamaged,
    ),
    "one flipped byte": (lambda p: _flip(p.store, 5000), errors.StoreDamaged),
    "keyring truncated": (
        lambda p: p.keyring.write_bytes(p.keyring.read_bytes()[:90]),
        errors.KeyringDamaged,
    ),
    "keyring not JSON": (
        lambda p: p.keyring.write_bytes(b"\x00\x01 not json"),
        errors.KeyringDamaged,
    ),
    "keyring empty": (lambda p: p.keyring.write_bytes(b""), errors.KeyringDamaged),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_give_a_clear_message_and_are_never_overwritten(ready, case):
    # Give the store some pages, so damage lands beyond the header.
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    with store.transaction():
        store.execute("CREATE TABLE filler (x)")
        for _ in range(50):
            store.execute("INSERT INTO filler VALUES (?)", ("y" * 1000,))
    ready.lock()
    damage, expected = BAD_FILES[case]
    damage(ready.paths)
    before = snapshot(ready.paths.data)
    with pytest.raises(expected) as caught:
        ready.unlock(PASSPHRASE)
    error = caught.value
    assert error.message and error.next_step and "Traceback" not in error.message
    assert "Nothing" in error.next_step or "nothing" in error.next_step
    assert snapshot(ready.paths.data) == before
    assert not ready.is_unlocked

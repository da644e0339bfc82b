"""Key file damage: a truncated keyring.json, one slot edited, every slot edited. Each
gives a clear message and a way forward, and the damaged file is never written over by
a bad copy: byte for byte the same after failed unlocks and after a new Session starts."""

import base64
import json

import nacl.public
import pytest

from app.core import errors
from app.keys.accounts import Accounts
from app.keys.session import Session
from tests.conftest import PASSPHRASE, snapshot

DEPUTY = "purple walrus anthem kite"
NEW = "quiet lantern ferry morning"


def _edit_slot(path, which) -> None:
    """Change the wrapped key of the slots `which` picks: still valid base64 and the
    right length, so only the cryptography can tell."""
    doc = json.loads(path.read_bytes())
    for slot in doc["slots"]:
        if which(slot):
            wrapped = bytearray(base64.b64decode(slot["wrapped_key"]))
            wrapped[-1] ^= 0x01
            slot["wrapped_key"] = base64.b64encode(bytes(wrapped)).decode()
    path.write_text(json.dumps(doc, indent=2) + "\n")


def _unchanged_through_a_restart(session, before) -> None:
    again = Session(session.paths, kdf_params=session._kdf_params)  # runs swap.finish()
    assert snapshot(session.paths.data) == before
    assert again.setup_state().value == "ready"


def test_a_truncated_key_file_is_named_and_left_alone(ready, recovery_code):
    data = ready.paths.keyring.read_bytes()
    ready.paths.keyring.write_bytes(data[: len(data) // 2])
    before = snapshot(ready.paths.data)
    for attempt in (
        lambda: ready.unlock(PASSPHRASE),
        lambda: ready.unlock(recovery_code, recovery=True),
    ):
        with pytest.raises(errors.KeyringDamaged) as caught:
            attempt()
        error = caught.value
        assert "key file" in error.message and "damaged" in error.message
        assert "backup" in error.next_step and "Nothing" in error.next_step
        assert snapshot(ready.paths.data) == before
    _unchanged_through_a_restart(ready, before)


def test_a_malformed_slot_leaves_the_others_working_and_is_left_alone(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    lead_id = ready.account_id
    ready.lock()
    doc = json.loads(ready.paths.keyring.read_bytes())
    doc["slots"][0]["kdf"]["salt"] = "not base64 at all!"  # the lead's slot
    ready.paths.keyring.write_text(json.dumps(doc))
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.KeySlotDamaged) as caught:
        ready.unlock(PASSPHRASE)
    # What is damaged, and the way forward; never counted as a wrong passphrase.
    assert "damaged" in caught.value.message and "keyring.json" in caught.value.message
    assert "not counted" in caught.value.next_step
    assert "recovery code" in caught.value.next_step
    assert snapshot(ready.paths.data) == before  # no unlock-failures.json either
    # The recovery code still opens; the unlock writes nothing over the damaged file.
    ready.unlock(recovery_code, recovery=True)
    assert ready.paths.keyring.read_bytes() == before["keyring.json"]
    _unchanged_through_a_restart(ready, snapshot(ready.paths.data))
    # A new passphrase for the lead replaces the damaged entry, and only that.
    Accounts(ready).set_passphrase(lead_id, NEW, NEW)
    slots = json.loads(ready.paths.keyring.read_bytes())["slots"]
    assert len(slots) == len(doc["slots"])
    assert "not base64 at all!" not in ready.paths.keyring.read_text()
    ready.lock()
    assert ready.unlock(NEW).role == "lead"


def test_a_damaged_slot_of_someone_else_is_kept_as_found(ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    doc = json.loads(ready.paths.keyring.read_bytes())
    deputy = next(
        s
        for s in doc["slots"]
        if s["id"] not in (doc["slots"][0]["id"],) and s["kind"] == "account"
    )
    deputy["kdf"] = "cut short"
    ready.paths.keyring.write_text(json.dumps(doc))
    # Any later save of the key file (here: a new recovery code) keeps that entry whole.
    Accounts(ready).new_recovery_code()
    kept = json.loads(ready.paths.keyring.read_bytes())["slots"]
    assert deputy in kept
    ready.lock()
    assert ready.unlock(PASSPHRASE).role == "lead"


def test_one_slot_edited_the_recovery_code_still_opens_and_mends_it(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    lead_id = ready.account_id
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.lock()
    lead_slot = json.loads(ready.paths.keyring.read_bytes())["slots"][0]["id"]
    _edit_slot(ready.paths.keyring, lambda s: s["id"] == lead_slot)
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.WrongPassphrase) as caught:
        ready.unlock(PASSPHRASE)
    assert "recovery code" in caught.value.next_step  # the way forward
    assert ready.unlock(DEPUTY).role == "deputy"  # other slots still open
    ready.lock()
    damaged = ready.paths.keyring.read_bytes()
    assert damaged == before["keyring.json"]
    _unchanged_through_a_restart(ready, {**snapshot(ready.paths.data)})
    # The recovery code opens, and the unlock's public-key check writes nothing.
    ready.unlock(recovery_code, recovery=True)
    assert ready.paths.keyring.read_bytes() == damaged
    # The way forward: set a new passphrase for the lead's account.
    Accounts(ready).set_passphrase(lead_id, NEW, NEW)
    ready.lock()
    assert ready.unlock(NEW).role == "lead"


def test_every_slot_edited_changes_nothing(ready, recovery_code):
    _edit_slot(ready.paths.keyring, lambda s: True)
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.WrongPassphrase):
        ready.unlock(PASSPHRASE)
    with pytest.raises(errors.WrongRecoveryCode):
        ready.unlock(recovery_code, recovery=True)
    after = snapshot(ready.paths.data)
    after.pop("unlock-failures.json")  # the count of failed tries, nothing else
    before.pop("unlock-failures.json", None)
    assert after == before
    _unchanged_through_a_restart(ready, snapshot(ready.paths.data))


def test_the_public_key_check_keeps_every_slot_as_it_was(ready, recovery_code):
    """The one write at unlock: a swapped public key is put back. It must carry every
    slot over unchanged, a damaged one too, never drop or rewrite one."""
    lead_slot = json.loads(ready.paths.keyring.read_bytes())["slots"][0]["id"]
    _edit_slot(ready.paths.keyring, lambda s: s["id"] == lead_slot)
    doc = json.loads(ready.paths.keyring.read_bytes())
    doc["org_public_key"] = base64.b64encode(
        bytes(nacl.public.PrivateKey.generate().public_key)
    ).decode()
    ready.paths.keyring.write_text(json.dumps(doc, indent=2) + "\n")
    slots_before = doc["slots"]
    report = ready.unlock(recovery_code, recovery=True)
    assert report.public_key_repaired
    after = json.loads(ready.paths.keyring.read_bytes())
    assert after["slots"] == slots_before
    assert after["org_public_key"] != doc["org_public_key"]


def test_account_changes_refuse_a_key_file_damaged_while_unlocked(ready):
    ready.unlock(PASSPHRASE)
    data = ready.paths.keyring.read_bytes()
    ready.paths.keyring.write_bytes(data[:100])
    before = snapshot(ready.paths.data)
    accounts = Accounts(ready)
    for attempt in (
        lambda: accounts.add("trustee", "Tom Trust", NEW, NEW),
        accounts.new_recovery_code,
        lambda: accounts.change_own_passphrase(PASSPHRASE, NEW, NEW),
    ):
        with pytest.raises(errors.KeyringDamaged):
            attempt()
    assert ready.paths.keyring.read_bytes() == data[:100]
    assert ready.require_store().query_one("SELECT count(*) FROM accounts")[0] == 1
    ready.lock()
    after = snapshot(ready.paths.data)
    assert after["keyring.json"] == before["keyring.json"]

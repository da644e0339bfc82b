"""Self-checks at unlock fail safe (issue 14, item 3), driven through a real Session.

A damaged failure counter never locks the lead out; every key slot is checked at every
unlock and a damaged or missing recovery slot is reported with the way out; slot damage
is named and never counted as a wrong passphrase."""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time

import pytest

from app.core import errors
from app.keys.accounts import Accounts
from app.keys.session import Session
from tests.conftest import PASSPHRASE, snapshot


def _within(call, seconds: float = 30):
    """`call()`'s result, failing (not hanging) if it does not return in time."""
    result: list = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "it hung"
    assert result, "it raised (see the thread's output)"
    return result[0]


def _audit_detail(session: Session) -> dict:
    row = session.require_store().query_one(
        "SELECT detail FROM audit_log WHERE event IN ('unlock', 'unlock-recovery') "
        "ORDER BY seq DESC LIMIT 1"
    )
    return json.loads(row[0])


def _slots(session: Session) -> list[dict]:
    return json.loads(session.paths.keyring.read_bytes())["slots"]


def _write_slots(session: Session, slots: list[dict]) -> None:
    doc = json.loads(session.paths.keyring.read_bytes())
    doc["slots"] = slots
    session.paths.keyring.write_text(json.dumps(doc, indent=2) + "\n")


# -- the failure counter --------------------------------------------------------------
@pytest.mark.parametrize(
    "damage",
    ["cut", "folder", "far-future", "not-a-number", "huge-count", "pipe", "link", "too-long"],
)
def test_a_damaged_failure_counter_never_locks_the_lead_out(ready, recovery_code, damage, caplog):
    counter = ready.paths.unlock_failures
    if damage == "cut":
        counter.write_text("{")
    elif damage == "folder":
        counter.mkdir()
        (counter / "inside").write_text("x")
    elif damage == "far-future":
        counter.write_text(json.dumps({"count": 9, "last_at": time.time() + 10**9}))
    elif damage == "not-a-number":
        counter.write_text(json.dumps({"count": "many", "last_at": time.time()}))
    elif damage == "huge-count":
        counter.write_text(json.dumps({"count": 10**12, "last_at": time.time() + 10**6}))
    elif damage == "pipe":
        os.mkfifo(counter)  # reading it would wait for ever
    elif damage == "link":
        elsewhere = ready.paths.data.parent / "elsewhere.json"
        elsewhere.write_text(json.dumps({"count": 50, "last_at": time.time()}))
        counter.symlink_to(elsewhere)
    else:
        counter.write_text(json.dumps({"count": 5, "last_at": time.time(), "x": "y" * 10**6}))
    caplog.set_level(logging.INFO)
    assert _within(lambda: ready.throttle.seconds_to_wait()) == 0  # the dialog asks each second
    report = _within(lambda: ready.unlock(PASSPHRASE))  # not "try again in 2 seconds", ever
    assert report.failed_before == 0
    told = [n for n in report.notices if "unlock-failures.json" in n]
    assert told and "reset" in told[0] and "trustee" in told[0]
    assert "failure-counter-reset" in _audit_detail(ready)["self_checks"]
    # Logged, without a word of what the damaged file held.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "counter was damaged" in logged and "many" not in logged
    ready.lock()
    # Told once: the next good unlock is quiet, and the counter works again.
    assert not ready.unlock(PASSPHRASE).notices
    ready.lock()
    if damage == "folder":
        kept = list((ready.paths.data / "set-aside").glob("unlock-failures.json-damaged-*"))
        assert kept and (kept[0] / "inside").read_text() == "x"  # kept, not deleted


def test_a_damaged_counter_still_counts_wrong_passphrases_after_the_reset(ready, recovery_code):
    ready.paths.unlock_failures.write_text("{")
    for _ in range(2):
        with pytest.raises(errors.WrongPassphrase):
            ready.unlock("not the passphrase at all")
    with pytest.raises(errors.WrongPassphrase) as caught:
        ready.unlock("not the passphrase at all")
    assert caught.value.failures == 3 and caught.value.wait_seconds > 0
    ready.throttle.clock = lambda: time.time() + 120
    report = ready.unlock(PASSPHRASE)
    assert report.failed_before == 3
    assert any("unlock-failures.json" in n for n in report.notices)  # the reset is told too


# -- every slot checked ---------------------------------------------------------------
def _damage_recovery(ready, how: str) -> None:
    slots = _slots(ready)
    recovery = next(s for s in slots if s["kind"] == "recovery")
    if how == "wrapped-cut":
        recovery["wrapped_key"] = recovery["wrapped_key"][:20]
    elif how == "not-base64":
        recovery["wrapped_key"] = "this is not base64!"
    elif how == "salt-size":
        recovery["kdf"]["salt"] = base64.b64encode(b"short").decode()
    elif how == "huge-cost":
        recovery["kdf"]["opslimit"] = 10**9
    elif how == "kind-lost":
        del recovery["kind"]
    elif how == "missing":
        slots.remove(recovery)
    _write_slots(ready, slots)


@pytest.mark.parametrize(
    "how", ["wrapped-cut", "not-base64", "salt-size", "huge-cost", "kind-lost", "missing"]
)
def test_a_damaged_or_missing_recovery_slot_is_reported_with_the_way_out(ready, how):
    _damage_recovery(ready, how)
    report = ready.unlock(PASSPHRASE)  # the passphrase still opens
    told = [n for n in report.notices if "recovery code" in n]
    assert told, report.notices
    assert "New recovery code" in told[0] and "Accounts and passphrases" in told[0]
    codes = _audit_detail(ready)["self_checks"]
    assert codes == ["recovery-slot-missing" if how == "missing" else "recovery-slot-damaged"]
    # The way out works: a new code, and the next unlock has nothing to report.
    code = Accounts(ready).new_recovery_code()
    ready.lock()
    assert ready.unlock(PASSPHRASE).notices == ()
    ready.lock()
    assert ready.unlock(code, recovery=True).role == "recovery"


def test_a_damaged_recovery_slot_is_named_when_the_code_is_tried(ready, recovery_code):
    _damage_recovery(ready, "wrapped-cut")
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.KeySlotDamaged) as caught:
        ready.unlock(recovery_code, recovery=True)
    assert "recovery code" in caught.value.message and "damaged" in caught.value.message
    assert "not counted" in caught.value.next_step
    assert snapshot(ready.paths.data) == before  # nothing counted, nothing written


def test_a_deputy_slot_that_went_missing_is_reported(ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add(
        "deputy", "Dee Deputy", "purple walrus anthem kite", "purple walrus anthem kite"
    )
    ready.lock()
    slots = _slots(ready)
    _write_slots(ready, [slots[0]] + [s for s in slots[1:] if s["kind"] == "recovery"])
    report = ready.unlock(PASSPHRASE)
    told = [n for n in report.notices if "cannot unlock" in n]
    assert told and told[0].startswith("1 account's entry")
    assert _audit_detail(ready)["self_checks"] == ["account-slot-damaged"]


# -- slot damage is named, never counted ----------------------------------------------
def test_a_flipped_slot_id_says_the_entry_is_damaged_not_removed(ready):
    slots = _slots(ready)
    lead = slots[0]
    lead["id"] = lead["id"][:-1] + ("0" if lead["id"][-1] != "0" else "1")  # still hex
    _write_slots(ready, slots)
    before = snapshot(ready.paths.data)
    with pytest.raises(errors.KeySlotDamaged) as caught:
        ready.unlock(PASSPHRASE)
    assert not isinstance(caught.value, errors.AccountRemoved)
    assert caught.value.message.startswith("The key file entry for this account")
    assert "removed" not in caught.value.message
    assert not ready.is_unlocked
    assert snapshot(ready.paths.data) == before  # not counted as a failed attempt


def test_a_slot_id_that_is_not_an_id_is_damage_too(ready):
    slots = _slots(ready)
    slots[0]["id"] = slots[0]["id"][:-1] + "Z"
    _write_slots(ready, slots)
    with pytest.raises(errors.KeySlotDamaged):
        ready.unlock(PASSPHRASE)
    assert not ready.paths.unlock_failures.exists()


@pytest.mark.parametrize("how", ["cut", "not-base64", "lengthened"])
def test_a_damaged_wrapped_key_is_named_and_not_counted(ready, how):
    slots = _slots(ready)
    wrapped = slots[0]["wrapped_key"]
    slots[0]["wrapped_key"] = {
        "cut": wrapped[:40],
        "not-base64": "%" + wrapped[1:],
        "lengthened": base64.b64encode(base64.b64decode(wrapped) + b"\0").decode(),
    }[how]
    _write_slots(ready, slots)
    for _ in range(5):  # more than the free attempts: still no wait, nothing counted
        with pytest.raises(errors.KeySlotDamaged) as caught:
            ready.unlock(PASSPHRASE)
        assert "Caps Lock" not in caught.value.next_step
        assert "not counted" in caught.value.next_step
    assert not ready.paths.unlock_failures.exists()
    assert ready.throttle.seconds_to_wait() == 0


def test_a_wrong_passphrase_with_every_slot_whole_is_still_a_wrong_passphrase(ready):
    with pytest.raises(errors.WrongPassphrase) as caught:
        ready.unlock("not the passphrase at all")
    assert not isinstance(caught.value, errors.KeySlotDamaged)
    assert "Caps Lock" in caught.value.next_step
    assert ready.throttle.current().count == 1


def test_the_audit_viewer_names_what_the_self_checks_found(ready):
    from app.keys import audit

    _damage_recovery(ready, "wrapped-cut")
    ready.unlock(PASSPHRASE)
    (entry,) = ready.audit_events(event=audit.UNLOCK, limit=1)
    assert entry.is_problem  # under "Only problems"
    assert entry.summary == (
        "Passphrase; no failed attempts before; the recovery code's key slot was damaged"
    )


def test_a_damaged_entry_that_shuts_nobody_out_is_reported_as_that(ready):
    slots = _slots(ready)
    _write_slots(ready, [*slots, {"id": 1}])  # junk beside whole slots
    report = ready.unlock(PASSPHRASE)
    assert report.notices == (
        "An entry in the key file (keyring.json) that belongs to no current account is "
        "damaged. Nobody is shut out by it; it is kept as found.",
    )
    assert _audit_detail(ready)["self_checks"] == ["key-file-entry-damaged"]

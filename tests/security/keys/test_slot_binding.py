"""A slot copied under another account's id stays refused after any unlock re-pins the
key file (review of 0d41cac)."""

from __future__ import annotations

import json

import pytest

from app.core import errors
from app.keys import audit
from app.keys.accounts import Accounts
from app.keys.keyring import Keyring
from tests.conftest import PASSPHRASE

TRUSTEE = "silver harbour engine bell"
NEW = "copper meadow whistle anchor"


def _copy_trustee_slot_over_the_leads(session) -> tuple[str, str]:
    doc = json.loads(session.paths.keyring.read_bytes())
    lead = next(s for s in doc["slots"] if s.get("name") == "Sam Okafor")
    own = next(s for s in doc["slots"] if s.get("name") == "Tom Trust")
    lead["kdf"], lead["wrapped_key"] = own["kdf"], own["wrapped_key"]
    session.paths.keyring.write_text(json.dumps(doc))
    return str(lead["id"]), str(own["id"])


def test_a_trustee_cannot_bless_a_copied_slot_by_unlocking_as_themselves_first(ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    lead_id, own_id = _copy_trustee_slot_over_the_leads(ready)

    # The trustee's own unlock is allowed (their own entry is the app's), and it pins
    # the key file as it now is: the copied entry must not become "ours" by that.
    report = ready.unlock(TRUSTEE, slot_id=own_id)
    assert report.role == "trustee" and report.key_file_changed
    # Audited as a problem; the file itself is left as it is (nothing dropped at unlock).
    found = audit.entries(ready.require_store(), event=audit.KEY_FILE, only_problems=True)
    assert any(e.detail.get("what") == "slot-not-ours" for e in found)
    assert lead_id in {s.id for s in Keyring.load(ready.paths.keyring).slots}
    ready.lock()
    with pytest.raises(errors.KeySlotNotOurs):
        ready.unlock(TRUSTEE, slot_id=lead_id)
    assert ready.account_role != "lead"


def test_a_copied_slot_stays_refused_after_the_app_writes_the_key_file(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    lead_id, _ = _copy_trustee_slot_over_the_leads(ready)
    ready.unlock(recovery_code, recovery=True)
    # An app write of the file carries the entry over byte for byte: still not the app's.
    Accounts(ready).add("trustee", "Tina Two", NEW, NEW)
    ready.lock()
    with pytest.raises(errors.KeySlotNotOurs):
        ready.unlock(TRUSTEE, slot_id=lead_id)
    assert ready.account_role != "lead"


def test_the_recovery_code_unlock_never_blesses_a_copied_slot(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    lead_id, _ = _copy_trustee_slot_over_the_leads(ready)

    ready.unlock(recovery_code, recovery=True)
    ready.lock()
    with pytest.raises(errors.KeySlotNotOurs):
        ready.unlock(TRUSTEE, slot_id=lead_id)
    assert ready.account_role != "lead"


def test_a_new_passphrase_set_for_the_lead_makes_the_entry_the_apps_again(ready, recovery_code):
    ready.unlock(PASSPHRASE)
    lead = ready.account_id
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    lead_id, _ = _copy_trustee_slot_over_the_leads(ready)
    ready.unlock(recovery_code, recovery=True)
    Accounts(ready).set_passphrase(lead, NEW, NEW)  # the way out
    ready.lock()
    assert ready.unlock(NEW, slot_id=lead_id).role == "lead"

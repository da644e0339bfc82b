"""Re-keying on a real SQLCipher store: a new master key, the right accounts kept, a new
recovery code and letterbox key, every record still there and searchable."""

import json
import shutil
from datetime import UTC, datetime

import nacl.public
import pytest

from app.casework.records import Records
from app.core import errors
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys import audit, rekey, swap
from app.keys.accounts import Accounts
from app.keys.keyring import ACCOUNT, Keyring
from db import organisation as org_queries
from db.errors import NotAStore
from db.store import Store
from tests.conftest import PASSPHRASE, snapshot

DEPUTY = "purple walrus anthem kite"
TRUSTEE = "silver harbour engine bell"


def _concern(word: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=f"Jordan {word}"),
        own_words=f"He said {word} would pick me up",
        computed_tier="2",
    )


@pytest.fixture
def team(ready):
    ready.unlock(PASSPHRASE)
    ready.deputy_id = Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    ready.trustee_id = Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    for n in range(30):
        ready.save_concern_direct(_concern(f"zebrafinch{n}"))
    return ready


def _master_from(keyring_bytes: bytes, secret: str) -> bytearray:
    for slot in Keyring.from_bytes(keyring_bytes).slots:
        key = slot.unwrap(secret)
        if key is not None:
            return key
    raise AssertionError("no slot opens")


def test_rekey_keeps_every_record_and_shuts_out_the_old_key(team, recovery_code, tmp_path):
    old_keyring = team.paths.keyring.read_bytes()
    old_master = bytes(team.require_key())
    backup = tmp_path / "before.db"
    team.require_store().copy_to(backup, team.require_key())
    ids = {r.reference for r in Records(team).rows()}
    assert len(ids) == 30
    steps: list[float] = []

    result = rekey.rekey(team, PASSPHRASE, {team.deputy_id: DEPUTY}, steps.append)

    assert team.is_unlocked and team.account_role == "lead"
    assert bytes(team.require_key()) != old_master
    assert {r.reference for r in Records(team).rows()} == ids
    assert len(Records(team).search("zebrafinch17")) == 1
    assert team.require_store().check() == []
    assert result.kept == [team.account_id, team.deputy_id]
    assert result.removed == [team.trustee_id]
    assert steps[0] == 0.0 and steps[-1] == 1.0 and len(set(steps)) > 2
    assert steps == sorted(steps)
    assert not any(p.exists() for p in swap.staged(team.paths))
    assert not swap.marker(team.paths).exists()
    team.lock()
    # The old key file and the old passphrase unwrap the old key, which opens nothing now.
    with pytest.raises(NotAStore):
        Store.open(team.paths.store, _master_from(old_keyring, PASSPHRASE))
    assert team.unlock(PASSPHRASE).role == "lead"
    team.lock()
    assert team.unlock(DEPUTY).role == "deputy"
    team.lock()
    with pytest.raises(errors.WrongPassphrase):
        team.unlock(TRUSTEE)  # not carried over
    with pytest.raises(errors.WrongRecoveryCode):
        team.unlock(recovery_code, recovery=True)
    assert team.unlock(result.recovery_code, recovery=True).method == "recovery"
    # A backup made before still opens with the old key (the lead is told so).
    with Store.open(backup, old_master) as old:
        assert old.query_one("SELECT count(*) FROM concerns")[0] == 30


def test_the_new_store_records_the_rekey_and_the_removed_account(team):
    rekey.rekey(team, PASSPHRASE, {})
    store = team.require_store()
    rows = store.query_all("SELECT id, removed_at FROM accounts ORDER BY id")
    assert [(i, bool(removed)) for i, removed in rows] == [
        (team.account_id, False),
        (team.deputy_id, True),
        (team.trustee_id, True),
    ]
    _event, detail = store.query_one(
        "SELECT event, detail FROM audit_log WHERE event = ? ORDER BY seq DESC", (audit.REKEY,)
    )
    assert json.loads(detail)["removed"] == 2 and json.loads(detail)["kept"] == 1
    assert audit.verify(store).ok
    keyring = Keyring.load(team.paths.keyring)
    assert len(keyring.slots_of(ACCOUNT)) == 1


def test_the_letterbox_key_is_replaced_and_old_letters_still_import(team):
    old_public = Keyring.load(team.paths.keyring).org_public_key
    team.lock()
    waiting = team.seal_concern(_concern("beforerekey"))
    team.unlock(PASSPHRASE)  # imported at unlock
    assert not waiting.exists()
    # A letter sealed to the old key while the re-key runs (another copy of the app).
    late = _concern("sealedlate")
    result = rekey.rekey(team, PASSPHRASE, {})
    from app.intake.letterbox import seal

    seal(late, old_public, team.paths.letterbox)
    new_keyring = Keyring.load(team.paths.keyring)
    assert new_keyring.org_public_key != old_public
    public, private = org_queries.load_org_keys(team.require_store())
    assert public == new_keyring.org_public_key
    assert bytes(nacl.public.PrivateKey(private).public_key) == public
    retired = org_queries.retired_private_keys(team.require_store())
    assert [bytes(nacl.public.PrivateKey(k).public_key) for k in retired] == [old_public]
    team.lock()
    report = team.unlock(PASSPHRASE)
    assert report.imported == 1 and report.quarantined == 0
    assert Records(team).search("sealedlate")
    assert result.letters_imported == 0


def test_letters_waiting_are_imported_before_the_key_changes(team):
    team.lock()
    team.seal_concern(_concern("waitingletter"))
    # Unlock without importing: as if the letter arrived after this unlock.
    letter = next(team.paths.letterbox.glob("*.letter"))
    aside = team.paths.data / "aside.letter"
    shutil.move(letter, aside)
    team.unlock(PASSPHRASE)
    shutil.move(aside, letter)
    result = rekey.rekey(team, PASSPHRASE, {})
    assert result.letters_imported == 1
    assert Records(team).search("waitingletter")


def test_a_wrong_passphrase_for_a_kept_account_changes_nothing(team):
    team.lock()
    before = snapshot(team.paths.data)
    team.unlock(PASSPHRASE)
    with pytest.raises(errors.InvalidInput) as caught:
        rekey.rekey(team, PASSPHRASE, {team.deputy_id: "not the deputy's words"})
    assert set(caught.value.fields) == {f"account-{team.deputy_id}"}
    with pytest.raises(errors.InvalidInput) as caught:
        rekey.rekey(team, "not my passphrase at all", {})
    assert set(caught.value.fields) == {"own"}
    team.lock()
    after = snapshot(team.paths.data)
    assert after["keyring.json"] == before["keyring.json"]
    assert not any(p.exists() for p in swap.staged(team.paths))
    assert team.unlock(TRUSTEE).role == "trustee"


def test_a_lock_while_the_new_files_are_written_throws_them_away(team):
    keyring_before = team.paths.keyring.read_bytes()
    prepared = rekey.prepare(team, PASSPHRASE, {team.deputy_id: DEPUTY})
    assert all(p.exists() for p in swap.staged(team.paths))
    team.lock()  # Ctrl+L, or the idle lock
    with pytest.raises(errors.RekeyStopped):
        rekey.commit(team, prepared)
    assert not any(p.exists() for p in swap.staged(team.paths))
    assert team.paths.keyring.read_bytes() == keyring_before
    assert set(prepared.new_key) == {0}
    assert team.unlock(TRUSTEE).role == "trustee"


def test_only_a_lead_can_rekey(team):
    team.lock()
    team.unlock(DEPUTY)
    with pytest.raises(errors.LeadOnly):
        rekey.rekey(team, DEPUTY, {})


def test_the_recovery_code_holder_can_rekey(team, recovery_code):
    lead_id = team.account_id
    team.lock()
    team.unlock(recovery_code, recovery=True)
    result = rekey.rekey(team, "", {lead_id: PASSPHRASE})
    assert team.is_unlocked and team.account is None
    assert result.removed == [team.deputy_id, team.trustee_id]
    team.lock()
    assert team.unlock(PASSPHRASE).role == "lead"


@pytest.mark.slow  # a lock at three moments mid-change
@pytest.mark.parametrize("delay", [0.0, 0.02, 0.08])
def test_a_lock_during_the_export_stops_it_safely(team, delay):
    """The export runs off the GUI thread on the session's connection: a lock must stop
    it before closing the store (closing under it would crash the process)."""
    import threading
    import time

    for n in range(200):  # a store big enough that the export takes a while
        team.save_concern_direct(_concern(f"bulk{n}"))
    keyring_before = team.paths.keyring.read_bytes()
    out: dict[str, object] = {}

    def job() -> None:
        try:
            out["prepared"] = rekey.prepare(team, PASSPHRASE, {team.deputy_id: DEPUTY})
        except Exception as exc:  # handed back to the test
            out["error"] = exc

    worker = threading.Thread(target=job)
    worker.start()
    time.sleep(delay)
    team.lock()
    worker.join(timeout=30)
    assert not worker.is_alive()
    if "prepared" in out:  # it finished before the lock: commit refuses, throws it away
        with pytest.raises(errors.RekeyStopped):
            rekey.commit(team, out["prepared"])
    else:
        assert isinstance(out["error"], (errors.RekeyStopped, errors.Locked))
    assert not any(p.exists() for p in swap.staged(team.paths))
    assert team.paths.keyring.read_bytes() == keyring_before
    assert team.unlock(DEPUTY).role == "deputy"

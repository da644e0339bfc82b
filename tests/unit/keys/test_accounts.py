"""Accounts and the recovery code on a real SQLCipher store (FAST_FOR_TESTS key slots)."""

import json

import pytest

from app.core import errors
from app.keys import audit
from app.keys.accounts import Accounts
from app.keys.keyring import ACCOUNT, RECOVERY, Keyring
from tests.conftest import PASSPHRASE

DEPUTY = "purple walrus anthem kite"
TRUSTEE = "silver harbour engine bell"
NEW = "quiet lantern ferry morning"


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


@pytest.fixture
def team(lead):
    """A lead with a deputy (Dee Deputy) and a trustee (Tom Trust); unlocked as the lead."""
    lead.deputy_id = Accounts(lead).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    lead.trustee_id = Accounts(lead).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    return lead


def _slots(session) -> dict[str, dict]:
    doc = json.loads(session.paths.keyring.read_bytes())
    return {s["id"]: s for s in doc["slots"]}


def _audit_details(session) -> list[tuple[str, str]]:
    return session.require_store().query_all("SELECT event, detail FROM audit_log ORDER BY seq")


def test_list_shows_name_role_and_you(team):
    lines = Accounts(team).everyone()
    assert [(a.name, a.role, a.is_you) for a in lines] == [
        ("Sam Okafor", "lead", True),
        ("Dee Deputy", "deputy", False),
        ("Tom Trust", "trustee", False),
    ]
    assert [a.role_words for a in lines] == ["Designated lead", "Deputy lead", "Trustee"]


def test_a_deputy_and_a_trustee_cannot_manage_accounts(team):
    team.lock()
    for passphrase in (DEPUTY, TRUSTEE):
        team.unlock(passphrase)
        accounts = Accounts(team)
        assert not accounts.can_manage
        attempts = (
            accounts.everyone,
            accounts.new_recovery_code,
            lambda a=accounts: a.remove(1),
            lambda a=accounts: a.set_passphrase(1, NEW, NEW),
            lambda a=accounts: a.add("trustee", "X Y", NEW, NEW),
        )
        for attempt in attempts:
            with pytest.raises(errors.LeadOnly):
                attempt()
        team.lock()


def test_remove_marks_the_row_deletes_the_slot_and_says_only_the_role(team):
    before = _slots(team)
    deputy_slot = team.require_store().query_one(
        "SELECT slot_id FROM accounts WHERE id = ?", (team.deputy_id,)
    )[0]
    Accounts(team).remove(team.deputy_id)
    after = _slots(team)
    assert deputy_slot not in after
    assert {k: v for k, v in before.items() if k != deputy_slot} == after
    row = team.require_store().query_one(
        "SELECT display_name, removed_at FROM accounts WHERE id = ?", (team.deputy_id,)
    )
    assert row[0] == "Dee Deputy" and row[1]  # kept, marked
    assert [a.name for a in Accounts(team).everyone()] == ["Sam Okafor", "Tom Trust"]
    event, detail = _audit_details(team)[-1]
    assert event == audit.ACCOUNTS
    assert json.loads(detail) == {"what": "account-removed", "role": "deputy"}
    assert "Dee" not in repr(_audit_details(team))
    team.lock()
    with pytest.raises(errors.WrongPassphrase):
        team.unlock(DEPUTY)


def test_you_cannot_remove_yourself_nor_the_last_lead(team):
    me = team.account_id
    with pytest.raises(errors.AccountNotChanged, match="your own"):
        Accounts(team).remove(me)
    assert team.account_id == me and next(a.id for a in Accounts(team).everyone()) == me


def test_the_last_lead_cannot_be_removed_even_with_the_recovery_code(team, recovery_code):
    lead_id = team.account_id
    team.lock()
    team.unlock(recovery_code, recovery=True)
    with pytest.raises(errors.AccountNotChanged, match="only designated lead"):
        Accounts(team).remove(lead_id)
    second = Accounts(team).add("lead", "Lee Second", NEW, NEW)
    Accounts(team).remove(lead_id)  # now there is another lead
    assert [a.id for a in Accounts(team).everyone() if a.role == "lead"] == [second]
    team.lock()
    with pytest.raises(errors.WrongPassphrase):
        team.unlock(PASSPHRASE)
    assert team.unlock(NEW).role == "lead"


def test_a_slot_left_behind_by_a_kill_does_not_unlock_a_removed_account(team):
    keyring_before = team.paths.keyring.read_bytes()
    Accounts(team).remove(team.deputy_id)
    team.paths.keyring.write_bytes(keyring_before)  # as if killed before the key file
    team.lock()
    with pytest.raises(errors.AccountRemoved):
        team.unlock(DEPUTY)
    assert not team.is_unlocked


def test_change_own_passphrase_rewraps_only_that_slot(team):
    team.lock()
    team.unlock(DEPUTY)  # any role may change their own
    before = _slots(team)
    mine = team.account.slot_id
    with pytest.raises(errors.InvalidInput) as caught:
        Accounts(team).change_own_passphrase("not it at all", NEW, NEW)
    assert set(caught.value.fields) == {"current"}
    with pytest.raises(errors.InvalidInput) as caught:
        Accounts(team).change_own_passphrase(DEPUTY, "short", "short")
    assert "too short" in caught.value.fields["passphrase"]
    with pytest.raises(errors.InvalidInput):
        Accounts(team).change_own_passphrase(DEPUTY, NEW, NEW + "x")
    assert _slots(team) == before
    Accounts(team).change_own_passphrase(DEPUTY, NEW, NEW)
    after = _slots(team)
    assert list(after) == list(before)  # same ids, same order
    assert after[mine] != before[mine]
    assert {k: v for k, v in after.items() if k != mine} == {
        k: v for k, v in before.items() if k != mine
    }
    team.lock()
    with pytest.raises(errors.WrongPassphrase):
        team.unlock(DEPUTY)
    assert team.unlock(NEW).role == "deputy"
    assert team.unlock(PASSPHRASE).role == "lead"


def test_a_lead_sets_a_forgotten_passphrase_for_someone_else(team):
    Accounts(team).set_passphrase(team.trustee_id, NEW, NEW)
    team.lock()
    with pytest.raises(errors.WrongPassphrase):
        team.unlock(TRUSTEE)
    assert team.unlock(NEW).role == "trustee"


def test_new_recovery_code_stops_the_old_one(team, recovery_code):
    before = _slots(team)
    code = Accounts(team).new_recovery_code()
    assert code != recovery_code
    after = _slots(team)
    old_recovery = [k for k, v in before.items() if v["kind"] == RECOVERY]
    new_recovery = [k for k, v in after.items() if v["kind"] == RECOVERY]
    assert len(new_recovery) == 1 and new_recovery != old_recovery
    assert [v["kind"] for v in after.values()] == [v["kind"] for v in before.values()]
    assert {k: v for k, v in after.items() if v["kind"] != RECOVERY} == {
        k: v for k, v in before.items() if v["kind"] != RECOVERY
    }
    assert json.loads(_audit_details(team)[-1][1]) == {"what": "recovery-code-replaced"}
    team.lock()
    with pytest.raises(errors.WrongRecoveryCode):
        team.unlock(recovery_code, recovery=True)
    assert team.unlock(code, recovery=True).method == "recovery"
    assert Keyring.load(team.paths.keyring).slots_of(RECOVERY)


def test_the_key_file_names_only_who_can_unlock_and_the_audit_names_nobody(team):
    # The key file names each account and its role, for the Unlock dialog's list (names
    # and roles of leads are not secret); a removed account's name leaves with its slot.
    Accounts(team).change_own_passphrase(PASSPHRASE, NEW, NEW)
    Accounts(team).new_recovery_code()
    Accounts(team).remove(team.trustee_id)
    keyring = team.paths.keyring.read_text()
    named = {(s.name, s.role) for s in Keyring.load(team.paths.keyring).slots_of(ACCOUNT)}
    assert named == {("Sam Okafor", "lead"), ("Dee Deputy", "deputy")}
    assert "Tom" not in keyring
    audit = repr(_audit_details(team))
    for name in ("Dee", "Tom", "Sam", "Okafor", "Deputy Dee"):
        assert name not in audit


def test_a_prepared_recovery_code_changes_nothing_until_it_is_used(team, recovery_code):
    accounts = Accounts(team)
    before = team.paths.keyring.read_bytes()
    pending = accounts.prepare_recovery_code()
    assert team.paths.keyring.read_bytes() == before  # the old code still opens
    accounts.use_recovery_code(pending)
    team.lock()
    with pytest.raises(errors.WrongRecoveryCode):
        team.unlock(recovery_code, recovery=True)
    assert team.unlock(pending.code, recovery=True).method == "recovery"


def test_a_code_prepared_under_another_key_is_refused(team):
    from app.keys import rekey

    pending = Accounts(team).prepare_recovery_code()
    rekey.rekey(team, PASSPHRASE, {})  # a new master key meanwhile
    before = team.paths.keyring.read_bytes()
    with pytest.raises(errors.Locked):
        Accounts(team).use_recovery_code(pending)
    assert team.paths.keyring.read_bytes() == before

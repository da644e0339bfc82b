"""Unlock by the chosen account: one derivation per try, names kept in the key file for
the Unlock dialog's list (issue 14, item 6)."""

import json

import pytest

from app.core import errors
from app.keys.accounts import Accounts
from app.keys.keyring import ACCOUNT, Keyring
from app.keys.session import UnlockChoice
from tests.conftest import PASSPHRASE, make_details
from tests.team import DEPUTY, TRUSTEE


def _slot_of(session, name: str) -> str:
    return next(c.slot_id for c in session.unlock_choices() if c.name == name)


def test_the_key_file_lists_who_can_unlock_in_order(team):
    choices = team.unlock_choices()
    assert [(c.name, c.role) for c in choices] == [
        ("Sam Okafor", "lead"),
        ("Dee Deputy", "deputy"),
        ("Tom Trust", "trustee"),
    ]
    assert all(c.slot_id for c in choices)


@pytest.mark.parametrize(
    ("name", "secret", "role"),
    [("Sam Okafor", PASSPHRASE, "lead"), ("Tom Trust", TRUSTEE, "trustee")],
)
def test_a_chosen_account_costs_one_derivation(team, derivations, name, secret, role):
    slot_id = _slot_of(team, name)
    derivations.clear()
    assert team.unlock(secret, slot_id=slot_id).role == role
    assert len(derivations) == 1


def test_a_wrong_passphrase_costs_one_derivation_and_one_failure(team, derivations):
    slot_id = _slot_of(team, "Tom Trust")
    derivations.clear()
    with pytest.raises(errors.WrongPassphrase) as caught:
        team.unlock(PASSPHRASE, slot_id=slot_id)  # the lead's, under the trustee
    assert len(derivations) == 1 and caught.value.failures == 1
    assert not team.is_unlocked


def test_an_account_gone_since_the_list_was_shown_tries_nothing(team, derivations):
    with pytest.raises(errors.AccountNotInKeyFile):
        team.unlock(PASSPHRASE, slot_id="0123456789abcdef")
    assert derivations == [] and team.throttle.current().count == 0


def test_a_recovery_unlock_reports_the_recovery_role(team, recovery_code):
    report = team.unlock(recovery_code, recovery=True)
    assert (report.role, report.method) == ("recovery", "recovery")


def test_a_key_file_without_names_offers_one_choice_and_is_named_at_the_next_unlock(team):
    doc = json.loads(team.paths.keyring.read_text())
    for slot in doc["slots"]:
        slot.pop("name", None)
        slot.pop("role", None)
    team.paths.keyring.write_text(json.dumps(doc))
    assert team.unlock_choices() == [UnlockChoice(None, "", "")]
    assert team.unlock(DEPUTY).role == "deputy"  # every slot tried, as before
    team.lock()
    assert [c.name for c in team.unlock_choices()] == ["Sam Okafor", "Dee Deputy", "Tom Trust"]


@pytest.mark.parametrize(
    "bad",
    [{"name": 7, "role": "lead"}, {"name": "x" * 500, "role": "lead"}, {"name": "A", "role": "x"}],
)
def test_a_name_the_app_did_not_write_is_dropped_not_fatal(team, bad):
    doc = json.loads(team.paths.keyring.read_text())
    doc["slots"][0].update(bad)
    team.paths.keyring.write_text(json.dumps(doc))
    keyring = Keyring.load(team.paths.keyring)
    assert keyring.slots[0].name == "" and keyring.unreadable == []
    assert team.unlock_choices()[-1] == UnlockChoice(None, "", "")


def test_renaming_the_lead_renames_the_choice(team):
    team.unlock(PASSPHRASE)
    team.save_organisation(make_details(lead_name="Samira Okafor"))
    team.lock()
    assert team.unlock_choices()[0].name == "Samira Okafor"


def test_a_changed_passphrase_keeps_the_name(team):
    team.unlock(DEPUTY)
    Accounts(team).change_own_passphrase(
        DEPUTY, "quiet lantern ferry morning", "quiet lantern ferry morning"
    )
    named = {(s.name, s.role) for s in Keyring.load(team.paths.keyring).slots_of(ACCOUNT)}
    assert ("Dee Deputy", "deputy") in named

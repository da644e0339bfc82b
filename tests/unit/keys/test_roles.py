"""Who may do what, as a table: each role (and the recovery-code unlock) against each
permission the services check, on a real store. Written before the checks moved into
app/keys/roles.py, to prove the move changed nothing."""

from __future__ import annotations

import pytest

from app.core import errors
from app.keeping.backups import Backups
from app.keeping.retention import Retention
from app.keys import roles
from app.keys.accounts import Accounts
from app.keys.roles import does_casework
from tests.conftest import PASSPHRASE

DEPUTY = "purple walrus anthem kite"
TRUSTEE = "silver harbour engine bell"

# role -> (manage accounts, keep/delete records, read the audit log, lead-only work,
#          backup reminder, casework, numbers only)
ALLOWED = {
    "lead": (True, True, True, True, True, True, False),
    "deputy": (False, False, False, False, False, True, False),
    "trustee": (False, False, False, False, False, False, True),
    "recovery": (True, True, True, True, True, True, False),
}


@pytest.fixture(params=sorted(ALLOWED))
def unlocked_as(request, ready, recovery_code):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    role = request.param
    if role == "recovery":
        ready.unlock(recovery_code, recovery=True)
    else:
        ready.unlock({"lead": PASSPHRASE, "deputy": DEPUTY, "trustee": TRUSTEE}[role])
    return role, ready


def _lead_work_allowed(session) -> bool:
    try:
        session.require_lead("Only a designated lead can do this.")
    except errors.LeadOnly:
        return False
    return True


def test_each_role_may_do_exactly_what_it_did(unlocked_as):
    role, session = unlocked_as
    seen = (
        Accounts(session).can_manage,
        Retention(session).can_decide,
        session.can_read_audit,
        _lead_work_allowed(session),
        Backups(session).reminder_due(),  # no backup made yet: due, for whoever sees it
        does_casework(session.account_role),
        session.account_role == "trustee",
    )
    assert seen == ALLOWED[role]


# The same table, asked of app/keys/roles.py directly ("" is the recovery-code unlock).
QUESTIONS = (
    roles.may_manage_accounts,
    roles.may_keep_or_delete,
    roles.may_read_audit,
    roles.acts_as_lead,
    roles.may_back_up,
    roles.does_casework,
    roles.sees_numbers_only,
)


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_named_questions_answer_as_the_services_did(role):
    account_role = "" if role == "recovery" else role
    assert tuple(ask(account_role) for ask in QUESTIONS) == ALLOWED[role]
    assert roles.may_hand_over(account_role) == roles.may_back_up(account_role)


def test_each_role_has_its_words_once():
    assert [r.words for r in roles.Role] == [
        "designated lead",
        "deputy lead",
        "trustee",
        "recovery code",
    ]
    assert roles.Role.DEPUTY.label == "Deputy lead"
    assert roles.role_of("") is roles.Role.RECOVERY
    assert roles.known("nobody") is None
    # the stored strings are unchanged
    assert [str(r) for r in roles.ACCOUNT_ROLES] == ["lead", "deputy", "trustee"]

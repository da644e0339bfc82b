"""Who may do what, in one place: roles beyond the letterbox are enforced by the app
(every account holds a key slot), so each service, and each screen, asks here.

A session's `account_role` is the stored account role ("lead", "deputy", "trustee"), or
"" when a lead unlocked with the recovery code (which has no account)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Each value is the string stored in the records (accounts, audit log)."""

    LEAD = "lead"
    DEPUTY = "deputy"
    TRUSTEE = "trustee"
    RECOVERY = "recovery"  # never an account: a lead who unlocked with the recovery code

    @property
    def words(self) -> str:
        """How the role is named in a sentence, e.g. "Records unlocked (deputy lead)"."""
        return _WORDS[self]

    @property
    def label(self) -> str:
        """As a label or a choice in a list: "Deputy lead"."""
        return _WORDS[self][0].upper() + _WORDS[self][1:]


_WORDS = {
    Role.LEAD: "designated lead",
    Role.DEPUTY: "deputy lead",
    Role.TRUSTEE: "trustee",
    Role.RECOVERY: "recovery code",
}

# The roles an account can hold (the accounts table allows only these).
ACCOUNT_ROLES = (Role.LEAD, Role.DEPUTY, Role.TRUSTEE)

# Reading and working on concerns. A trustee sees numbers only.
CASEWORK_ROLES = frozenset({Role.LEAD, Role.DEPUTY, Role.RECOVERY})


def role_of(account_role: str) -> Role:
    """The session's role, naming a recovery-code unlock (which has no account)."""
    return Role(account_role or Role.RECOVERY)


def known(stored: str) -> Role | None:
    """The Role a stored string names, or None (an old or unexpected value)."""
    try:
        return Role(stored)
    except ValueError:
        return None


# -- the questions the code asks ---------------------------------------------------------
def acts_as_lead(account_role: str) -> bool:
    """A designated lead, or whoever unlocked with the recovery code."""
    return role_of(account_role) in (Role.LEAD, Role.RECOVERY)


def does_casework(account_role: str) -> bool:
    """Reads and works on concerns: the lead, a deputy, or the recovery code."""
    return role_of(account_role) in CASEWORK_ROLES


def sees_numbers_only(account_role: str) -> bool:
    """A trustee sees counts, never names or details."""
    return role_of(account_role) is Role.TRUSTEE


def may_manage_accounts(account_role: str) -> bool:
    return acts_as_lead(account_role)


def may_keep_or_delete(account_role: str) -> bool:
    """Keeping records for longer, and deleting them."""
    return acts_as_lead(account_role)


def may_read_audit(account_role: str) -> bool:
    return acts_as_lead(account_role)


def may_back_up(account_role: str) -> bool:
    """Making a backup and restoring one (and the reminder to make one)."""
    return acts_as_lead(account_role)


def may_hand_over(account_role: str) -> bool:
    """Handing the records over to another computer, and receiving them."""
    return acts_as_lead(account_role)

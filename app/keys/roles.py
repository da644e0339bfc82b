"""Who may do what, in one place: roles beyond the letterbox are enforced by the app
(every account holds a key slot), so each service asks here."""

from __future__ import annotations

# Reading and working on concerns. "recovery" is a lead who unlocked with the recovery
# code. A trustee sees numbers only.
CASEWORK_ROLES = frozenset({"lead", "deputy", "recovery"})


def role_of(account_role: str) -> str:
    """The session's role, naming a recovery-code unlock (which has no account)."""
    return account_role or "recovery"


def does_casework(account_role: str) -> bool:
    return role_of(account_role) in CASEWORK_ROLES

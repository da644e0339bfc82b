"""Three accounts for the unlock tests: the lead (from the `ready` fixture), a deputy and
a trustee, and a counter of the real Argon2id derivations. Import the fixtures into a
test module to use them."""

import pytest

import app.keys.keyring as keyring_module
from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE

DEPUTY = "purple walrus anthem kite"
TRUSTEE = "silver harbour engine bell"


@pytest.fixture
def derivations(monkeypatch):
    """Count Argon2id derivations: the real function is wrapped, never replaced."""
    real = keyring_module.derive
    calls: list[int] = []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(keyring_module, "derive", counted)
    return calls


@pytest.fixture
def team(ready):
    """Three accounts: the lead (added first), a deputy and a trustee (added last)."""
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    Accounts(ready).add("trustee", "Tom Trust", TRUSTEE, TRUSTEE)
    ready.lock()
    return ready

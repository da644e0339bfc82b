"""A data folder that is already set up, made with the core API (no wizard, no Qt)."""

from __future__ import annotations

from pathlib import Path

from app.core.organisation import OrganisationDetails
from app.core.paths import AppPaths, resolve
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session

PASSPHRASE = "correct horse battery staple"
DETAILS = OrganisationDetails(
    name="Bench Youth Club",
    area="northamptonshire",
    lead_name="Alex Lead",
    lead_phone="01604 000000",
)
CONTACTS: dict[str, object] = {"duty_team_phone": "0300 126 7000"}


def set_up_store(data_dir: Path) -> tuple[AppPaths, Session]:
    """Set up a store in `data_dir` with FAST_FOR_TESTS key slots; the session is left
    UNLOCKED so the caller can add rows; call `session.lock()` when done."""
    paths = resolve(str(data_dir))
    paths.ensure()
    session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    session.set_up(DETAILS, PASSPHRASE, generate(), CONTACTS)
    return paths, session

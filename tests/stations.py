"""Letters and stations for tests: a small concern, the organisation's keys, station
data folders over one shared letterbox."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

from app.core.paths import AppPaths, resolve
from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from app.intake.stations import Enrolment, enrol
from app.keys.key_words import words_for as fingerprint_words
from app.keys.keyring import Keyring
from app.keys.session import Session
from tests.conftest import PASSPHRASE


def concern(tag: str = "") -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=datetime.now(UTC),
        submitted_at=datetime.now(UTC),
        young_person=YoungPerson(name=f"Jade {tag}".strip(), date_of_birth=date(2010, 3, 1)),
        happened_on=date(2025, 6, 14),
        own_words=f"He said I owe him now. {tag}",
        indicators=[IndicatorAnswer("T2-07", "6-12-months", "young-person-told")],
        recorder_name="Pat Volunteer",
    )


def public_key(session: Session) -> bytes:
    return Keyring.load(session.paths.keyring).org_public_key


def private_key(session: Session) -> bytes:
    from db import organisation as org_queries

    if not session.is_unlocked:
        session.unlock(PASSPHRASE)
    keys = org_queries.load_org_keys(session.require_store())
    assert keys is not None
    return keys[1]


def make_old(path: Path, seconds: float = 3600) -> None:
    """As if written `seconds` ago: past the time a sync service could still be at it."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def enrolment_for(lead: Session, letterbox: Path) -> Enrolment:
    key = public_key(lead)
    return Enrolment(
        organisation="Riverside Youth Club",
        area="northamptonshire",
        contacts={"duty_team_phone": "0300 126 7000"},
        public_key=key,
        fingerprint=list(fingerprint_words(key)),
        letterbox=str(letterbox),
    )


def station_paths(root: Path, name: str) -> AppPaths:
    return resolve(str(root / name))


def make_station(root: Path, folder_name: str, station: str, enrolment: Enrolment) -> Session:
    paths = station_paths(root, folder_name)
    enrol(paths, enrolment, station)
    return Session(paths)

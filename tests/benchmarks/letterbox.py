"""Budgets: seal and write one letter ≤ 50 ms (median); import 500 letters from two
letterbox folders (the data folder's own and a shared one, issue 14) ≤ 3 s.

A set-up store (FAST_FOR_TESTS key slots); every letter a fully filled concern, sealed to
the organisation's public key and written with fsync as a volunteer's would be. The
import is timed on its own (import_letters on the open store), each letter in its own
savepoint and a commit (synchronous=FULL) a batch of 50, as at an unlock.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.reference import new_reference
from app.intake.letterbox import import_letters, seal
from app.keys.keyring import Keyring
from app.screening.rules import screen_concern
from db import organisation as org_queries
from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.results import Result, median_ms

SEAL_RUNS = 51
LETTERS = 500
SEAL_BUDGET_MS = 50.0
IMPORT_BUDGET_S = 3.0


def _concern() -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        submitted_at=datetime.now(UTC),
        danger=("X02",),
        young_person=YoungPerson(
            name="Jade Example",
            known_as="JJ",
            date_of_birth=date(2010, 3, 1),
            address="1 High Street, Northampton",
            school="Example Academy",
            carers="Mum, 01604 000000",
            needs=("autism",),
        ),
        happened_on=date(2025, 6, 14),
        happened_time="19:30",
        happened_where="the underpass by the station",
        own_words="He said I owe him now. " * 40,
        observations="Got into a black car with two older men. " * 20,
        actions_taken="Told the lead by phone at 20:10.",
        people=[InvolvedPerson(name="Daz", approximate_age="about 25")],
        vehicles=[Vehicle(registration="AB12 CDE", colour="black")],
        places=[Place(description="the underpass")],
        contacts=[OnlineContact(kind="username", value="daz99", platform="Snapchat")],
        indicators=[IndicatorAnswer(f"T1-{i:02}", details="Seen twice.") for i in range(1, 9)],
        computed_tier="2",
        recorder_name="Pat Volunteer",
        recorder_role="Helper",
    )


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="cse-bench-letterbox-") as tmp:
        paths, session = set_up_store(Path(tmp) / "data")
        store = session.require_store()
        public = Keyring.load(paths.keyring).org_public_key
        keys = org_queries.load_org_keys(store)
        if keys is None:
            raise RuntimeError("the set-up store has no organisation key")
        private = keys[1]

        shared = Path(tmp) / "shared-letterbox"
        seal_ms = median_ms(lambda: seal(_concern(), public, paths.letterbox), SEAL_RUNS)
        for i in range(LETTERS - SEAL_RUNS):
            # Half from volunteer stations into the shared folder, with a station name.
            if i % 2:
                seal(_concern(), public, paths.letterbox)
            else:
                seal(_concern(), public, shared, "Office PC")
        folders = [paths.letterbox, shared]

        start = time.perf_counter()
        report = import_letters(
            store, private, folders, datetime.now(UTC).isoformat(), screen=screen_concern
        )
        import_s = time.perf_counter() - start
        if (report.imported, report.quarantined, report.left) != (LETTERS, 0, 0):
            raise RuntimeError(f"imported {report.imported} of {LETTERS} letters")
        session.lock()

    return [
        Result(
            "seal and write one letter (median)",
            seal_ms,
            "ms",
            None,
            None,
            f"≤ {SEAL_BUDGET_MS:.0f} ms",
            seal_ms <= SEAL_BUDGET_MS,
        ),
        Result(
            f"import {LETTERS} letters from two folders, a savepoint each",
            import_s,
            "s",
            None,
            None,
            f"≤ {IMPORT_BUDGET_S:.0f} s",
            import_s <= IMPORT_BUDGET_S,
        ),
        Result(
            "  import, per letter",
            import_s * 1000 / LETTERS,
            "ms",
            None,
            None,
            "",
            None,
        ),
    ]

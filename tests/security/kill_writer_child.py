"""The child for tests/security/test_kill_during_write.py: a lead saving concerns in a loop.

Run as `python -m tests.security.kill_writer_child DATA_FOLDER SEED`, with the passphrase
in the environment variable KILL_WRITER_PASSPHRASE. It unlocks a Session exactly as the
app does and calls `Session.save_concern_direct` over and over until it is killed. After
each save RETURNS it prints one line, `saved <reference> <digest>`, and flushes, so
the parent knows which saves the app had told the lead were done.

Kept small on purpose (no pytest, no Qt): the parent starts it over fifty times.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any

PASSPHRASE_VARIABLE = "KILL_WRITER_PASSPHRASE"

# Texts with room to make each concern span pages: several scripts, new lines, a NUL.
_WORDS = (
    "Zofia",
    "فاطمة",
    "王小明",
    "Aoife",
    "Dmitri",
    "kettle",
    "bus stop",
    "🙂",
    "the park",
    "Snapchat",
    "“I owe him”",
    "tab\there",
    "line\nbreak",
    "NUL\x00kept",
)


def digest(data: dict[str, Any]) -> str:
    """A digest of a concern as `app.intake.concern.codec.to_dict` gives it: what was saved."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def make_concern(rng: random.Random) -> Any:
    """A real, valid concern whose size varies from a few hundred bytes to ~20 KB."""
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

    created = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(500_000))
    long_words = rng.choice((5, 50, 400, 1500))
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=created,
        submitted_at=created + timedelta(minutes=12),
        source="direct",
        young_person=YoungPerson(
            name=_text(rng, 2),
            known_as=_text(rng, 2),
            date_of_birth=date(2008, 1, 1) + timedelta(days=rng.randrange(3000)),
            school=_text(rng, 3),
            needs=("autism",) if rng.random() < 0.3 else (),
        ),
        happened_on=created.date(),
        happened_time="21:45",
        happened_where=_text(rng, 4),
        own_words=_text(rng, long_words)[:10_000],  # the most the form sends
        observations=_text(rng, long_words // 2)[:10_000],
        people=[
            InvolvedPerson(name=_text(rng, 2), nickname="Daz") for _ in range(rng.randrange(3))
        ],
        vehicles=[Vehicle(registration="AB12 CDE", colour="black")] if rng.random() < 0.5 else [],
        places=[Place(description=_text(rng, 3))],
        contacts=[
            OnlineContact(
                kind="username", value=f"@user{rng.randrange(10**6)}", platform="Snapchat"
            )
        ],
        indicators=[
            IndicatorAnswer(
                rng.choice(("T1-01", "T2-07", "T3-04")),
                "6-12-months",
                "young-person-told",
                _text(rng, 5),
            ),
            IndicatorAnswer("V02"),
        ],
        computed_tier=rng.choice(("none", "1", "2", "3")),  # worked out again on saving
        recorder_name=_text(rng, 2),
    )


def main(argv: list[str]) -> int:
    from app.core.paths import resolve
    from app.intake.concern.codec import to_dict
    from app.keys.kdf import FAST_FOR_TESTS
    from app.keys.session import Session

    folder, seed = argv[1], int(argv[2])
    rng = random.Random(seed)
    out = sys.stdout
    session = Session(resolve(folder), kdf_params=lambda: FAST_FOR_TESTS)
    session.unlock(os.environ[PASSPHRASE_VARIABLE])
    out.write("unlocked\n")
    out.flush()
    while True:
        saved = session.save_concern_direct(make_concern(rng))
        # Only now has the app told the lead the concern is saved.
        out.write(f"saved {saved.id} {digest(to_dict(saved))}\n")
        out.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

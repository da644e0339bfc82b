"""Budget: "seen in other records" for one concern ≤ 20 ms (median of 21), in a store of
10,000 generated concerns about 2,000 young people.

Each concern names a few subjects drawn from shared pools, typed in different spellings
(registrations with and without spaces, numbers with +44 or 0, names in any case), so a
concern has real matches to find. The concern timed names one of everything, each retyped
from another concern: two people, a car, a place with a postcode, a phone number and a
username. The store is built with db/concerns.insert_concern in one transaction, then each
concern is re-pointed at one of 2,000 young people, as after the lead's merges.

For information: the build time, the spread over 200 other concerns, and the first look
after an unlock, which reads every name and place once into the store's TEMP key table.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.casework.matching import KINDS, registration_key, seen_elsewhere
from app.intake.concern.codec import to_dict
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.intake.letterbox import to_record
from db import concerns as queries
from tests.benchmarks.fixtures import set_up_store
from tests.benchmarks.results import Result, median_ms

CONCERNS = 10_000
YOUNG_PEOPLE = 2_000
RUNS = 21
SAMPLE = 200
BUDGET_MS = 20.0
SEED = 20250615

FIRST = (
    "Daniel",
    "Danny",
    "Darren",
    "Dean",
    "David",
    "Adam",
    "Aaron",
    "Ali",
    "Amir",
    "Ben",
    "Callum",
    "Connor",
    "Craig",
    "Jack",
    "James",
    "Jamie",
    "Jason",
    "Jordan",
    "Josh",
    "Kieran",
    "Kyle",
    "Lee",
    "Liam",
    "Luke",
    "Mark",
    "Mason",
    "Matt",
    "Michael",
    "Mohammed",
    "Muhammad",
    "Nathan",
    "Nick",
    "Oliver",
    "Paul",
    "Reece",
    "Ryan",
    "Sam",
    "Scott",
    "Sean",
    "Shane",
    "Steven",
    "Tom",
    "Tyler",
    "Wayne",
    "Zak",
    "Kamil",
    "Piotr",
    "Tomasz",
    "Lukasz",
    "Ahmed",
)
SURNAME = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Nowak",
    "Kowalski",
    "Hussain",
    "Ali",
    "Begum",
    "Murphy",
    "Kelly",
    "Doyle",
)
NICK = (
    "Daz",
    "Big D",
    "Smudge",
    "Jay",
    "Tiny",
    "Kash",
    "Bugsy",
    "Deano",
    "Mo",
    "Sparky",
    "Ghost",
    "Snow",
    "Benzo",
    "Fox",
)
STREETS = (
    "High",
    "Church",
    "Station",
    "Mill",
    "Park",
    "Victoria",
    "Queen",
    "King",
    "London",
    "Bridge",
)
PLACES = (
    "the underpass",
    "the bus station",
    "McDonald's on Abington Street",
    "the park",
    "Co-op car park",
    "behind the leisure centre",
    "the chicken shop",
    "the canal path",
)
AREAS = ("NN1", "NN2", "NN3", "NN4", "NN5", "LE1", "LE2", "LE3", "LE4", "LE5")
LETTERS = "ABCDEFGHJKLMNPRSTUVWXY"


def _pools(rng: random.Random) -> dict[str, list[str]]:
    def plate() -> str:
        return (
            rng.choice(LETTERS)
            + rng.choice(LETTERS)
            + rng.choice(("12", "15", "19", "21", "61", "66", "70", "73"))
            + "".join(rng.choice(LETTERS) for _ in range(3))
        )

    def postcode() -> str:
        return (
            f"{rng.choice(AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )

    places = []
    for _ in range(700):
        if rng.random() < 0.4:
            places.append(f"{rng.randint(1, 200)} {rng.choice(STREETS)} Street, {postcode()}")
        else:
            places.append(f"{rng.choice(PLACES)} {rng.choice(STREETS)} {rng.randint(1, 99)}")
    return {
        "plates": [plate() for _ in range(2_500)],
        "phones": [f"07{rng.randint(100, 999)}{rng.randint(100000, 999999)}" for _ in range(5_000)],
        "users": [f"{rng.choice(NICK).lower()}{rng.randint(1, 9999)}" for _ in range(5_000)],
        "places": places,
    }


def _plate(rng: random.Random, plate: str) -> str:
    return rng.choice(
        (plate, plate.lower(), f"{plate[:4]} {plate[4:]}", f"{plate[:2]}-{plate[2:4]} {plate[4:]}")
    )


def _phone(rng: random.Random, number: str) -> str:
    rest = number[1:]
    return rng.choice(
        (
            number,
            f"+44 {rest[:4]} {rest[4:]}",
            f"({number[:5]}) {number[5:8]} {number[8:]}",
            f"0044 {rest}",
        )
    )


def _person(rng: random.Random) -> dict[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(SURNAME)}"
    name = rng.choice((name, name.lower(), name.upper(), name.replace(" ", "  ")))
    roll = rng.random()
    if roll < 0.15:
        return {
            "kind": "person",
            "name": "",
            "nickname": rng.choice(NICK),
            "description": "",
            "approximate_age": "20s",
        }
    nickname = rng.choice(NICK) if roll < 0.45 else ""
    return {
        "kind": "person",
        "name": name,
        "nickname": nickname,
        "description": "tall",
        "approximate_age": "about 25",
    }


def _subjects(rng: random.Random, pools: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for position in range(rng.choice((0, 1, 1, 2))):
        rows.append({**_person(rng), "position": position})
    if rng.random() < 0.5:
        plate = _plate(rng, rng.choice(pools["plates"]))
        rows.append({"kind": "vehicle", "position": 0, "registration": plate, "colour": "silver"})
    if rng.random() < 0.6:
        place = rng.choice(pools["places"])
        rows.append(
            {"kind": "place", "position": 0, "description": rng.choice((place, place.lower()))}
        )
    contacts = [
        ("phone", _phone(rng, rng.choice(pools["phones"])), ""),
        ("username", "@" + rng.choice(pools["users"]), "Snapchat"),
    ]
    for position, (kind, value, platform) in enumerate(
        rng.sample(contacts, rng.choice((0, 1, 1, 2)))
    ):
        rows.append({"kind": kind, "position": position, "value": value, "platform": platform})
    return rows


def _one_of_everything(rng: random.Random, others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Subjects for the timed concern, each taken from another concern and retyped, so
    every kind has at least one match to find."""
    named: dict[str, list[dict[str, Any]]] = {}
    for record in others:
        for row in record["subjects"]:
            named.setdefault(row["kind"], []).append(row)
    people = [r for r in named["person"] if r["name"]]
    place = rng.choice([r for r in named["place"] if "street," in r["description"].lower()])
    vehicle = rng.choice(named["vehicle"])
    return [
        {**rng.choice(people), "position": 0},
        {**rng.choice(people), "position": 1},
        {**vehicle, "registration": _plate(rng, registration_key(vehicle["registration"]))},
        {**place, "description": place["description"].upper()},
        {**rng.choice(named["phone"]), "position": 0},
        {**rng.choice(named["username"]), "position": 1},
    ]


def _records(count: int, now: str) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    pools = _pools(rng)
    base = to_record(
        to_dict(
            Concern(
                id=new_reference(),
                checklist_version=1,
                created_at=datetime.now(UTC),
                young_person=YoungPerson(name="Young Person", approximate_age=14),
                own_words="He said I owe him now.",
                computed_tier="2",
            )
        ),
        "0" * 64,
        now,
    )
    records, ids = [], set()
    for i in range(count):
        cid = new_reference()
        while cid in ids:
            cid = new_reference()
        ids.add(cid)
        records.append(
            {
                **base,
                "concern": {**base["concern"], "id": cid, "content_digest": f"{i:064x}"},
                "subjects": _subjects(rng, pools),
            }
        )
    records[0]["subjects"] = _one_of_everything(rng, records[1:])
    return records


def build(store: Any, count: int = CONCERNS, young_people: int = YOUNG_PEOPLE) -> list[str]:
    """Fill `store` with `count` concerns about `young_people` young people; their ids."""
    now = datetime.now(UTC).isoformat()
    records = _records(count, now)
    rng = random.Random(SEED + 1)
    with store.transaction():
        for record in records:
            queries.insert_concern(store, record, now)
        # insert_concern makes a young person per concern; keep the first `young_people`.
        low = int(store.query_one("SELECT min(id) FROM young_people")[0])
        for record in records:
            store.execute(
                "UPDATE concerns SET young_person_id = ? WHERE id = ?",
                (low + rng.randrange(young_people), record["concern"]["id"]),
            )
        store.execute(
            "DELETE FROM young_people WHERE id NOT IN (SELECT young_person_id FROM concerns)"
        )
    return [r["concern"]["id"] for r in records]


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="cse-bench-matching-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        store = session.require_store()
        start = time.perf_counter()
        ids = build(store)
        build_s = time.perf_counter() - start

        # The first look after an unlock reads every name and place once.
        target = ids[0]
        start = time.perf_counter()
        matches = seen_elsewhere(store, target)
        first_ms = (time.perf_counter() - start) * 1000
        if {m.kind for m in matches} != set(KINDS):
            raise RuntimeError("the timed concern did not match every kind: not a fair test")
        links = sum(m.other_concerns for m in matches)
        seen_ms = median_ms(lambda: seen_elsewhere(store, target), RUNS)

        spread = []
        for concern_id in random.Random(SEED + 2).sample(ids[1:], SAMPLE):
            start = time.perf_counter()
            seen_elsewhere(store, concern_id)
            spread.append((time.perf_counter() - start) * 1000)
        session.lock()

    def info(name: str, value: float, unit: str) -> Result:
        return Result(name, value, unit, None, None, "", None)

    return [
        Result(
            f"seen in other records, one concern of {CONCERNS:,} (median)",
            seen_ms,
            "ms",
            None,
            None,
            f"≤ {BUDGET_MS:.0f} ms",
            seen_ms <= BUDGET_MS,
        ),
        info(f"  it names {len(matches)} things found in {links} other concerns", float(links), ""),
        info(f"  {SAMPLE} other concerns, median", statistics.median(spread), "ms"),
        info(f"  {SAMPLE} other concerns, slowest", max(spread), "ms"),
        info("  first look after unlock (reads every name and place)", first_ms, "ms"),
        info(f"  build {CONCERNS:,} concerns, {YOUNG_PEOPLE:,} young people", build_s, "s"),
    ]


if __name__ == "__main__":
    for result in run():
        print(f"{result.name}: {result.value:.2f} {result.unit} {result.verdict}")

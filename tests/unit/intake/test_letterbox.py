"""The letterbox: a concern sealed without unlocking, imported whole on unlock, never lost.

Real SQLCipher store (the `ready` fixture), real PyNaCl.
"""

import json
import logging
import os
import re
import stat
import time
import typing
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone

import nacl.exceptions
import nacl.public
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import errors
from app.intake import letterbox
from app.intake.concern import codec
from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.reference import ALPHABET, is_reference, new_reference, normalise
from app.intake.concern.validate import CHOICES, pattern_of
from app.screening.rules import screen_concern
from db import concerns as queries
from tests.conftest import PASSPHRASE

CANARY = "CANARYxLetterx7c"
TABLES = ("young_people", "concerns", "concern_indicators", "subjects")
LETTER_NAME = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{16}\.letter$")


def full_concern(tag: str = CANARY) -> Concern:
    """Every field filled, each text carrying the canary and a field-specific marker."""
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=datetime(2025, 6, 15, 18, 4, 5, 123456, tzinfo=UTC),
        submitted_at=datetime(2025, 6, 15, 18, 19, tzinfo=timezone(timedelta(hours=1))),
        status="submitted",
        source="letterbox",
        danger=("X02", "X05"),
        called_999=True,
        police_reference=f"{tag}-police-ref",
        young_person=YoungPerson(
            name=f"Zofia Wójcik {tag}",
            known_as=f"Zo, فاطمة, 王小明 {tag}",
            date_of_birth=date(2010, 2, 28),
            approximate_age=15,
            gender=f"{tag}-gender",
            address=f"1 High St\n{tag}-address",
            school=f"{tag}-school",
            carers=f"{tag}-carers",
            needs=("autism", "learning-disability"),
            needs_details=f"{tag}-needs\twith a tab",
            first_language=f"اردو {tag}",
            home_contact_unsafe=True,
            home_contact_unsafe_reason=f"{tag}-unsafe",
        ),
        happened_on=date(2025, 6, 14),
        happened_time="21:45",
        happened_where=f"{tag}-where",
        how_known="someone-else-told",
        told_by=f"{tag}-told-by",
        own_words=f'"I owe him" — {tag}\nnew line 🙂 and NUL\x00 kept',
        observations=f"{tag}-observations",
        actions_taken=f"{tag}-actions",
        phoned_101=True,
        people=[
            InvolvedPerson(
                name=f"{tag}-man", nickname="Daz", description="tall", approximate_age="20s"
            ),
            InvolvedPerson(name=f"Jan KOWALSKI {tag}"),
        ],
        vehicles=[
            Vehicle(
                registration="ab12 cde",
                make=f"{tag}-make",
                colour="black",
                details=f"{tag}-vehicle",
            )
        ],
        places=[Place(description=f"{tag}-place"), Place(description="the park")],
        contacts=[
            OnlineContact(kind="username", value=f"@{tag}", platform="Snapchat"),
            OnlineContact(kind="phone", value="+44 (0)7700 900-123"),
            OnlineContact(kind="username", value="second", platform=f"{tag}-app"),
        ],
        indicators=[
            IndicatorAnswer(
                "T2-07",
                "6-12-months",
                "young-person-told",
                f"{tag}-details",
                found_out_on=date(2025, 6, 14),
            ),
            IndicatorAnswer("V02", "not-known"),
        ],
        computed_tier="X",  # danger now: what import works out again
        recorder_name=f"{tag}-recorder",
        recorder_role=f"{tag}-role",
        recorder_contact=f"{tag}-contact",
    )


def public_key(session) -> bytes:
    from app.keys.keyring import Keyring

    return Keyring.load(session.paths.keyring).org_public_key


def post_plaintext(session, plaintext: bytes, name: str) -> None:
    """A letter sealed with the right key around any bytes at all."""
    box = nacl.public.SealedBox(nacl.public.PublicKey(public_key(session)))
    session.paths.letterbox.mkdir(mode=0o700, exist_ok=True)
    (session.paths.letterbox / name).write_bytes(bytes(box.encrypt(plaintext)))


def row_counts(store) -> dict[str, int]:
    return {t: store.query_one(f"SELECT count(*) FROM {t}")[0] for t in TABLES}


def files_containing(root, text: str) -> list[str]:
    needles = (text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be"))
    return [
        p.name for p in root.rglob("*") if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


# -- references -------------------------------------------------------------------------
def test_references_are_random_crockford_and_read_aloud_back():
    made = {new_reference() for _ in range(2000)}
    assert len(made) == 2000
    for ref in made:
        assert is_reference(ref) and re.fullmatch(rf"C-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", ref)
    assert not set("ILOU") & set("".join(made))
    assert normalise("c 7k2q m9xd") == "C-7K2Q-M9XD"
    assert normalise("C-7K2Q-M9XO") == "C-7K2Q-M9X0"  # O read as zero
    assert normalise("7k2q-m9xd") == "C-7K2Q-M9XD"
    assert normalise("C-7K2Q") is None and normalise("C-7K2Q-M9XU") is None


# -- the codec --------------------------------------------------------------------------
def test_to_dict_is_json_safe_and_round_trips_exactly():
    concern = full_concern()
    data = codec.to_dict(concern)
    assert json.loads(json.dumps(data)) == data
    assert data["created_at"] == "2025-06-15T18:04:05.123456+00:00"
    assert data["submitted_at"] == "2025-06-15T18:19:00+01:00"
    assert data["happened_on"] == "2025-06-14"
    assert data["young_person"]["needs"] == ["autism", "learning-disability"]
    back = codec.from_dict(json.loads(json.dumps(data)))
    assert back == concern
    assert codec.to_dict(back) == data
    assert isinstance(back.danger, tuple) and isinstance(back.young_person.needs, tuple)
    assert isinstance(back.people, list)


def _strategy(hint, path=""):
    """Hypothesis values for any type the model uses, choices from validate.CHOICES."""
    inner = [a for a in typing.get_args(hint) if a is not type(None)]
    if type(None) in typing.get_args(hint):
        return st.none() | _strategy(inner[0], path)
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return st.builds(
            hint, **{f.name: _strategy(hints[f.name], f"{path}{f.name}.") for f in fields(hint)}
        )
    origin = typing.get_origin(hint)
    key = path.rstrip(".")
    if origin in (list, tuple):
        item = _strategy(typing.get_args(hint)[0], f"{key}.0.")
        return st.lists(item, max_size=3).map(origin)
    choices = CHOICES.get(pattern_of(key))
    if key == "id":
        return st.text(ALPHABET, min_size=8, max_size=8).map(lambda s: f"C-{s[:4]}-{s[4:]}")
    if choices:
        return st.sampled_from(choices)
    if hint is str:
        return st.text(max_size=20)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(-(2**63), 2**63 - 1)
    if hint is date:
        return st.dates()
    if hint is datetime:
        zones = st.sampled_from(
            [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9, minutes=-30))]
        )
        return st.datetimes(timezones=zones)
    raise AssertionError(f"no strategy for {hint}")


CONCERNS = _strategy(Concern)


@pytest.mark.slow  # 300 examples
@settings(max_examples=300, deadline=None)
@given(CONCERNS)
def test_any_concern_round_trips_through_json_exactly(concern):
    data = codec.to_dict(concern)
    back = codec.from_dict(json.loads(json.dumps(data)))
    assert back == concern
    assert codec.to_dict(back) == data


def _with(data, path, value):
    data = json.loads(json.dumps(data))
    *parents, last = path
    target = data
    for step in parents:
        target = target[step]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


BAD_STRUCTURES = [
    (("young_person", "name"), 42, "young_person.name is not text"),
    (("called_999",), 1, "called_999 is not yes or no"),
    (("checklist_version",), True, "checklist_version is not a whole number"),
    (("checklist_version",), 2**70, "checklist_version is too large a number to keep"),
    (("checklist_version",), "3", "checklist_version is not a whole number"),
    (("happened_on",), "14/06/2025", "happened_on is not a date"),
    (("happened_on",), "2025-02-30", "happened_on is not a date"),
    (("created_at",), "2025-06-15T18:04:05", "created_at has no time zone"),
    (("created_at",), None, "created_at is not a date and time"),
    (("people",), {"name": CANARY}, "people is not a list"),
    (("people", 0, "name"), None, "people.0.name is not text"),
    (("people", 1), "someone", "people.1 is not a group of fields"),
    (("contacts", 0, "kind"), "email", "contacts.0.kind is not one of its choices"),
    (
        ("young_person", "needs"),
        ["autism", CANARY],
        "young_person.needs.1 is not one of its choices",
    ),
    (("status",), "maybe", "status is not one of its choices"),
    (("id",), CANARY, "id is not a concern reference"),
    (("own_words",), "broken \ud800 half", "own_words has broken characters"),
    (("id",), KeyError, "id is missing"),
    (("indicators", 0, "indicator_id"), KeyError, "indicators.0.indicator_id is missing"),
    (("young_person", CANARY), "x", "young_person has a field this version does not know"),
    ((CANARY,), "x", "the concern has a field this version does not know"),
]


@pytest.mark.parametrize("path, value, reason", BAD_STRUCTURES, ids=[r for *_, r in BAD_STRUCTURES])
def test_a_wrong_structure_is_refused_naming_the_field_never_its_content(path, value, reason):
    data = _with(codec.to_dict(full_concern()), path, value)
    with pytest.raises(errors.LetterInvalid) as caught:
        codec.from_dict(data)
    assert caught.value.reason == reason
    assert CANARY not in str(caught.value) and CANARY not in caught.value.message


def test_a_letter_from_before_a_field_existed_takes_its_default():
    data = codec.to_dict(full_concern())
    for key in ("phoned_101", "contacts", "computed_tier"):
        del data[key]
    del data["young_person"]["needs"]
    back = codec.from_dict(data)
    assert back.phoned_101 is False and back.contacts == [] and back.computed_tier == "none"
    assert back.young_person.needs == ()


def test_to_dict_refuses_a_wrong_type_naming_the_field():
    concern = full_concern()
    concern.happened_on = datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(TypeError, match="happened_on is not a date"):
        codec.to_dict(concern)
    concern = full_concern()
    concern.created_at = datetime(2025, 1, 1)
    with pytest.raises(TypeError, match="created_at"):
        codec.to_dict(concern)


# -- sealing ----------------------------------------------------------------------------
def test_a_sealed_letter_holds_no_plaintext_and_is_owner_only(ready):
    assert not ready.paths.letterbox.exists()
    path = ready.seal_concern(full_concern())  # locked: only the public key is needed
    assert not ready.is_unlocked
    assert path.parent == ready.paths.letterbox
    assert LETTER_NAME.match(path.name)
    assert [p.name for p in ready.paths.letterbox.iterdir()] == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(ready.paths.letterbox.stat().st_mode) == 0o700
    # Whole KiB of plaintext plus the sealed box's 48 bytes: the size says little.
    assert (path.stat().st_size - 48) % 1024 == 0
    concern = full_concern()
    for text in (CANARY, concern.young_person.name, "王小明", "فاطمة", "Wójcik", "AB12"):
        assert files_containing(ready.paths.data, text) == [], text
    # Not even the envelope's own words show.
    for text in ("cse-toolkit-letter", "own_words", concern.id):
        assert files_containing(ready.paths.letterbox, text) == [], text


def test_the_letter_opens_only_with_the_organisations_private_key(ready):
    sealed = ready.seal_concern(full_concern()).read_bytes()
    ready.unlock(PASSPHRASE)
    from db import organisation as org_queries

    _, private = org_queries.load_org_keys(ready.require_store())
    plain = nacl.public.SealedBox(nacl.public.PrivateKey(private)).decrypt(sealed)
    assert plain.isascii()
    doc = json.loads(plain)
    assert doc["format"] == "cse-toolkit-letter" and doc["version"] == 2
    assert re.fullmatch(r"[0-9a-f]{32}", doc["letter"]) and doc["station"] == ""
    with pytest.raises(nacl.exceptions.CryptoError):
        nacl.public.SealedBox(nacl.public.PrivateKey.generate()).decrypt(sealed)


def test_seal_failing_says_so_in_plain_words(ready, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way")
    with pytest.raises(errors.ConcernNotSaved):
        letterbox.seal(full_concern(), public_key(ready), blocked / "letterbox")
    with pytest.raises(errors.ConcernNotSaved):
        letterbox.seal(full_concern(), b"short", tmp_path / "letterbox")


# -- importing --------------------------------------------------------------------------
def test_unlock_imports_the_letter_exactly_and_deletes_it(ready):
    concern = full_concern()
    path = ready.seal_concern(concern)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (1, 0)
    assert not path.exists()
    assert list(ready.paths.letterbox.iterdir()) == []
    stored = letterbox.load_concern(ready.require_store(), concern.id)
    assert stored == concern
    assert codec.to_dict(stored) == codec.to_dict(concern)  # offsets and all
    assert row_counts(ready.require_store()) == {
        "young_people": 1,
        "concerns": 1,
        "concern_indicators": 2,
        "subjects": 8,
    }
    ready.lock()
    assert ready.unlock(PASSPHRASE).imported == 0


def test_letters_are_imported_oldest_first(ready):
    concerns = [full_concern(f"tag{i}") for i in range(5)]
    for concern in concerns:
        ready.seal_concern(concern)
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    from db import organisation as org_queries

    # Fresh letters, imported straight through import_letters to see the order.
    more = [full_concern(f"more{i}") for i in range(4)]
    for concern in more:
        ready.seal_concern(concern)
    report = letterbox.import_letters(
        store,
        org_queries.load_org_keys(store)[1],
        ready.paths.letterbox,
        "2025-06-16T09:00:00+00:00",
        screen=screen_concern,
    )
    assert report.ids == [c.id for c in more]
    assert [letterbox.load_concern(store, c.id) for c in concerns + more] == concerns + more


def test_an_incomplete_concern_is_sealed_and_imported_whatever_it_holds(ready):
    concern = Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        status="incomplete-timed-out",
        happened_on=date(2999, 1, 1),  # would be refused at Send
        own_words="x" * 20_000,
        recorder_name="bad\x07bell",
        people=[InvolvedPerson()],
    )
    ready.seal_concern(concern)
    assert ready.unlock(PASSPHRASE).imported == 1
    assert letterbox.load_concern(ready.require_store(), concern.id) == concern


def test_the_route_decides_the_source(ready):
    concern = replace(full_concern(), source="direct")
    ready.seal_concern(concern)
    ready.unlock(PASSPHRASE)
    assert letterbox.load_concern(ready.require_store(), concern.id).source == "letterbox"


def _crafted(ready, concern, name, **changes):
    """A letter written by hand, as someone at the PC could: the envelope right, the
    concern saying whatever they like about itself."""
    data = codec.to_dict(concern)
    data.update(changes)
    post_plaintext(
        ready,
        json.dumps({"format": "cse-toolkit-letter", "version": 1, "concern": data}).encode(),
        name,
    )


def test_a_letter_that_claims_a_low_tier_or_a_direct_source_is_not_believed(ready):
    # A disclosure of abuse more than a year ago, ticked by someone who hoped it would be
    # filed away: the letter says "no signs" and "recorded by the lead". Letters are data.
    concern = replace(
        full_concern(),
        danger=(),
        indicators=[IndicatorAnswer("T3-01", "over-12-months", "young-person-told")],
    )
    _crafted(
        ready, concern, "20250101T000000000000Z-low.letter", computed_tier="none", source="direct"
    )
    assert ready.unlock(PASSPHRASE).imported == 1
    stored = letterbox.load_concern(ready.require_store(), concern.id)
    assert stored.computed_tier == "3"
    assert stored.source == "letterbox"


def test_a_letter_is_screened_with_the_checklist_version_it_names(ready):
    # Version 1 let that disclosure age out; a version 1 letter keeps version 1's result
    # (the lead can screen it again), and says which version it was screened with.
    old = replace(
        full_concern(),
        danger=(),
        checklist_version=1,
        computed_tier="3",
        indicators=[IndicatorAnswer("T3-01", "over-12-months")],
    )
    _crafted(ready, old, "20250101T000000000000Z-v1.letter")
    assert ready.unlock(PASSPHRASE).imported == 1
    stored = letterbox.load_concern(ready.require_store(), old.id)
    assert (stored.checklist_version, stored.computed_tier) == (1, "none")


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a checklist version not installed", {"checklist_version": 99}),
        (
            "an item this version does not have",
            {
                "indicators": [
                    {
                        "indicator_id": "T9-99",
                        "when_last_seen": "within-6-months",
                        "how_known": "saw",
                        "details": "",
                        "found_out_on": None,
                    }
                ]
            },
        ),
        (
            "'not sure when' in a version 1 letter",
            {
                "checklist_version": 1,
                "indicators": [
                    {
                        "indicator_id": "T1-01",
                        "when_last_seen": "not-known",
                        "how_known": "saw",
                        "details": "",
                        "found_out_on": None,
                    }
                ],
            },
        ),
        ("a sent concern over a length limit", {"own_words": "x" * 10_001}),
        ("a name over a length limit", {"recorder_name": "x" * 121}),
        ("an answer about an adult the form never offers", {"about_adult": "nobody"}),
    ],
)
def test_a_letter_that_breaks_a_limit_is_set_aside_whole(ready, what, change):
    concern = full_concern()
    _crafted(ready, concern, "20250101T000000000000Z-bad.letter", **change)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1), what
    with pytest.raises(errors.ConcernMissing):
        letterbox.load_concern(ready.require_store(), concern.id)
    assert (ready.paths.letterbox / "quarantine").is_dir()


def test_a_form_sealed_part_way_keeps_its_text_whole(ready):
    # The form never cuts text short; a timed-out form can hold more than Send allows.
    concern = replace(full_concern(), status="incomplete-timed-out", own_words="x" * 12_000)
    ready.seal_concern(concern)
    assert ready.unlock(PASSPHRASE).imported == 1
    assert letterbox.load_concern(ready.require_store(), concern.id).own_words == "x" * 12_000


def test_a_letter_claiming_to_be_unsent_is_still_bounded(ready):
    # A hand-made letter cannot switch the limits off by saying it was left part-way.
    concern = replace(full_concern(), status="incomplete-timed-out", own_words="x" * 100_001)
    ready.seal_concern(concern)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1)


def test_a_lead_recording_directly_goes_through_the_same_checks(ready):
    ready.unlock(PASSPHRASE)
    concern = replace(
        full_concern(),
        danger=(),
        computed_tier="none",
        indicators=[IndicatorAnswer("T3-13", "over-12-months")],
    )
    assert ready.save_concern_direct(concern).computed_tier == "3"
    with pytest.raises(errors.ConcernNotSaved):
        ready.save_concern_direct(replace(full_concern(), recorder_name="x" * 121))


def test_bad_letters_are_quarantined_and_the_rest_imported(ready, caplog):
    caplog.set_level(logging.INFO)
    good_before = ready.seal_concern(full_concern("good1"))
    foreign = nacl.public.PrivateKey.generate().public_key
    letterbox.seal(full_concern(), bytes(foreign), ready.paths.letterbox)
    corrupt = ready.seal_concern(full_concern())
    data = bytearray(corrupt.read_bytes())
    data[100] ^= 0x01
    corrupt.write_bytes(bytes(data))
    empty = ready.paths.letterbox / "20250101T000000000000Z-0000000000000000.letter"
    empty.write_bytes(b"")
    post_plaintext(ready, b"not json at all", "20250101T000000000001Z-1.letter")
    post_plaintext(
        ready,
        json.dumps({"format": "cse-toolkit-letter", "version": 2, "concern": {}}).encode(),
        "20250101T000000000002Z-2.letter",
    )
    post_plaintext(ready, json.dumps([CANARY]).encode(), "20250101T000000000003Z-3.letter")
    bad_field = codec.to_dict(full_concern())
    bad_field["young_person"]["date_of_birth"] = CANARY
    post_plaintext(
        ready,
        json.dumps({"format": "cse-toolkit-letter", "version": 1, "concern": bad_field}).encode(),
        "20250101T000000000004Z-4.letter",
    )
    good_after = ready.seal_concern(full_concern("good2"))
    bad = {
        p.name: p.read_bytes()
        for p in ready.paths.letterbox.iterdir()
        if p not in (good_before, good_after)
    }
    assert len(bad) == 7
    # Older than a sync service could still be writing: a young one that does not open
    # is left for next time instead (tests/unit/intake/test_letterbox_hygiene.py).
    hour_ago = time.time() - 3600
    for name in bad:
        os.utime(ready.paths.letterbox / name, (hour_ago, hour_ago))

    report = ready.unlock(PASSPHRASE)

    assert (report.imported, report.quarantined) == (2, 7)
    quarantine = ready.paths.letterbox / "quarantine"
    assert {p.name: p.read_bytes() for p in quarantine.iterdir()} == bad  # moved, unchanged
    assert stat.S_IMODE(quarantine.stat().st_mode) == 0o700
    assert [p.name for p in ready.paths.letterbox.iterdir()] == ["quarantine"]
    assert row_counts(ready.require_store())["concerns"] == 2
    assert CANARY not in caplog.text and "good1" not in caplog.text
    assert "young_person.date_of_birth is not a date" in caplog.text
    assert "not sealed to this organisation's key" in caplog.text
    # Quarantined letters are not met again.
    ready.lock()
    again = ready.unlock(PASSPHRASE)
    assert (again.imported, again.quarantined) == (0, 0)
    assert len(list(quarantine.iterdir())) == 7


def test_a_letter_met_again_after_a_crash_is_not_duplicated(ready):
    concern = full_concern()
    path = ready.seal_concern(concern)
    kept = path.read_bytes()
    ready.unlock(PASSPHRASE)
    ready.lock()
    path.write_bytes(kept)  # as if the app died between the commit and the deletion
    report = ready.unlock(PASSPHRASE)
    # Already in: removed, and not told to the lead as a new arrival.
    assert (report.imported, report.quarantined) == (0, 0)
    assert not path.exists()
    assert row_counts(ready.require_store())["concerns"] == 1
    assert letterbox.load_concern(ready.require_store(), concern.id) == concern


def test_a_different_concern_under_a_used_reference_is_set_aside_not_merged(ready):
    first = full_concern("first")
    ready.seal_concern(first)
    ready.unlock(PASSPHRASE)
    before = row_counts(ready.require_store())
    ready.lock()
    ready.seal_concern(replace(full_concern("second"), id=first.id))
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1)
    assert row_counts(ready.require_store()) == before
    assert letterbox.load_concern(ready.require_store(), first.id) == first


def test_a_letter_answering_a_sign_twice_is_set_aside(ready):
    ready.unlock(PASSPHRASE)
    ready.save_concern_direct(full_concern("already"))
    before = row_counts(ready.require_store())
    ready.lock()
    concern = full_concern()
    concern.indicators.append(IndicatorAnswer("T2-07"))
    path = ready.seal_concern(concern)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1)
    assert row_counts(ready.require_store()) == before
    assert not path.exists() and (ready.paths.letterbox / "quarantine" / path.name).exists()
    with pytest.raises(errors.ConcernMissing):
        letterbox.load_concern(ready.require_store(), concern.id)


def test_a_concern_the_store_refuses_part_way_changes_nothing(ready):
    # Past the checks (as a bug in them would let it): the young person and concern rows
    # go in first, then the store refuses the second answer to the same sign; the whole
    # transaction must roll back.
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    ready.save_concern_direct(full_concern("already"))
    before = row_counts(store)
    concern = full_concern()
    concern.indicators.append(IndicatorAnswer("T2-07"))
    with pytest.raises(queries.ConcernRejected):
        letterbox._write(store, concern, "2025-06-16T09:00:00+00:00")
    assert row_counts(store) == before
    with pytest.raises(errors.ConcernMissing):
        letterbox.load_concern(store, concern.id)


def test_store_trouble_leaves_the_letter_for_next_time(ready, monkeypatch):
    real_insert = queries.insert_concern

    def fails_half_way(store, record, now):
        real_insert(store, {**record, "indicators": [], "subjects": []}, now)
        raise OSError("disk full")

    monkeypatch.setattr(queries, "insert_concern", fails_half_way)
    concern = full_concern()
    path = ready.seal_concern(concern)
    report = ready.unlock(PASSPHRASE)
    assert ready.is_unlocked
    assert (report.imported, report.quarantined) == (0, 0)
    assert path.exists()
    assert row_counts(ready.require_store()) == dict.fromkeys(TABLES, 0)
    ready.lock()
    monkeypatch.setattr(queries, "insert_concern", real_insert)
    assert ready.unlock(PASSPHRASE).imported == 1
    assert letterbox.load_concern(ready.require_store(), concern.id) == concern


def test_an_import_that_breaks_never_blocks_the_unlock(ready, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(letterbox, "import_letters", broken)
    path = ready.seal_concern(full_concern())
    report = ready.unlock(PASSPHRASE)
    assert ready.is_unlocked and (report.imported, report.quarantined) == (0, 0)
    assert path.exists()


def test_a_giant_letter_is_set_aside_unread(ready, monkeypatch):
    monkeypatch.setattr(letterbox, "MAX_LETTER_BYTES", 4096)
    path = ready.seal_concern(replace(full_concern(), own_words="x" * 5000))
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1)
    assert (ready.paths.letterbox / "quarantine" / path.name).exists()


def test_no_letterbox_folder_is_nothing_to_import(ready):
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 0)
    assert not ready.paths.letterbox.exists()


# -- saving directly --------------------------------------------------------------------
def test_a_lead_saves_directly_through_the_same_writer(ready):
    concern = full_concern()
    with pytest.raises(errors.Locked):
        ready.save_concern_direct(concern)
    ready.unlock(PASSPHRASE)
    saved = ready.save_concern_direct(concern)
    assert saved == replace(concern, source="direct")
    assert letterbox.load_concern(ready.require_store(), concern.id) == saved
    # Saving the same concern again (a second click) adds nothing.
    ready.save_concern_direct(concern)
    assert row_counts(ready.require_store())["concerns"] == 1
    assert not ready.paths.letterbox.exists()


def test_a_direct_save_the_store_refuses_is_a_plain_error(ready):
    ready.unlock(PASSPHRASE)
    bad = full_concern()
    bad.id = "not a reference"
    with pytest.raises(errors.ConcernNotSaved):
        ready.save_concern_direct(bad)
    first = full_concern("one")
    ready.save_concern_direct(first)
    with pytest.raises(errors.ConcernNotSaved):
        ready.save_concern_direct(replace(full_concern("two"), id=first.id))
    assert row_counts(ready.require_store())["concerns"] == 1


def _screenable(concern, data):
    """Any concern, on the newest checklist with real items: what the store admits."""
    from app.screening.checklist import load_checklist

    checklist = load_checklist()
    items = [i.id for i in checklist.indicators if i.tier != "X"]
    danger = [i.id for i in checklist.in_tier("X")]
    chosen = data.draw(
        st.lists(st.sampled_from(items), unique=True, max_size=len(concern.indicators))
    )
    answers = [replace(a, indicator_id=i) for a, i in zip(concern.indicators, chosen, strict=False)]
    return replace(
        concern,
        id=new_reference(),
        checklist_version=checklist.version,
        indicators=answers,
        danger=tuple(data.draw(st.lists(st.sampled_from(danger), unique=True))),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(CONCERNS, st.data())
def test_any_concern_round_trips_through_the_store_exactly(ready, concern, data):
    from app.intake.concern.admit import admit

    if not ready.is_unlocked:
        ready.unlock(PASSPHRASE)
    concern = _screenable(concern, data)
    ready.save_concern_direct(concern)
    stored = letterbox.load_concern(ready.require_store(), concern.id)
    # Exactly as sent, but for what the store never takes on trust: source and tier.
    expected = admit(concern, "direct", screen_concern)
    assert stored == expected
    assert codec.to_dict(stored) == codec.to_dict(expected)


def test_subjects_are_normalised_for_matching(ready):
    ready.unlock(PASSPHRASE)
    concern = full_concern()
    ready.save_concern_direct(concern)
    rows = ready.require_store().query_all(
        "SELECT kind, normalised FROM subjects WHERE concern_id = ? ORDER BY id", (concern.id,)
    )
    assert rows == [
        ("person", f"{CANARY}-man".lower()),
        ("person", f"jan kowalski {CANARY.lower()}"),
        ("vehicle", "AB12CDE"),
        ("place", f"{CANARY}-place".lower()),
        ("place", "the park"),
        ("username", CANARY.lower()),
        ("phone", "07700900123"),
        ("username", "second"),
    ]
    assert queries.normalise("phone", {"value": "0044 7700 900 123"}) == "07700900123"
    assert queries.normalise("phone", {"value": "07700-900-123"}) == "07700900123"
    assert queries.normalise("vehicle", {"registration": "ＡＢ１２ ｃｄｅ"}) == "AB12CDE"
    assert queries.normalise("person", {"name": "", "nickname": "  Big   D "}) == "big d"


def test_load_concern_of_an_unknown_reference(ready):
    ready.unlock(PASSPHRASE)
    with pytest.raises(errors.ConcernMissing):
        letterbox.load_concern(ready.require_store(), "C-0000-0000")

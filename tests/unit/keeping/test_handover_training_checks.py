"""Review 16: a crafted handover's training log that passes the checks but breaks the log."""

from __future__ import annotations

import json
import subprocess
import types

import pytest

from app.core import errors
from app.keeping import handover_format as fmt
from app.keeping.handover import Handover
from app.keys.kdf import FAST_FOR_TESTS
from tests.unit.keeping.test_handover import NOW, _populate, _train, receiver, sender  # noqa: F401


def _file_with(sender, tmp_path, held_on: str):  # noqa: F811
    _train(sender)
    payload = json.loads(json.dumps(Handover(sender, clock=lambda: NOW).gather().payload))
    for held in payload["training"]["sessions"]:
        held["held_on"] = held_on
    target, passphrase = tmp_path / "crafted.cse-handover", fmt.new_passphrase()
    fmt.write_file(target, payload, passphrase, FAST_FOR_TESTS)
    return target, passphrase


@pytest.mark.parametrize("held_on", ["9999-12-31", "2026-W01-1", "20260101xx"])
def test_a_session_date_the_app_would_refuse_is_refused_in_a_handover(
    sender,  # noqa: F811 (fixtures from test_handover)
    receiver,  # noqa: F811
    tmp_path,
    held_on,
):
    target, passphrase = _file_with(sender, tmp_path, held_on)
    with pytest.raises(errors.HandoverDamaged):
        Handover(receiver, clock=lambda: NOW).receive(
            __import__("app.keeping.handover", fromlist=["open_file"]).open_file(target, passphrase)
        )


def test_a_handover_of_chosen_young_people_opens_in_the_previous_version(sender, tmp_path):  # noqa: F811
    """A file carrying no training log need not carry the key the previous version refuses."""
    ids = _populate(sender)
    payload = json.loads(
        json.dumps(Handover(sender, clock=lambda: NOW).gather([ids["tom"]]).payload)
    )
    old_src = subprocess.run(
        ["git", "show", "57a1069:app/keeping/handover_format.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    old = types.ModuleType("old_handover_format")
    __import__("sys").modules["old_handover_format"] = old
    exec(compile(old_src, "old_handover_format", "exec"), old.__dict__)
    old.check_payload(payload)  # HandoverDamaged: "the file does not have the fields..."


# -- names in the file: the checks a typed name goes through -----------------------------
def _file_naming(sender, tmp_path, *names: str):  # noqa: F811
    """A handover of the training log whose volunteers are `names` (as a sender's store
    changed outside the app, or an older toolkit, could hold them)."""
    _train(sender)
    payload = json.loads(json.dumps(Handover(sender, clock=lambda: NOW).gather().payload))
    volunteers = payload["training"]["volunteers"]
    for person, name in zip(volunteers, names, strict=False):
        person["name"] = name
    target, passphrase = tmp_path / "named.cse-handover", fmt.new_passphrase()
    fmt.write_file(target, payload, passphrase, FAST_FOR_TESTS)
    return target, passphrase


def _roster(session) -> list[str]:
    from app.casework.training import Training

    return [v.name for v in Training(session).volunteers()]


@pytest.mark.parametrize(
    "name",
    ["Ann\u200bAble", "Ann \u202eelbA", "Ann \u2067Able\u2069", "An\u200dn Able", "Ann\x1fAble"],
    ids=["zero-width-space", "rtl-override", "rtl-isolate", "zwj-in-latin", "control"],
)
def test_a_spoofed_name_in_a_handover_is_refused_with_plain_words(
    sender,  # noqa: F811
    receiver,  # noqa: F811
    tmp_path,
    name,
):
    from app.keeping.handover import open_file

    target, passphrase = _file_naming(sender, tmp_path, name)
    with pytest.raises(errors.HandoverNameRefused) as caught:
        open_file(target, passphrase)
    assert caught.value.title == "Handover file refused"
    assert "hidden character" in caught.value.message
    assert "Nothing was imported" in caught.value.next_step
    assert name not in str(caught.value) + caught.value.next_step  # never quoted
    assert _roster(receiver) == []


def test_two_volunteers_with_one_name_in_a_handover_become_one(sender, receiver, tmp_path):  # noqa: F811
    from app.casework.training import Training
    from app.keeping.handover import open_file

    # Different to the store's NOCASE (ASCII only), so an older version kept both; the
    # same name to the log. Refusing them refused the whole handover, children's records
    # and all, and the sender could not rename one to the other.
    target, passphrase = _file_naming(
        sender, tmp_path, "\u00c9va Kov\u00e1cs", "E\u0301VA KOVA\u0301CS"
    )
    Handover(receiver, clock=lambda: NOW).receive(open_file(target, passphrase))
    log = Training(receiver)
    names = [v.name for v in log.volunteers()]
    assert names.count("\u00c9va Kov\u00e1cs") == 1 and "\u00c9VA KOV\u00c1CS" not in names
    merged = next(v for v in log.volunteers() if v.name == "\u00c9va Kov\u00e1cs")
    assert merged.last_trained_on is not None
    for held in log.sessions():  # each session names the merged volunteer at most once
        attended = log.attendees(held.id)
        assert len(attended) == len(set(attended))


@pytest.mark.parametrize("field", ["topic", "led_by"])
def test_a_session_topic_or_leader_with_a_hidden_character_is_refused(
    sender,  # noqa: F811
    receiver,  # noqa: F811
    tmp_path,
    field,
):
    from app.keeping.handover import open_file

    _train(sender)
    payload = json.loads(json.dumps(Handover(sender, clock=lambda: NOW).gather().payload))
    payload["training"]["sessions"][0][field] = "Lee \u202edaeL"  # shows as "Lee Lead"
    target, passphrase = tmp_path / "s.cse-handover", fmt.new_passphrase()
    fmt.write_file(target, payload, passphrase, FAST_FOR_TESTS)
    with pytest.raises(errors.HandoverNameRefused) as caught:
        open_file(target, passphrase)
    assert "topic or leader" in caught.value.message and "daeL" not in str(caught.value)
    assert _roster(receiver) == []


def test_names_in_a_handover_are_tidied_and_meet_the_same_name_here(sender, receiver, tmp_path):  # noqa: F811
    from app.casework.training import Training
    from app.keeping.handover import open_file

    Training(receiver).add_volunteer("Jos\u00e9 Diaz")
    persian = "\u0645\u0647\u200c\u0633\u0627 \u0631\u0636\u0627\u06cc\u06cc"
    target, passphrase = _file_naming(sender, tmp_path, "JOSE\u0301   DIAZ", f" {persian}\u00a0")
    Handover(receiver, clock=lambda: NOW).receive(open_file(target, passphrase))
    roster = _roster(receiver)
    assert roster.count("Jos\u00e9 Diaz") == 1 and "JOS\u00c9 DIAZ" not in roster
    assert persian in roster

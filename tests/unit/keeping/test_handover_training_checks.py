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

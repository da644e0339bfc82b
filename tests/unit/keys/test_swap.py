"""app/keys/swap.py: the store and the key file are replaced together or not at all."""

from __future__ import annotations

import json

import pytest

from app.core.paths import resolve
from app.keys import swap


@pytest.fixture
def data(tmp_path):
    paths = resolve(str(tmp_path / "data"))
    paths.ensure()
    paths.store.write_bytes(b"old store")
    paths.keyring.write_bytes(b"old keyring")
    return paths


def stage(paths, store=b"new store", keyring=b"new keyring"):
    new = swap.staged(paths)
    if store is not None:
        new.store.write_bytes(store)
    if keyring is not None:
        new.keyring.write_bytes(keyring)
    return new


def pair(paths):
    return paths.store.read_bytes(), paths.keyring.read_bytes()


def leftovers(paths):
    return sorted(
        p.name
        for p in paths.data.iterdir()
        if p.name not in ("records.db", "keyring.json", "backups", "logs")
    )


def test_commit_replaces_both_and_leaves_nothing_behind(data):
    stage(data)
    swap.commit(data, "rekey")
    assert pair(data) == (b"new store", b"new keyring")
    assert leftovers(data) == []


def test_commit_refuses_when_either_staged_file_is_missing(data):
    stage(data, keyring=None)
    with pytest.raises(FileNotFoundError):
        swap.commit(data, "rekey")
    assert pair(data) == (b"old store", b"old keyring")
    assert not swap.marker(data).exists()


def test_without_the_marker_a_half_made_swap_is_cleared_away(data):
    new = stage(data)
    new.store.with_name(new.store.name + ".partial").write_bytes(b"half")
    assert swap.finish(data) is None
    assert pair(data) == (b"old store", b"old keyring")
    assert leftovers(data) == []


@pytest.mark.parametrize("moved", ["none", "store", "both-but-marker"])
def test_with_the_marker_a_killed_swap_rolls_forward(data, moved):
    # The state a kill can leave after the commit point, at each step of finish().
    new = stage(data)
    swap.marker(data).write_text(json.dumps({"reason": "restore"}))
    if moved in ("store", "both-but-marker"):
        new.store.replace(data.store)
    if moved == "both-but-marker":
        new.keyring.replace(data.keyring)
    assert swap.finish(data) == "restore"
    assert pair(data) == (b"new store", b"new keyring")
    assert leftovers(data) == []


def test_set_aside_keeps_the_replaced_pair(data):
    aside = data.data / "set-aside" / "before"
    stage(data)
    swap.commit(data, "restore", set_aside=aside)
    assert pair(data) == (b"new store", b"new keyring")
    assert (aside / "records.db").read_bytes() == b"old store"
    assert (aside / "keyring.json").read_bytes() == b"old keyring"


def test_set_aside_after_a_kill_between_the_two_renames(data):
    # Killed after the old store went aside but before the new one took its place.
    aside = data.data / "set-aside" / "before"
    new = stage(data)
    swap.marker(data).write_text(json.dumps({"reason": "restore", "set_aside": str(aside)}))
    aside.mkdir(parents=True)
    data.store.replace(aside / "records.db")
    swap.finish(data)
    assert pair(data) == (b"new store", b"new keyring")
    assert (aside / "records.db").read_bytes() == b"old store"
    assert (aside / "keyring.json").read_bytes() == b"old keyring"
    assert not new.store.exists()


def test_a_new_session_finishes_a_committed_swap(data):
    from app.keys.session import Session

    stage(data)
    swap.marker(data).write_text(json.dumps({"reason": "rekey"}))
    session = Session(data)
    assert session.finished_swap == "rekey"
    assert pair(data) == (b"new store", b"new keyring")

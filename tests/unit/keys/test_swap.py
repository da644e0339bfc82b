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


KEY = bytes(range(32))


def test_without_the_marker_a_half_made_swap_is_cleared_away(data):
    new = stage(data)
    new.store.with_name(new.store.name + ".partial").write_bytes(b"half")
    assert swap.at_start(data) is False
    assert pair(data) == (b"old store", b"old keyring")
    assert leftovers(data) == []


def test_a_start_never_finishes_a_committed_swap(data):
    stage(data)
    swap.marker(data).write_text(json.dumps({"reason": "rekey"}))
    assert swap.at_start(data) is True
    assert pair(data) == (b"old store", b"old keyring")
    assert leftovers(data) == ["keyring.json.new", "records.db.new", "swap.json"]


def _killed_commit(paths, monkeypatch, reason="restore", set_aside=None, keys=(KEY,)):
    """commit() killed just after its commit point: the marker written, nothing moved."""
    monkeypatch.setattr(swap, "_roll_forward", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        swap.commit(paths, reason, set_aside=set_aside, keys=keys)
    monkeypatch.undo()


@pytest.mark.parametrize("moved", ["none", "store", "both-but-marker"])
def test_a_proven_swap_rolls_forward_from_each_point_a_kill_can_leave(data, moved, monkeypatch):
    new = stage(data)
    _killed_commit(data, monkeypatch)
    if moved in ("store", "both-but-marker"):
        new.store.replace(data.store)
    if moved == "both-but-marker":
        new.keyring.replace(data.keyring)
    found = swap.waiting(data)
    assert swap.proven_by(found, KEY)
    assert not swap.proven_by(found, bytes(32))  # any other key: not proven
    assert swap.finish_proven(data, found) == "restore"
    assert pair(data) == (b"new store", b"new keyring")
    assert leftovers(data) == []


def test_a_marker_edited_after_the_fact_is_not_proven(data, monkeypatch):
    stage(data)
    _killed_commit(data, monkeypatch, set_aside="2026-01-01-000000")
    doc = json.loads(swap.marker(data).read_text())
    doc["set_aside"] = "elsewhere"
    swap.marker(data).write_text(json.dumps(doc))
    assert not swap.proven_by(swap.waiting(data), KEY)


def test_set_aside_keeps_the_replaced_pair_in_an_owner_only_folder(data):
    stage(data)
    swap.commit(data, "restore", set_aside="before", keys=(KEY,))
    aside = data.data / "set-aside" / "before"
    assert pair(data) == (b"new store", b"new keyring")
    assert (aside / "records.db").read_bytes() == b"old store"
    assert (aside / "keyring.json").read_bytes() == b"old keyring"
    for folder in (aside, aside.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, oct(folder.stat().st_mode)


def test_set_aside_names_only_under_the_data_folder(data):
    stage(data)
    for bad in ("../outside", "/tmp/x", "a/b/c", ""):
        with pytest.raises(ValueError):
            swap.set_aside_folder(data, bad)
    with pytest.raises(ValueError):
        swap.commit(data, "restore", set_aside="../outside", keys=(KEY,))
    assert pair(data) == (b"old store", b"old keyring")


def test_set_aside_after_a_kill_between_the_two_renames(data, monkeypatch):
    # Killed after the old store went aside but before the new one took its place.
    new = stage(data)
    _killed_commit(data, monkeypatch, set_aside="before")
    aside = data.data / "set-aside" / "before"
    aside.mkdir(parents=True)
    data.store.replace(aside / "records.db")
    swap.finish_proven(data, swap.waiting(data))
    assert pair(data) == (b"new store", b"new keyring")
    assert (aside / "records.db").read_bytes() == b"old store"
    assert (aside / "keyring.json").read_bytes() == b"old keyring"
    assert not new.store.exists()


def test_an_unproven_swap_is_set_aside_whole_and_nothing_else_moves(data):
    stage(data)
    swap.marker(data).write_text(json.dumps({"reason": "restore", "set_aside": "/tmp"}))
    where = swap.set_aside_unproven(data)
    assert where.startswith("set-aside/unproven-change-")
    kept = data.data / where
    assert sorted(p.name for p in kept.iterdir()) == [
        "keyring.json.new",
        "records.db.new",
        "swap.json",
    ]
    assert pair(data) == (b"old store", b"old keyring")
    assert leftovers(data) == ["set-aside"]
    assert kept.stat().st_mode & 0o777 == 0o700

"""The Windows branches of app/core, app/__main__ and db/store, run on Linux.

Each POSIX-only branch asks app.core.host (or db.store._posix) which system it is on;
patching that one seam runs the Windows branch's own code here. What each branch does on
Windows, and why, is in the comment beside it.
"""

from __future__ import annotations

import os
import stat

import pytest

import db.store
from app.__main__ import data_folder_problem
from app.core import host
from app.core.atomic import atomic_write, fsync_folder
from app.core.paths import AppPaths, private_folder


@pytest.fixture
def on_windows(monkeypatch):
    monkeypatch.setattr(host, "posix", lambda: False)
    monkeypatch.setattr(host, "windows", lambda: True)
    monkeypatch.setattr(db.store, "_posix", lambda: False)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_seam_says_what_this_machine_is():
    assert host.posix() is (os.name == "posix")
    assert db.store._posix() is host.posix()


@pytest.mark.parametrize("windows", [False, True])
def test_restrict_sets_modes_on_posix_and_leaves_windows_to_the_acl(tmp_path, monkeypatch, windows):
    if windows:
        monkeypatch.setattr(host, "posix", lambda: False)
    path = tmp_path / "f"
    path.write_bytes(b"x")
    path.chmod(0o644)
    host.restrict(path, 0o600)
    assert _mode(path) == (0o644 if windows else 0o600)


def test_atomic_write_on_windows_writes_without_a_mode(tmp_path, on_windows):
    target = tmp_path / "settings.json"
    atomic_write(target, b"{}", mode=0o644)
    assert target.read_bytes() == b"{}"
    assert _mode(target) == 0o600  # mkstemp's own mode: the 0o644 asked for was not set
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_folder_fsync_on_windows_opens_nothing(tmp_path, on_windows):
    # The POSIX branch opens the folder and would fail on one that is not there.
    fsync_folder(tmp_path / "not-there")
    db.store._fsync_folder(tmp_path / "not-there")


def test_folder_fsync_on_posix_opens_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        fsync_folder(tmp_path / "not-there")
    with pytest.raises(FileNotFoundError):
        db.store._fsync_folder(tmp_path / "not-there")


def test_data_folders_on_windows_are_made_and_left_to_the_acl(tmp_path, on_windows):
    paths = AppPaths(data=tmp_path / "data", logs=tmp_path / "data" / "logs")
    paths.data.mkdir(mode=0o755)
    paths.data.chmod(0o755)
    paths.ensure()
    assert paths.backups.is_dir() and paths.logs.is_dir()
    assert _mode(paths.data) == 0o755  # not tightened: chmod means nothing there
    made = private_folder(tmp_path / "a" / "b")
    assert made.is_dir()


def test_data_folders_on_posix_are_owner_only(tmp_path):
    paths = AppPaths(data=tmp_path / "data", logs=tmp_path / "data" / "logs")
    paths.data.mkdir(mode=0o755)
    paths.data.chmod(0o755)
    paths.ensure()
    assert _mode(paths.data) == 0o700


def test_the_owner_check_on_windows_asks_no_uid(tmp_path, monkeypatch, on_windows):
    # Windows has no os.getuid (and st_uid is always 0): the POSIX check would fail.
    monkeypatch.delattr(os, "getuid")
    paths = AppPaths(data=tmp_path / "data", logs=tmp_path / "data" / "logs")
    assert data_folder_problem(paths) is None
    assert paths.backups.is_dir()


def test_the_owner_check_on_posix_refuses_another_accounts_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    paths = AppPaths(data=tmp_path, logs=tmp_path / "logs")
    assert "belongs to another user account" in (data_folder_problem(paths) or "")

"""The Windows branches of app/keys, run on Linux through app.core.host's seam."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest

from app.core import host
from app.core.paths import AppPaths
from app.keys import in_use, pinning, swap


@pytest.fixture
def on_windows(monkeypatch):
    monkeypatch.setattr(host, "posix", lambda: False)


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_a_holder_on_windows_is_taken_as_alive_without_os_kill(monkeypatch, on_windows):
    def kill(*_args: object) -> None:
        raise AssertionError("os.kill on Windows ends the process")

    monkeypatch.setattr(os, "kill", kill)
    assert in_use._alive(_dead_pid()) is True
    assert in_use._alive(0) is False and in_use._alive("12") is False


def test_a_holder_on_posix_that_has_gone_is_not_alive():
    assert in_use._alive(_dead_pid()) is False
    assert in_use._alive(os.getpid()) is True


def _stat(ino: int, ctime_ns: int) -> SimpleNamespace:
    return SimpleNamespace(st_dev=7, st_ino=ino, st_ctime_ns=ctime_ns, st_mtime_ns=5)


def test_a_file_system_without_file_ids_pins_by_digest_and_creation_time():
    # Windows gives st_ino 0 on FAT (a USB stick) and some network shares.
    facts = pinning.facts_of(b"{}", _stat(0, 100))
    assert facts.file_id is None
    pin = pinning.Pin("w", facts.digest, facts.file_id, facts.changed_ns, 1)
    assert pin.matches(pinning.facts_of(b"{}", _stat(0, 100)))
    assert not pin.matches(pinning.facts_of(b"{}", _stat(0, 101)))  # a new file
    assert not pin.matches(pinning.facts_of(b"{ }", _stat(0, 100)))


def test_an_ntfs_file_id_is_kept_and_compared():
    facts = pinning.facts_of(b"{}", _stat(42, 100))
    assert facts.file_id == (7, 42)
    pin = pinning.Pin("w", facts.digest, facts.file_id, facts.changed_ns, 1)
    assert not pin.matches(pinning.facts_of(b"{}", _stat(43, 100)))


@pytest.mark.parametrize("windows", [False, True])
def test_set_aside_is_tightened_on_posix_only(tmp_path, monkeypatch, windows):
    if windows:
        monkeypatch.setattr(host, "posix", lambda: False)
    paths = AppPaths(data=tmp_path, logs=tmp_path / "logs")
    (tmp_path / swap.SET_ASIDE).mkdir(mode=0o755)
    (tmp_path / swap.SET_ASIDE).chmod(0o755)
    made = swap.make_set_aside(paths, "2026-01-01-000000-swap")
    assert made.is_dir()
    mode = stat.S_IMODE((tmp_path / swap.SET_ASIDE).stat().st_mode)
    assert mode == (0o755 if windows else 0o700)

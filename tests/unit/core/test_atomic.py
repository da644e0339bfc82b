import os
import stat

import pytest

from app.core import atomic
from app.core.atomic import atomic_write


def test_writes_whole_file_owner_only(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_rename_failure_removes_temp_and_keeps_target(tmp_path, monkeypatch):
    target = tmp_path / "keyring.json"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk said no")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keyring.json"]


def test_writer_failing_half_way_leaves_no_partial_file(tmp_path):
    target = tmp_path / "backup.db"
    target.write_bytes(b"previous")

    def failing_writer(fh):
        fh.write(b"x" * 1000)
        raise OSError("no space left on device")

    with pytest.raises(OSError):
        atomic_write(target, failing_writer)
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["backup.db"]


def test_disk_filling_up_part_way_leaves_previous_file(tmp_path, monkeypatch):
    from tests.faults import disk_full_after

    target = tmp_path / "export.bin"
    target.write_bytes(b"previous")
    written = disk_full_after(monkeypatch, 4096)
    with pytest.raises(OSError) as raised:
        atomic_write(target, b"y" * 10_000)
    assert raised.value.errno == 28  # ENOSPC
    assert written[0] == 4096  # the first 4 KB really went to disk before it filled
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["export.bin"]

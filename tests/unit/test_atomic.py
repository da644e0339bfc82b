import os
import stat

import pytest

from app import atomic
from app.atomic import atomic_write


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

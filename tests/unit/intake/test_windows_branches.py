"""The Windows branches of the letterbox and the shared folder, run on Linux.

app.core.host is the seam for "which system"; Windows' os module has no O_NOFOLLOW or
O_NONBLOCK, so those are taken away here as they are missing there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.core import host
from app.intake import letterbox, stations


@pytest.fixture
def on_windows(monkeypatch):
    monkeypatch.setattr(host, "posix", lambda: False)
    monkeypatch.setattr(host, "windows", lambda: True)


@pytest.fixture
def windows_os_flags(monkeypatch):
    monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)
    monkeypatch.delattr(os, "O_NONBLOCK", raising=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_windows_suggests_the_public_documents_folder(on_windows):
    suggested = stations.suggested_shared_folder({"PUBLIC": r"D:\Users\Public"})
    assert suggested == Path(r"D:\Users\Public") / "Documents" / "CSE Toolkit letterbox"
    fallback = stations.suggested_shared_folder({})
    assert fallback == Path(r"C:\Users\Public") / "Documents" / "CSE Toolkit letterbox"


def test_linux_suggests_srv():
    assert stations.suggested_shared_folder({"PUBLIC": "x"}) == Path("/srv/cse-toolkit/letterbox")


def test_the_shared_folder_on_windows_is_made_and_its_acl_left_to_the_installer(
    tmp_path, on_windows
):
    folder = tmp_path / "letterbox"
    stations.make_shared_folder(folder, group=os.getgid() + 12345)  # no chown tried
    assert folder.is_dir()
    assert not folder.stat().st_mode & stat.S_ISVTX
    # Mode bits mean nothing there: a folder the POSIX check refuses passes.
    folder.chmod(0o777)
    assert stations.shared_folder_problem(folder) is None
    assert stations.shared_folder_problem(tmp_path / "absent") is not None


def test_the_shared_folder_on_posix_is_sticky_and_checked(tmp_path):
    folder = tmp_path / "letterbox"
    stations.make_shared_folder(folder)
    assert _mode(folder) == stations.SHARED_MODE
    folder.chmod(0o777)
    assert "delete others' concerns" in (stations.shared_folder_problem(folder) or "")


@pytest.mark.parametrize("windows", [False, True])
def test_letters_in_a_group_folder_are_group_readable_on_posix_only(tmp_path, monkeypatch, windows):
    if windows:
        monkeypatch.setattr(host, "posix", lambda: False)
    tmp_path.chmod(0o770)
    assert letterbox._letter_mode(tmp_path) == (0o600 if windows else 0o640)


@pytest.mark.parametrize("windows", [False, True])
def test_a_new_letterbox_folder_is_owner_only_on_posix_only(tmp_path, monkeypatch, windows):
    if windows:
        monkeypatch.setattr(host, "posix", lambda: False)
    old = os.umask(0o022)
    try:
        letterbox._make_folder(tmp_path / "box")
    finally:
        os.umask(old)
    assert (tmp_path / "box").is_dir()
    assert _mode(tmp_path / "box") == 0o700  # mkdir's own mode under this umask
    made = tmp_path / "box2"
    made.mkdir()
    made.chmod(0o755)
    letterbox._make_folder(made)  # there already: never changed, on either system
    assert _mode(made) == 0o755


def test_without_nofollow_a_letter_still_reads(tmp_path, windows_os_flags):
    letter = tmp_path / f"a{letterbox.SUFFIX}"
    letter.write_bytes(b"sealed bytes")
    data, age = letterbox._read(letter)
    assert data == b"sealed bytes" and age >= 0


def test_without_nofollow_a_link_swapped_in_is_not_read(tmp_path, windows_os_flags):
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"not a letter: a file the link points at")
    link = tmp_path / f"a{letterbox.SUFFIX}"
    link.symlink_to(target)
    with pytest.raises(OSError):
        letterbox._read(link)


def test_with_nofollow_a_link_is_not_read(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"x")
    link = tmp_path / f"a{letterbox.SUFFIX}"
    link.symlink_to(target)
    with pytest.raises(OSError):
        letterbox._read(link)

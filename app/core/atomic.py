"""The one way the app writes a file: temp file in the same folder, fsync, os.replace.

A reader (or a power cut) sees the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.core import host


def _open_temp(fd: int) -> BinaryIO:
    # One seam for the fault tests (tests/faults.py): a disk that fills up part-way.
    return os.fdopen(fd, "wb")


def atomic_write(
    path: Path,
    data: bytes | Callable[[BinaryIO], None],
    mode: int = 0o600,
) -> None:
    """Write `data` (bytes, or a function that writes to the file) to `path` atomically."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with _open_temp(fd) as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        host.restrict(tmp, mode)  # Windows: the folder's inherited ACL (host.restrict)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX. Windows: nothing to do and nothing that
    # could be done: os.open cannot open a folder there, and NTFS journals the rename.
    if not host.posix():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

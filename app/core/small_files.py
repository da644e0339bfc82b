"""Reading the small files the app keeps beside the store (settings, notes, markers).

Anyone who can write the data folder can put a pipe, a folder or a giant file in place
of one, and a plain read of a pipe waits for a writer for ever (at start-up, or in the
middle of a lock). Only a regular file is read, never blocking, and only up to a cap;
anything else is an OSError, which every caller already treats as damage.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_small(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`; OSError if it is anything else or longer
    than `limit` (FileNotFoundError when there is nothing there)."""
    return read_small_file(path, limit)[0]


def read_small_file(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """As read_small, with what the OS says about the file the bytes came from (one
    open file, so both are of the same file). errno EINVAL: not a regular file; EFBIG:
    longer than `limit`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise OSError(errno.EFBIG, "too large")
        data = read_capped(fd, limit, 1 << 16)
        if data is None:
            raise OSError(errno.EFBIG, "too large")
        return data, info
    finally:
        os.close(fd)


def read_capped(fd: int, limit: int, chunk_size: int) -> bytes | None:
    """What an open file holds, read in chunks; None once it passes `limit` (a file that
    grows after its size was checked is never read whole into memory)."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, chunk_size)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)

"""Faults on demand for the fault tests: a disk that fills up after N bytes.

Every file the app writes goes through `app.core.atomic.atomic_write`, which opens its
temp file with `app.core.atomic._open_temp`. `disk_full_after(monkeypatch, n)` swaps that
for a file whose writes fail with ENOSPC once `n` bytes have gone in, exactly as a full
USB stick does part-way through. Bytes before the limit really are written, so a test
can prove the partial file is removed.
"""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from app.core import atomic


class _FillingFile:
    def __init__(self, raw: Any, limit: int, counter: list[int]) -> None:
        self._raw = raw
        self._limit = limit
        self._counter = counter

    def write(self, data: bytes | bytearray | memoryview) -> int:
        room = self._limit - self._counter[0]
        chunk = bytes(data)
        if len(chunk) > room:
            if room > 0:
                self._raw.write(chunk[:room])
                self._counter[0] += room
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._counter[0] += len(chunk)
        return self._raw.write(chunk)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


def disk_full_after(monkeypatch: pytest.MonkeyPatch, limit: int) -> list[int]:
    """From now on, atomic writes fail with ENOSPC after `limit` bytes in all (one
    budget shared by every file, like one disk). Returns [bytes written so far]."""
    counter = [0]
    real_open = atomic._open_temp

    def filling_open(fd: int) -> _FillingFile:
        return _FillingFile(real_open(fd), limit, counter)

    monkeypatch.setattr(atomic, "_open_temp", filling_open)
    return counter

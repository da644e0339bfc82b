"""Counting failed unlocks, and the growing wait after the third one.

The count lives in its own small file (no names, only a number and two times) so it
survives a restart of the app, while records.db and keyring.json stay untouched by a
wrong passphrase. At the next good unlock the count moves into the store.

Anyone who can write in the data folder can damage this file (cut it, make it a folder,
put a time far ahead in it). Damage never locks the lead out: it is noted, the counter
is reset (a note of when stays in the new file) and the lead is told at the next good
unlock. Resetting gives nothing away: whoever can damage the file could delete it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core import host
from app.core.atomic import atomic_write

log = logging.getLogger(__name__)

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0
# A time this far ahead of the clock is damage, not a clock a little out.
FUTURE_SLACK_SECONDS = 300.0
MAX_COUNT = 1_000_000
MAX_FILE_BYTES = 4096


@dataclass(frozen=True)
class Failures:
    count: int = 0
    last_at: float | None = None
    # When the counter was found damaged and reset; the lead is told at the next unlock.
    damaged_at: float | None = None

    @property
    def last_at_iso(self) -> str | None:
        if self.last_at is None:
            return None
        return datetime.fromtimestamp(self.last_at, UTC).isoformat(timespec="seconds")


def wait_after(count: int) -> float:
    """Seconds to wait after `count` failures: none for the first three, then 2, 4, 8 … 60."""
    if count < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (count - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)


class UnlockThrottle:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def current(self) -> Failures:
        if not (self.path.exists() or self.path.is_symlink()):
            return Failures()
        # Only a regular file, and only its start: a folder, a pipe (which would never
        # end) or a link is damage, and so is anything longer than a counter can be.
        if not self.path.is_file() or self.path.is_symlink():
            return self._reset("not a file")
        try:
            with self.path.open("rb") as fh:
                raw = fh.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                return self._reset("too long")
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:  # unreadable, not text
            return self._reset(type(exc).__name__)
        try:
            return self._parse(json.loads(text))
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            return self._reset(type(exc).__name__)

    def _parse(self, doc: object) -> Failures:
        if not isinstance(doc, dict):
            raise TypeError("not an object")
        count, last, damaged = doc["count"], doc.get("last_at"), doc.get("damaged_at")
        if type(count) is not int or not 0 <= count <= MAX_COUNT:
            raise ValueError("count")
        times = [_time(last), _time(damaged)]
        ahead = self.clock() + FUTURE_SLACK_SECONDS
        if any(t is not None and t > ahead for t in times):
            raise ValueError("a time ahead of the clock")
        return Failures(count, times[0], times[1])

    def _reset(self, why: str) -> Failures:
        """Damage noted and reset: a fresh counter that remembers when it was reset."""
        log.warning("the unlock-failure counter was damaged (%s); it has been reset", why)
        fresh = Failures(0, None, self.clock())
        try:
            if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
                self._move_aside()
            self._write(fresh)
        except OSError as exc:  # still no lock-out: the count simply starts again
            log.warning("the reset unlock-failure counter was not saved: %s", type(exc).__name__)
        return fresh

    def _move_aside(self) -> None:
        # A folder, pipe or link where the file belongs: kept, not deleted (nor followed),
        # in the owner-only area.
        aside = self.path.parent / "set-aside"
        aside.mkdir(mode=0o700, exist_ok=True)
        host.restrict(aside, 0o700)  # Windows: the profile's ACL (host.restrict)
        stamp = datetime.fromtimestamp(self.clock(), UTC).strftime("%Y-%m-%d-%H%M%S")
        os.replace(self.path, aside / f"{self.path.name}-damaged-{stamp}")

    def _write(self, failures: Failures) -> None:
        doc = {"count": failures.count, "last_at": failures.last_at}
        if failures.damaged_at is not None:
            doc["damaged_at"] = failures.damaged_at
        atomic_write(self.path, json.dumps(doc).encode())

    def seconds_to_wait(self) -> float:
        failures = self.current()
        if failures.last_at is None:
            return 0.0
        remaining = failures.last_at + wait_after(failures.count) - self.clock()
        return max(0.0, remaining)

    def record_failure(self) -> Failures:
        before = self.current()
        failures = Failures(before.count + 1, self.clock(), before.damaged_at)
        try:
            self._write(failures)
        except OSError as exc:  # an unwritable counter must not turn a refusal into a crash
            log.warning("unlock failure not counted: %s", type(exc).__name__)
        return failures

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            self.path.unlink()


def _time(value: object) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float):
        raise TypeError("a time")
    moment = float(value)  # type: ignore[arg-type]
    if not math.isfinite(moment) or moment < 0:
        raise ValueError("a time")
    return moment

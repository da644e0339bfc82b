"""Counting failed unlocks, and the growing wait after the third one.

The count lives in its own small file (no names, only a number and two times) so it
survives a restart of the app, while records.db and keyring.json stay untouched by a
wrong passphrase. At the next good unlock the count moves into the store.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.atomic import atomic_write

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Failures:
    count: int = 0
    last_at: float | None = None

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
        try:
            doc = json.loads(self.path.read_text("utf-8"))
            count, last = int(doc["count"]), doc.get("last_at")
            return Failures(max(0, count), float(last) if last is not None else None)
        except FileNotFoundError:
            return Failures()
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged counter must not lock the lead out: treat it as the threshold.
            return Failures(FREE_ATTEMPTS, self.clock())

    def seconds_to_wait(self) -> float:
        failures = self.current()
        if failures.last_at is None:
            return 0.0
        remaining = failures.last_at + wait_after(failures.count) - self.clock()
        return max(0.0, remaining)

    def record_failure(self) -> Failures:
        failures = Failures(self.current().count + 1, self.clock())
        atomic_write(
            self.path,
            json.dumps({"count": failures.count, "last_at": failures.last_at}).encode(),
        )
        return failures

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

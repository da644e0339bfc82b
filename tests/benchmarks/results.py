"""One measured value, its same-run baseline and its budget."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None  # measured in the same run, in the same unit; None if none
    ratio: float | None  # value / baseline, when that is what the budget is about
    budget_text: str
    ok: bool | None  # True PASS, False OVER, None: information only

    @property
    def verdict(self) -> str:
        if self.ok is None:
            return "info"
        return "PASS" if self.ok else "OVER"


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else float("inf")


def median_ms(
    fn: Callable[[], object], runs: int, *, after: Callable[[], object] | None = None
) -> float:
    """Median wall time of `fn` in milliseconds; `after` runs untimed after each call."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        if after is not None:
            after()
    return statistics.median(times)

"""The tests the fast loop (`make check`) leaves to `make test`, by measurement.

Two kinds of test are marked `slow`. The kill, fault and walk tests are marked where they
are written, because they are slow by design. Every other test is slow only if it took
longer than `THRESHOLD` seconds (set-up, run and tear-down) on a 2-core PC. Those are
listed in `tests/slow.txt`, which `make slow-list` writes by timing every test the fast
loop would run. A list, not decorators, so that it follows the measurement and nobody
chooses by hand what the fast loop skips.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

LIST = Path(__file__).with_name("slow.txt")
THRESHOLD = 0.1  # seconds: `make check` takes about 24 s on a 2-core PC with this
# `make slow-list` sets this, so that the tests on the list run and are timed again.
IGNORE_ENV = "CSE_TOOLKIT_IGNORE_SLOW_LIST"

HEADER = f"""\
# Tests that `make check` (the fast loop) leaves to `make test`: each took longer than
# {THRESHOLD} s (set-up, run and tear-down) on a 2-core PC. Written by `make slow-list`,
# which times every test the fast loop runs; not edited by hand (tests/slow_list.py).
# The kill, fault and walk tests are marked slow where they are written instead.
"""


def listed() -> set[str]:
    if not LIST.exists():
        return set()
    lines = LIST.read_text("utf-8").splitlines()
    return {line.split("  #")[0].strip() for line in lines if line and not line.startswith("#")}


def whole_run(config: pytest.Config) -> bool:
    """Pytest was given no files, test names or -k: it is running the whole suite."""
    return config.args_source is pytest.Config.ArgsSource.TESTPATHS and not config.getoption(
        "keyword"
    )


def mark(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the listed tests slow in a whole run (tests/unit/test_slow_list.py checks the
    list is true). Named files or tests run as asked: someone working on a slow test
    file expects `make check PYTEST_ARGS=that_file` to run it."""
    if os.environ.get(IGNORE_ENV) or not whole_run(config):
        return
    names = listed()
    for item in items:
        if item.nodeid in names:
            item.add_marker(pytest.mark.slow)


class Timer:
    """With --write-slow-list: add up each test's time, and write the list at the end of
    a whole run that passed (a part of the suite, or an interrupted run, would write a
    list that leaves out everything it did not reach).

    A shared PC is noisy: a test can take half as long again in one run as in the next.
    So each test's time is the smaller of this run's and the last run's (kept in pytest's
    cache), and `make slow-list` runs twice."""

    CACHE_KEY = "cse-toolkit/slow-list-times"

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] += report.duration

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus != 0 or not whole_run(self.config):
            print("\nslow-list: not a whole run that passed, so tests/slow.txt is left as it was")
            return
        took = dict(self.seconds)
        cache = getattr(self.config, "cache", None)  # None with -p no:cacheprovider
        if cache is not None:
            last = cache.get(self.CACHE_KEY, {})
            cache.set(self.CACHE_KEY, took)
            took = {name: min(t, last.get(name, t)) for name, t in took.items()}
        slow = sorted(name for name, t in took.items() if t > THRESHOLD)
        body = "".join(f"{name}  # {took[name]:.2f} s\n" for name in slow)
        LIST.write_text(HEADER + body, "utf-8")
        kept = sum(t for t in took.values() if t <= THRESHOLD)
        print(
            f"\nslow-list: {len(slow)} of {len(took)} tests over {THRESHOLD} s; "
            f"the fast loop keeps {kept:.0f} s of test time"
        )

"""tests/slow.txt, the measured list of tests the fast loop leaves to `make test`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import slow_list

ROOT = Path(__file__).resolve().parents[2]


def _collected(*args: str, ignore_list: bool = False) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop(slow_list.IGNORE_ENV, None)
    if ignore_list:
        env[slow_list.IGNORE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line for line in done.stdout.splitlines() if "::" in line}


@pytest.mark.slow  # collects the whole suite three times
def test_every_listed_test_exists_and_only_the_full_run_has_it():
    listed = slow_list.listed()
    assert listed, "tests/slow.txt lists no test"
    everything = _collected()
    gone = sorted(listed - everything)
    assert not gone, f"tests/slow.txt names tests that are gone ({gone[:3]}): make slow-list"
    fast = _collected("-m", "not slow")
    assert not listed & fast, "a listed test is still in the fast loop"
    assert listed <= _collected("-m", "not slow", ignore_list=True), (
        "with the list ignored (as make slow-list runs), every listed test is timed again"
    )


def _report(nodeid: str, when: str, seconds: float, failed: bool = False) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, when=when, duration=seconds, failed=failed)


def test_the_list_holds_the_tests_over_the_threshold_counting_setup_and_teardown(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(slow_list, "LIST", tmp_path / "slow.txt")
    timer = slow_list.Timer()
    over = slow_list.THRESHOLD * 0.6  # twice this is over; once is not
    for when in ("setup", "call"):
        timer.pytest_runtest_logreport(_report("tests/a.py::test_setup_heavy", when, over))
    timer.pytest_runtest_logreport(_report("tests/a.py::test_quick", "call", over))
    timer.pytest_sessionfinish(SimpleNamespace(testsfailed=0))

    assert slow_list.listed() == {"tests/a.py::test_setup_heavy"}
    assert (tmp_path / "slow.txt").read_text("utf-8").startswith("# Tests that `make check`")
    assert "1 of 2 tests over" in capsys.readouterr().out


def test_a_run_with_a_failure_leaves_the_list_as_it_was(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slow_list, "LIST", tmp_path / "slow.txt")
    (tmp_path / "slow.txt").write_text("tests/a.py::test_kept\n", "utf-8")
    timer = slow_list.Timer()
    timer.pytest_runtest_logreport(_report("tests/a.py::test_new", "call", 9.0, failed=True))
    timer.pytest_sessionfinish(SimpleNamespace(testsfailed=1))

    assert slow_list.listed() == {"tests/a.py::test_kept"}
    assert "left as it was" in capsys.readouterr().out

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


def _report(nodeid: str, when: str, seconds: float) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid, when=when, duration=seconds)


class _Cache(dict):
    def set(self, key, value):
        self[key] = value


def _config(*, whole: bool = True, keyword: str = "", cache=None) -> SimpleNamespace:
    source = pytest.Config.ArgsSource.TESTPATHS if whole else pytest.Config.ArgsSource.ARGS
    return SimpleNamespace(args_source=source, getoption=lambda name: keyword, cache=cache)


@pytest.fixture
def a_list(tmp_path, monkeypatch):
    monkeypatch.setattr(slow_list, "LIST", tmp_path / "slow.txt")
    monkeypatch.delenv(slow_list.IGNORE_ENV, raising=False)
    return tmp_path / "slow.txt"


CJK = "tests/a.py::test_names[\\u9752\\u5e74]"  # as pytest writes a non-ASCII id


def test_a_whole_run_marks_the_listed_tests_and_nothing_else(a_list):
    a_list.write_text(f"# a comment\n{CJK}  # 0.31 s\n", "utf-8")
    items = [SimpleNamespace(nodeid=name, marks=[]) for name in (CJK, "tests/a.py::test_quick")]
    for item in items:
        item.add_marker = item.marks.append
    slow_list.mark(_config(), items)
    assert [[m.name for m in item.marks] for item in items] == [["slow"], []]


@pytest.mark.parametrize(
    "config, env",
    [
        (_config(whole=False), ""),  # make check PYTEST_ARGS=tests/gui/that_file.py
        (_config(keyword="training"), ""),
        (_config(), "1"),  # make slow-list times the listed tests again
    ],
    ids=["named files", "-k", "make slow-list"],
)
def test_named_tests_and_the_timing_run_are_not_cut(a_list, monkeypatch, config, env):
    a_list.write_text(f"{CJK}\n", "utf-8")
    if env:
        monkeypatch.setenv(slow_list.IGNORE_ENV, env)
    item = SimpleNamespace(nodeid=CJK, marks=[])
    item.add_marker = item.marks.append
    slow_list.mark(config, [item])
    assert item.marks == []


def _time(config, reports, exitstatus=0):
    timer = slow_list.Timer(config)
    for report in reports:
        timer.pytest_runtest_logreport(report)
    timer.pytest_sessionfinish(SimpleNamespace(), exitstatus)


def test_the_list_holds_the_tests_over_the_threshold_counting_setup_and_teardown(a_list, capsys):
    over = slow_list.THRESHOLD * 0.6  # twice this is over; once is not
    _time(
        _config(),
        [
            _report("tests/a.py::test_setup_heavy", "setup", over),
            _report("tests/a.py::test_setup_heavy", "call", over),
            _report("tests/a.py::test_quick", "call", over),
        ],
    )
    assert slow_list.listed() == {"tests/a.py::test_setup_heavy"}
    assert a_list.read_text("utf-8").startswith("# Tests that `make check`")
    assert "1 of 2 tests over" in capsys.readouterr().out


def test_each_test_counts_its_quicker_time_of_this_run_and_the_last(a_list):
    cache = _Cache()
    slow, quick = slow_list.THRESHOLD * 2, slow_list.THRESHOLD / 2
    _time(_config(cache=cache), [_report("t::a", "call", slow), _report("t::b", "call", quick)])
    assert slow_list.listed() == {"t::a"}
    _time(_config(cache=cache), [_report("t::a", "call", quick), _report("t::b", "call", slow)])
    assert slow_list.listed() == set(), "each was quick in one of the two runs"
    assert cache[slow_list.Timer.CACHE_KEY] == {"t::a": quick, "t::b": slow}


@pytest.mark.parametrize(
    "config, exitstatus",
    [(_config(), 1), (_config(), 2), (_config(whole=False), 0), (_config(keyword="x"), 0)],
    ids=["a test failed", "interrupted", "some files", "-k"],
)
def test_anything_but_a_whole_run_that_passed_leaves_the_list_as_it_was(
    a_list, capsys, config, exitstatus
):
    a_list.write_text("tests/a.py::test_kept\n", "utf-8")
    _time(config, [_report("tests/a.py::test_new", "call", 9.0)], exitstatus)
    assert slow_list.listed() == {"tests/a.py::test_kept"}
    assert "left as it was" in capsys.readouterr().out

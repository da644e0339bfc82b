"""What a screen reader reads (AT-SPI, as Orca does), screen by screen, in the real app.

tests/atspi/walker.py runs under `dbus-run-session` with the system python3 (pyatspi),
starts the accessibility bus and Xvfb, and takes the app (tests/atspi/app_driver.py)
through home, every concern step (and a refused Next), the Sent page, Help, Unlock (and a
refused passphrase), Records and Settings. On each screen it fails an unnamed control, a
label whose text no accessible object carries, a focus that is not read with the problem
or the reference it should be, and two controls with one name.

Where Xvfb, dbus or pyatspi are missing the walk is skipped with the reason, except under
CI (CI=true), where it fails: .ci/run installs them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WALKER = ROOT / "tests" / "atspi" / "walker.py"
SYSTEM_PYTHON = "/usr/bin/python3"
SCREENS = [
    "home",
    "step 1",
    "step 2",
    "step 2, a date that does not exist",
    "step 3",
    "step 4",
    "step 4, one item ticked",
    "step 5",
    "step 6",
    "sent",
    "help",
    "unlock",
    "unlock refused",
    "records, and what arrived",
    "records",
    "records, all concerns",
    "records, a concern open",
    "records, its decisions",
    "settings",
]


def _walker():
    spec = importlib.util.spec_from_file_location("atspi_walker", WALKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _missing() -> list[str]:
    missing = []
    if shutil.which("Xvfb") is None:
        missing.append("Xvfb (xvfb)")
    if shutil.which("dbus-run-session") is None:
        missing.append("dbus-run-session (dbus)")
    if not any(Path(p).exists() for p in _walker().LAUNCHERS):
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
        ).returncode
        != 0
    ):
        missing.append("pyatspi for /usr/bin/python3 (python3-pyatspi)")
    return missing


@pytest.mark.slow
def test_a_screen_reader_hears_every_control_and_every_message():
    missing = _missing()
    if missing:
        reason = (
            "the AT-SPI walk needs "
            + ", ".join(missing)
            + ": apt-get install at-spi2-core python3-pyatspi dbus-x11 xvfb"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    run = subprocess.run(
        ["dbus-run-session", "--", SYSTEM_PYTHON, str(WALKER), sys.executable],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    lines = [x for x in run.stdout.splitlines() if x.startswith("RESULT ")]
    assert lines, f"the walker gave no result:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["error"] is None, f"{result['error']}\n{result.get('app_log', '')}"
    assert result["screens"] == SCREENS
    assert not result["problems"], "\n".join(result["problems"])
    assert result["seconds"] < 60


# -- the walker's judgement, without a bus: each rule fails what it should ----------------
def _node(
    role: str,
    name: str = "",
    description: str = "",
    *,
    focusable: bool = False,
    focused: bool = False,
) -> dict:
    return {
        "role": role,
        "name": name,
        "description": description,
        "focusable": focusable,
        "focused": focused,
        "path": f"> {role} {name!r}",
    }


def _screen(shown=(), focus_has=(), same_action=()) -> dict:
    return {
        "name": "s",
        "shown": list(shown),
        "focus_has": list(focus_has),
        "same_action": list(same_action),
    }


def test_the_walker_fails_an_unnamed_control_and_a_nameless_tab_stop():
    problems_in = _walker().problems_in
    assert problems_in(_screen(), [_node("push button", "Next", focusable=True)]) == []
    assert problems_in(_screen(), [_node("push button", focusable=True)])
    assert problems_in(_screen(), [_node("scroll pane")])
    assert problems_in(_screen(), [_node("filler", focusable=True)])  # an empty scroll area
    assert problems_in(_screen(), [_node("table cell", focusable=True)]) == []  # blank cell


def test_the_walker_fails_a_label_whose_text_is_hidden_behind_a_fixed_name():
    problems_in = _walker().problems_in
    shown = _screen(shown=["Step 2 of 6: The young person"])
    assert problems_in(shown, [_node("label", "Step")])
    assert problems_in(shown, [_node("label", "Step 2 of 6: The young person")]) == []
    status = _screen(shown=["Saved."])
    assert problems_in(status, [_node("label", "Settings status", "Saved.")]) == []
    # Carried by the field only, the error line itself read as "Date of birth: problem".
    error = _screen(shown=["That date does not exist."])
    assert problems_in(
        error,
        [
            _node("label", "Date of birth: problem"),
            _node("text", "Date of birth", "That date does not exist."),
        ],
    )


def test_the_walker_fails_a_focus_not_read_with_its_problem_and_shared_names():
    problems_in = _walker().problems_in
    problem = "That date does not exist."
    field = _node("text", "Date of birth", problem, focusable=True, focused=True)
    assert problems_in(_screen(focus_has=[problem]), [field]) == []
    bare = _node("text", "Date of birth", focusable=True, focused=True)
    assert problems_in(_screen(focus_has=[problem]), [bare])
    twice = [_node("push button", "Remove the selected row")] * 2
    assert problems_in(_screen(), twice)
    assert problems_in(_screen(same_action=["Remove the selected row"]), twice) == []

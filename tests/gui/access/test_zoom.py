"""Every control reachable, and no words cut off, at large text sizes on small screens.

The real app runs in its own process under Xvfb (QT_SCALE_FACTOR only works when set
before the QApplication exists) and walks home, every concern step, Sent, Unlock,
Records, Settings and Help: see tests/gui/access/zoom_walk.py for what counts as reachable.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
IN_CI = os.environ.get("CI", "").lower() == "true"


def walk_at(scale: str, screen: str, tmp_path: Path) -> list[str]:
    if shutil.which("xvfb-run") is None:
        if IN_CI:
            pytest.fail(
                "xvfb-run is missing, and under CI this test must run "
                "(.ci/run installs xvfb and xauth)"
            )
        pytest.skip("xvfb-run is not installed here (apt-get install xvfb xauth)")
    report = tmp_path / "problems.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_SCALE_FACTOR": scale,
        "TMPDIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    for var in ("QT_AUTO_SCREEN_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_FONT_DPI"):
        env.pop(var, None)  # only the scale factor under test
    done = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            f"-screen 0 {screen}x24",
            sys.executable,
            "-m",
            "tests.gui.access.zoom_walk",
            str(report),
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert report.exists(), f"the walk did not run:\n{done.stdout}\n{done.stderr}"
    problems = json.loads(report.read_text())
    assert done.returncode == 0 or problems, done.stderr
    return problems


@pytest.mark.slow  # walks every screen
@pytest.mark.parametrize(
    ("scale", "screen"),
    [("1", "1280x800"), ("1.5", "1024x768"), ("2", "1920x1080")],
    ids=["100%-on-1280x800", "150%-on-1024x768", "200%-on-1920x1080"],
)
def test_every_control_is_reachable_and_no_words_are_cut(scale, screen, tmp_path):
    problems = walk_at(scale, screen, tmp_path)
    assert not problems, (
        f"{len(problems)} problems at {scale}x on {screen} "
        f"(screens saved in {tmp_path}):\n" + "\n".join(problems)
    )


def test_the_emergency_strip_wraps_between_numbers_never_inside_one(qtbot, ready):
    """However narrow the window, each phone number stays whole on one line."""
    from PySide6.QtGui import QTextDocument

    from ui.emergency_strip import EmergencyStrip

    ready.settings.update(
        {
            "police_non_emergency": "101",
            "duty_team_phone": "0300 126 7000",
            "out_of_hours_phone": "01604 626938",
        }
    )
    strip = EmergencyStrip(ready.settings)
    qtbot.addWidget(strip)
    numbers = ("999", "101", "0300 126 7000", "01604 626938")
    wrapped_at = []
    for width in range(120, 1200, 20):
        document = QTextDocument()
        document.setDefaultFont(strip.label.font())
        document.setHtml(strip.label.text())
        document.setTextWidth(width)
        document.size()  # lays the text out into lines
        block = document.begin()
        lines = []
        while block.isValid():
            layout = block.layout()
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                lines.append(
                    block.text()[line.textStart() : line.textStart() + line.textLength()].replace(
                        "\u00a0", " "
                    )
                )
            block = block.next()
        for number in numbers:
            assert any(number in line for line in lines), (width, number, lines)
        if len(lines) > 1:
            wrapped_at.append(width)
    assert wrapped_at, "the strip never wrapped: the check proves nothing"

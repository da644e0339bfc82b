"""The start stays lean: the modules of our own that `python -m app` has loaded by the
first paint of the home screen are pinned here. Start-up time on an old office PC is
mostly imports, so a new import on that path (a room's services, the store, PDFs) must
be a choice someone makes on purpose: add it here, and run `make bench`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.fixtures import set_up_store

REPO_ROOT = Path(__file__).resolve().parents[2]
OURS = ("app", "db", "ui")
HEAVY = ("_hashlib", "hashlib", "hmac", "secrets", "nacl", "sqlcipher3", "reportlab", "zxcvbn")

# What the home screen needs, locked (the records are never opened at start).
LOADED_AT_START = {
    "app",
    "app.core",
    "app.core.atomic",
    "app.core.errors",
    "app.core.host",  # which OS: stdlib only (os, sys, pathlib are loaded anyway)
    "app.core.logs",
    "app.core.paths",
    "app.core.settings",
    "app.core.small_files",  # reads settings.json safely: stdlib only, a few lines
    "app.core.text_checks",
    "app.keys",
    "app.keys.roles",  # who may do what: a few lines, stdlib enum only
    "app.keys.session",
    "app.keys.swap",
    "ui",
    "ui.application",
    "ui.core",
    "ui.core.errors",
    "ui.core.flow_layout",
    "ui.core.idle",
    "ui.core.keyboard",
    "ui.core.palette",
    "ui.core.screen_fit",
    "ui.core.widgets",
    "ui.core.wipe",
    "ui.emergency_strip",
    "ui.home_page",
    "ui.main_window",
}

CHILD = """
import atexit, runpy, sys
ours = {ours!r}
atexit.register(lambda: print("LOADED", *sorted(m for m in sys.modules
                                                if m.split(".")[0] in ours)))
# Heavy modules the home screen never needs: OpenSSL through hashlib (megabytes, and
# the first paint's memory), the crypto, the store, PDFs, the passphrase judge.
atexit.register(lambda: print("HEAVY", *sorted(m for m in {heavy!r} if m in sys.modules)))
# QtSvg, the module or the library (the app icon is read from PNGs, not from the SVG).
atexit.register(lambda: print("SVG", "PySide6.QtSvg" in sys.modules
                              or "libQt6Svg" in open("/proc/self/maps").read()))
# Whether PySide has built QtCore.Qt's enums (all 93 at once, about 14 ms) by the
# first paint. It builds them on first use and keeps them in the module's namespace.
import app.keys.session  # first, as app/__main__ does
import ui.application
from PySide6 import QtCore
paint = ui.application._FirstPaint.eventFilter
def watch(self, watched, event):
    if event.type() == QtCore.QEvent.Type.Paint:
        print("QT-NAMESPACE-AT-PAINT", "Qt" in vars(QtCore), flush=True)
    return paint(self, watched, event)
ui.application._FirstPaint.eventFilter = watch
atexit.register(lambda: print("QT-NAMESPACE-AT-EXIT", "Qt" in vars(QtCore)))
sys.argv = ["app", "--data-dir", {folder!r}, "--quit-after-first-paint"]
runpy.run_module("app", run_name="__main__", alter_sys=True)
"""


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """`python -m app` to its first paint, once for the tests here."""
    folder = tmp_path_factory.mktemp("lean") / "data"
    set_up_store(folder)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", CHILD.format(ours=OURS, heavy=HEAVY, folder=str(folder))],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_start_up_loads_only_the_modules_pinned_here(start):
    run = start
    lines = [line for line in run.stdout.splitlines() if line.startswith("LOADED")]
    assert run.returncode == 0 and lines, f"the app did not start:\n{run.stdout}\n{run.stderr}"
    loaded = set(lines[-1].split()[1:])
    assert "first-paint-ms" in run.stdout, "it quit before the home screen was painted"
    added, gone = sorted(loaded - LOADED_AT_START), sorted(LOADED_AT_START - loaded)
    assert not added and not gone, (
        f"start-up now also loads {added} and no longer loads {gone}: if that is meant, "
        "change LOADED_AT_START and check `make bench`"
    )
    assert not any(m.split(".")[0] == "db" for m in loaded), "the store's code loads at start"
    heavy = next(line for line in run.stdout.splitlines() if line.startswith("HEAVY"))
    assert heavy == "HEAVY", f"start-up loads {heavy.split()[1:]}: defer them to first use"
    if sys.platform.startswith("linux"):
        assert "SVG False" in run.stdout, "QtSvg loads at start (an SVG icon or image?)"


def test_the_qt_namespace_is_not_built_before_the_first_paint(start):
    """QtCore.Qt's 93 enums cost about 14 ms, a tenth of the start on this machine. The
    home screen sets what it needs by name (ui/core/widgets.py set_by_name); the focus
    ring, just after the paint, is the first to use Qt.…"""
    out = start.stdout
    assert "QT-NAMESPACE-AT-EXIT True" in out, f"the probe cannot see the Qt namespace:\n{out}"
    assert "QT-NAMESPACE-AT-PAINT False" in out, (
        "something the home screen runs before its first paint uses QtCore.Qt (Qt.…, or a "
        "call that takes or returns one of its enums, such as setShortcut or QPalette(p)). "
        "Set it by name with set_by_name, or do it after the first paint."
    )

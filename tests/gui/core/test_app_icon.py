"""The app icon: drawn once as SVG, rendered to the committed PNGs and .ico (which the
script reproduces byte for byte), set on the application from the PNGs (never the SVG,
so QtSvg stays out of start-up: tests/security/test_lean_start.py checks), named by the
Linux menu entry and given to the bundle's exe."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[3]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def test_the_committed_pngs_and_ico_are_what_the_svg_renders_to(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "render_icon.py"), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for size in SIZES:
        name = f"cse-toolkit-{size}.png"
        image = QImage(str(ICONS / name))
        assert (image.width(), image.height()) == (size, size), name
        assert (ICONS / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} is out of date: run packaging/render_icon.py"
        )
    assert (ICONS / "cse-toolkit.ico").read_bytes() == (tmp_path / "cse-toolkit.ico").read_bytes()


def test_the_ico_holds_every_size_as_png():
    data = (ICONS / "cse-toolkit.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(SIZES))
    for i, size in enumerate(SIZES):
        w, h, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (w or 256, h or 256, planes, bits) == (size, size, 1, 32)
        image = QImage.fromData(data[offset : offset + length], "PNG")
        assert (image.width(), image.height()) == (size, size)


def test_the_application_gets_the_icon_from_the_pngs(qapp):
    from ui.application import make_qapplication

    app = make_qapplication([])
    icon = app.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    for size in (16, 256):  # drawn from the committed PNG of that size
        drawn = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        committed = QImage(str(ICONS / f"cse-toolkit-{size}.png"))
        committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
        assert drawn.size() == committed.size() and drawn == committed
    assert app.desktopFileName() == "cse-toolkit"


def test_the_linux_menu_entry():
    entry = ROOT / "packaging" / "linux" / "cse-toolkit.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(entry, encoding="utf-8")
    desktop = parser["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Tackling CSE Toolkit"
    assert desktop["Exec"] == "cse-toolkit"
    assert desktop["Icon"] == "cse-toolkit"  # the PNGs, installed into the hicolor theme
    assert desktop["Terminal"] == "false"
    if shutil.which("desktop-file-validate") is None:
        missing = "desktop-file-validate is not installed here (desktop-file-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing)  # .ci/run installs it: under CI a skip would hide a gap
        pytest.skip(missing)
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout


def test_the_bundle_gives_the_exe_the_icon():
    spec = (ROOT / "packaging" / "cse-toolkit.spec").read_text(encoding="utf-8")
    assert 'icon=os.path.join(ROOT, "resources", "icons", "cse-toolkit.ico")' in spec

"""What packaging/bundle_trim.py leaves out of the bundle, and what it must keep.

The spec runs it on PyInstaller's real lists; here the lists are small and the library
links are given, so each rule can be seen to hold (the built bundle itself is checked by
`make bundle`: its self-test and the 180 MB budget).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[3] / "packaging" / "bundle_trim.py"
_spec = importlib.util.spec_from_file_location("bundle_trim", _PATH)
assert _spec is not None and _spec.loader is not None
bundle_trim = importlib.util.module_from_spec(_spec)
sys.modules["bundle_trim"] = bundle_trim
_spec.loader.exec_module(bundle_trim)

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqxcb.so",  # every Linux desktop
        f"{PLUGINS}/platforms/libqoffscreen.so",  # the headless self-test
        PLUGINS.replace("/", "\\") + "\\platforms\\qwindows.dll",  # the Windows build
        f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        f"{PLUGINS}/platforminputcontexts/libibusplatforminputcontextplugin.so",
        f"{PLUGINS}/printsupport/libcupsprintersupport.so",  # printing to real printers
        f"{PLUGINS}/imageformats/libqsvg.so",
        f"{PLUGINS}/iconengines/libqsvgicon.so",
        f"{PLUGINS}/xcbglintegrations/libqxcb-glx-integration.so",
        f"{PLUGINS}/styles/qmodernwindowsstyle.dll",  # a folder not named: kept whole
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "resources/fonts/DejaVuSans.ttf",
    ],
)
def test_what_the_app_needs_is_kept(dest):
    assert not bundle_trim.unwanted(dest)


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{PLUGINS}/platformthemes/libqgtk3.so",
        f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so",
        f"{PLUGINS}/platforms/libqwayland.so",
        f"{PLUGINS}/platforms/libqeglfs.so",
        f"{PLUGINS}/platforms/libqvnc.so",
        PLUGINS.replace("/", "\\") + "\\platforms\\qdirect2d.dll",
        f"{PLUGINS}/imageformats/libqjpeg.so",
        f"{PLUGINS}/imageformats/libqwebp.so",
        f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so",
        f"{PLUGINS}/tls/libqopensslbackend.so",
        "PySide6/Qt/translations/qt_de.qm",
    ],
)
def test_what_the_app_never_uses_is_dropped(dest):
    assert bundle_trim.unwanted(dest)


def test_libraries_only_dropped_plugins_needed_fall_with_them():
    vk = f"{PLUGINS}/platforminputcontexts/libqtvirtualkeyboardplugin.so"
    gtk = f"{PLUGINS}/platformthemes/libqgtk3.so"
    xcb = f"{PLUGINS}/platforms/libqxcb.so"
    links = {
        "src/vk": ["libQt6Quick.so.6", "libQt6Qml.so.6", "libQt6Gui.so.6", "libc.so.6"],
        "src/gtk": ["libpango-1.0.so.0", "libglib-2.0.so.0", "libQt6Gui.so.6"],
        "src/xcb": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6", "libglib-2.0.so.0"],
        "src/quick": ["libQt6Qml.so.6"],
    }
    entries = [
        (vk, "src/vk", "BINARY"),
        (gtk, "src/gtk", "BINARY"),
        (xcb, "src/xcb", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "src/quick", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "src/qml", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "src/gui", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "src/xcbqpa", "BINARY"),
        ("libpango-1.0.so.0", "src/pango", "BINARY"),
        ("libglib-2.0.so.0", "src/glib", "BINARY"),
        # PyInstaller's link beside _internal's top level, listed among the datas
        ("libQt6Qml.so.6", "PySide6/Qt/lib/libQt6Qml.so.6", "SYMLINK"),
        # loaded with ctypes or by the bootloader: linked from nothing, so never dropped
        ("libpython3.11.so.1.0", "src/python", "BINARY"),
        ("resources/areas/rutland.json", "src/rutland", "DATA"),
    ]

    kept, dropped = bundle_trim.trim(entries, lambda source: links.get(source, []))

    kept_names = {dest for dest, _, _ in kept}
    assert {dest for dest, _, _ in dropped} == {
        vk,
        gtk,
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "libQt6Qml.so.6",
        "libpango-1.0.so.0",
    }
    # needed by a kept plugin as well as by a dropped one: stays
    assert {"PySide6/Qt/lib/libQt6Gui.so.6", "libglib-2.0.so.0"} <= kept_names
    assert {xcb, "libpython3.11.so.1.0", "resources/areas/rutland.json"} <= kept_names

"""What the PyInstaller spec leaves out of the bundle, and the libraries that go with it.

PyInstaller's Qt hooks collect every plugin of each type a Qt module may use, then copy
whatever those plugins link to from the build machine. Some of that is large and never
used here (the virtual keyboard drags in QtQml and QtQuick, about 17 MB), and some of it
breaks on other systems (the GTK3 theme copies the build machine's GTK stack). The spec
drops those entries by their place in the bundle, then drops every library that only the
dropped entries needed. Imported by packaging/cse-toolkit.spec; Qt-free and tested in
tests/unit/packaging/test_bundle_trim.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath

# Plugin folder -> the plugins kept (file name without "lib" and extension). A folder
# not named here is kept whole (iconengines, printsupport, styles, xcbglintegrations).
PLUGINS_KEPT: dict[str, frozenset[str]] = {
    # xcb: every Linux desktop, Wayland ones through XWayland. offscreen: the headless
    # self-test and tests. windows and cocoa: the same build on those systems. Wayland's
    # own plugin is left out: nothing here can test it, and it would copy the build
    # machine's libwayland; eglfs, linuxfb, vnc, minimal are for devices without a desktop.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qcocoa"}),
    # gtk3 copies the build machine's GTK stack (a known cause of breakage elsewhere);
    # xdgdesktopportal is only used inside Flatpak or Snap. Qt's built-in GNOME and KDE
    # themes need neither.
    "platformthemes": frozenset(),
    # Compose keys (accents, dead keys) and IBus (input methods for names in other
    # scripts) stay; the virtual keyboard plugin is what pulls in QtQml and QtQuick.
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # PNG, BMP and XPM are built into QtGui; the app loads no JPEG, GIF, TIFF or WebP.
    # SVG stays for icons drawn as SVG.
    "imageformats": frozenset({"qsvg"}),
    # Touch screens and input devices without a desktop (evdev, TUIO), EGL on bare
    # hardware, network status and TLS (the app never goes online): none used.
    "generic": frozenset(),
    "egldeviceintegrations": frozenset(),
    "networkinformation": frozenset(),
    "tls": frozenset(),
    "wayland-decoration-client": frozenset(),
    "wayland-graphics-integration-client": frozenset(),
    "wayland-shell-integration": frozenset(),
}

# Folders inside the bundle left out whole. Qt's own translations: the app is in
# English only and loads none.
FOLDERS_DROPPED = ("PySide6/Qt/translations",)

Entry = tuple[str, str, str]  # a PyInstaller TOC entry: (place in bundle, source, kind)


def _stem(name: str) -> str:
    stem = name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def unwanted(dest: str) -> bool:
    """True for a bundle path the app does not need (see the tables above)."""
    path = PurePath(dest.replace("\\", "/"))
    parts = path.parts
    text = path.as_posix()
    if any(text == folder or text.startswith(folder + "/") for folder in FOLDERS_DROPPED):
        return True
    if len(parts) >= 3 and parts[-3] == "plugins" and parts[-2] in PLUGINS_KEPT:
        return _stem(parts[-1]) not in PLUGINS_KEPT[parts[-2]]
    return False


def trim(
    entries: Iterable[Entry], imports_of: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """Split TOC entries into (kept, dropped).

    Drops what `unwanted` names, then every library (by file name) that a dropped entry
    links to and no kept entry does, until nothing more falls out. `imports_of(source)`
    gives the names of the libraries a binary links to; a library loaded another way
    (ctypes, the bootloader's libpython) is never linked from a dropped entry, so it stays.
    """
    kept: list[Entry] = []
    dropped: list[Entry] = []
    for entry in entries:
        (dropped if unwanted(entry[0]) else kept).append(entry)
    cache: dict[str, frozenset[str]] = {}

    def names(group: list[Entry]) -> set[str]:
        found: set[str] = set()
        for _dest, source, kind in group:
            if kind not in ("BINARY", "EXTENSION"):
                continue
            if source not in cache:
                cache[source] = frozenset(PurePath(n).name.lower() for n in imports_of(source))
            found |= cache[source]
        return found

    while True:
        orphans = names(dropped) - names(kept)
        falling = [e for e in kept if PurePath(e[0].replace("\\", "/")).name.lower() in orphans]
        if not falling:
            return kept, dropped
        kept = [e for e in kept if e not in falling]
        dropped += falling

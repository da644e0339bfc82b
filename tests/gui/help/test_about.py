"""Help › About through the real buttons: the version, the licence's full text, the
third-party notices (scrollable) and where the source code is, from a bundle or from
the source tree; reachable and readable with the keyboard alone, every control named."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTabWidget

from app import __version__
from tests.drivers import all_visible_text, click, dialog_titled, field, gone, heard
from tests.keys import Keys, focused
from ui.core.keyboard import install, uninstall
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
GPL = (ROOT / "LICENSE").read_text(encoding="utf-8")
TITLE = "About the toolkit"


@pytest.fixture
def bundle(tmp_path, monkeypatch) -> Path:
    """A bundle's data folder as `make bundle` lays it out (the spec's datas), with the
    app's resources beside it, and sys._MEIPASS pointing at it as in the built app."""
    base = tmp_path / "_internal"
    (base / "notices").mkdir(parents=True)
    (base / "source").mkdir()
    (base / "resources").symlink_to(ROOT / "resources")
    shutil.copy(ROOT / "LICENSE", base / "LICENSE")
    lines = [f"Qt 6.11.3 line {n}: LGPL-3.0-only" for n in range(400)]
    (base / "notices" / "THIRD-PARTY-NOTICES.txt").write_text("\n".join(lines), "utf-8")
    with zipfile.ZipFile(base / "source" / f"cse-toolkit-{__version__}-source.zip", "w") as z:
        z.writestr(f"cse-toolkit-{__version__}/README.md", "source")
    monkeypatch.setattr(sys, "_MEIPASS", str(base), raising=False)
    return base


def open_about_by_mouse(qtbot, window) -> object:
    click(window, "Help")
    click(window, "About this toolkit")
    qtbot.waitUntil(lambda: any(d.windowTitle() == TITLE for d in QApplication.topLevelWidgets()))
    return dialog_titled(TITLE)


def click_tab(dialog, text: str) -> None:
    """Click the tab whose label reads `text`, where it is drawn."""
    tabs = dialog.findChild(QTabWidget)
    bar = tabs.tabBar()
    index = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())].index(text)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_about_in_the_bundle_shows_version_licence_notices_and_the_source(qtbot, ready, bundle):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    dialog = open_about_by_mouse(qtbot, window)
    assert not ready.is_unlocked  # About needs no passphrase
    shown = all_visible_text(dialog)
    assert "Tackling CSE Toolkit" in shown
    assert f"Version {__version__}" in shown
    assert "GNU General Public License, version 3 or any later version" in shown
    assert "GPL-3.0-or-later" in shown
    # The source: the zip inside the bundle, named, with the folder it is in.
    assert f"cse-toolkit-{__version__}-source.zip" in shown
    assert str(bundle / "source") in shown

    licence = field(dialog, "Licence text")
    assert isinstance(licence, QPlainTextEdit)
    assert licence.toPlainText().rstrip() == GPL.rstrip()  # the full text, as shipped
    click_tab(dialog, "Third-party notices")
    notices = field(dialog, "Third-party notices")
    assert notices.toPlainText().startswith("Qt 6.11.3 line 0: LGPL-3.0-only")
    assert notices.verticalScrollBar().maximum() > 0  # long: it scrolls

    click(dialog, "Close")
    qtbot.waitUntil(lambda: gone(dialog))


def test_about_from_the_source_tree_says_so_and_still_shows_the_licence(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    dialog = open_about_by_mouse(qtbot, window)
    shown = all_visible_text(dialog)
    assert f"You are running the toolkit from its source code, in {ROOT}." in shown
    assert field(dialog, "Licence text").toPlainText().startswith(GPL[:200])
    click_tab(dialog, "Third-party notices")
    notices = field(dialog, "Third-party notices").toPlainText()
    built = ROOT / "build" / "notices" / "THIRD-PARTY-NOTICES.txt"
    if built.exists():
        assert notices == built.read_text(encoding="utf-8")
    else:  # a plain sentence saying how to make them, never an error
        assert "run: make notices" in notices


@pytest.fixture
def keyboard_model():
    app = QApplication.instance()
    install(app)  # as ui/application.py does for the real app
    yield
    uninstall(app)


def test_about_by_keyboard_alone_every_control_named(qtbot, ready, bundle, keyboard_model):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    keys = Keys(qtbot)
    keys.alt("l")  # He&lp
    assert window.pages.currentWidget() is window.help_page
    keys.alt("a")  # &About this toolkit
    qtbot.waitUntil(lambda: any(d.windowTitle() == TITLE for d in QApplication.topLevelWidgets()))
    dialog = dialog_titled(TITLE)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)

    # Tab goes round every control once; each is named for a screen reader.
    seen = []
    for _ in range(12):
        keys.press(Qt.Key.Key_Tab)
        widget = focused()
        assert widget.window() is dialog
        if widget in seen:
            break
        assert heard(widget).strip(), f"{type(widget).__name__} has no name"
        seen.append(widget)
    names = {w.accessibleName() for w in seen}
    assert {"Licence text", "Close"} <= names

    # Alt+T opens the notices; the arrow keys and Page Down move through them.
    keys.alt("t")
    notices = field(dialog, "Third-party notices")
    for _ in range(6):
        if focused() is notices:
            break
        keys.press(Qt.Key.Key_Tab)
    assert focused() is notices, keys.log
    bar = notices.verticalScrollBar()
    keys.press(Qt.Key.Key_PageDown, times=3)
    assert bar.value() > 0

    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(dialog))

"""Builds the QApplication and the main window; the one hand-over from app/__main__."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME
from app.core.paths import AppPaths, resource_dir
from app.keys.session import Session, SetupState
from ui.core.errors import install_excepthook
from ui.core.keyboard import install as install_keyboard_model
from ui.core.palette import readable_palette
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import STYLE
from ui.main_window import MainWindow


def make_qapplication(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to cse-toolkit.desktop
    app.setWindowIcon(app_icon())
    app.setPalette(readable_palette(app.palette()))
    app.setStyleSheet(STYLE)
    install_keyboard_model(app)  # focus ring, Enter on a focused button (ui/core/keyboard.py)
    return app


def app_icon() -> QIcon:
    """The app's icon from the PNGs rendered from resources/icons/cse-toolkit.svg (by
    packaging/render_icon.py): reading the SVG would load QtSvg at every start. Qt
    scales the nearest size for the rest. Each size is named, so no file is opened
    until the icon is drawn: about 0.6 ms at start, measured here."""
    icon = QIcon()
    for size in (16, 32, 48, 256):
        icon.addFile(str(resource_dir() / "icons" / f"{APP_ID}-{size}.png"), QSize(size, size))
    return icon


class _FirstPaint(QObject):
    """Quits after the window's first paint: the start-up benchmark's finish line."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint-ms {(time.perf_counter() - self.started) * 1000:.1f}", flush=True)
            # Wall clock, so a parent process can time start → first paint across processes.
            print(f"first-paint-epoch {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


def build_window(session: Session, *, start_setup: bool = True) -> MainWindow:
    window = MainWindow(session)
    if start_setup and session.setup_state() is SetupState.NEW:
        QTimer.singleShot(0, window.start_setup)
    return window


def show_main_window(window: MainWindow) -> None:
    """Show the window at its usual size, or smaller to fit the screen's free area (an
    old 1024x768 screen at 150% text leaves room for only 682x512 of the app's pixels)."""
    fit_to_screen(window, 1000, 700)
    window.show()
    fit_to_screen(window, 1000, 700)  # again, now any window manager's frame is known


def run(
    paths: AppPaths,
    argv: list[str],
    *,
    quit_after_first_paint: bool = False,
    session_factory: Callable[[AppPaths], Session] = Session,
    enrol_file: str | None = None,
) -> int:
    started = time.perf_counter()
    app = make_qapplication(argv)
    install_excepthook()
    session = session_factory(paths)
    window = build_window(session, start_setup=not quit_after_first_paint and not enrol_file)
    if enrol_file:  # --enrol FILE: a volunteer station, not the lead's setup
        QTimer.singleShot(0, lambda: window.start_enrolment(enrol_file))
    if quit_after_first_paint:
        watcher = _FirstPaint(started)
        window.installEventFilter(watcher)
    show_main_window(window)
    code = app.exec()
    session.lock()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Start the toolkit with: python -m app")

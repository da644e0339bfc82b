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
from ui.core.palette import readable_palette
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import STYLE
from ui.main_window import MainWindow


def make_qapplication(argv: list[str], *, keyboard_model: bool = True) -> QApplication:
    """The one QApplication, set up. `keyboard_model=False` leaves the keyboard model
    to the caller: run() installs it just after the first paint."""
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to cse-toolkit.desktop
    app.setWindowIcon(app_icon())
    app.setPalette(readable_palette(app.palette()))
    app.setStyleSheet(STYLE)
    if keyboard_model:
        install_keyboard_model(app)
    return app


def install_keyboard_model(app: QApplication) -> None:
    """The focus ring and Enter on a focused button (ui/core/keyboard.py), with the ring
    drawn at once round whatever has the focus now."""
    # deferred: the ring's style loads QStyle's enums, about 10 ms; after the first paint
    from ui.core.keyboard import install

    install(app).show_ring_for(app.focusWidget())


def app_icon() -> QIcon:
    """The app's icon from the PNGs rendered from resources/icons/cse-toolkit.svg (by
    packaging/render_icon.py): reading the SVG would load QtSvg at every start. Qt
    scales the nearest size for the rest. Each size is named, so no file is opened
    until the icon is drawn: about 0.6 ms at start, measured here."""
    icon = QIcon()
    for size in (16, 32, 48, 256):
        icon.addFile(str(resource_dir() / "icons" / f"{APP_ID}-{size}.png"), QSize(size, size))
    return icon


class _AfterFirstPaint(QObject):
    """Runs `then` once, just after the window's first paint."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


class _FirstPaint(QObject):
    """Quits after the window's first paint: the start-up benchmark's finish line."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint-ms {(time.perf_counter() - self.started) * 1000:.1f}", flush=True)
            # CPU time since the process began: steadier than the clock on a busy machine.
            print(f"first-paint-cpu-ms {time.process_time() * 1000:.1f}", flush=True)
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
    # The keyboard model waits for the first paint: the window shows sooner, and the
    # ring is drawn round the focused control a moment later.
    app = make_qapplication(argv, keyboard_model=False)
    install_excepthook()
    session = session_factory(paths)
    window = build_window(session, start_setup=not quit_after_first_paint and not enrol_file)
    if enrol_file:  # --enrol FILE: a volunteer station, not the lead's setup
        QTimer.singleShot(0, lambda: window.start_enrolment(enrol_file))
    if quit_after_first_paint:
        watcher = _FirstPaint(started)
        window.installEventFilter(watcher)
    after_paint = _AfterFirstPaint(lambda: install_keyboard_model(app))
    window.installEventFilter(after_paint)
    show_main_window(window)
    code = app.exec()
    session.lock()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Start the toolkit with: python -m app")

"""Windows that fit the screen: at 150% text an old 1024x768 screen leaves only 682x512
of the app's pixels, so a window asks for its usual size or the screen's free area,
whichever is smaller, and its pages scroll (see ui/main_window.py PageStack)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def room_for(widget: QWidget):
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width x height, or less where the screen is smaller; keep it
    on the screen. Leaves room for a window manager's frame when there is one."""
    room = room_for(window)
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    window.setMinimumSize(
        min(window.minimumWidth(), room.width() - extra_w),
        min(window.minimumHeight(), room.height() - extra_h),
    )
    window.resize(min(width, room.width() - extra_w), min(height, room.height() - extra_h))
    if window.isVisible() and not room.contains(window.frameGeometry()):
        window.move(room.topLeft())


def minimum_within_screen(window: QWidget) -> None:
    """Lower a fixed minimum size that would not fit the screen (at 150% text)."""
    room = room_for(window)
    window.setMinimumSize(
        min(window.minimumWidth(), room.width()), min(window.minimumHeight(), room.height())
    )


def scroll_contents(page: QWidget) -> QScrollArea:
    """Put what `page` holds into a scroll area that fills it (down only, never
    sideways): for pages another class lays out, like a QWizardPage."""
    body = QWidget()
    body.setLayout(page.layout())  # Qt hands the layout, and its widgets, to `body`
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll

"""Help › About: the toolkit's name and version, its licence (the full text), the
third-party notices, and where its source code is. Opens without unlocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.help.about import (
    about_files,
    licence_text,
    licence_words,
    notices_text,
    source_words,
    version_words,
)
from ui.core.screen_fit import fit_to_screen

TITLE = "About the toolkit"


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    # Selectable, so a path can be copied; the label is read by its own (changing) text.
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


def _reader(name: str, text: str) -> QPlainTextEdit:
    """A long text to read: scrolls, takes focus, keys move through it, Tab moves on."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    view.setTabChangesFocus(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setAccessibleName(name)
    view.setPlainText(text)
    return view


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, files=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.files = files or about_files()
        layout = QVBoxLayout(self)

        name = QLabel(APP_NAME)
        font = QFont(name.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        name.setFont(font)
        name.setWordWrap(True)
        layout.addWidget(name)
        self.version = _paragraph(version_words())
        layout.addWidget(self.version)
        self.licence_summary = _paragraph(licence_words())
        layout.addWidget(self.licence_summary)
        self.source = _paragraph(source_words(self.files))
        layout.addWidget(self.source)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Licence and notices")
        self.licence_view = _reader("Licence text", licence_text(self.files))
        self.notices_view = _reader("Third-party notices", notices_text(self.files))
        self.tabs.addTab(self.licence_view, "&Licence (GPL 3)")
        self.tabs.addTab(self.notices_view, "&Third-party notices")
        layout.addWidget(self.tabs, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 620)

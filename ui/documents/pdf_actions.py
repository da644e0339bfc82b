"""The row under an in-app PDF preview: a status line, Print…, Save as PDF… and Close.

Prints from memory and saves only where the person chooses; each dialog decides what
to say and record afterwards through `printed` and `saved`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from ui.core.errors import show_error
from ui.core.widgets import StatusLabel
from ui.documents.printing import print_with_dialog, save_with_dialog


class PdfActions(QWidget):
    printed = Signal()
    saved = Signal(str)  # where

    def __init__(
        self,
        dialog: QDialog,
        status_name: str,
        pdf: Callable[[], bytes | None],
        save_names: Callable[[], tuple[str, str]],
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._pdf = pdf
        self._save_names = save_names  # (dialog title, suggested file name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(status_name)
        row.addWidget(self.status, 1)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton("Save as P&DF…")
        self.save_button.clicked.connect(self._save)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(dialog.reject)
        for button in (self.print_button, self.save_button, self.close_button):
            row.addWidget(button)

    def _print(self) -> None:
        pdf = self._pdf()
        if pdf is None:
            return
        try:
            if print_with_dialog(self.dialog, pdf):
                self.printed.emit()
        except Exception as exc:
            show_error(self.dialog, exc)

    def _save(self) -> None:
        pdf = self._pdf()
        if pdf is None:
            return
        title, name = self._save_names()
        try:
            saved = save_with_dialog(self.dialog, pdf, title, name)
        except Exception as exc:
            show_error(self.dialog, exc)
            return
        if saved:
            self.saved.emit(saved)

"""Dialogs that show record data and must empty and close themselves at any lock."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from app.keys.session import Session
from ui.core.wipe import wipe_tree


class LockAwareDialog(QDialog):
    """Wipes itself and closes when the session locks (Ctrl+L, the idle lock, or a
    lock the main window never saw). Subclasses override wipe()."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.lock_listeners.append(self._locked)

    def wipe(self) -> None:
        """Clear every widget that shows record data."""

    def _locked(self) -> None:
        self.wipe()
        wipe_tree(self)  # whatever wipe() did not know about, undo history included
        self.reject()

    def done(self, result: int) -> None:
        if self._locked in self.session.lock_listeners:
            self.session.lock_listeners.remove(self._locked)
        self.wipe()
        wipe_tree(self)
        super().done(result)
        self.deleteLater()  # a hidden dialog still holds what it showed

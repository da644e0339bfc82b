"""Printable handouts: leaflets, the route chart on one page, a CSE policy, the
training evening pack (session plans, made-up cases, quiz, attendance sheet), awareness
sessions for the young people, the introductory slides, and templates for the group
(code of conduct, whistleblowing, information sharing, online safety)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.documents.context import DocumentContext, context_for
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel
from ui.documents.pdf_actions import PdfActions
from ui.documents.pdf_preview import PdfPreview, ZoomBar

POLICY = "policy"
SIDE_WIDTH = 300  # the list of handouts, when it stands beside the page


def _builders() -> dict[str, tuple[str, str, Callable[[DocumentContext], bytes]]]:
    # Imported when the dialog opens: reportlab is slow to load.
    from app.documents import (
        awareness_sessions,
        group_templates,
        leaflets,
        policy,
        route_chart_pdf,
        training_pack,
    )

    awareness = awareness_sessions.AWARENESS_DOCUMENTS  # for the young people, and slides
    training = {
        key: (f"Training evening: {title}", name, build)
        for key, title, name, build in training_pack.TRAINING_DOCUMENTS
    }
    return {
        "staff": (
            "Leaflet for staff and volunteers (2 sides)",
            "cse-leaflet-staff.pdf",
            leaflets.build_staff_leaflet,
        ),
        "parents": (
            "Leaflet for parents and carers",
            "cse-leaflet-parents.pdf",
            leaflets.build_parents_leaflet,
        ),
        "young-people": (
            "Leaflet for young people",
            "cse-leaflet-young-people.pdf",
            leaflets.build_young_people_leaflet,
        ),
        "route-chart": (
            "The referral route chart (1 page)",
            "cse-route-chart.pdf",
            route_chart_pdf.build_route_chart,
        ),
        POLICY: (
            "A CSE policy for your organisation (needs a lead's passphrase)",
            "cse-policy.pdf",
            policy.build_policy,
        ),
        **training,
        **{key: (title, name, build) for key, title, name, build in awareness},
        **{  # printed with blanks while locked, like the leaflets: no unlock needed
            key: (f"Template: {title}", name, build)
            for key, title, name, build in group_templates.GROUP_TEMPLATES
        },
    }


class HandoutsDialog(QDialog):
    unlock_requested = Signal()

    def __init__(self, session: Session, parent=None, *, start_with: str = "staff") -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Print handouts")
        fit_to_screen(self, 1040, 740)
        self.builders = _builders()
        self.pdf: bytes | None = None

        layout = QVBoxLayout(self)
        self.note = StatusLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About these handouts")
        layout.addWidget(self.note)
        # The list beside the page when there is room for both; above it when narrow
        # (150% text on a small screen), so the page gets the whole width (_arrange).
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        layout.addLayout(self.body, 1)
        self.side = QWidget()
        left = QVBoxLayout(self.side)
        left.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Handouts")
        self.choices = QListWidget()
        self.choices.setAccessibleName("Handouts")
        self.choices.setWordWrap(True)
        self.choices.setSpacing(4)
        label.setBuddy(self.choices)
        for key, (title, _name, _build) in self.builders.items():
            self.choices.addItem(title)
            self.choices.item(self.choices.count() - 1).setData(Qt.ItemDataRole.UserRole, key)
        left.addWidget(label)
        left.addWidget(self.choices, 1)
        self.unlock_button = QPushButton("&Unlock to build the policy…")
        self.unlock_button.clicked.connect(self.unlock_requested.emit)
        left.addWidget(self.unlock_button)
        self.body.addWidget(self.side, 1)
        page = QWidget()
        right = QVBoxLayout(page)
        right.setContentsMargins(0, 0, 0, 0)
        self.preview = PdfPreview()
        right.addWidget(self.preview, 1)
        self.zoom = ZoomBar(self.preview, self)
        right.addWidget(self.zoom)
        self.body.addWidget(page, 3)
        self.beside: bool | None = None
        self._arrange()

        self.actions = PdfActions(self, "Handout status", lambda: self.pdf, self._save_names)
        self.actions.printed.connect(lambda: self.status.setText("Sent to the printer."))
        self.actions.saved.connect(
            lambda where: self.status.setText(f"Saved to {where}. Saved PDFs are not encrypted.")
        )
        self.status = self.actions.status
        self.print_button, self.save_button = self.actions.print_button, self.actions.save_button
        layout.addWidget(self.actions)

        self.choices.currentRowChanged.connect(lambda _row: self.refresh())
        keys = list(self.builders)
        self.choices.setCurrentRow(keys.index(start_with) if start_with in keys else 0)

    def _arrange(self) -> None:
        """The list beside the page only while the page still fits beside it at a size
        that is easy to read; otherwise above it, a few rows high, and scrolled."""
        room = self.width() - (self.layout().contentsMargins().left() * 2)
        beside = room >= SIDE_WIDTH + self.body.spacing() + self.preview.readable_width()
        if beside != self.beside:
            self.beside = beside
            self.body.setDirection(
                QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
            )
            self.choices.setMinimumWidth(SIDE_WIDTH if beside else 0)
            self.body.setStretch(0, 1 if beside else 0)
            self.side.updateGeometry()
            self.layout().activate()  # now, so no frame shows the list over the page
        if beside:
            self.choices.setMaximumHeight(16777215)
        else:
            # About a quarter of the window, but never fewer than three rows.
            rows = 3 * (self.choices.sizeHintForRow(0) + 2 * self.choices.spacing())
            self.choices.setMaximumHeight(max(rows, self.height() // 4))
        if self.choices.currentItem() is not None:
            self.choices.scrollToItem(self.choices.currentItem())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def current_key(self) -> str:
        item = self.choices.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "staff"

    def refresh(self) -> None:
        """Rebuild the chosen handout from the current settings (and store, if unlocked)."""
        unlocked = self.session.is_unlocked
        self.note.setText(
            "These handouts show your organisation's name, designated lead and local numbers."
            if unlocked
            else "The records are locked, so these handouts show your local numbers but not your "
            "organisation's name or designated lead. A lead can unlock to include them."
        )
        key = self.current_key()
        needs_unlock = key == POLICY and not unlocked
        self.unlock_button.setVisible(needs_unlock)
        self.print_button.setEnabled(not needs_unlock)
        self.save_button.setEnabled(not needs_unlock)
        self.pdf = None
        if needs_unlock:
            self.preview.clear()
            self.status.setText("The policy needs your organisation's details: unlock first.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pdf = self.builders[key][2](context_for(self.session))
            self.preview.show_pdf(self.pdf)
            pages = self.preview.page_count
            self.status.setText(f"{pages} page{'s' if pages != 1 else ''}.")
        except Exception as exc:
            show_error(self, exc)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _save_names(self) -> tuple[str, str]:
        title, name, _build = self.builders[self.current_key()]
        return f"Save: {title}", name

    def done(self, result: int) -> None:
        self.preview.clear()
        self.pdf = None
        super().done(result)

"""Volunteer stations on screen (app/intake/stations.py).

- `EnrolDialog`: on a volunteer's PC or account, the lead's enrolment file makes this
  data folder a volunteer station (`--enrol FILE`, or setup's "This PC is a volunteer
  station"). It shows the fingerprint words to check against the poster on the wall and
  asks for a name for this PC, shown to the lead with each concern sent from here.
- `AddStationDialog`: Settings › "Add a volunteer PC…": the lead saves an enrolment file
  and the letterbox folder it names is added to the folders the records import from.
- `LetterboxFoldersDialog`: Settings › "Letterbox folders…": those folders, to add to or
  remove from.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError, InvalidInput
from app.intake.stations import Enrolment, shared_folder_problem, suggested_shared_folder
from app.keys.session import Session
from ui.core import ask
from ui.core.errors import show_error
from ui.core.widgets import StatusLabel, add_field, line_edit, show_problem


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def open_enrolment(
    session: Session,
    parent: QWidget,
    path: str | Path | None = None,
    on_done: Callable[[], None] | None = None,
) -> EnrolDialog | None:
    """Read the enrolment file (asking for it if not given) and open the dialog."""
    if path is None:
        path = ask.choose_enrolment_file(parent)
        if path is None:
            return None
    try:
        enrolment = session.read_enrolment(Path(path))
    except AppError as exc:
        show_error(parent, exc)
        return None
    dialog = EnrolDialog(session, enrolment, parent)
    if on_done is not None:
        dialog.enrolled.connect(on_done)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class EnrolDialog(QDialog):
    enrolled = Signal()

    def __init__(self, session: Session, enrolment: Enrolment, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.enrolment = enrolment
        self.setWindowTitle("Make this PC a volunteer station")
        self.setAccessibleName("Make this PC a volunteer station")
        layout = QVBoxLayout(self)
        words = " ".join(enrolment.fingerprint)
        layout.addWidget(
            _paragraph(
                f"<p>This PC will send concerns to the designated lead of "
                f"<b>{html.escape(enrolment.organisation)}</b>. It will offer Help and "
                "Record a concern only: no records are kept here, and nobody can read a "
                "concern here once it is sent.</p>"
                f"<p>Check these words against the poster on the wall or ask the lead: "
                f"<b>{html.escape(words)}</b>. If they are different, do not go on.</p>"
                f"<p>Concerns will go to the folder "
                f"<b>{html.escape(enrolment.letterbox)}</b>.</p>"
            )
        )
        form = QFormLayout()
        self.name = line_edit(60)
        self.name_problem = add_field(
            form,
            "&Name for this PC",
            self.name,
            'Shown to the lead with each concern sent from here, for example "Office PC" '
            'or "Hall laptop". Not a person\'s name.',
        )
        layout.addLayout(form)
        self.status = StatusLabel()
        self.status.setAccessibleName("Volunteer station status")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.enrol_button = QPushButton("Make this PC a &volunteer station")
        self.enrol_button.setDefault(True)
        self.enrol_button.clicked.connect(self.enrol)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        row.addWidget(self.enrol_button)
        row.addWidget(cancel)
        layout.addLayout(row)

    def enrol(self) -> None:
        show_problem(self.name_problem, None)
        try:
            self.session.enrol(self.enrolment, self.name.text())
        except InvalidInput as exc:
            show_problem(self.name_problem, exc.fields.get("station_name"))
            self.name.setFocus()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.enrolled.emit()
        self.accept()


class AddStationDialog(QDialog):
    """Save an enrolment file for a volunteer's PC or account (the lead only)."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Add a volunteer PC")
        self.setAccessibleName("Add a volunteer PC")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "<p>Volunteers can record concerns on another PC, or in their own account "
                "on this PC, without ever seeing the records. Save an enrolment file here "
                "and open it on that PC or account: it then sends concerns, sealed, to a "
                "letterbox folder you both can reach, and the records take them in "
                "whenever a lead unlocks.</p>"
                "<p>Use a folder every account on this PC can write to (the toolkit "
                "suggests one), a folder on the office network, or a folder your "
                "organisation already keeps in step with OneDrive, Google Drive, "
                "Nextcloud or Syncthing. Concerns there are sealed: only a lead can open "
                "them.</p><p>The file holds your organisation's name, area and local "
                "numbers, its public key and the letterbox folder. Nothing about any "
                "person.</p>"
            )
        )
        form = QFormLayout()
        folders = self.session.settings.get("letterbox_folders")
        start = folders[0] if folders else str(suggested_shared_folder())
        self.folder = QLineEdit(start)
        self.folder.setReadOnly(True)
        self.folder_problem = add_field(form, "&Letterbox folder", self.folder)
        layout.addLayout(form)
        choose_row = QHBoxLayout()
        self.choose_button = QPushButton("C&hoose another folder…")
        self.choose_button.clicked.connect(self.choose_folder)
        choose_row.addWidget(self.choose_button)
        choose_row.addStretch(1)
        layout.addLayout(choose_row)
        self.status = StatusLabel()
        self.status.setAccessibleName("Add a volunteer PC status")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("&Save the enrolment file…")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout.addLayout(row)

    def choose_folder(self) -> None:
        chosen = ask.choose_folder(self, "Choose the letterbox folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)
            show_problem(self.folder_problem, None)

    def save(self) -> None:
        folder = Path(self.folder.text())
        if not folder.is_dir():
            show_problem(
                self.folder_problem,
                "That folder is not there yet. Choose another, or ask whoever looks after "
                "this computer to make it (see the README: who can do what on a shared PC).",
            )
            return
        problem = shared_folder_problem(folder)  # said after saving: not a reason to stop
        path = ask.choose_enrolment_save_path(self, "volunteer-pc.cse-enrol")
        if not path:
            return
        try:
            self.session.export_enrolment(Path(path), folder)
            known = list(self.session.settings.get("letterbox_folders"))
            if str(folder) not in known:
                self.session.save_settings({"letterbox_folders": [*known, str(folder)]})
        except Exception as exc:
            show_error(self, exc)
            return
        note = f" Note: {problem}" if problem else ""
        self.status.setText(
            "Saved. Open the file on the volunteer's PC or account (start the toolkit there "
            f"and choose This PC is a volunteer station).{note}"
        )


class LetterboxFoldersDialog(QDialog):
    """Settings › Letterbox folders…: every folder a lead's unlock takes concerns in from."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Letterbox folders")
        self.setAccessibleName("Letterbox folders")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "<p>Whenever a lead unlocks, the records take in the concerns waiting in "
                "each of these folders. The first is this PC's own and is always used. "
                "Add a folder shared by the accounts on this PC, a network folder or a "
                "synced folder that volunteer stations send to.</p>"
            )
        )
        self.folders = QListWidget()
        self.folders.setAccessibleName("Letterbox folders")
        layout.addWidget(self.folders)
        self.status = StatusLabel()
        self.status.setAccessibleName("Letterbox folders status")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add a folder…")
        self.add_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton("&Remove the chosen folder")
        self.remove_button.clicked.connect(self.remove_folder)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.folders.currentRowChanged.connect(lambda _row: self._enable())
        self._fill()

    def _fill(self) -> None:
        self.folders.clear()
        own, *others = self.session.letterbox_folders()
        self.folders.addItem(f"{own} (this PC's own)")
        for folder in others:
            self.folders.addItem(str(folder))
        self._enable()

    def _enable(self) -> None:
        self.remove_button.setEnabled(self.folders.currentRow() > 0)

    def _configured(self) -> list[str]:
        return list(self.session.settings.get("letterbox_folders"))

    def add_folder(self) -> None:
        chosen = ask.choose_folder(self, "Choose a letterbox folder", "")
        if not chosen:
            return
        known = self._configured()
        if chosen not in known:
            try:
                self.session.save_settings({"letterbox_folders": [*known, chosen]})
            except Exception as exc:
                show_error(self, exc)
                return
        self._fill()
        self.status.setText("Added. Concerns there are taken in at the next unlock.")

    def remove_folder(self) -> None:
        row = self.folders.currentRow()
        if row <= 0:
            return
        folder = self.folders.item(row).text()
        if not ask.confirm(
            self,
            "Stop using this letterbox folder?",
            "Stop taking in concerns from this folder?",
            "Concerns waiting there stay where they are, unopened, and are not taken in "
            "until the folder is added again. Volunteer stations sending there should be "
            "enrolled again with another folder.",
            "Stop using it",
        ):
            return
        try:
            self.session.save_settings(
                {"letterbox_folders": [f for f in self._configured() if f != folder]}
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self._fill()
        self.status.setText("Removed. Nothing in the folder was touched.")

"""Handing records over (designated lead only): two dialogs opened from Settings.

"Hand over records": all records, or young people ticked in a searchable list; "Make
the handover file…" asks where to save it, then shows the one-time passphrase, large,
once, with what to do with it. "Receive a handover": choose the file, type the
passphrase read out by phone, "Check this file" shows what it holds, "Import these
records" takes it in.

Key derivation and encryption run off the GUI thread with a moving progress bar; the
store is read and written on the GUI thread only (a lock closes it, so no worker may
hold it). A lock closes these dialogs at once: everything they showed is blanked, a
file finished after the lock is deleted (its passphrase was never shown, so nobody
could open it), and a file opened after the lock is dropped.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.keeping import handover_format as fmt
from app.keeping.handover import Handover, Made, Opened, Outgoing, open_file, write
from app.keys.session import Session
from ui.core import ask
from ui.core.background import run_in_background
from ui.core.errors import show_error
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field, code_label

log = logging.getLogger(__name__)

EXPORT_TITLE = "Hand over records"
IMPORT_TITLE = "Receive a handover"
EXPORT_BUTTON = "&Hand over records…"
IMPORT_BUTTON = "Receive a hando&ver…"
PHONE_IT_WORDS = (
    "Phone this passphrase to the person receiving the file, and read it out group by "
    "group. Do not send it with the file: not in the same email, not on the same USB "
    "stick, not written on the envelope. It is not kept anywhere: once this window "
    "closes it cannot be shown again, and the file cannot be opened without it."
)
NEW_RECORDS_WORDS = (
    "Each young person will be added as a new record, even if they are already in your "
    "records. You can merge two records of the same young person afterwards from the "
    "young person's page."
)


def _busy_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)  # moving, with no end known: key derivation reports no steps
    bar.setAccessibleName(name)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def _wrapping(text: str = "") -> QLabel:
    label = StatusLabel(text)  # a fixed accessible name must not hide its text
    label.setWordWrap(True)
    return label


class HandOverDialog(QDialog):
    """Make a handover file of all records or of chosen young people."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(EXPORT_TITLE)
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 620, 600)
        self.service = Handover(session)
        self._closed = False
        self._working = False

        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapping(
                "Put records into one encrypted file, for a new designated lead at another "
                "site or your national safeguarding team. The file opens only with a "
                "one-time passphrase, which you read to them by phone. All records "
                "also carries the training log (volunteers and sessions)."
            )
        )
        # What to hand over: hidden once the file is made, so the passphrase stands out.
        self.choosing = QWidget()
        choosing = QVBoxLayout(self.choosing)
        choosing.setContentsMargins(0, 0, 0, 0)
        self.all_records = QRadioButton("&All records")
        self.all_records.setAccessibleName("All records")
        self.chosen = QRadioButton("&Only the young people I tick")
        self.chosen.setAccessibleName("Only the young people I tick")
        self.chosen.setChecked(True)
        choice = QHBoxLayout()  # each as wide as its words: a click on them is a click
        choice.addWidget(self.all_records)
        choice.addSpacing(20)
        choice.addWidget(self.chosen)
        choice.addStretch(1)
        choosing.addLayout(choice)

        form = QFormLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        add_field(form, "&Find a young person", self.search)
        choosing.addLayout(form)
        caption = QLabel("&Young people")
        self.people = QListWidget()
        self.people.setAccessibleName("Young people")
        caption.setBuddy(self.people)
        choosing.addWidget(caption)
        choosing.addWidget(self.people, 1)
        self.count = StatusLabel()
        self.count.setAccessibleName("How many are ticked")
        choosing.addWidget(self.count)
        layout.addWidget(self.choosing, 1)
        self.people.itemChanged.connect(self._count)
        self.all_records.toggled.connect(self._mode)

        self.progress_words = QLabel("Making the handover file…")
        self.progress_words.hide()
        self.progress = _busy_bar("Making the handover file")
        layout.addWidget(self.progress_words)
        layout.addWidget(self.progress)

        # Shown once the file is made: the passphrase, large, and what to do with it.
        self.result = QWidget()
        result = QVBoxLayout(self.result)
        result.setContentsMargins(0, 0, 0, 0)
        self.saved = _wrapping()
        self.saved.setAccessibleName("Handover file saved")
        result.addWidget(self.saved)
        caption = QLabel("One-time passphrase:")
        result.addWidget(caption)
        self.passphrase = code_label()
        # Large and plain, to be read out group by group (set here too, so it holds
        # whatever style sheet the application has).
        self.passphrase.setStyleSheet(
            'font-family: "DejaVu Sans Mono", monospace; font-size: 22pt; font-weight: bold;'
            " padding: 12px; border: 2px solid #333; background: #fff; color: #000;"
        )
        self.passphrase.setAccessibleName("One-time passphrase")
        caption.setBuddy(self.passphrase)
        result.addWidget(self.passphrase)
        self.passphrase_words = _wrapping(PHONE_IT_WORDS)
        self.passphrase_words.setStyleSheet("font-weight: bold;")
        result.addWidget(self.passphrase_words)
        self.result.hide()
        layout.addWidget(self.result)
        layout.addStretch(0)

        row = QHBoxLayout()
        row.addStretch(1)
        self.make_button = QPushButton("&Make the handover file…")
        self.make_button.clicked.connect(self.make)
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.make_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._fill()

    # -- the list ------------------------------------------------------------------------
    def _fill(self) -> None:
        try:
            choices = self.service.people()
        except Exception as exc:
            show_error(self, exc)
            choices = []
        self.people.blockSignals(True)
        for choice in choices:
            item = QListWidgetItem(choice.words)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.blockSignals(False)
        self._count()

    def _filter(self, typed: str) -> None:
        words = typed.casefold().split()
        for i in range(self.people.count()):
            item = self.people.item(i)
            text = item.text().casefold()
            item.setHidden(not all(w in text for w in words))

    def ticked(self) -> list[int]:
        return [
            int(self.people.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, young_person_id: int) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == young_person_id:
                item.setCheckState(Qt.CheckState.Checked)

    def _count(self, *_args: object) -> None:
        total = self.people.count()
        if self.all_records.isChecked():
            self.count.setText(f"All {total} young people's records will be handed over.")
        else:
            n = len(self.ticked())
            self.count.setText(f"{n} of {total} ticked.")

    def _mode(self, everything: bool) -> None:
        self.people.setEnabled(not everything)
        self.search.setEnabled(not everything)
        self._count()

    # -- making the file -----------------------------------------------------------------
    def make(self) -> None:
        if self._working:
            return
        try:
            outgoing = self.service.gather(None if self.all_records.isChecked() else self.ticked())
        except Exception as exc:
            show_error(self, exc)
            return
        suggested = f"handover-{date.today():%Y-%m-%d}{fmt.SUFFIX}"
        chosen = ask.choose_handover_save_path(self, suggested)
        if not chosen:
            return
        path = Path(chosen)
        if not path.name.endswith(fmt.SUFFIX):
            path = path.with_name(path.name + fmt.SUFFIX)
        passphrase = fmt.new_passphrase()
        params_of = self.service.kdf_params
        self._busy(True)

        def job() -> int:
            return write(outgoing, path, passphrase, params_of())

        run_in_background(
            job,
            lambda size: self._made(outgoing, path, passphrase, size),
            lambda exc: self._failed(exc),
        )

    def _made(self, outgoing: Outgoing, path: Path, passphrase: str, size: int) -> None:
        if self._closed:
            # Closed (a lock) before the passphrase could be shown: nobody can ever open
            # this file, so it is not left lying about.
            path.unlink(missing_ok=True)
            log.info("handover file removed: the window closed before it was shown")
            return
        self._busy(False)
        self.service.record_export(outgoing)
        made = Made(
            path, outgoing.bundle_id, passphrase, outgoing.young_people, outgoing.concerns, size
        )
        self.show_passphrase(made)

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._busy(False)
        show_error(self, exc)

    def _busy(self, busy: bool) -> None:
        self._working = busy
        self.progress.setVisible(busy)
        self.progress_words.setVisible(busy)
        for widget in (self.make_button, self.all_records, self.chosen, self.people, self.search):
            widget.setEnabled(not busy)
        if not busy:
            self._mode(self.all_records.isChecked())

    def show_passphrase(self, made: Made) -> None:
        people = "young person" if made.young_people == 1 else "young people"
        concerns = "concern" if made.concerns == 1 else "concerns"
        self.saved.setText(
            f"Saved as {made.path.name}: {made.young_people} {people} and "
            f"{made.concerns} {concerns}. The file is encrypted. Send it the way you "
            "agreed with the person receiving it, and the passphrase separately, by phone."
        )
        self.passphrase.setText(made.passphrase)
        self.choosing.hide()
        self.result.show()
        self.make_button.hide()
        self.close_button.setFocus()

    def done(self, result: int) -> None:
        """Closing (or a lock): blank what was shown; a file still being made is
        removed when it finishes (see _made)."""
        self._closed = True
        self.passphrase.clear()
        self.saved.clear()
        self.people.clear()
        self.search.clear()
        super().done(result)


class ReceiveDialog(QDialog):
    """Open a handover file with its passphrase, preview it, import it."""

    imported = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(IMPORT_TITLE)
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 620, 560)
        self.service = Handover(session)
        self._closed = False
        self._working = False
        self._opened: Opened | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapping(
                "Take in records another organisation has handed over to you. You need the "
                "handover file and the one-time passphrase they read to you by phone."
            )
        )
        form = QFormLayout()
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("Handover file")
        row.addWidget(self.file, 1)
        self.choose_button = QPushButton("C&hoose file…")
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(self.choose_button)
        file_caption = QLabel("Handover &file")
        file_caption.setBuddy(self.file)
        form.addRow(file_caption, file_row)
        self.passphrase = QLineEdit()
        self.passphrase.setPlaceholderText("ABCDE-FGHJK-MNPQR-STVWX-YZ123")
        self.passphrase.textChanged.connect(self._changed)
        add_field(
            form,
            "One-time &passphrase",
            self.passphrase,
            "Five groups of five letters and numbers, as read to you by phone.",
        )
        layout.addLayout(form)

        self.check_button = QPushButton("Chec&k this file")
        self.check_button.clicked.connect(self.check)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        layout.addLayout(check_row)
        self.progress_words = QLabel("Opening the file…")
        self.progress_words.hide()
        self.progress = _busy_bar("Opening the file")
        layout.addWidget(self.progress_words)
        layout.addWidget(self.progress)

        self.preview = QWidget()
        preview = QVBoxLayout(self.preview)
        preview.setContentsMargins(0, 0, 0, 0)
        self.summary = _wrapping()
        self.summary.setAccessibleName("What the file holds")
        preview.addWidget(self.summary)
        caption = QLabel("&Young people in this file (check they are the ones you expect):")
        self.names = QListWidget()
        self.names.setAccessibleName("Young people in this file")
        caption.setBuddy(self.names)
        preview.addWidget(caption)
        preview.addWidget(self.names, 1)
        preview.addWidget(_wrapping(NEW_RECORDS_WORDS))
        self.preview.hide()
        layout.addWidget(self.preview, 1)

        self.status = _wrapping()
        self.status.setAccessibleName("Handover status")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("&Import these records")
        self.import_button.clicked.connect(self.take_in)
        self.import_button.hide()
        self.close_button = QPushButton("&Close")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._changed()

    def choose(self) -> None:
        chosen = ask.choose_handover_file(self)
        if chosen:
            self.file.setText(chosen)
            self._changed()

    def _changed(self, *_args: object) -> None:
        # Anything changed: the preview no longer stands for what would be imported.
        self._opened = None
        self.preview.hide()
        self.import_button.hide()
        self.names.clear()
        self.status.clear()
        self.check_button.setEnabled(
            not self._working and bool(self.file.text()) and bool(self.passphrase.text().strip())
        )

    def check(self) -> None:
        if self._working:
            return
        path, typed = Path(self.file.text()), self.passphrase.text()
        self._busy(True)
        run_in_background(lambda: open_file(path, typed), self._opened_file, self._failed)

    def _opened_file(self, opened: Opened) -> None:
        if self._closed:
            return
        self._busy(False)
        try:
            preview = self.service.preview(opened)
        except Exception as exc:
            show_error(self, exc)
            return
        self._opened = opened
        self.summary.setText(preview.sentence)
        self.names.clear()
        self.names.addItems(list(preview.names))
        self.preview.show()
        self.import_button.show()
        self.import_button.setEnabled(True)
        self.import_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self._busy(False)
        show_error(self, exc)
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def _busy(self, busy: bool) -> None:
        self._working = busy
        self.progress.setVisible(busy)
        self.progress_words.setVisible(busy)
        for widget in (self.choose_button, self.passphrase):
            widget.setEnabled(not busy)
        self.check_button.setEnabled(not busy and bool(self.file.text()))

    def take_in(self) -> None:
        opened = self._opened
        if opened is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            received = self.service.receive(opened)
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc)
            return
        QApplication.restoreOverrideCursor()
        self._opened = None
        self.import_button.hide()
        people = len(received.young_person_ids)
        self.status.setText(
            f"Imported {people} {'young person' if people == 1 else 'young people'} and "
            f"{received.concerns} {'concern' if received.concerns == 1 else 'concerns'}. "
            "They are in Records now; each young person's chronology says where they "
            "came from."
        )
        self.imported.emit()

    def done(self, result: int) -> None:
        self._closed = True
        self._opened = None
        self.passphrase.clear()
        self.names.clear()
        self.summary.clear()
        self.status.clear()
        super().done(result)

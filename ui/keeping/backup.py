"""Back up the records to a folder, and restore them from a backup (app/keeping/backups.py).

The work runs off the GUI thread with a progress bar; the worker reports progress
through a queued signal and never touches a widget. A lock closes these dialogs at any
moment: a result that arrives after that is dropped (and a restore that finished after
the lock is locked again), and a checked backup waiting for a yes is discarded, its key
zeroed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError
from app.core.logs import redacted_traceback
from app.core.settings import BY_KEY
from app.keeping.backups import BackupPreview, BackupReport, Backups, RestorePlan, RestoreReport
from app.keys.roles import may_back_up
from app.keys.session import Session
from ui.core import ask
from ui.core.background import run_in_background
from ui.core.errors import error_words, show_error
from ui.core.widgets import StatusLabel, add_field, plain_label, show_problem

log = logging.getLogger(__name__)


class _Progress(QObject):
    """Carries progress from the worker to the bar (a queued signal). Parentless, held
    by the worker's closure, so a dialog closed by a lock does not pull it away."""

    moved = Signal(float)


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget) and widget.isVisible()


def local_time(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _paragraph(text: str = "") -> QLabel:
    label = StatusLabel(text)  # a fixed accessible name must not hide its text
    label.setWordWrap(True)
    return label


class _PathField(NamedTuple):
    edit: QLineEdit
    choose: QPushButton
    problem: QLabel


def _path_field(
    form: QFormLayout, label: str, placeholder: str, choose_text: str, on_choose: Callable[[], None]
) -> _PathField:
    """A read-only path box with its Choose button beside it: the label names (and
    jumps to) the box, not the row that holds both."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    edit = QLineEdit()
    edit.setReadOnly(True)
    edit.setPlaceholderText(placeholder)
    line.addWidget(edit, 1)
    choose = QPushButton(choose_text)
    choose.clicked.connect(on_choose)
    line.addWidget(choose)
    problem = add_field(form, label, row)
    row.setAccessibleName("")
    caption = form.labelForField(row.parentWidget())
    if isinstance(caption, QLabel):
        caption.setBuddy(edit)
    edit.setAccessibleName(plain_label(label))
    return _PathField(edit, choose, problem)


def _progress_bar(name: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 1000)
    bar.setTextVisible(False)
    bar.setAccessibleName(name)
    bar.hide()
    return bar


_relays: set[_Progress] = set()


def _run(
    work: Callable[[Callable[[float], None]], Any],
    bar: QProgressBar,
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    relay = _Progress()
    _relays.add(relay)  # alive until the result is back on the GUI thread
    relay.moved.connect(lambda f: bar.setValue(int(f * 1000)) if shiboken6.isValid(bar) else None)
    bar.setValue(0)
    bar.show()

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _relays.discard(relay)
        relay.deleteLater()
        callback(value)

    run_in_background(
        lambda: work(relay.moved.emit),
        lambda value: finish(on_success, value),
        lambda exc: finish(on_error, exc),
    )


# -- backing up -----------------------------------------------------------------------
class BackupDialog(QDialog):
    backed_up = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.backups = Backups(session)
        self.setWindowTitle("Back up the records")
        self.setModal(True)
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "A backup is one encrypted file. Save it on a USB stick and keep the stick "
                "locked away from this computer. It opens only with a passphrase or the "
                "recovery code that worked on the day it was made."
            )
        )
        self.last = _paragraph()
        self.last.setAccessibleName("Last backup")
        layout.addWidget(self.last)

        form = QFormLayout()
        self.folder, self.choose, self.folder_problem = _path_field(
            form,
            "Backup &folder",
            "Choose a folder, for example your USB stick",
            "C&hoose folder…",
            self._choose,
        )
        setting = BY_KEY["backups_keep"]
        self.keep = QSpinBox()
        self.keep.setRange(setting.minimum or 1, setting.maximum or 50)
        self.keep.setSuffix(" backups")
        add_field(
            form,
            "Backups to &keep",
            self.keep,
            "Older backups of these records in that folder are removed once a new one "
            "is made and checked. Other files there are never touched.",
        )
        layout.addLayout(form)

        self.bar = _progress_bar("Backup progress")
        layout.addWidget(self.bar)
        self.result = _paragraph()
        self.result.setAccessibleName("Backup result")
        layout.addWidget(self.result)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.go = QPushButton("&Back up now")
        self.go.setDefault(True)
        self.go.clicked.connect(self.start)
        buttons.addWidget(self.go)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)
        self._load()

    def _load(self) -> None:
        self.keep.setValue(int(self.session.settings.get("backups_keep")))
        try:
            last = self.backups.last_backup()
        except AppError as exc:
            show_error(self, exc)
            return
        if last.at is None:
            self.last.setText("No backup has been made yet.")
        else:
            self.last.setText(f"Last backup: {local_time(last.at)}.")
        if last.folder and Path(last.folder).is_dir():
            self.folder.setText(last.folder)

    def _choose(self) -> None:
        chosen = ask.choose_folder(self, "Choose where to save the backup", self.folder.text())
        if chosen and _alive(self):
            self.folder.setText(str(Path(chosen)))
            show_problem(self.folder_problem, None)

    def start(self) -> None:
        if self._busy:
            return
        folder = self.folder.text().strip()
        if not folder:
            show_problem(self.folder_problem, "Choose a folder first.")
            return
        show_problem(self.folder_problem, None)
        keep = self.keep.value()
        if keep != self.session.settings.get("backups_keep"):
            try:
                self.session.save_settings({"backups_keep": keep})
            except Exception as exc:
                show_error(self, exc)
                return
        self._set_busy(True)
        self.result.setText("Backing up… Keep the USB stick plugged in.")
        backups = self.backups
        _run(
            lambda progress: backups.back_up(Path(folder), progress),
            self.bar,
            self._done,
            self._failed,
        )

    def _done(self, report: BackupReport) -> None:
        if not _alive(self):
            return  # closed by a lock: the file is made and checked all the same
        self._set_busy(False)
        self.bar.setValue(1000)
        removed = ""
        if report.removed:
            removed = (
                f" {_plural(report.removed, 'older backup was', 'older backups were')} removed."
            )
        local = report.made_at.astimezone()
        self.result.setText(
            f"Backed up {_plural(report.concerns, 'concern', 'concerns')} to "
            f"{report.path.parent} at {local:%H:%M}. Checked: the copy opens.{removed}"
        )
        self.last.setText(f"Last backup: {local_time(report.made_at)}.")
        self.adjustSize()  # grow to fit the result rather than clip it
        self.backed_up.emit()

    def _failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        self._set_busy(False)
        self.bar.hide()
        _title, message, next_step = error_words(exc)
        self.result.setText(f"Not backed up. {message} {next_step}")
        self.adjustSize()
        if not isinstance(exc, AppError):
            # exc_info would print the library's own message, which can quote a path
            # or data: the redacted traceback says where, never what.
            log.error("backup failed\n%s", redacted_traceback(type(exc), exc, exc.__traceback__))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.go, self.choose, self.keep, self.close_button):
            widget.setEnabled(not busy)
        self.go.setText("Backing up…" if busy else "&Back up now")

    def keyPressEvent(self, event) -> None:
        if self._busy and event.key() == Qt.Key.Key_Escape:
            return  # Escape waits for the backup; a lock does not (it calls reject)
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self._busy = False
        super().done(result)


# -- restoring ------------------------------------------------------------------------
class RestoreDialog(QDialog):
    """Choose a backup, check it, see what it holds, then replace the records with it."""

    restored = Signal(object)  # RestoreReport

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        lock_first: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        # Locks the records before they are replaced: the main window's, which also
        # wipes every page showing them; the session's own when there is no window.
        self.lock_first = lock_first or session.lock
        self.backups = Backups(session)
        self.plan: RestorePlan | None = None
        self._busy = False
        self.setWindowTitle("Restore from a backup")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "Choose a backup file made by this toolkit. It is checked, and you see what "
                "it holds, before anything on this computer is changed."
            )
        )

        form = QFormLayout()
        self.file, self.choose, self.file_problem = _path_field(
            form, "Backup &file", "cse-records-….cse-backup", "C&hoose file…", self._choose
        )
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        add_field(
            form,
            "&Passphrase",
            self.passphrase,
            "A passphrase that worked on the day the backup was made.",
        )
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("ABCDE-FGHJK-MNPQR-STVWX-YZ123")
        add_field(
            form,
            "Recovery &code",
            self.recovery,
            "The recovery code printed when the backup's records were set up.",
        )
        layout.addLayout(form)
        self._rows = {
            False: (
                form.labelForField(self.passphrase.parentWidget()),
                self.passphrase.parentWidget(),
            ),
            True: (form.labelForField(self.recovery.parentWidget()), self.recovery.parentWidget()),
        }
        self.use_recovery = QCheckBox("&Use the recovery code instead")
        self.use_recovery.setAccessibleName("Use the recovery code instead")
        self.use_recovery.toggled.connect(self._switch_mode)
        layout.addWidget(self.use_recovery)

        self.bar = _progress_bar("Restore progress")
        layout.addWidget(self.bar)
        self.status = _paragraph()
        self.status.setAccessibleName("Restore status")
        layout.addWidget(self.status)
        self.preview = _paragraph()
        self.preview.setAccessibleName("What the backup holds")
        self.preview.setStyleSheet("padding: 8px; background: #f3f3f3; color: #000;")
        self.preview.hide()
        layout.addWidget(self.preview)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.check = QPushButton("Chec&k this backup")
        self.check.setDefault(True)
        self.check.clicked.connect(self.inspect)
        buttons.addWidget(self.check)
        self.replace = QPushButton("&Replace the records with this backup")
        self.replace.clicked.connect(self.restore)
        self.replace.hide()
        buttons.addWidget(self.replace)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._switch_mode(False)
        self.setMinimumWidth(600)

    # -- choosing and checking ----------------------------------------------------------
    def _switch_mode(self, recovery: bool) -> None:
        for mode, row in self._rows.items():
            for widget in row:
                widget.setVisible(mode == recovery)
        self._forget_plan()

    def _secret(self) -> str:
        return (self.recovery if self.use_recovery.isChecked() else self.passphrase).text()

    def _choose(self) -> None:
        start = str(Path(self.file.text()).parent) if self.file.text() else ""
        chosen = ask.choose_backup_file(self, "Choose a backup to restore", start)
        if chosen and _alive(self):
            self.file.setText(str(Path(chosen)))
            show_problem(self.file_problem, None)
            self._forget_plan()

    def inspect(self) -> None:
        if self._busy:
            return
        path = self.file.text().strip()
        if not path:
            show_problem(self.file_problem, "Choose a backup file first.")
            return
        secret = self._secret()
        recovery = self.use_recovery.isChecked()
        if not secret:
            what = "the recovery code" if recovery else "the passphrase"
            self._say(f"Type {what} for this backup first.")
            return
        self._forget_plan()
        self._set_busy(True, "Checking the backup…")
        backups = self.backups
        dialog_alive = _Alive(self)

        def done(plan: RestorePlan) -> None:
            if not dialog_alive():
                plan.discard()  # closed (or locked) while checking: keep nothing
                return
            self._checked(plan)

        _run(
            lambda progress: backups.inspect(
                Path(path), secret, recovery=recovery, progress=progress
            ),
            self.bar,
            done,
            self._failed,
        )

    def _checked(self, plan: RestorePlan) -> None:
        self._set_busy(False)
        self.plan = plan
        self.passphrase.clear()
        self.recovery.clear()
        self.preview.setText(preview_text(plan.preview))
        self.preview.show()
        self._say("The backup is whole and opens. Nothing has been changed yet.")
        self.replace.show()
        self.replace.setDefault(True)
        self.check.setDefault(False)
        self.adjustSize()

    # -- replacing ------------------------------------------------------------------------
    def restore(self) -> None:
        plan = self.plan
        if self._busy or plan is None or not plan.is_live:
            return
        if self.session.is_unlocked and not may_back_up(self.session.account_role):
            from app.core.errors import LeadOnly

            show_error(self, LeadOnly("Only a designated lead can restore a backup."))
            return
        yes = ask.confirm(
            self,
            "Replace the records?",
            "Replace the records on this computer with this backup?",
            "The records here now are not deleted: they are kept in the toolkit's "
            "set-aside folder. Anything recorded since the backup was made will not be in "
            "the restored records.",
            "Replace the records",
        )
        if not yes or not _alive(self) or plan is not self.plan or not plan.is_live:
            return
        # Locked here, on the GUI thread, so the main window wipes what it shows and
        # whatever listens for a lock runs on this thread too.
        self.lock_first()
        self.plan = None  # the worker owns it now: closing the dialog must not discard it
        self._set_busy(True, "Restoring… Do not switch off the computer.")
        session, backups = self.session, self.backups
        dialog_alive = _Alive(self)

        def done(report: RestoreReport) -> None:
            if not dialog_alive():
                session.lock()  # locked while it finished: stay locked
                return
            self._restored(report)

        def failed(exc: BaseException) -> None:
            plan.discard()  # nothing was changed; the checked copy and key go
            if dialog_alive():
                self._failed(exc)

        _run(lambda progress: backups.restore(plan, progress), self.bar, done, failed)

    def _restored(self, report: RestoreReport) -> None:
        self._set_busy(False)
        self.plan = None
        self.bar.setValue(1000)
        p = report.preview
        lines = [
            f"Restored: {_plural(p.concerns, 'concern', 'concerns')} about "
            f"{_plural(p.young_people, 'young person', 'young people')}, from the backup "
            f"made on {local_time(p.made_at)}. The records are unlocked.",
        ]
        if report.set_aside is not None:
            lines.append(f"The records that were here are kept in {report.set_aside}.")
        if report.filled_numbers:
            lines.append(
                "Local phone numbers were filled in for your area: check them in Settings."
            )
        for widget in (
            self.preview,
            self.replace,
            self.check,
            self.use_recovery,
            *self._rows[False],
            *self._rows[True],
        ):
            widget.hide()
        self._say(" ".join(lines))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.restored.emit(report)

    def _failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        self._set_busy(False)
        self.bar.hide()
        _title, message, next_step = error_words(exc)
        self._say(f"{message} {next_step}")
        if not isinstance(exc, AppError):
            # exc_info would print the library's own message, which can quote a path
            # or data: the redacted traceback says where, never what.
            log.error(
                "restore step failed\n%s", redacted_traceback(type(exc), exc, exc.__traceback__)
            )

    # -- state ----------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.adjustSize()  # grow to fit the message rather than clip it

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        # Read-only, not disabled: a disabled focused box pushes focus on to a button,
        # which then takes Enter (Close) instead of Check (issue 12).
        for edit in (self.passphrase, self.recovery):
            edit.setReadOnly(busy)
        for widget in (self.check, self.replace, self.choose, self.use_recovery, self.close_button):
            widget.setEnabled(not busy)
        if busy:
            self._say(text)
        elif self.replace.isVisible():
            self.replace.setDefault(True)
        elif self.check.isVisible():
            self.check.setDefault(True)

    def _forget_plan(self) -> None:
        if self.plan is not None:
            self.plan.discard()
            self.plan = None
        if hasattr(self, "replace"):
            self.replace.hide()
            self.preview.hide()
            self.preview.clear()
            self.check.setDefault(True)

    def keyPressEvent(self, event) -> None:
        if self._busy and event.key() == Qt.Key.Key_Escape:
            return  # Escape waits for the work; a lock does not (it calls reject)
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        # Whatever closes the dialog (Close, a lock), nothing typed or checked stays.
        self.passphrase.clear()
        self.recovery.clear()
        self._forget_plan()
        self._busy = False
        super().done(result)


class _Alive:
    """Asks, from a worker's callback, whether the dialog is still open, without
    touching a deleted C++ object."""

    def __init__(self, dialog: QDialog) -> None:
        self.dialog = dialog

    def __call__(self) -> bool:
        return _alive(self.dialog)


def preview_text(preview: BackupPreview) -> str:
    org = f" for {preview.organisation_name}" if preview.organisation_name else ""
    how = "the recovery code" if preview.method == "recovery" else "a passphrase"
    return (
        f"Made on {local_time(preview.made_at)}{org}.\n"
        f"It holds {_plural(preview.concerns, 'concern', 'concerns')} about "
        f"{_plural(preview.young_people, 'young person', 'young people')}.\n"
        f"Opened with {how} from that time."
    )

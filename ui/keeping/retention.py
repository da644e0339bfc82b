"""Retention review screens: the list of young people whose records are due for review,
with why each date and the lead's two answers (keep for longer, or delete after typing
their passphrase again); the setting for records kept longer; and the "Keeping these
records" box on a young person's page. Nothing is ever deleted automatically.

Every dialog here opens with open(), never exec(), so a lock closes it at once; each
also wipes itself when the session locks. Window titles never name a young person.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import DeletionSecretWrong, InvalidInput
from app.core.settings import BY_KEY
from app.keeping.retention import LONG_YEARS_SETTING, DeletionPreview, Retention, ReviewDate
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.lock_aware import LockAwareDialog
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field, line_edit, show_problem
from ui.intake.concern_form.fields import parse_date

TITLE = "Retention review"
INTRO = (
    "Records are never deleted automatically. When a young person's records reach their "
    "review date, decide whether to keep them for longer (with a reason) or to delete "
    "them. Delete only when nothing needs them: no investigation, inquiry, complaint or "
    "request to see them."
)
BACKUP_NOTE = (
    "Backups made before today still hold these records until those backups are "
    "replaced by newer ones."
)


def _dmy(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def review_words(review: ReviewDate) -> str:
    """'Review due 15/06/2015', then why, for a label."""
    return f"Review date: {_dmy(review.on)}\n{review.why}"


class KeepLongerDialog(LockAwareDialog):
    """A later review date and the lead's reason."""

    kept = Signal()

    def __init__(self, session: Session, review: ReviewDate, parent=None, clock=None) -> None:
        super().__init__(session, parent)
        self.service = Retention(session, clock)
        self.person_id = review.young_person_id
        self.setWindowTitle("Keep for longer")
        self.setAccessibleName("Keep for longer")
        fit_to_screen(self, 560, 360)
        layout = QVBoxLayout(self)
        self.about = QLabel(
            f"{review.display_name}: the review date now is {_dmy(review.on)}. Choose a "
            "later date and say why the records are needed for longer."
        )
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.about)
        form = QFormLayout()
        self.until = line_edit(12)
        self.until.setPlaceholderText("DD/MM/YYYY")
        self.until_problem = add_field(
            form, "&New review date", self.until, "Later than the review date now."
        )
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(100)
        self.reason_problem = add_field(
            form,
            "&Why they are needed for longer",
            self.reason,
            "For example: a police investigation or a court case is still open.",
        )
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            "&Keep until this date", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.clicked.connect(self.save)
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        show_problem(self.until_problem, None)
        show_problem(self.reason_problem, None)
        try:
            until = parse_date(self.until.text())
        except ValueError as exc:
            show_problem(self.until_problem, str(exc))
            return
        try:
            self.service.keep_longer(self.person_id, until, self.reason.toPlainText())
        except InvalidInput as exc:
            show_problem(self.until_problem, exc.fields.get("until"))
            show_problem(self.reason_problem, exc.fields.get("reason"))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.kept.emit()
        self.accept()

    def wipe(self) -> None:
        self.about.clear()
        self.until.clear()
        self.reason.clear()


class DeleteDialog(LockAwareDialog):
    """Delete one young person's records, after the lead types their passphrase again
    (or the recovery code, when that is how the records were unlocked)."""

    deleted = Signal()

    def __init__(self, session: Session, preview: DeletionPreview, parent=None, clock=None) -> None:
        super().__init__(session, parent)
        self.service = Retention(session, clock)
        self.person_id = preview.review.young_person_id
        recovery = session.account is None
        self.setWindowTitle("Delete these records?")
        self.setAccessibleName("Delete these records?")
        fit_to_screen(self, 620, 460)
        layout = QVBoxLayout(self)
        self.about = QLabel(
            f"Delete every record about {preview.review.display_name}: {preview.words}.\n\n"
            f"Their review date was {_dmy(preview.review.on)}. {preview.review.why}\n\n"
            "This cannot be undone. The audit log will say that records were deleted and "
            f"how many, but not whose. {BACKUP_NOTE}"
        )
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.about)
        self.checked = QCheckBox(
            "I have checked that nothing needs these records: no investigation, inquiry, "
            "complaint or request to see them"
        )
        self.checked.setAccessibleName(self.checked.text())
        layout.addWidget(self.checked)
        form = QFormLayout()
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        label = "&The recovery code" if recovery else "&Your passphrase"
        hint = (
            "You unlocked with the recovery code: type it again."
            if recovery
            else "Your own passphrase, typed again, to show it is you."
        )
        self.secret_problem = add_field(form, label, self.secret, hint)
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(
            "&Delete these records", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.clicked.connect(self.delete)
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.clicked.connect(self.reject)
        cancel.setDefault(True)
        layout.addWidget(buttons)
        self.checked.toggled.connect(self._enable)
        self.secret.textChanged.connect(self._enable)
        self._enable()

    def _enable(self, *_args) -> None:
        self.delete_button.setEnabled(self.checked.isChecked() and bool(self.secret.text()))

    def delete(self) -> None:
        show_problem(self.secret_problem, None)
        secret = self.secret.text()
        self.secret.clear()  # never left in the box, whatever happens next
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.service.delete(self.person_id, secret)
        except DeletionSecretWrong as exc:
            show_problem(self.secret_problem, f"{exc.message} {exc.next_step}")
            self.secret.setFocus()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.deleted.emit()
        self.accept()

    def wipe(self) -> None:
        self.about.clear()
        self.secret.clear()
        show_problem(self.secret_problem, None)


class RetentionDialog(LockAwareDialog):
    """The lead's list of young people whose records are due for review."""

    changed = Signal()  # something was kept longer or deleted: the To do list is stale

    def __init__(self, session: Session, parent=None, clock=None) -> None:
        super().__init__(session, parent)
        self._clock = clock
        self.service = Retention(session, clock)
        self._due: list[ReviewDate] = []
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        fit_to_screen(self, 820, 680)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        due_box = QGroupBox("Due for retention review")
        due_layout = QVBoxLayout(due_box)
        form = QFormLayout()
        self.list = QListWidget()
        self.list.setMinimumHeight(160)
        add_field(form, "Young people &due for review", self.list)
        due_layout.addLayout(form)
        self.why = StatusLabel()
        self.why.setWordWrap(True)
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.why.setAccessibleName("Why this date")
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        due_layout.addWidget(self.why)
        row = QHBoxLayout()
        self.keep_button = QPushButton("&Keep for longer…")
        self.keep_button.clicked.connect(self.keep_longer)
        self.delete_button = QPushButton("De&lete these records…")
        self.delete_button.clicked.connect(self.ask_delete)
        row.addWidget(self.keep_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        due_layout.addLayout(row)
        self.status = StatusLabel()
        self.status.setAccessibleName("Retention review status")
        self.status.setWordWrap(True)
        due_layout.addWidget(self.status)
        layout.addWidget(due_box, 1)

        setting = BY_KEY[LONG_YEARS_SETTING]
        setting_box = QGroupBox("How long records are kept")
        setting_layout = QVBoxLayout(setting_box)
        setting_form = QFormLayout()
        self.years = QSpinBox()
        self.years.setRange(setting.minimum or 25, setting.maximum or 100)
        self.years.setSuffix(" years")
        self.years_problem = add_field(setting_form, setting.label, self.years, setting.help)
        setting_layout.addLayout(setting_form)
        setting_row = QHBoxLayout()
        self.save_setting_button = QPushButton("&Save this setting")
        self.save_setting_button.clicked.connect(self.save_setting)
        setting_row.addWidget(self.save_setting_button)
        setting_row.addStretch(1)
        setting_layout.addLayout(setting_row)
        layout.addWidget(setting_box)

        buttons = QDialogButtonBox()
        close = buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._chosen_changed)

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        """Read the due list; raises what the service raises."""
        self._due = self.service.due()
        self.years.setValue(int(self.session.settings.get(LONG_YEARS_SETTING)))
        lead = self.service.can_decide
        self.years.setEnabled(lead)
        self.save_setting_button.setEnabled(lead)
        self.list.clear()
        for review in self._due:
            item = QListWidgetItem(
                f"{review.display_name}: review date {_dmy(review.on)}"
                + (f", {review.concerns} concern{'s' if review.concerns != 1 else ''}")
            )
            item.setData(Qt.ItemDataRole.UserRole, review.young_person_id)
            self.list.addItem(item)
        if not self._due:
            self.list.addItem(QListWidgetItem("No records are due for review."))
        else:
            self.list.setCurrentRow(0)
        self._chosen_changed()

    def _chosen(self) -> ReviewDate | None:
        row = self.list.currentRow()
        return self._due[row] if 0 <= row < len(self._due) else None

    def _chosen_changed(self, *_args) -> None:
        review = self._chosen()
        self.why.setText(review_words(review) if review else "")
        lead = self.service.can_decide
        self.keep_button.setEnabled(review is not None and lead)
        self.delete_button.setEnabled(review is not None and lead)
        if not lead and review is not None:
            self.status.setText("Only a designated lead can keep records longer or delete them.")

    # -- actions -------------------------------------------------------------------------
    def keep_longer(self) -> KeepLongerDialog | None:
        review = self._chosen()
        if review is None:
            return None
        dialog = KeepLongerDialog(self.session, review, self, self._clock)
        dialog.kept.connect(lambda: self._done_one("Kept for longer."))
        dialog.open()
        return dialog

    def ask_delete(self) -> DeleteDialog | None:
        review = self._chosen()
        if review is None:
            return None
        try:
            preview = self.service.deletion_preview(review.young_person_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog = DeleteDialog(self.session, preview, self, self._clock)
        dialog.deleted.connect(lambda: self._done_one("The records were deleted."))
        dialog.open()
        return dialog

    def _done_one(self, words: str) -> None:
        self.changed.emit()
        try:
            self.load()
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText(words)

    def save_setting(self) -> None:
        show_problem(self.years_problem, None)
        try:
            self.session.require_lead(
                "Only a designated lead can change how long records are kept."
            )
            self.session.save_settings({LONG_YEARS_SETTING: self.years.value()})
        except InvalidInput as exc:
            show_problem(self.years_problem, exc.fields.get(LONG_YEARS_SETTING))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._done_one("Setting saved. The review dates have been worked out again.")

    def wipe(self) -> None:
        self._due = []
        self.list.clear()
        self.why.clear()
        self.status.clear()


def open_retention_review(
    session: Session, parent: QWidget | None, on_change: Callable[[], None] | None = None
) -> RetentionDialog | None:
    """Open the due list (from the To do page or Settings); None if it could not load."""
    dialog = RetentionDialog(session, parent)
    try:
        dialog.load()
    except Exception as exc:
        dialog.reject()
        show_error(parent, exc)
        return None
    if on_change is not None:
        dialog.changed.connect(on_change)
    dialog.open()
    return dialog


class RetentionBox(QGroupBox):
    """On a young person's page: their review date and why; "CSE was alleged"; and
    keeping the records for longer."""

    changed = Signal()

    def __init__(self, session: Session, parent=None, clock=None) -> None:
        super().__init__("Keeping these records", parent)
        self.session = session
        self._clock = clock
        self.service = Retention(session, clock)
        self.person_id: int | None = None
        self._review: ReviewDate | None = None
        layout = QVBoxLayout(self)
        self.words = StatusLabel()
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setAccessibleName("Review date")
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.words)
        row = QHBoxLayout()
        self.alleged_button = QPushButton("Record that CSE was alle&ged…")
        self.alleged_button.clicked.connect(self.ask_alleged)
        self.keep_button = QPushButton("Keep for lo&nger…")
        self.keep_button.clicked.connect(self.keep_longer)
        row.addWidget(self.alleged_button)
        row.addWidget(self.keep_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._enable()

    def show_person(self, young_person_id: int) -> None:
        self.person_id = young_person_id
        try:
            self._review = self.service.review_date(young_person_id)
        except Exception:  # the rest of the page still shows; the box says why not
            self._review = None
            self.words.setText("The review date could not be worked out.")
            self._enable()
            return
        self.words.setText(review_words(self._review))
        self._enable()

    def _enable(self) -> None:
        review = self._review
        self.alleged_button.setEnabled(review is not None and not review.cse_alleged)
        self.keep_button.setEnabled(review is not None and self.service.can_decide)

    def ask_alleged(self) -> QMessageBox | None:
        if self._review is None:
            return None
        box = QMessageBox(self.window())
        box.setWindowTitle("Record that CSE was alleged?")
        box.setAccessibleName("Record that CSE was alleged?")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(
            "Record that child sexual exploitation was alleged? Their records will then be "
            f"kept for {self.service.long_years} years after the latest record, because "
            "they may be about child sexual abuse."
        )
        box.setInformativeText("This stays recorded: it cannot be taken off later.")
        yes = box.addButton("Record it", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        person = self._review.young_person_id
        yes.clicked.connect(lambda: self._record_alleged(person))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _record_alleged(self, person: int) -> None:
        try:
            self.service.record_cse_alleged(person)
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_person(person)
        self.changed.emit()

    def keep_longer(self) -> KeepLongerDialog | None:
        if self._review is None:
            return None
        dialog = KeepLongerDialog(self.session, self._review, self.window(), self._clock)
        person = self._review.young_person_id
        dialog.kept.connect(lambda: (self.show_person(person), self.changed.emit()))
        dialog.open()
        return dialog

    def wipe(self) -> None:
        self.person_id = None
        self._review = None
        self.words.clear()
        self._enable()

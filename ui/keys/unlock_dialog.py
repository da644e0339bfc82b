"""Unlock with a lead's passphrase or the recovery code."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from app.core import errors
from app.core.errors import AppError, UnlockThrottled, WrongPassphrase, WrongRecoveryCode
from app.keys.session import Session, UnlockReport
from ui.core.background import run_in_background
from ui.core.errors import error_words
from ui.core.widgets import add_field, show_problem

# Unlock failures a backup can mend: offer "Restore from a backup…" for these.
DAMAGED_FILES = (
    errors.KeyringDamaged,
    errors.KeyringMissing,
    errors.StoreDamaged,
    errors.StoreUnreadable,
    errors.StoreMissing,
)


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # UnlockReport
    restore_requested = Signal()  # the key file or store is damaged or missing

    def __init__(self, session: Session, reason: str, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Unlock the records")
        self.setModal(True)
        self._busy = False
        layout = QVBoxLayout(self)
        intro = QLabel(reason)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_problem = add_field(form, "&Passphrase", self.passphrase)
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("ABCDE-FGHJK-MNPQR-STVWX-YZ123")
        self.recovery_problem = add_field(form, "Recovery &code", self.recovery)
        layout.addLayout(form)
        self._rows = {
            False: (
                form.labelForField(self.passphrase.parentWidget()),
                self.passphrase.parentWidget(),
            ),
            True: (form.labelForField(self.recovery.parentWidget()), self.recovery.parentWidget()),
        }

        self.use_recovery = QCheckBox("Use the recovery co&de instead")
        self.use_recovery.setAccessibleName("Use the recovery code instead")
        self.use_recovery.toggled.connect(self._switch_mode)
        layout.addWidget(self.use_recovery)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "field-error")
        # No fixed accessible name: it is read by its text. The field carries it too.
        self.status.hide()
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.unlock_button = self.buttons.addButton(
            "&Unlock", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Shown only when the files themselves may be damaged (ui/keeping/backup.py).
        self.restore_button = self.buttons.addButton(
            "&Restore from a backup…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.hide()
        self.buttons.accepted.connect(self._try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)
        self._switch_mode(False)
        self._tick()
        self.setMinimumWidth(480)
        self.adjustSize()

    # -- modes ---------------------------------------------------------------------------
    def _switch_mode(self, recovery: bool) -> None:
        for mode, row in self._rows.items():
            for widget in row:
                widget.setVisible(mode == recovery)
        (self.recovery if recovery else self.passphrase).setFocus()
        self._say(None)

    def _field(self) -> QLineEdit:
        return self.recovery if self.use_recovery.isChecked() else self.passphrase

    # -- unlocking -----------------------------------------------------------------------
    def _try_unlock(self) -> None:
        if self._busy or self.session.throttle.seconds_to_wait() > 0:
            self._tick()
            return
        secret = self._field().text()
        if not secret:
            what = "the recovery code" if self.use_recovery.isChecked() else "your passphrase"
            self._say(f"Type {what} first.")
            return
        self._set_busy(True)
        recovery = self.use_recovery.isChecked()
        run_in_background(
            lambda: self.session.unlock(secret, recovery=recovery),
            self._succeeded,
            self._failed,
        )

    def _succeeded(self, report: UnlockReport) -> None:
        self._set_busy(False)
        if not self.isVisible():
            # Locked or closed while the key was being checked: do not stay unlocked.
            self.session.lock()
            return
        self.passphrase.clear()
        self.recovery.clear()
        self.unlocked.emit(report)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, AppError):
            raise exc  # goes to the excepthook: logged, shown in plain words
        _title, message, next_step = error_words(exc)
        # Who has the records open is shown here only: it is kept out of the message,
        # which may be logged (app/keys/in_use.py).
        message = getattr(exc, "on_screen", message)
        if isinstance(exc, WrongRecoveryCode) and exc.failures >= 2:
            next_step += (
                " If you are sure the code is right, the key file may be damaged: "
                "restore the records from a backup."
            )
        self._say(f"{message} {next_step}")
        if isinstance(exc, DAMAGED_FILES) or (
            isinstance(exc, WrongRecoveryCode) and exc.failures >= 2
        ):
            self.restore_button.show()
        if isinstance(exc, (WrongPassphrase, UnlockThrottled)):
            self._field().selectAll()
            self._field().setFocus()
            self._tick()

    def _restore(self) -> None:
        self.reject()
        self.restore_requested.emit()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        # The boxes go read-only, not disabled: disabling the focused box would push focus
        # on to Cancel, which then becomes the default and Enter would cancel (issue 12).
        for edit in (self.passphrase, self.recovery):
            edit.setReadOnly(busy)
        for widget in (self.use_recovery, self.unlock_button):
            widget.setEnabled(not busy)
        if busy:
            self.unlock_button.setText("Checking…")
        else:
            self.unlock_button.setText("&Unlock")
            self.unlock_button.setDefault(True)  # Enter tries again, whatever had focus

    def _tick(self) -> None:
        wait = self.session.throttle.seconds_to_wait()
        if wait > 0:
            self.unlock_button.setEnabled(False)
            self.unlock_button.setText(f"Wait {max(1, round(wait))} s")
            if not self._countdown.isActive():
                self._countdown.start()
        else:
            self._countdown.stop()
            if not self._busy:
                self.unlock_button.setEnabled(True)
                self.unlock_button.setText("&Unlock")

    def _say(self, text: str | None) -> None:
        show_problem(self.status, text)
        # A screen reader reads the field with its description: the refusal is heard as the
        # cursor goes back into it.
        # Its hint (the recovery code's shape) is still read, after the refusal.
        for field, line in (
            (self.passphrase, self.passphrase_problem),
            (self.recovery, self.recovery_problem),
        ):
            field.setAccessibleDescription(" ".join(x for x in (text, line.hint) if x))
        if text:
            self._field().setFocus()
        self.adjustSize()  # grow to fit the message rather than clip it

    def done(self, result: int) -> None:
        # Whatever closes the dialog (Cancel, a lock), nothing typed stays in it.
        self.passphrase.clear()
        self.recovery.clear()
        self._countdown.stop()
        super().done(result)


def failed_attempts_text(report: UnlockReport) -> str | None:
    if report.failed_before <= 0:
        return None
    when = ""
    if report.last_failed_at:
        local = datetime.fromisoformat(report.last_failed_at).astimezone()
        when = f" The last was at {local:%H:%M} on {local.day} {local:%B %Y}."
    plural = "attempt" if report.failed_before == 1 else "attempts"
    return (
        f"There were {report.failed_before} failed {plural} to unlock the records since "
        f"they were last opened.{when} If that was not you or a colleague, tell your "
        "designated trustee."
    )

"""Unlock with a passphrase or the recovery code.

The dialog asks who is unlocking (the key file names each account: names and roles of
leads are not secret), so a try costs one Argon2id derivation, about half a second on an
old PC, however many accounts there are; the recovery code is a choice of its own."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from app.core import errors
from app.core.errors import AppError, UnlockThrottled, WrongPassphrase, WrongRecoveryCode
from app.keys.roles import known
from app.keys.session import Session, UnlockChoice, UnlockReport
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

RECOVERY_CHOICE = "I have the recovery code"
CHOOSE_FIRST = "Choose who is unlocking first."


def choice_words(choice: UnlockChoice, others_named: bool) -> str:
    """How an account reads in the list, e.g. "Sam Okafor (designated lead)"."""
    if choice.slot_id is None:
        # A key file from before names were kept there (or one that cannot be read).
        return "Someone not listed here" if others_named else "Unlock with a passphrase"
    role = known(choice.role)
    return f"{choice.name} ({role.words})" if role else choice.name


class _Choice(QRadioButton):
    """A line of the "who is unlocking" list. Qt's arrow keys only move the focus while
    nothing is chosen yet; here they choose too, as they do once something is chosen, so
    arrowing to your name and pressing Tab is enough."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        group = self.group()
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
        if event.key() in arrows and group is not None and group.checkedButton() is None:
            self.setChecked(True)  # Qt then moves on and chooses the next one
        super().keyPressEvent(event)


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

        # Who is unlocking: one choice per account, then the recovery code.
        try:
            self.choices = session.unlock_choices()
        except AppError:
            # A missing or damaged key file: the try itself says so, with the way out.
            self.choices = [UnlockChoice(None, "", "")]
        self.who = QGroupBox("Who is unlocking?")
        self.who.setAccessibleName("Who is unlocking")
        who_layout = QVBoxLayout(self.who)
        self.who_group = QButtonGroup(self)
        self._account_buttons: list[tuple[QRadioButton, UnlockChoice]] = []
        named = any(c.slot_id is not None for c in self.choices)
        for choice in self.choices:
            words = choice_words(choice, named)
            radio = _Choice(words.replace("&", "&&"))  # a name's "&" is no shortcut
            radio.setAccessibleName(words)
            self.who_group.addButton(radio)
            # Only as wide as its words: a click beside them would not choose it.
            who_layout.addWidget(radio, 0, Qt.AlignmentFlag.AlignLeft)
            self._account_buttons.append((radio, choice))
        who_layout.addSpacing(6)  # the recovery code is not one of the people
        self.use_recovery = _Choice("I have the recovery co&de")
        self.use_recovery.setAccessibleName(RECOVERY_CHOICE)
        self.who_group.addButton(self.use_recovery)
        who_layout.addWidget(self.use_recovery, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.who)

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
        self.who_group.buttonToggled.connect(self._chosen)

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
        if len(self._account_buttons) == 1:
            # One account, the common case: chosen already, the cursor in the passphrase
            # box, so it is no slower than before there was a choice.
            self._account_buttons[0][0].setChecked(True)
            self.passphrase.setFocus()
        else:
            # Several: the cursor starts on the list (arrow keys choose, Tab goes on).
            self._account_buttons[0][0].setFocus()
        self._tick()
        self.setMinimumWidth(480)
        self.adjustSize()

    # -- modes ---------------------------------------------------------------------------
    def _chosen(self, button, checked: bool) -> None:
        if checked:
            self._switch_mode(button is self.use_recovery)

    def _switch_mode(self, recovery: bool) -> None:
        for mode, row in self._rows.items():
            for widget in row:
                widget.setVisible(mode == recovery)
        self._say(None)

    def _field(self) -> QLineEdit:
        return self.recovery if self.use_recovery.isChecked() else self.passphrase

    def chosen_account(self) -> UnlockChoice | None:
        """The account chosen in the list; None for the recovery code or no choice yet."""
        for radio, choice in self._account_buttons:
            if radio.isChecked():
                return choice
        return None

    # -- unlocking -----------------------------------------------------------------------
    def _try_unlock(self) -> None:
        if self._busy or self.session.throttle.seconds_to_wait() > 0:
            self._tick()
            return
        recovery = self.use_recovery.isChecked()
        account = self.chosen_account()
        if account is None and not recovery:
            self._say(CHOOSE_FIRST)
            return
        secret = self._field().text()
        if not secret:
            what = "the recovery code" if recovery else "your passphrase"
            self._say(f"Type {what} first.")
            return
        self._set_busy(True)
        slot_id = None if recovery or account is None else account.slot_id
        run_in_background(
            lambda: self.session.unlock(secret, recovery=recovery, slot_id=slot_id),
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
        if isinstance(exc, WrongPassphrase) and len(self._account_buttons) > 1:
            # With several people listed, the wrong name chosen is as likely as a typo.
            message += " Check that your own name is chosen."
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
        # The choices stay enabled for the same reason: the try already holds the one made.
        self.unlock_button.setEnabled(not busy)
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
        # "Choose who is unlocking first" is read on the list, where the cursor goes.
        choose = text == CHOOSE_FIRST
        for radio in self.who_group.buttons():
            radio.setAccessibleDescription(text if choose and text else "")
        if choose:
            self._account_buttons[0][0].setFocus()
        elif text:
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

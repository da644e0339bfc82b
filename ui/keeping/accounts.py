"""Accounts and passphrases: who can unlock the records, the recovery code, re-keying.

A lead (or whoever unlocked with the recovery code) sees the list of accounts and every
action; anyone else sees only "Change my passphrase…". Slow work (each new key slot
costs about half a second; a re-key a few seconds) runs off the GUI thread. A lock
closes every dialog here: a re-key whose dialog was closed is thrown away, unfinished.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError, InvalidInput
from app.documents import recovery_sheet
from app.keys import rekey
from app.keys.accounts import AccountLine, Accounts, PendingCode
from app.keys.roles import Role
from app.keys.session import Session
from ui.core.background import run_in_background
from ui.core.errors import show_error
from ui.core.widgets import StatusLabel, add_field, code_label, line_edit, show_problem
from ui.documents.printing import print_with_dialog, save_with_dialog

BACKUPS_NOTE = (
    "Backups made before now still open with the old passphrases and the old recovery "
    "code. Keep them locked away, or make a new backup and then delete the old ones."
)


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    return button


def _alive(widget: QWidget) -> bool:
    return shiboken6.isValid(widget) and widget.isVisible()


class _Relay(QObject):
    """Carries progress from the worker to the GUI thread (a queued signal)."""

    moved = Signal(float)


_relays: set[_Relay] = set()  # kept alive while a worker may still report


class _Form(QDialog):
    """A small dialog: a form, a status line, an action button and Cancel. `work` runs
    off the GUI thread; its result goes to `done`."""

    def __init__(self, parent: QWidget, title: str, action: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.problems: dict[str, QLabel] = {}
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "field-error")
        self.status.setAccessibleName(f"{title}: status")
        self.buttons = QDialogButtonBox()
        self.action = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._go)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def finish_layout(self) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def done_with(self, result: Any) -> None:
        self.accept()

    def _go(self) -> None:
        for label in self.problems.values():
            show_problem(label, None)
        self.status.clear()
        try:
            job = self.work()
        except InvalidInput as exc:
            self._show_fields(exc)
            return
        self._busy(True)
        run_in_background(job, self._succeeded, self._failed)

    def _busy(self, busy: bool) -> None:
        self.action.setEnabled(not busy)
        self.status.setText("Working… this takes a few seconds." if busy else "")

    def _succeeded(self, result: Any) -> None:
        if not _alive(self):
            return
        self._busy(False)
        self.done_with(result)

    def _failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        self._busy(False)
        if isinstance(exc, InvalidInput):
            self._show_fields(exc)
        elif isinstance(exc, AppError):
            self.status.setText(f"{exc.message} {exc.next_step}")
        else:
            show_error(self, exc)

    def _show_fields(self, exc: InvalidInput) -> None:
        for key, text in exc.fields.items():
            label = self.problems.get(key)
            if label is not None:
                show_problem(label, text)
            else:
                self.status.setText(text)

    def done(self, result: int) -> None:
        # Whatever closes it (Cancel, a lock), nothing typed stays in it.
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        super().done(result)


class AddAccountDialog(_Form):
    def __init__(self, parent: QWidget, session: Session) -> None:
        super().__init__(parent, "Add an account", "&Add")
        self.session = session
        self.layout_.addWidget(
            _paragraph(
                "The new person gets their own passphrase, which opens the records for them. "
                "A trustee sees numbers only, never names or details."
            )
        )
        self.name = line_edit()
        self.problems["display_name"] = add_field(self.form, "&Their name", self.name)
        self.role = QComboBox()
        for role in (Role.DEPUTY, Role.TRUSTEE, Role.LEAD):  # the likeliest first
            self.role.addItem(role.label, str(role))
        self.problems["role"] = add_field(self.form, "&Role", self.role)
        self.passphrase, self.repeat = _secret(), _secret()
        self.problems["passphrase"] = add_field(
            self.form,
            "&Passphrase",
            self.passphrase,
            "They type it now, or tell it to you in private. At least 12 characters.",
        )
        add_field(self.form, "Passphrase a&gain", self.repeat)
        self.finish_layout()

    def work(self) -> Callable[[], Any]:
        args = (
            self.role.currentData(),
            self.name.text(),
            self.passphrase.text(),
            self.repeat.text(),
        )
        return lambda: Accounts(self.session).add(*args)


class ChangePassphraseDialog(_Form):
    def __init__(self, parent: QWidget, session: Session) -> None:
        super().__init__(parent, "Change my passphrase", "&Change passphrase")
        self.session = session
        self.current, self.new, self.repeat = _secret(), _secret(), _secret()
        self.problems["current"] = add_field(self.form, "&Current passphrase", self.current)
        self.problems["passphrase"] = add_field(
            self.form,
            "&New passphrase",
            self.new,
            "Four or more ordinary words you can picture, with spaces. At least 12 characters.",
        )
        add_field(self.form, "New passphrase a&gain", self.repeat)
        self.finish_layout()

    def work(self) -> Callable[[], Any]:
        args = (self.current.text(), self.new.text(), self.repeat.text())
        return lambda: Accounts(self.session).change_own_passphrase(*args)


class SetPassphraseDialog(_Form):
    def __init__(self, parent: QWidget, session: Session, account: AccountLine) -> None:
        super().__init__(parent, "Set a new passphrase", "&Set passphrase")
        self.session, self.account = session, account
        self.layout_.addWidget(
            _paragraph(
                f"A new passphrase for <b>{_escape(account.name)}</b> ({account.role_words}), "
                "for example when theirs was forgotten. Their old one stops working."
            )
        )
        self.new, self.repeat = _secret(), _secret()
        self.problems["passphrase"] = add_field(self.form, "&New passphrase", self.new)
        add_field(self.form, "New passphrase a&gain", self.repeat)
        self.finish_layout()

    def work(self) -> Callable[[], Any]:
        args = (self.account.id, self.new.text(), self.repeat.text())
        return lambda: Accounts(self.session).set_passphrase(*args)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CodeShown(QWidget):
    """A new recovery code, shown once: Print, Save as PDF, and a tick-box to confirm."""

    confirmed = Signal(bool)

    IN_FORCE = (
        "This is the new recovery code. <b>It is shown only now.</b> The old code no "
        "longer opens the records. Print it, or write it down exactly, and keep it in a "
        "locked safe away from this computer."
    )

    def __init__(
        self, session: Session, parent: QWidget | None = None, intro: str = IN_FORCE
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.code = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_paragraph(intro))
        self.code_label = code_label()
        layout.addWidget(self.code_label)
        row = QHBoxLayout()
        self.print_button = _button("&Print the recovery code")
        self.print_button.clicked.connect(self._print)
        self.save_button = _button("Save as P&DF…")
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.file_status = StatusLabel()
        self.file_status.setWordWrap(True)
        self.file_status.setAccessibleName("Recovery code sheet status")
        layout.addWidget(self.file_status)
        # Short enough not to be cut off: a check box does not wrap its words.
        self.confirm = QCheckBox("I have printed or written down the new code, for the safe")
        self.confirm.setAccessibleName("I have the new recovery code stored safely")
        self.confirm.toggled.connect(self.confirmed)
        layout.addWidget(self.confirm)

    def show_code(self, code: str) -> None:
        self.code = code
        self.code_label.setText(code)
        self.code_label.setAccessibleName(f"Recovery code {code}")
        # Never cut off: the dialog grows to the whole code.
        self.code_label.ensurePolished()  # the style sheet's large font, then measure
        width = self.code_label.fontMetrics().horizontalAdvance(code)
        self.code_label.setMinimumWidth(width + 48)  # the frame and its padding
        window = self.window()
        if window is not self:
            # A dialog given a minimum width keeps it: widen it by hand to fit the code.
            margins = window.layout().contentsMargins() if window.layout() else None
            room = margins.left() + margins.right() if margins else 24
            window.setMinimumWidth(max(window.minimumWidth(), width + 48 + room))

    def wipe(self) -> None:
        self.code = ""
        self.code_label.clear()
        self.code_label.setAccessibleName("")

    def _sheet(self) -> bytes:
        return recovery_sheet.build(
            self.code, self.session.organisation().name, key_words=self.session.letterbox_words()
        )

    def _print(self) -> None:
        try:
            if print_with_dialog(self.window(), self._sheet()):
                self.file_status.setText("Sent to the printer. Check the code printed clearly.")
                self.session.record_audit("print", detail={"what": "recovery-code"})
        except Exception as exc:
            show_error(self.window(), exc)

    def _save(self) -> None:
        try:
            saved = save_with_dialog(
                self.window(), self._sheet(), "Save the recovery code sheet", "recovery-code.pdf"
            )
        except Exception as exc:
            show_error(self.window(), exc)
            return
        if saved:
            self.file_status.setText(
                f"Saved to {saved}. It is not encrypted: print it, put it in the safe, "
                "then delete the file."
            )


class RecoveryCodeDialog(QDialog):
    """Make a new recovery code: explain, make it, show it; only when the lead says it is
    stored safely does it replace the old one. Closed before that (Cancel, a lock),
    nothing has changed and the old code still works."""

    def __init__(self, parent: QWidget, session: Session) -> None:
        super().__init__(parent)
        self.session = session
        self.pending: PendingCode | None = None
        self.setWindowTitle("New recovery code")
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        ask = QWidget()
        ask_layout = QVBoxLayout(ask)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(
            _paragraph(
                "Make a new recovery code when the printed one may have been seen by someone "
                "who should not have it, or has been lost. You will see the new code first; "
                "<b>the old code stops working when you press Use the new code.</b> Have a "
                "printer ready, or paper and a pen."
            )
        )
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("New recovery code: status")
        ask_layout.addWidget(self.status)
        ask_layout.addStretch(1)
        self.shown = CodeShown(
            session,
            intro=(
                "This is the new recovery code. <b>It is shown only now.</b> Print it, or write "
                "it down exactly, and keep it in a locked safe away from this computer. Until "
                "you press <b>Use the new code</b>, the old code still works and nothing has "
                "changed."
            ),
        )
        self.done_page = _paragraph(
            "Done. Only the new recovery code opens the records now: destroy the old one."
        )
        self.done_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(ask)
        self.pages.addWidget(self.shown)
        self.pages.addWidget(self.done_page)
        layout.addWidget(self.pages)
        self.buttons = QDialogButtonBox()
        self.make = self.buttons.addButton(
            "&Make a new code", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use = self.buttons.addButton(
            "&Use the new code", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.make.clicked.connect(self._make)
        self.use.clicked.connect(self._use)
        self.close_button.clicked.connect(self.reject)
        self.shown.confirmed.connect(self._confirmed)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _make(self) -> None:
        self.make.setEnabled(False)
        self.status.setText("Making the new code…")
        run_in_background(Accounts(self.session).prepare_recovery_code, self._made, self._failed)

    def _made(self, pending: PendingCode) -> None:
        if not _alive(self):
            return  # locked meanwhile: nothing was written, the old code still works
        self.pending = pending
        self.shown.show_code(pending.code)
        self.pages.setCurrentWidget(self.shown)
        self.make.hide()
        self.use.show()
        self.use.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        if not _alive(self):
            return
        self.make.setEnabled(True)
        self.status.clear()
        show_error(self, exc)

    def _confirmed(self, ticked: bool) -> None:
        self.use.setEnabled(ticked)

    def _use(self) -> None:
        if self.pending is None:
            return
        try:
            Accounts(self.session).use_recovery_code(self.pending)
        except Exception as exc:
            show_error(self, exc)
            return
        self.pending = None
        self.shown.wipe()
        self.pages.setCurrentWidget(self.done_page)
        self.use.hide()
        self.close_button.setText("&Close")
        self.close_button.setFocus()

    def done(self, result: int) -> None:
        self.pending = None
        self.shown.wipe()
        super().done(result)


class RekeyDialog(QDialog):
    """Re-key the records: why, whose passphrases to keep, progress, the new code."""

    def __init__(self, parent: QWidget, session: Session, accounts: list[AccountLine]) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Re-key the records")
        self.setModal(True)
        self._prepared: rekey.Prepared | None = None
        self._working = False
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)

        ask = QWidget()
        ask_layout = QVBoxLayout(ask)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(
            _paragraph(
                "<b>Why:</b> when someone who could unlock the records leaves, removing their "
                "account is not enough: they may have kept a copy of the key file, or of the "
                "key itself. Re-keying locks the records with a brand-new key, so nothing they "
                "kept opens them."
            )
        )
        ask_layout.addWidget(
            _paragraph(
                "<b>What happens:</b> the whole records file is written again under the new "
                "key and checked, then it takes the old file's place. Each person you keep "
                "needs to type their passphrase here (it stays the same for them). Anyone "
                "left blank is removed and can be added again later. You get a new recovery "
                "code: the old one stops working. It takes a few seconds."
            )
        )
        ask_layout.addWidget(_paragraph(BACKUPS_NOTE))
        form = QFormLayout()
        self.problems: dict[str, QLabel] = {}
        self.own: QLineEdit | None = None
        if session.account is not None:
            self.own = _secret()
            self.problems["own"] = add_field(form, "&Your passphrase", self.own)
        self.others: dict[int, QLineEdit] = {}
        for account in accounts:
            if account.is_you:
                continue
            edit = _secret()
            self.others[account.id] = edit
            self.problems[f"account-{account.id}"] = add_field(
                form,
                f"{account.name} ({account.role_words.lower()}): passphrase",
                edit,
                "Leave empty to remove this account.",
            )
        ask_layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setAccessibleName("Re-key progress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        ask_layout.addWidget(self.progress)
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "field-error")
        self.status.setAccessibleName("Re-key status")
        ask_layout.addWidget(self.status)
        self.pages.addWidget(ask)

        done_page = QWidget()
        done_layout = QVBoxLayout(done_page)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.done_text = _paragraph("")
        self.done_text.setAccessibleName("Re-key result")
        done_layout.addWidget(self.done_text)
        self.shown = CodeShown(session)
        done_layout.addWidget(self.shown)
        done_layout.addWidget(_paragraph(BACKUPS_NOTE))
        self.pages.addWidget(done_page)

        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton("&Re-key now", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start.clicked.connect(self._start)
        self.close_button.clicked.connect(self.reject)
        self.shown.confirmed.connect(self.close_button.setEnabled)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _start(self) -> None:
        for label in self.problems.values():
            show_problem(label, None)
        self.status.clear()
        own = self.own.text() if self.own is not None else ""
        keep = {account_id: edit.text() for account_id, edit in self.others.items()}
        relay = _Relay()
        _relays.add(relay)
        relay.moved.connect(self._moved)
        self._relay = relay
        self._set_working(True)
        session = self.session

        def job() -> rekey.Prepared:
            return rekey.prepare(session, own, keep, relay.moved.emit)

        run_in_background(job, self._prepared_ok, self._failed)

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.start.setEnabled(not working)
        self.close_button.setEnabled(not working)
        for edit in self.findChildren(QLineEdit):
            edit.setEnabled(not working)
        self.progress.setVisible(working)
        if working:
            self.progress.setValue(0)
            self.status.setText("Re-keying… keep the toolkit open.")

    def _moved(self, fraction: float) -> None:
        if shiboken6.isValid(self):
            self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))

    def _release_relay(self) -> None:
        _relays.discard(self._relay)

    def _prepared_ok(self, prepared: rekey.Prepared) -> None:
        self._release_relay()
        if not _alive(self):
            rekey.abandon(self.session, prepared)  # closed by a lock: nothing changes
            return
        try:
            result = rekey.commit(self.session, prepared, self._moved)
        except Exception as exc:
            self._failed(exc)
            return
        self._set_working(False)
        self.progress.show()
        self.progress.setValue(1000)
        kept, removed = len(result.kept), len(result.removed)
        words = (
            f"Done. The records now open with a new key. {kept} "
            f"{'account was' if kept == 1 else 'accounts were'} kept"
        )
        words += f" and {removed} removed." if removed else "."
        # A new letterbox key has new check words: the ones on the wall are out of date.
        new_words = self.session.letterbox_words()
        if new_words:
            words += (
                f" The letterbox check words are now: {new_words}. Print the route chart "
                "and the policy again for the wall."
            )
        self.done_text.setText(words)
        self.shown.show_code(result.recovery_code)
        self.pages.setCurrentIndex(1)
        self.start.hide()
        self.close_button.setText("&Close")
        self.close_button.setEnabled(False)  # until the new code is stored safely

    def _failed(self, exc: BaseException) -> None:
        self._release_relay()
        if not _alive(self):
            return
        self._set_working(False)
        if isinstance(exc, InvalidInput):
            for key, text in exc.fields.items():
                if key in self.problems:
                    show_problem(self.problems[key], text)
            self.status.setText("Nothing was changed. Check the passphrases marked above.")
        elif isinstance(exc, AppError):
            self.status.setText(f"{exc.message} {exc.next_step}")
        else:
            self.status.clear()
            show_error(self, exc)

    def done(self, result: int) -> None:
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        self.shown.wipe()
        super().done(result)


class AccountsDialog(QDialog):
    """The list of accounts and what can be done with them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.accounts = Accounts(session)
        self.setWindowTitle("Accounts and passphrases")
        self.setModal(True)
        layout = QVBoxLayout(self)
        lead = self.accounts.can_manage
        self.intro = _paragraph(
            "Each person who can unlock the records has their own account and passphrase. "
            "The recovery code is one more way in, kept in the safe."
            if lead
            else "You can change your own passphrase here. Your designated lead looks after "
            "the other accounts."
        )
        layout.addWidget(self.intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Accounts")
        self.list.currentRowChanged.connect(self._selection_changed)
        self.list.setVisible(lead)
        layout.addWidget(self.list)

        row = QHBoxLayout()
        column = QVBoxLayout()
        self.add_button = _button("&Add a deputy lead or trustee…")
        self.remove_button = _button("&Remove…")
        self.set_button = _button("&Set a new passphrase for them…")
        self.change_button = _button("&Change my passphrase…")
        self.code_button = _button("&New recovery code…")
        self.rekey_button = _button("Re-&key the records…")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.set_button.clicked.connect(self._set_passphrase)
        self.change_button.clicked.connect(self._change)
        self.code_button.clicked.connect(self._new_code)
        self.rekey_button.clicked.connect(self._rekey)
        for button in (self.add_button, self.remove_button, self.set_button):
            button.setVisible(lead)
            column.addWidget(button)
        column.addSpacing(12)
        column.addWidget(self.change_button)
        # The recovery code has no passphrase of its own to change.
        self.change_button.setVisible(session.account is not None)
        for button in (self.code_button, self.rekey_button):
            button.setVisible(lead)
            column.addWidget(button)
        column.addStretch(1)
        row.addLayout(column)
        layout.addLayout(row)
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Accounts status")
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(520)
        self.refresh()

    # -- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.list.clear()
        self._lines: list[AccountLine] = []
        if self.accounts.can_manage:
            self._lines = self.accounts.everyone()
        for line in self._lines:
            text = f"{line.name} — {line.role_words}" + (" (you)" if line.is_you else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.list.addItem(item)
        self._selection_changed(self.list.currentRow())

    def _selected(self) -> AccountLine | None:
        row = self.list.currentRow()
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def _selection_changed(self, _row: int) -> None:
        chosen = self._selected()
        other = chosen is not None and not chosen.is_you
        self.remove_button.setEnabled(other)
        self.set_button.setEnabled(other)

    def select(self, name: str) -> None:
        for row, line in enumerate(self._lines):
            if line.name == name:
                self.list.setCurrentRow(row)
                return
        raise LookupError("no such account in the list")

    # -- actions -------------------------------------------------------------------------
    def _open(self, dialog: QDialog, said: str) -> None:
        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and _alive(self):
                self.refresh()
                self.status.setText(said)

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(finished)
        dialog.open()

    def _add(self) -> None:
        self._open(AddAccountDialog(self, self.session), "Account added.")

    def _change(self) -> None:
        self._open(
            ChangePassphraseDialog(self, self.session),
            "Your passphrase was changed. Use the new one from now on.",
        )

    def _set_passphrase(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._open(
                SetPassphraseDialog(self, self.session, chosen),
                "Their new passphrase is set. Tell them in private.",
            )

    def _new_code(self) -> None:
        self._open(RecoveryCodeDialog(self, self.session), "")
        # The status only after the new code was made: see RecoveryCodeDialog.

    def _rekey(self) -> None:
        try:
            lines = self.accounts.everyone()
        except Exception as exc:
            show_error(self, exc)
            return
        self._open(RekeyDialog(self, self.session, lines), "The records were re-keyed.")

    def _remove(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove an account",
            f"Remove {chosen.name} ({chosen.role_words.lower()})?",
            parent=self,
        )
        box.setInformativeText(
            "Their passphrase will no longer open the records. What they recorded stays. "
            "If they might have kept a copy of the key file, re-key the records too."
        )
        remove = box.addButton("&Remove", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName("Remove an account")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is not remove or not _alive(self):
                return
            try:
                self.accounts.remove(chosen.id)
            except Exception as exc:
                show_error(self, exc)
                return
            self.refresh()
            self.status.setText("Account removed.")

        box.finished.connect(answered)
        box.open()

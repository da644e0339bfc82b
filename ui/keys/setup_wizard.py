"""First-run setup: the organisation, local numbers, the designated lead and trustee,
the lead's passphrase, and the recovery code (shown once)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app import APP_NAME
from app.core.errors import AppError, InvalidInput
from app.core.organisation import OrganisationDetails
from app.core.settings import BY_KEY, AppSettings
from app.documents import recovery_sheet
from app.help.areas import area_by_id
from app.intake.stations import suggested_shared_folder
from app.keys.passphrase_policy import MIN_LENGTH, refusal, strength, words_to_avoid
from app.keys.recovery_code import generate as generate_recovery_code
from app.keys.session import Session
from ui.core.background import run_in_background
from ui.core.errors import error_words, show_error
from ui.core.screen_fit import fit_to_screen, scroll_contents
from ui.core.widgets import StatusLabel, add_field, code_label, line_edit, show_problem
from ui.core.wipe import wipe
from ui.documents.printing import print_with_dialog, save_with_dialog
from ui.settings_page import CONTACT_KEYS, LADO_KEYS, area_combo, lado_caption


def _paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class _FormPage(QWizardPage):
    """A page of labelled fields, each with a message line for what needs fixing."""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_paragraph(intro))
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}

    def add(self, key: str, label: str, hint: str = "", max_length: int = 120) -> QLineEdit:
        edit = line_edit(max_length)
        self.edits[key] = edit
        self.problems[key] = add_field(self.form, label, edit, hint)
        return edit

    def show_problems(self, found: dict[str, str]) -> bool:
        """Mark each problem at its field; True when there were none."""
        for key, label in self.problems.items():
            show_problem(label, found.get(key))
        if found:
            first = next(k for k in self.problems if k in found)
            if first in self.edits:
                self.edits[first].setFocus()
        return not found

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        # Moving to a new computer: restore a backup instead (ui/keeping/backup.py).
        self.restore_button = QPushButton("&Restore from a backup…")
        # A volunteer's PC or account: the lead's enrolment file (ui/intake/enrol.py).
        self.station_button = QPushButton("This PC is a &volunteer station…")
        self.setTitle(f"Set up the {APP_NAME}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "<p>This takes about five minutes. It is done once, by your organisation's "
                "designated safeguarding or CSE lead.</p>"
                "<p>You will need:</p><ul>"
                "<li>your organisation's name and area</li>"
                "<li>the designated lead's name and phone number (and the deputy lead's and "
                "the designated trustee's, if you have them)</li>"
                "<li>a passphrase for the designated lead: four or more ordinary words you will "
                "remember</li>"
                "<li>a printer, or pen and paper, for the recovery code</li></ul>"
                "<p>Every record is kept encrypted on this computer, and only a designated "
                "lead can unlock and read the records.</p>"
                "<p><b>If every passphrase and the recovery code are lost, nobody can open the "
                "records: not you, not the people who made this toolkit.</b></p>"
            )
        )
        layout.addWidget(
            _paragraph(
                "<p>Moving the toolkit to a new computer? If you have a backup file from it, "
                "restore that instead of setting up again.</p>"
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            _paragraph(
                "<p>Setting up a volunteer's PC, or a volunteer's own account on this PC? "
                "The records stay with the designated lead. Ask the lead for an enrolment "
                "file (Settings, Add a volunteer PC) and use it here: this PC will offer "
                "Help and Record a concern, and send concerns to the lead, sealed.</p>"
            )
        )
        station_row = QHBoxLayout()
        station_row.addWidget(self.station_button)
        station_row.addStretch(1)
        layout.addLayout(station_row)


class OrganisationPage(_FormPage):
    def __init__(self) -> None:
        super().__init__("Your organisation", "Which group is this toolkit for?")
        self.add("name", "Organisation na&me", "As you would write it on a referral.")
        self.area = area_combo()
        self.problems["area"] = add_field(
            self.form,
            "&Area",
            self.area,
            "This fills in your local children's social care and LADO numbers on the next page.",
        )

    def validatePage(self) -> bool:
        details = OrganisationDetails(
            name=self.edits["name"].text(),
            area=self.area.currentData() or "",
            lead_name="x",
            lead_phone="000",
        ).cleaned()
        found = {k: v for k, v in details.problems().items() if k in ("name", "area")}
        return self.show_problems(found)


class ContactsPage(_FormPage):
    def __init__(self, organisation: OrganisationPage) -> None:
        super().__init__(
            "Local numbers",
            "The children's social care and police numbers are shown at the top of every "
            "screen, so anyone at the computer can find them. The LADO's number is in Help, "
            "for a worry about an adult who works or volunteers with children. Check them, "
            "and change any that are different for you.",
        )
        self.organisation = organisation
        self._filled_for: str | None = None
        for key in CONTACT_KEYS:
            if key == LADO_KEYS[0]:
                self.form.addRow(lado_caption())
            setting = BY_KEY[key]
            self.add(key, setting.label, setting.help, setting.max_length)
        self.check_note = _paragraph("")
        self.check_note.setProperty("role", "field-error")
        self.layout_.addWidget(self.check_note)

    def initializePage(self) -> None:
        area = area_by_id(self.organisation.area.currentData() or "")
        if area is None or area.id == self._filled_for:
            return  # keep what the lead typed if they went back without changing area
        self._filled_for = area.id
        for key in CONTACT_KEYS:
            self.edits[key].setText(getattr(area, key))
        self.check_note.setText(area.check_note)
        self.check_note.setVisible(bool(area.check_note))

    def contacts(self) -> dict[str, object]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def validatePage(self) -> bool:
        contacts = self.contacts()
        found = AppSettings.problems(contacts)
        if not contacts["duty_team_phone"]:
            found["duty_team_phone"] = (
                "Enter the children's social care number: you need it to make a referral. "
                "Search for your council and 'report a concern about a child'."
            )
        return self.show_problems(found)


class PeoplePage(_FormPage):
    def __init__(self) -> None:
        super().__init__(
            "Designated people",
            "The designated CSE lead receives concerns, decides what to do and makes "
            "referrals. The deputy lead acts when the lead is away, or when a worry is "
            "about the lead. The designated trustee makes sure the organisation does its "
            "job. Leave the deputy's and trustee's boxes empty if you do not have one yet.",
        )
        self.add("lead_name", "Designated lead: na&me")
        self.add("lead_role", "Designated lead: &role", "For example: Group Scout Leader.")
        self.add(
            "lead_phone",
            "Designated lead: &phone",
            "Volunteers will be told to ring this number after recording a concern.",
            40,
        )
        self.add("deputy_name", "Deputy lead: name (optional)")
        self.add(
            "deputy_phone",
            "Deputy lead: phone (optional)",
            "Shown to a volunteer whose worry is about the designated lead.",
            40,
        )
        self.add("trustee_name", "Designated trustee: name (optional)")
        self.add("trustee_role", "Designated trustee: role (optional)")
        self.add("trustee_phone", "Designated trustee: phone (optional)", max_length=40)
        # Volunteers with OS accounts of their own (app/intake/stations.py): a letterbox
        # folder every account on this PC can post to. Off unless asked for.
        self.shared_folder = suggested_shared_folder()
        self.layout_.addWidget(
            _paragraph(
                "<p><b>Do volunteers log in to this PC with their own accounts?</b> Then "
                "their concerns need a letterbox folder every account can reach. Tick "
                "this, and then set up each volunteer's account as a volunteer station "
                "(Settings, Add a volunteer PC). If everyone uses this one account, leave "
                f"it. The folder: {html.escape(str(self.shared_folder))}</p>"
            )
        )
        self.shared_box = QCheckBox("Make a shared letterbox folder")
        self.shared_box.setAccessibleName("Make a shared letterbox folder")
        self.layout_.addWidget(self.shared_box)

    def validatePage(self) -> bool:
        details = OrganisationDetails(name="x", area="x", **self.values()).cleaned()
        return self.show_problems(details.problems())


class PassphrasePage(_FormPage):
    def __init__(self, avoid) -> None:
        super().__init__(
            "The designated lead's passphrase",
            f"The passphrase unlocks the records. Use at least {MIN_LENGTH} characters: "
            "four or more ordinary words you can picture, with spaces, are strong and easy to "
            "remember, "
            "for example <i>kettle orange bicycle lantern</i> (but not that one). "
            "Do not write it on a note by the computer.",
        )
        self.avoid = avoid
        first = self.add("passphrase", "&Passphrase")
        second = self.add("repeat", "Passphrase &again")
        for edit in (first, second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(1024)
        self.show_typing = QCheckBox("&Show what I type")
        self.show_typing.setAccessibleName("Show what I type")
        self.show_typing.toggled.connect(self._show_typing)
        self.layout_.addWidget(self.show_typing)
        self.hint = StatusLabel()
        self.hint.setAccessibleName("Passphrase strength")
        self.hint.setWordWrap(True)
        self.layout_.addWidget(self.hint)
        first.textChanged.connect(self._update_hint)
        self._update_hint("")

    def _show_typing(self, show: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if show else QLineEdit.EchoMode.Password
        for edit in self.edits.values():
            edit.setEchoMode(mode)

    def _update_hint(self, text: str) -> None:
        self.hint.setText("Strength: " + strength(text, self.avoid()).label)

    def passphrase(self) -> str:
        return self.edits["passphrase"].text()

    def validatePage(self) -> bool:
        reason = refusal(self.passphrase(), self.edits["repeat"].text(), self.avoid())
        field = "repeat" if reason and "not the same" in reason else "passphrase"
        return self.show_problems({field: reason} if reason else {})

    def wipe(self) -> None:
        for edit in self.edits.values():
            wipe(edit)


class RecoveryPage(QWizardPage):
    created = Signal()

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle("Your recovery code")
        self.code = ""
        self._busy = False
        self._done = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            _paragraph(
                "If the designated lead's passphrase is ever lost, this code is the only other "
                "way to open the records. <b>It is shown only now.</b> Print it, or write it "
                "down exactly, and keep it in a locked safe away from this computer."
            )
        )
        self.code_label = code_label()
        layout.addWidget(self.code_label)

        row = QHBoxLayout()
        self.print_button = QPushButton("&Print the recovery code")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton("Save as P&DF…")
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.save_note = _paragraph(
            "A saved PDF is <b>not encrypted</b>. Save it to a USB stick only to print it "
            "elsewhere, then delete it. Never keep it on this computer."
        )
        layout.addWidget(self.save_note)
        self.file_status = StatusLabel()
        self.file_status.setAccessibleName("Recovery code sheet status")
        self.file_status.setWordWrap(True)
        layout.addWidget(self.file_status)

        self.confirm = QCheckBox(
            "I have printed or written down the recovery code, and it will be kept somewhere safe"
        )
        self.confirm.setAccessibleName("I have the recovery code stored safely")
        self.confirm.toggled.connect(lambda _checked: self.completeChanged.emit())
        layout.addWidget(self.confirm)
        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "field-error")
        self.status.setAccessibleName("Setup status")
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        if not self.code:
            self.code = generate_recovery_code()
        self.code_label.setText(self.code)
        self.code_label.setAccessibleName(f"Recovery code {self.code}")

    def _sheet(self) -> bytes:
        return recovery_sheet.build(
            self.code,
            self.wizard_.organisation_page.edits["name"].text(),
            # The key pair setup will use, made now so the sheet can carry its words.
            key_words=self.wizard_.session.setup_key_words(),
        )

    def _print(self) -> None:
        try:
            if print_with_dialog(self, self._sheet()):
                self.file_status.setText("Sent to the printer. Check the code printed clearly.")
        except Exception as exc:
            show_error(self, exc)

    def _save(self) -> None:
        try:
            saved = save_with_dialog(
                self, self._sheet(), "Save the recovery code sheet", "recovery-code.pdf"
            )
        except Exception as exc:
            show_error(self, exc)
            return
        if saved:
            self.file_status.setText(
                f"Saved to {saved}. Print it, put it in the safe, then delete the file."
            )

    def isComplete(self) -> bool:
        return self.confirm.isChecked() and not self._busy

    def validatePage(self) -> bool:
        if self._done:
            return True
        if self._busy:
            return False
        self._busy = True
        self.completeChanged.emit()
        self.status.setText("Creating the encrypted records file. This takes a few seconds…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        run_in_background(self.wizard_.create_store, self._created, self._failed)
        return False

    def _created(self, _result: object) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._busy = False
        self._done = True
        self.status.clear()
        self.created.emit()

    def _failed(self, exc: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._busy = False
        self.completeChanged.emit()
        if isinstance(exc, InvalidInput):
            self.status.setText("Some answers need checking: go back and look for the marks.")
            return
        if not isinstance(exc, AppError):
            raise exc
        _title, message, next_step = error_words(exc)
        self.status.setText(f"{message} {next_step}")


class SetupWizard(QWizard):
    """Emits `finished_setup` once the store exists and the session is unlocked."""

    finished_setup = Signal()
    restore_requested = Signal()  # a new PC with a backup: ui/keeping/backup.py
    station_requested = Signal()  # a volunteer station: ui/intake/enrol.py

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"Set up the {APP_NAME}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.BackButton, "&Back")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Cancel")
        self.organisation_page = OrganisationPage()
        self.contacts_page = ContactsPage(self.organisation_page)
        self.people_page = PeoplePage()
        self.passphrase_page = PassphrasePage(self._names)
        self.recovery_page = RecoveryPage(self)
        self.welcome_page = WelcomePage()
        self.welcome_page.restore_button.clicked.connect(self.restore_requested.emit)
        self.welcome_page.station_button.clicked.connect(self.station_requested.emit)
        for page in (
            self.welcome_page,
            self.organisation_page,
            self.contacts_page,
            self.people_page,
            self.passphrase_page,
            self.recovery_page,
        ):
            scroll_contents(page)  # a page taller than a small screen scrolls
            self.addPage(page)
        self.recovery_page.created.connect(self._finish)
        self.currentIdChanged.connect(lambda _id: self._focus_next_on_welcome())
        fit_to_screen(self, 720, 620)

    def _focus_next_on_welcome(self) -> None:
        # The welcome page starts on Next, not on "Restore from a backup…" (its first
        # button), so Enter goes on with setting up rather than starting a restore.
        if self.currentPage() is self.welcome_page:
            next_button = self.button(QWizard.WizardButton.NextButton)
            next_button.setDefault(True)
            next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._focus_next_on_welcome()

    def _names(self) -> tuple[str, ...]:
        # What a guesser tries first: the organisation, its area, its people (and parts).
        people = ("lead_name", "deputy_name", "trustee_name")
        return words_to_avoid(
            self.organisation_page.edits["name"].text(),
            self.organisation_page.area.currentText(),
            *(self.people_page.edits[k].text() for k in people),
        )

    def details(self) -> OrganisationDetails:
        return OrganisationDetails(
            name=self.organisation_page.edits["name"].text(),
            area=self.organisation_page.area.currentData() or "",
            **self.people_page.values(),
        )

    def create_store(self) -> None:
        """Runs on a worker thread: reads plain values captured below, never widgets."""
        self.session.set_up(*self._captured)

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is self.recovery_page and not self.recovery_page._done:
            # Capture on the GUI thread; the worker must not touch widgets.
            self._captured = (
                self.details(),
                self.passphrase_page.passphrase(),
                self.recovery_page.code,
                self.contacts_page.contacts(),
            )
        return super().validateCurrentPage()

    def _finish(self) -> None:
        self._captured = ()
        self.passphrase_page.wipe()
        if self.people_page.shared_box.isChecked():
            try:
                self.session.make_shared_letterbox(self.people_page.shared_folder)
            except AppError as exc:
                show_error(self, exc)  # setup itself is done: this is said, not fatal
        self.finished_setup.emit()
        self.accept()

    def done(self, result: int) -> None:
        # QWizard.done() validates the page first and may stay open: wipe only once closed.
        super().done(result)
        if not self.isVisible():
            # Nothing secret outlives the wizard: passphrase fields, the code on screen.
            self._captured = ()
            self.passphrase_page.wipe()
            self.recovery_page.code = ""
            self.recovery_page.code_label.clear()

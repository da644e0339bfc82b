"""Settings (unlocked): the organisation, the lead and trustee, local numbers, locking."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import InvalidInput
from app.core.organisation import OrganisationDetails
from app.core.settings import BY_KEY
from app.help.areas import all_areas, area_by_id
from app.keys.roles import acts_as_lead, does_casework, may_back_up, may_hand_over
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.widgets import StatusLabel, add_field, focus_first_problem, line_edit, show_problem
from ui.core.wipe import wipe

ORG_LABELS = {
    "name": "Organisation &name",
    "lead_name": "Designated lead: name",
    "lead_role": "Designated lead: role",
    "lead_phone": "Designated lead: phone",
    "deputy_name": "Deputy lead: name",
    "deputy_phone": "Deputy lead: phone",
    "trustee_name": "Designated trustee: name",
    "trustee_role": "Designated trustee: role",
    "trustee_phone": "Designated trustee: phone",
}
# The LADO, for a worry about an adult who works or volunteers with children (rule 8):
# from the area file like the duty team's numbers, and edited beside them.
LADO_KEYS = ("lado_label", "lado_phone", "lado_note")
LADO_CAPTION = "The LADO (Local Authority Designated Officer)"
CONTACT_KEYS = (
    "duty_team_label",
    "duty_team_phone",
    "duty_team_note",
    "out_of_hours_phone",
    "police_non_emergency",
    "police_website",
    *LADO_KEYS,
)


def lado_caption() -> QLabel:
    caption = QLabel(f"<b>{LADO_CAPTION}</b>")
    caption.setWordWrap(True)
    return caption


def area_combo() -> QComboBox:
    combo = QComboBox()
    for area in all_areas():
        combo.addItem(area.name, area.id)
    return combo


class SettingsPage(QWidget):
    saved = Signal()

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(30, 20, 30, 20)
        title = QLabel("Settings")
        title.setProperty("role", "page-title")
        outer.addWidget(title)

        scroll = QScrollArea()
        scroll.setAccessibleName("Settings")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, not to it
        scroll.setWidgetResizable(True)
        body = QWidget()
        column = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.org_edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}

        org_box = QGroupBox("Organisation and designated people")
        org_form = QFormLayout(org_box)
        self.area = area_combo()
        for key in ORG_LABELS:
            edit = line_edit()
            self.org_edits[key] = edit
            self.problems[key] = add_field(org_form, ORG_LABELS[key], edit)
            if key == "name":  # the area belongs with the organisation's name
                self.problems["area"] = add_field(org_form, "&Area", self.area)
        column.addWidget(org_box)

        contacts_box = QGroupBox("Local numbers")
        contacts_form = QFormLayout(contacts_box)
        self.contact_edits: dict[str, QLineEdit] = {}
        for key in CONTACT_KEYS:
            if key == LADO_KEYS[0]:
                contacts_form.addRow(lado_caption())
            setting = BY_KEY[key]
            edit = line_edit(setting.max_length)
            self.contact_edits[key] = edit
            self.problems[key] = add_field(contacts_form, setting.label, edit, setting.help)
        column.addWidget(contacts_box)
        # Choosing another area fills its numbers in, as setup does; nothing is saved
        # until Save settings, so a slip is undone by choosing the area back.
        self.area.currentIndexChanged.connect(self._area_chosen)

        lock_box = QGroupBox("Locking")
        lock_form = QFormLayout(lock_box)
        self.minutes: dict[str, QSpinBox] = {}
        for key in ("idle_lock_minutes", "form_idle_minutes"):
            setting = BY_KEY[key]
            spin = QSpinBox()
            spin.setRange(setting.minimum or 1, setting.maximum or 60)
            spin.setSuffix(" minutes")
            self.minutes[key] = spin
            self.problems[key] = add_field(lock_form, setting.label, spin, setting.help)
        self.idle_minutes = self.minutes["idle_lock_minutes"]
        column.addWidget(lock_box)

        # Backups, accounts, handovers: each button opens its own dialog (ui/safe_*.py),
        # beside one line saying what it is for.
        self.safe_box = QGroupBox("Keeping the records safe")
        self.safe_layout = QGridLayout(self.safe_box)
        self.safe_layout.setColumnStretch(1, 1)
        self._safe_notes: dict[QPushButton, QLabel] = {}
        # Backups (ui/keeping/backup.py): the main window opens the dialogs, so a restore
        # can refresh every page; load() shows them to a lead only.
        self.backup_button = self._safe_row(
            "&Back up now…", "Copy the records, checked, to a USB stick or another folder."
        )
        self.restore_button = self._safe_row(
            "Res&tore from a backup…", "Put the records back as they were in a backup."
        )
        self.retention_button = self._safe_row(  # ui/keeping/retention.py
            "&Retention review…", "Records due for review, and how long records are kept."
        )
        self.retention_button.clicked.connect(self.open_retention)
        # Handover (ui/keeping/handover.py): the lead's only; load() hides them for others.
        self.handover_button = self._safe_row(
            "Hand over recor&ds…", "Records for a lead at another site, in one locked file."
        )
        self.handover_button.clicked.connect(self.open_handover)
        self.receive_button = self._safe_row(
            "Receive a hando&ver…", "Take in records another site handed over to you."
        )
        self.receive_button.clicked.connect(self.open_receive)
        # Accounts (ui/keeping/accounts.py): everyone may change their own passphrase there.
        self.accounts_button = self._safe_row(
            "Accounts and &passphrases…",
            "Deputy and trustee accounts, your passphrase, the recovery code, re-keying.",
        )
        self.accounts_button.clicked.connect(self.open_accounts)
        # The training log (ui/casework/training_log.py): lead and deputy; load() hides it.
        self.training_button = self._safe_row(
            "Trainin&g log…",
            "Training sessions, who attended, and when refreshers are due.",
        )
        self.training_button.clicked.connect(self.open_training_log)
        # Volunteer stations (ui/intake/enrol.py): the lead's only; load() hides it.
        self.station_button = self._safe_row(
            "Add a volunteer PC…",
            "An enrolment file for a volunteer's PC or account: it sends concerns, sealed, "
            "to a letterbox folder the records take them in from.",
        )
        self.station_button.clicked.connect(self.open_add_station)
        self.folders_button = self._safe_row(
            "Letterbo&x folders…",
            "The folders concerns are taken in from when a lead unlocks.",
        )
        self.folders_button.clicked.connect(self.open_letterbox_folders)
        # How many backups to keep in the chosen folder: also in the Backup dialog.
        keep = BY_KEY["backups_keep"]
        self.backups_keep = QSpinBox()
        self.backups_keep.setRange(keep.minimum or 1, keep.maximum or 50)
        self.backups_keep.setSuffix(" backups")
        self.keep_row = QWidget()
        keep_form = QFormLayout(self.keep_row)
        keep_form.setContentsMargins(0, 6, 0, 0)
        self.problems["backups_keep"] = add_field(
            keep_form, keep.label, self.backups_keep, keep.help
        )
        self.safe_layout.addWidget(self.keep_row, self.safe_layout.rowCount(), 0, 1, 2)
        column.addWidget(self.safe_box)
        column.addStretch(1)

        row = QHBoxLayout()
        self.status = StatusLabel()
        self.status.setAccessibleName("Settings status")
        row.addWidget(self.status, 1)
        # The audit log is the lead's; load() hides this for other accounts.
        self.audit_button = QPushButton("A&udit log…")
        self.audit_button.clicked.connect(self.open_audit_log)
        row.addWidget(self.audit_button)
        self.save_button = QPushButton("Sav&e settings")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        outer.addLayout(row)

    # -- load and save -------------------------------------------------------------------
    def load(self) -> None:
        details = self.session.organisation()
        for key, edit in self.org_edits.items():
            edit.setText(getattr(details, key))
        index = self.area.findData(details.area)
        with QSignalBlocker(self.area):  # showing the saved area fills nothing in
            self.area.setCurrentIndex(max(index, 0))
        for key, edit in self.contact_edits.items():
            edit.setText(self.session.settings.get(key))
        for key, spin in self.minutes.items():
            spin.setValue(self.session.settings.get(key))
        self.backups_keep.setValue(int(self.session.settings.get("backups_keep")))
        for label in self.problems.values():
            show_problem(label, None)
        self.status.clear()
        self.audit_button.setVisible(self.session.can_read_audit)
        for button in (self.backup_button, self.restore_button):
            button.setVisible(may_back_up(self.session.account_role))
        for button in (self.handover_button, self.receive_button):
            button.setVisible(may_hand_over(self.session.account_role))
        self.station_button.setVisible(acts_as_lead(self.session.account_role))
        self.training_button.setVisible(does_casework(self.session.account_role))
        self.folders_button.setVisible(acts_as_lead(self.session.account_role))
        self.keep_row.setVisible(not self.backup_button.isHidden())
        for button, note in self._safe_notes.items():
            note.setVisible(not button.isHidden())

    def _area_chosen(self) -> None:
        area = area_by_id(self.area.currentData() or "")
        if area is None:
            return
        for key, edit in self.contact_edits.items():
            edit.setText(getattr(area, key))
            show_problem(self.problems[key], None)
        words = f"Local numbers filled in for {area.name}: check them, then press Save settings."
        self.status.setText(f"{words} {area.check_note}".strip())

    def _safe_row(self, text: str, note: str) -> QPushButton:
        row = self.safe_layout.rowCount()
        button = QPushButton(text)
        label = QLabel(note)
        label.setWordWrap(True)
        # Read out with the button, so a screen reader says what it is for.
        button.setAccessibleDescription(note)
        self.safe_layout.addWidget(button, row, 0)
        self.safe_layout.addWidget(label, row, 1)
        self._safe_notes[button] = label
        return button

    def open_retention(self) -> None:  # retention review
        from ui.keeping.retention import open_retention_review

        open_retention_review(self.session, self)

    def open_handover(self) -> None:
        from ui.keeping.handover import HandOverDialog

        HandOverDialog(self.session, self).open()

    def open_receive(self) -> None:
        from ui.keeping.handover import ReceiveDialog

        ReceiveDialog(self.session, self).open()

    def open_add_station(self) -> None:
        from ui.intake.enrol import AddStationDialog

        dialog = AddStationDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_letterbox_folders(self) -> None:
        from ui.intake.enrol import LetterboxFoldersDialog

        dialog = LetterboxFoldersDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_accounts(self) -> None:
        from ui.keeping.accounts import AccountsDialog

        try:
            dialog = AccountsDialog(self.session, self)
        except Exception as exc:
            show_error(self, exc)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_training_log(self) -> None:
        from ui.casework.training_log import TrainingLogDialog

        try:
            dialog = TrainingLogDialog(self.session, self)
        except Exception as exc:
            show_error(self, exc)
            return
        dialog.open()

    def open_audit_log(self) -> None:
        from ui.casework.audit_viewer import AuditViewer

        AuditViewer(self.session, self).open()

    def save(self) -> None:
        for label in self.problems.values():
            show_problem(label, None)
        values = {f.name: "" for f in fields(OrganisationDetails)}
        values.update({key: edit.text() for key, edit in self.org_edits.items()})
        values["area"] = self.area.currentData() or ""
        details = OrganisationDetails(**values)
        contacts = {key: edit.text().strip() for key, edit in self.contact_edits.items()}
        contacts.update({key: spin.value() for key, spin in self.minutes.items()})
        contacts["backups_keep"] = self.backups_keep.value()
        # Check everything before saving anything, so nothing is half-saved.
        problems = {**details.cleaned().problems(), **self.session.settings.problems(contacts)}
        if problems:
            for key, text in problems.items():
                show_problem(self.problems[key], text)
            self.status.setText("Not saved: some answers need checking (marked above).")
            focus_first_problem(self.problems.values())  # read with its problem
            return
        try:
            self.session.save_organisation(details)
            self.session.save_settings(contacts)
        except InvalidInput as exc:
            for key, text in exc.fields.items():
                show_problem(self.problems[key], text)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText("Saved.")
        self.saved.emit()

    def wipe(self) -> None:
        """On lock: nothing from the store stays on screen."""
        for edit in (*self.org_edits.values(), *self.contact_edits.values()):
            wipe(edit)
        for label in self.problems.values():
            show_problem(label, None)
        self.status.clear()

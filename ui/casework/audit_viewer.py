"""The audit log, for the designated lead: who unlocked, printed or changed what, and when,
with the result of the check of the log's chain of hashes."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.keys.audit import KINDS, LABELS, AuditEntry, ChainReport
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field, show_problem
from ui.intake.concern_form.fields import DateEdit, parse_date

TITLE = "Audit log"
ALL_EVENTS = "All events"
COLUMNS = ("Entry", "When", "Event", "Account", "Subject", "Detail")
FLAGGED_NOTE = "The check of the log points at this entry."
# Enough for years of use on one screen; the filters narrow it further.
SHOW_AT_MOST = 5000


class AuditModel(QAbstractTableModel):
    """Read-only rows of audit entries; one row per entry, newest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    def entry(self, row: int) -> AuditEntry:
        return self._entries[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _text(self, entry: AuditEntry, column: int) -> str:
        if column == 0:
            return str(entry.seq)
        if column == 1:
            return entry.when_text
        if column == 2:
            return entry.event_label
        if column == 3:
            return entry.account_label
        if column == 4:
            return entry.subject
        return entry.summary

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        if not (0 <= index.column() < len(COLUMNS)):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and entry.flagged:
            return FLAGGED_NOTE
        if role == Qt.ItemDataRole.BackgroundRole and entry.is_problem:
            return QBrush(QColor("#fde2e1"))
        if role == Qt.ItemDataRole.ForegroundRole and entry.is_problem:
            return QBrush(QColor("#000000"))  # dark on the pale red, whatever the theme
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def status_text(report: ChainReport) -> str:
    if report.ok:
        text = report.summary()
        if report.fingerprint:
            text += (
                f" Latest fingerprint: {report.fingerprint}. Note it down now and then: "
                "if the log were ever rebuilt, it would no longer match."
            )
        return text
    return (
        "The audit log has been changed outside the toolkit. What the check found:\n"
        + report.summary()
    )


class AuditViewer(QDialog):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # nothing kept once closed
        fit_to_screen(self, 980, 640)
        layout = QVBoxLayout(self)

        self.status = StatusLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Audit log check")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        filters = QFormLayout()
        self.event = QComboBox()
        self.event.addItem(ALL_EVENTS, None)
        for kind in KINDS:
            self.event.addItem(LABELS[kind], kind)
        add_field(filters, "&Event", self.event)
        self.since = DateEdit()
        self.since_problem = add_field(filters, "&From date", self.since, "DD/MM/YYYY")
        self.until = DateEdit()
        self.until_problem = add_field(filters, "&To date", self.until, "DD/MM/YYYY")
        self.only_problems = QCheckBox("Only &problems")
        self.only_problems.setAccessibleName("Only problems")
        self.only_problems.setAccessibleDescription(
            "Entries the check points at, problems found at unlock, and unlocks that "
            "came after failed attempts."
        )
        filters.addRow("", self.only_problems)
        layout.addLayout(filters)

        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Audit entries")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.count = StatusLabel()
        self.count.setAccessibleName("Entries shown")
        row.addWidget(self.count, 1)
        self.refresh_button = QPushButton("Check &again")
        self.refresh_button.clicked.connect(self.check)
        close = QPushButton("&Close")
        close.clicked.connect(self.reject)
        row.addWidget(self.refresh_button)
        row.addWidget(close)
        layout.addLayout(row)

        self.event.currentIndexChanged.connect(lambda _i: self.refresh())
        self.only_problems.toggled.connect(lambda _on: self.refresh())
        self.since.editingFinished.connect(self.refresh)
        self.until.editingFinished.connect(self.refresh)

    def open(self) -> None:
        if self.check():
            super().open()
        else:
            self.deleteLater()

    def check(self) -> bool:
        """Check the chain now and show what it found, then the entries."""
        try:
            report = self.session.check_audit()
        except Exception as exc:
            show_error(self.parentWidget() or self, exc)
            return False
        self.status.setText(status_text(report))
        self.refresh()
        return True

    def _date(self, edit: DateEdit, problem: QLabel):
        try:
            value = parse_date(edit.text())
        except ValueError as exc:
            show_problem(problem, str(exc))
            return False
        show_problem(problem, None)
        return value

    def refresh(self) -> None:
        since = self._date(self.since, self.since_problem)
        until = self._date(self.until, self.until_problem)
        if since is False or until is False:
            return
        if since and until and until < since:
            show_problem(self.until_problem, "The 'to' date is before the 'from' date.")
            return
        try:
            entries = self.session.audit_events(
                event=self.event.currentData(),
                since=since,
                until=until,
                only_problems=self.only_problems.isChecked(),
                limit=SHOW_AT_MOST,
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_entries(entries)
        n = len(entries)
        text = f"{n} entr{'y' if n == 1 else 'ies'} shown"
        if n >= SHOW_AT_MOST:
            text += " (the newest; narrow the dates to see older ones)"
        self.count.setText(text + ".")

    def done(self, result: int) -> None:
        # Closed by hand or by a lock: nothing read from the store stays in memory.
        self.model.clear()
        self.status.clear()
        self.count.clear()
        super().done(result)

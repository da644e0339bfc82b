"""Field widgets the concern form shares: dates typed as DD/MM/YYYY, long text with a
counter that warns before the limit, and small tables for people, cars and places."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.core.flow_layout import FlowLayout
from ui.core.wipe import wipe  # the one wipe (steps.py and decision_panel.py import it here)


def parse_date(text: str) -> date | None:
    """DD/MM/YYYY (also with - or . or spaces). Raises ValueError with plain words."""
    text = text.strip()
    if not text:
        return None
    for sep in "-. ":
        text = text.replace(sep, "/")
    parts = text.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError("Write the date as day/month/year, for example 23/11/2026.")
    day, month, year = (int(p) for p in parts)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("That date does not exist. Check the day and month.") from None


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_time(text: str) -> str:
    text = text.strip().replace(".", ":")
    if not text:
        return ""
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError("Write the time as hours:minutes, for example 19:30.")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError("That time does not exist.")
    return f"{int(hours):02d}:{minutes}"


class DateEdit(QLineEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("DD/MM/YYYY")
        self.setMaxLength(12)


class LongText(QWidget):
    """A text box with a live counter: the limit is said well before it is reached."""

    changed = Signal()

    def __init__(self, limit: int, placeholder: str = "", parent=None) -> None:
        super().__init__(parent)
        self.limit = limit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.edit.setMinimumHeight(90)
        self.counter = QLabel()
        self.counter.setProperty("role", "hint")
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        # Focus given to the frame lands in the box; the frame itself is no Tab stop
        # (its label's buddy is the box: see add_field).
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        used = len(self.edit.toPlainText())
        text = f"{used:,} of {self.limit:,} characters"
        if used > self.limit:
            text += f": {used - self.limit:,} too many. Nothing is cut off; shorten it to send."
        elif used > self.limit * 0.9:
            text += ": nearly full."
        self.counter.setText(text)
        self.changed.emit()

    def text(self) -> str:
        return self.edit.toPlainText()

    def setText(self, text: str) -> None:
        self.edit.setPlainText(text)

    def clear(self) -> None:
        wipe(self.edit)  # the text and its undo history

    def setAccessibleName(self, name: str) -> None:
        # The editor inside carries the label: it is what takes focus and is read out.
        self.edit.setAccessibleName(name)

    def setAccessibleDescription(self, text: str) -> None:
        self.edit.setAccessibleDescription(text)  # its hint or its problem, as above


class _CellsTable(QTableWidget):
    """While typing, Tab goes to the next cell and Shift+Tab to the one before, as in a
    spreadsheet, and from the last cell (or before the first) out of the table. When not
    typing, Tab leaves at once; the arrow keys move between cells."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.setTabKeyNavigation(False)

    def closeEditor(self, editor, hint) -> None:
        current = self.currentIndex()
        last = current.row() == self.rowCount() - 1 and current.column() == self.columnCount() - 1
        first = current.row() <= 0 and current.column() <= 0
        Hint = QAbstractItemDelegate.EndEditHint
        if (hint == Hint.EditNextItem and last) or (hint == Hint.EditPreviousItem and first):
            super().closeEditor(editor, Hint.NoHint)
            self.focusNextPrevChild(hint == Hint.EditNextItem)
            return
        super().closeEditor(editor, hint)


class RowsTable(QWidget):
    """Rows of short answers (people, vehicles, places, numbers) with Add and Remove."""

    changed = Signal()

    def __init__(
        self,
        columns: list[str],
        add_label: str,
        remove_label: str = "Remove the selected row",
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = _CellsTable(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(80)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        layout.addWidget(self.table)
        self.setFocusProxy(self.table)  # as LongText's
        buttons = FlowLayout()  # Add and Remove wrap under each other at 150% text
        self.add_button = QPushButton(add_label)
        # Not connected straight to add_row: `clicked` would pass checked=False as the
        # values, and the new row would not open for typing.
        self.add_button.clicked.connect(lambda: self.add_row())
        # Named for what it removes: four tables on one page, four different buttons.
        self.remove_button = QPushButton(remove_label)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)

    def add_row(self, values: list[str] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values or [""] * len(self.columns)):
            self.table.setItem(row, column, QTableWidgetItem(value))
        if values is None:  # added by a person: the cursor goes into the new row
            self.table.setFocus()
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self.changed.emit()

    def rows(self) -> list[list[str]]:
        """Every row with anything in it, cells trimmed."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [
                (self.table.item(row, c).text() if self.table.item(row, c) else "").strip()
                for c in range(len(self.columns))
            ]
            if any(cells):
                found.append(cells)
        return found

    def clear(self) -> None:
        self.table.setRowCount(0)

    def setAccessibleName(self, name: str) -> None:
        self.table.setAccessibleName(name)

    def setAccessibleDescription(self, text: str) -> None:
        self.table.setAccessibleDescription(text)

"""The training log (issue 16), opened from Settings: sessions held, who attended, the
volunteer roster with who is active, and how often a refresher is needed.

Volunteers' names come from the encrypted store only; every dialog here is lock-aware,
so a lock empties it (lists, boxes and undo history) and closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.casework.training import MAX_NAME, REFRESHER_CHOICES, Training, VolunteersGone
from app.core.errors import InvalidInput
from app.core.text_checks import checked_name, name_key
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.lock_aware import LockAwareDialog
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field, line_edit, show_problem
from ui.intake.concern_form.fields import parse_date

_ID = Qt.ItemDataRole.UserRole
_NAME = Qt.ItemDataRole.UserRole + 1  # the roster name alone, without "last trained"
_GONE = Qt.ItemDataRole.UserRole + 2  # taken off the roster while Add a session was open
_WHO = 3  # the sessions' "Who attended" column


# What a tick on the roster does (Training.set_active), in the lead's words.
ROSTER_HINT = (
    "Untick someone who has stopped volunteering: they leave the refresher reminders, "
    "the trustee's count and the list of who attended. Their training record stays."
)


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


class _EnterAdds(QObject):
    """Enter in a name box adds the name and goes no further: a dialog would otherwise
    pass it on to its default button (Save the session)."""

    def __init__(self, edit: QLineEdit, add: Callable[[], None]) -> None:
        super().__init__(edit)
        self._add = add
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._add()
            return True
        return super().eventFilter(watched, event)


def _checkable(text: str, checked: bool, data: int | None, name: str = "") -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(_ID, data)
    item.setData(_NAME, name or text)
    return item


class AddSessionDialog(LockAwareDialog):
    """One session: its date, topic, who led it, and who attended (ticked from the
    roster, by id, or typed in: a new name joins the roster when the session is saved)."""

    added = Signal()

    def __init__(self, session: Session, service: Training, parent: QWidget | None = None):
        super().__init__(session, parent)
        self.service = service
        self.setWindowTitle("Add a training session")
        self.setAccessibleName("Add a training session")
        fit_to_screen(self, 560, 620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.held_on = line_edit(12)
        self.held_on.setPlaceholderText("DD/MM/YYYY")
        self.held_on_problem = add_field(form, "&Date of the session", self.held_on)
        self.topic = line_edit(200)
        self.topic_problem = add_field(
            form, "&Topic", self.topic, "For example: spotting the signs of CSE."
        )
        self.led_by = line_edit(120)
        self.led_by_problem = add_field(form, "&Led by", self.led_by)
        self.attendees = QListWidget()
        self.attendees.setMinimumHeight(160)
        self.attendees_problem = add_field(
            form,
            "&Who attended",
            self.attendees,
            "Tick each person who came. Press Space to tick the one selected.",
        )
        for person in service.volunteers():
            if person.active:
                self.attendees.addItem(_checkable(person.name, False, person.id))
        self.new_name = line_edit(120)
        self.new_name_problem = add_field(
            form,
            "A&nother person who attended",
            self.new_name,
            "Not in the list yet: type their name, then press Enter or Add to the list.",
        )
        self.add_name_button = QPushButton("&Add to the list")
        self.add_name_button.clicked.connect(self.add_name)
        _EnterAdds(self.new_name, self.add_name)
        form.addRow("", self.add_name_button)
        # The fields scroll and the buttons stay in sight: at 150% text on a small
        # screen, messages under the fields would otherwise squeeze the list shut.
        body = QWidget()
        body.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        layout.addWidget(self.scroll)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            "&Save the session", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.add_name_button.setAutoDefault(False)
        layout.addWidget(buttons)

    def _show_later(self, widget: QWidget) -> None:
        """Scroll to `widget` once the message just shown has its room in the layout."""
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(widget))

    def add_name(self) -> None:
        """A typed name joins the list, ticked (or ticks the same name already there)."""
        show_problem(self.new_name_problem, None)
        name, problem = checked_name(
            self.new_name.text(), max_length=MAX_NAME, what="the person's name first"
        )
        if problem:
            show_problem(self.new_name_problem, problem)
            self.new_name.setFocus()
            self._show_later(self.new_name_problem)
            return
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            if not item.data(_GONE) and name_key(str(item.data(_NAME))) == name_key(name):
                item.setCheckState(Qt.CheckState.Checked)
                break
        else:
            self.attendees.addItem(_checkable(name, True, None))
        self.new_name.clear()

    def chosen(self) -> tuple[list[int], list[str]]:
        """(the ids of the roster's volunteers ticked, the new names ticked)."""
        ids: list[int] = []
        names: list[str] = []
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            if item.data(_GONE) or item.checkState() != Qt.CheckState.Checked:
                continue
            if item.data(_ID) is None:
                names.append(str(item.data(_NAME)))
            else:
                ids.append(int(item.data(_ID)))
        return ids, names

    def _shown(self, ids: list[int]) -> dict[int, str]:
        """The name shown beside each ticked id."""
        found = {}
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            if item.data(_ID) is not None and int(item.data(_ID)) in ids:
                found[int(item.data(_ID))] = str(item.data(_NAME))
        return found

    def _mark_gone(self, gone: frozenset[int]) -> None:
        """Mark who was taken off the roster meanwhile, with no box to tick: saving again
        leaves them out, and typing their name adds them as someone new."""
        for row in range(self.attendees.count()):
            item = self.attendees.item(row)
            if item.data(_ID) in gone:
                item.setData(_GONE, True)
                item.setData(Qt.ItemDataRole.CheckStateRole, None)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setText(f"{item.data(_NAME)} (taken off the volunteers)")

    def save(self) -> None:
        for label in (
            self.held_on_problem,
            self.topic_problem,
            self.led_by_problem,
            self.attendees_problem,
        ):
            show_problem(label, None)
        try:
            held_on = parse_date(self.held_on.text())
        except ValueError as exc:
            show_problem(self.held_on_problem, str(exc))
            self.held_on.setFocus()
            return
        try:
            ids, names = self.chosen()
            self.service.add_session(
                held_on, self.topic.text(), self.led_by.text(), ids, names, shown=self._shown(ids)
            )
        except InvalidInput as exc:
            if isinstance(exc, VolunteersGone):
                self._mark_gone(exc.ids)
            problems = {
                "held_on": (self.held_on_problem, self.held_on),
                "topic": (self.topic_problem, self.topic),
                "led_by": (self.led_by_problem, self.led_by),
                "attendees": (self.attendees_problem, self.attendees),
            }
            first = None
            for key, (label, widget) in problems.items():
                show_problem(label, exc.fields.get(key))
                if key in exc.fields and first is None:
                    first = widget
            if first is not None:
                first.setFocus()
                self._show_later(self.attendees_problem if first is self.attendees else first)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.added.emit()
        self.accept()

    def wipe(self) -> None:
        self.attendees.clear()


class RenameVolunteerDialog(LockAwareDialog):
    """Correct a volunteer's name (a typo); their sessions stay theirs."""

    renamed = Signal()

    def __init__(
        self,
        session: Session,
        service: Training,
        volunteer_id: int,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.service = service
        self.volunteer_id = volunteer_id
        self.setWindowTitle("Rename a volunteer")  # never the name: titles reach task bars
        self.setAccessibleName("Rename a volunteer")
        fit_to_screen(self, 460, 200)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = line_edit(120)
        self.name.setText(name)
        self.name_problem = add_field(form, "&Name", self.name, "Correct the name as it should be.")
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        save = buttons.addButton("&Save the name", QDialogButtonBox.ButtonRole.AcceptRole)
        save.clicked.connect(self.save)
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        save.setDefault(True)
        layout.addWidget(buttons)

    def save(self) -> None:
        show_problem(self.name_problem, None)
        try:
            self.service.rename_volunteer(self.volunteer_id, self.name.text())
        except InvalidInput as exc:
            show_problem(self.name_problem, exc.fields.get("name"))
            self.name.setFocus()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.renamed.emit()
        self.accept()


class TrainingLogDialog(LockAwareDialog):
    """The log: how often a refresher is needed, the sessions, and the roster."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, service: Training | None = None
    ) -> None:
        super().__init__(session, parent)
        self.service = service or Training(session)
        self.setWindowTitle("Training log")
        self.setAccessibleName("Training log")
        fit_to_screen(self, 760, 680)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Who has been trained to spot and report child sexual exploitation, and when. "
            "The To do page reminds you when someone is due a refresher. The designated "
            "trustee sees the numbers only."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.refresher = QComboBox()
        for years in REFRESHER_CHOICES:
            self.refresher.addItem(_years(years), years)
        self.refresher.setCurrentIndex(self.refresher.findData(self.service.refresher_years()))
        self.refresher.currentIndexChanged.connect(self._refresher_chosen)
        add_field(form, "Re&fresher training every", self.refresher)
        layout.addLayout(form)

        self.sessions_caption = QLabel("&Sessions")
        layout.addWidget(self.sessions_caption)
        self.sessions = QTreeWidget()
        self.sessions.setColumnCount(4)
        self.sessions.setHeaderLabels(["Date", "Topic", "Led by", "Who attended"])
        self.sessions.setRootIsDecorated(False)
        self.sessions.setAccessibleName("Sessions")
        self.sessions_caption.setBuddy(self.sessions)
        layout.addWidget(self.sessions, 2)
        self.add_button = QPushButton("&Add a session…")
        self.add_button.clicked.connect(self.open_add_session)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.roster_caption = QLabel("&Volunteers (a tick means they still volunteer with you)")
        self.roster_caption.setWordWrap(True)
        layout.addWidget(self.roster_caption)
        roster_hint = QLabel(ROSTER_HINT)
        roster_hint.setWordWrap(True)
        roster_hint.setProperty("role", "hint")
        layout.addWidget(roster_hint)
        self.roster = QListWidget()
        self.roster.setAccessibleName("Volunteers")
        self.roster.setAccessibleDescription(
            "A tick means they still volunteer with you. "
            + ROSTER_HINT
            + " Press Space to tick or untick the one selected."
        )
        self.roster_caption.setBuddy(self.roster)
        self.roster.itemChanged.connect(self._active_changed)
        layout.addWidget(self.roster, 2)
        self.rename_button = QPushButton("&Rename the chosen volunteer…")
        self.rename_button.clicked.connect(self.open_rename)
        self.remove_button = QPushButton("Re&move the chosen volunteer…")
        self.remove_button.clicked.connect(self.ask_remove)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._remove_box: QMessageBox | None = None
        new_form = QFormLayout()
        self.new_volunteer = line_edit(120)
        self.new_volunteer_problem = add_field(
            new_form, "&Name of a new volunteer", self.new_volunteer
        )
        _EnterAdds(self.new_volunteer, self.add_volunteer)
        layout.addLayout(new_form)
        self.add_volunteer_button = QPushButton("Add to the vol&unteers")
        self.add_volunteer_button.clicked.connect(self.add_volunteer)
        row = QHBoxLayout()
        row.addWidget(self.add_volunteer_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.status = StatusLabel()
        self.status.setAccessibleName("Training log status")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        close = buttons.addButton("&Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        for button in (
            self.add_button,
            self.add_volunteer_button,
            self.rename_button,
            self.remove_button,
        ):
            button.setAutoDefault(False)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.sessions.clear()
        for held in self.service.sessions():
            who = held.who_attended
            item = QTreeWidgetItem([f"{held.held_on:%d/%m/%Y}", held.topic, held.led_by, who])
            item.setData(0, _ID, held.id)
            # A long list is cut off on screen: the tooltip (a name a line) and what a
            # screen reader hears carry all of it.
            if held.names:
                item.setToolTip(_WHO, "\n".join((who.split(":")[0] + ":", *held.names)))
            else:
                item.setToolTip(_WHO, who)
            item.setData(_WHO, Qt.ItemDataRole.AccessibleTextRole, who)
            self.sessions.addTopLevelItem(item)
        # Who attended takes the room left (the last column stretches), so the date,
        # topic and leader are never pushed out of sight by a long list.
        for column in range(_WHO):
            self.sessions.resizeColumnToContents(column)
            self.sessions.setColumnWidth(column, min(self.sessions.columnWidth(column), 240))
        self.roster.blockSignals(True)  # filling the list is not the lead ticking
        self.roster.clear()
        for person in self.service.volunteers():
            last = (
                f"last trained {person.last_trained_on:%d/%m/%Y}"
                if person.last_trained_on
                else "no training recorded"
            )
            item = _checkable(f"{person.name}: {last}", person.active, person.id, person.name)
            self.roster.addItem(item)
        self.roster.blockSignals(False)

    def _refresher_chosen(self) -> None:
        years = self.refresher.currentData()
        try:
            self.session.save_settings({"training_refresher_years": int(years)})
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText(f"Saved: refresher training every {_years(int(years))}.")

    def _active_changed(self, item: QListWidgetItem) -> None:
        active = item.checkState() == Qt.CheckState.Checked
        try:
            self.service.set_active(int(item.data(_ID)), active)
        except Exception as exc:
            show_error(self, exc)
            return
        self.status.setText(
            "Saved: volunteering with you now." if active else "Saved: no longer volunteering."
        )

    def add_volunteer(self) -> None:
        show_problem(self.new_volunteer_problem, None)
        try:
            self.service.add_volunteer(self.new_volunteer.text())
        except InvalidInput as exc:
            show_problem(self.new_volunteer_problem, exc.fields.get("name"))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.new_volunteer.clear()
        self.load()
        self.status.setText("Added to the volunteers.")

    def _chosen_volunteer(self) -> tuple[int, str] | None:
        item = self.roster.currentItem()
        if item is None:
            self.status.setText("Choose a volunteer in the list first.")
            self.roster.setFocus()
            return None
        return int(item.data(_ID)), str(item.data(_NAME))

    def open_rename(self) -> RenameVolunteerDialog | None:
        chosen = self._chosen_volunteer()
        if chosen is None:
            return None
        dialog = RenameVolunteerDialog(self.session, self.service, *chosen, parent=self)
        dialog.renamed.connect(lambda: self._changed("Name saved."))
        dialog.open()
        return dialog

    def ask_remove(self) -> QMessageBox | None:
        """Ask in plain words before the volunteer and their training record go."""
        chosen = self._chosen_volunteer()
        if chosen is None:
            return None
        volunteer_id, name = chosen
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove this volunteer?")  # never the name
        box.setAccessibleName("Remove this volunteer?")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a name is never mark-up
        box.setText(f"Remove {name} and their training record? This cannot be undone.")
        box.setInformativeText(
            "Their name comes off the volunteers and off every session they attended. "
            "The sessions stay, with their date, topic and who led them."
        )
        remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        remove.clicked.connect(lambda: self._remove(volunteer_id))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._remove_box_closed)
        self._remove_box = box
        box.open()  # not exec(): a lock must be able to close it without waiting
        return box

    def _remove_box_closed(self) -> None:
        if self._remove_box is not None:
            self._remove_box.setText("")  # it is deleted later; the name goes now
        self._remove_box = None

    def _remove(self, volunteer_id: int) -> None:
        try:
            self.service.remove_volunteer(volunteer_id)
        except InvalidInput as exc:  # gone already (another window removed them)
            self._changed(exc.fields.get("name", ""))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._changed("Removed, with their training record.")

    def _changed(self, words: str) -> None:
        self.load()
        self.status.setText(words)
        self.roster.setFocus()

    def open_add_session(self) -> AddSessionDialog:
        dialog = AddSessionDialog(self.session, self.service, self)
        dialog.added.connect(self._session_added)
        dialog.open()
        return dialog

    def _session_added(self) -> None:
        self.load()
        self.status.setText("Session saved.")
        self.sessions.setFocus()

    def wipe(self) -> None:
        if self._remove_box is not None:  # it names the volunteer
            self._remove_box.setText("")
            self._remove_box.reject()
            self._remove_box = None
        self.sessions.clear()
        self.roster.blockSignals(True)
        self.roster.clear()
        self.roster.blockSignals(False)
        self.status.clear()

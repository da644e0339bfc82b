"""The steps of the concern form. Each step copies its widgets into the Concern
(`store`), shows problems at its fields, and clears itself."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.concern.model import (
    LIMITS,
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
)
from ui.concern_form.fields import (
    DateEdit,
    LongText,
    RowsTable,
    format_date,
    parse_date,
    parse_time,
)
from ui.widgets import add_field, line_edit, show_problem

HOW_KNOWN_WORDS = {
    "saw": "I saw or heard it myself",
    "young-person-told": "The young person told me",
    "someone-else-told": "Someone else told me",
}
WHEN_WORDS = {
    "within-6-months": "In the last 6 months",
    "6-12-months": "6 to 12 months ago",
    "over-12-months": "More than 12 months ago",
}


def paragraph(text: str, role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class Step(QScrollArea):
    """A scrolling page of the form."""

    title = ""
    help_topic = "what-to-do"
    changed = Signal()

    def __init__(self, intro: str) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Pages scroll down, never sideways: long lines give way to the window's width.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(24, 12, 24, 12)
        heading = QLabel(self.title)
        heading.setProperty("role", "page-title")
        self.body.addWidget(heading)
        if intro:
            self.body.addWidget(paragraph(intro))
        self.setWidget(body)
        self.problems: dict[str, QLabel] = {}

    def form(self) -> QFormLayout:
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(layout)
        return layout

    def field(self, layout: QFormLayout, key: str, label: str, widget: QWidget,
              hint: str = "") -> QWidget:
        self.problems[key] = add_field(layout, label, widget, hint)
        for signal in ("textChanged", "toggled", "changed", "currentIndexChanged",
                       "valueChanged"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(lambda *_a: self.changed.emit())
        return widget

    def owns(self, key: str) -> str | None:
        """The field a problem belongs to here: "people.0.name" belongs to "people"."""
        parts = key.split(".")
        for end in range(len(parts), 0, -1):  # the longest known prefix wins
            candidate = ".".join(parts[:end])
            if candidate in self.problems:
                return candidate
        return None

    def show_problems(self, found: dict[str, str]) -> bool:
        mine: dict[str, str] = {}
        for key, message in found.items():
            owner = self.owns(key)
            if owner is not None:
                mine.setdefault(owner, message)
        for key, label in self.problems.items():
            show_problem(label, mine.get(key))
        return not mine

    def store(self, concern: Concern) -> dict[str, str]:
        """Copy the widgets into `concern`; return problems found while reading them."""
        return {}

    def clear(self) -> None:
        for label in self.problems.values():
            show_problem(label, None)


# -- step 1 -------------------------------------------------------------------------------
class DangerStep(Step):
    title = "Is anyone in danger right now?"
    help_topic = "what-to-do"

    def __init__(self, questions: list[tuple[str, str]]) -> None:
        super().__init__("Tick any that are true now. If none are, go on to the next step.")
        self.boxes: dict[str, QCheckBox] = {}
        for item_id, text in questions:
            box = QCheckBox(text)
            box.setAccessibleName(text)
            box.toggled.connect(lambda *_a: self.changed.emit())
            self.boxes[item_id] = box
            self.body.addWidget(box)
        self.body.addStretch(1)

    def ticked(self) -> tuple[str, ...]:
        return tuple(i for i, box in self.boxes.items() if box.isChecked())

    def store(self, concern: Concern) -> dict[str, str]:
        concern.danger = self.ticked()
        return {}

    def clear(self) -> None:
        super().clear()
        for box in self.boxes.values():
            box.setChecked(False)


class EmergencyPage(QWidget):
    """Full window: call 999 now. The form goes on afterwards to record it."""

    carry_on = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 20, 30, 20)
        heading = QLabel("Call 999 now")
        heading.setStyleSheet("font-size: 30pt; font-weight: bold;")
        heading.setAccessibleName("Call 999 now")
        layout.addWidget(heading)
        self.numbers = paragraph("")
        layout.addWidget(paragraph(
            "<p>Tell the police a child is in danger, where they are, and who they are with."
            "</p><ul>"
            "<li><b>Stay with the young person</b>, or keep them in sight, if it is safe.</li>"
            "<li><b>Do not confront</b> the person you think is harming them.</li>"
            "<li><b>Keep any evidence as it is</b>: phones, messages, clothes.</li>"
            "<li><b>Do not copy, forward or save sexual pictures</b> of a child, even to "
            "show the police.</li>"
            "<li>Then tell your designated lead.</li></ul>"))
        layout.addWidget(self.numbers)
        form = QFormLayout()
        self.called = QCheckBox("I have called 999")
        self.called.setAccessibleName("I have called 999")
        form.addRow(self.called)
        self.reference = line_edit(LIMITS["short"])
        self.reference_problem = add_field(form, "Police reference, if they gave one",
                                           self.reference)
        layout.addLayout(form)
        go_on = QPushButton("Continue, and record what happened")
        go_on.setProperty("role", "big")
        go_on.clicked.connect(self.carry_on.emit)
        layout.addWidget(go_on)
        layout.addStretch(1)

    def set_numbers(self, html: str) -> None:
        self.numbers.setText(html)

    def clear(self) -> None:
        self.called.setChecked(False)
        self.reference.clear()


# -- step 2 -------------------------------------------------------------------------------
class PersonStep(Step):
    title = "The young person"
    help_topic = "signs"

    def __init__(self) -> None:
        super().__init__("Write what you know. Leave a box empty if you do not know.")
        form = self.form()
        self.name = self.field(form, "young_person.name", "&Name", line_edit())
        self.known_as = self.field(form, "young_person.known_as", "Other names or nicknames",
                                   line_edit())
        self.dob = self.field(form, "young_person.date_of_birth", "&Date of birth",
                              DateEdit(), "If you do not know it, give an age below.")
        self.age = QSpinBox()
        self.age.setRange(0, 25)
        self.age.setSpecialValueText("Not known")
        self.field(form, "young_person.approximate_age", "&Age, roughly", self.age)
        self.adult_note = paragraph(
            "This guidance is about children and young people under 18. If this person is "
            "18 or over, talk to your designated lead about adult safeguarding (your "
            "council's adult social care). You can still record your concern here.",
            "field-error")
        self.adult_note.setAccessibleName("About people over 18")
        self.adult_note.hide()
        self.body.addWidget(self.adult_note)
        form2 = self.form()
        self.gender = self.field(form2, "young_person.gender", "Gender", line_edit())
        self.address = self.field(form2, "young_person.address", "Address",
                                  line_edit(LIMITS["medium"]))
        self.school = self.field(form2, "young_person.school", "School or college", line_edit())
        self.carers = self.field(form2, "young_person.carers",
                                 "Parents or carers, and how to reach them",
                                 line_edit(LIMITS["medium"]))
        self.language = self.field(form2, "young_person.first_language", "First language",
                                   line_edit())
        needs_row = QWidget()
        needs_layout = QHBoxLayout(needs_row)
        needs_layout.setContentsMargins(0, 0, 0, 0)
        self.needs = {
            "learning-disability": QCheckBox("Learning disability"),
            "autism": QCheckBox("Autism"),
            "other": QCheckBox("Other needs"),
        }
        for box in self.needs.values():
            box.setAccessibleName(f"Additional needs: {box.text()}")
            box.toggled.connect(lambda *_a: self.changed.emit())
            needs_layout.addWidget(box)
        needs_layout.addStretch(1)
        self.field(form2, "young_person.needs", "Additional needs", needs_row)
        self.needs_details = self.field(form2, "young_person.needs_details",
                                        "Additional needs: details",
                                        line_edit(LIMITS["medium"]))
        self.unsafe = QCheckBox("Contacting home could put the young person at risk")
        self.unsafe.setAccessibleName("Contacting home could put the young person at risk")
        self.unsafe.toggled.connect(lambda *_a: self.changed.emit())
        form2.addRow(self.unsafe)
        self.unsafe_reason = self.field(form2, "young_person.home_contact_unsafe_reason",
                                        "Why contacting home could be unsafe",
                                        line_edit(LIMITS["medium"]))
        self.body.addStretch(1)
        self.dob.textChanged.connect(self._check_adult)
        self.age.valueChanged.connect(self._check_adult)

    def age_now(self) -> int | None:
        try:
            born = parse_date(self.dob.text())
        except ValueError:
            born = None
        if born is not None:
            today = date.today()
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return self.age.value() or None

    def _check_adult(self, *_args) -> None:
        age = self.age_now()
        self.adult_note.setVisible(age is not None and age >= 18)

    def store(self, concern: Concern) -> dict[str, str]:
        found = {}
        person = concern.young_person
        person.name = self.name.text()
        person.known_as = self.known_as.text()
        try:
            person.date_of_birth = parse_date(self.dob.text())
        except ValueError as exc:
            found["young_person.date_of_birth"] = str(exc)
        person.approximate_age = self.age.value() or None
        person.gender = self.gender.text()
        person.address = self.address.text()
        person.school = self.school.text()
        person.carers = self.carers.text()
        person.first_language = self.language.text()
        person.needs = tuple(k for k, box in self.needs.items() if box.isChecked())
        person.needs_details = self.needs_details.text()
        person.home_contact_unsafe = self.unsafe.isChecked()
        person.home_contact_unsafe_reason = self.unsafe_reason.text()
        return found

    def clear(self) -> None:
        super().clear()
        for edit in (self.name, self.known_as, self.dob, self.gender, self.address,
                     self.school, self.carers, self.language, self.needs_details,
                     self.unsafe_reason):
            edit.clear()
        self.age.setValue(0)
        for box in (*self.needs.values(), self.unsafe):
            box.setChecked(False)


# -- step 3 -------------------------------------------------------------------------------
class HappenedStep(Step):
    title = "What happened"
    help_topic = "disclosures"

    def __init__(self) -> None:
        super().__init__("Write it down now, while you remember. Facts and the young "
                         "person's own words matter most.")
        form = self.form()
        self.when = self.field(form, "happened_on", "&Date it happened", DateEdit())
        self.time = self.field(form, "happened_time", "Time (if you know)", line_edit(8),
                               "For example 19:30.")
        self.where = self.field(form, "happened_where", "&Where", line_edit(LIMITS["medium"]))
        how_row = QWidget()
        how_layout = QVBoxLayout(how_row)
        how_layout.setContentsMargins(0, 0, 0, 0)
        self.how_group = QButtonGroup(self)
        self.how: dict[str, QRadioButton] = {}
        for key, words in HOW_KNOWN_WORDS.items():
            radio = QRadioButton(words)
            radio.setAccessibleName(words)
            radio.toggled.connect(lambda *_a: self.changed.emit())
            self.how_group.addButton(radio)
            self.how[key] = radio
            how_layout.addWidget(radio)
        self.how["saw"].setChecked(True)
        self.field(form, "how_known", "How do you know?", how_row)
        self.told_by = self.field(form, "told_by", "Who told you", line_edit(),
                                  "Only if someone else told you: their name and role.")
        self.own_words = self.field(
            form, "own_words", "The young person's own &words", LongText(LIMITS["long"]),
            "Write exactly what they said, in their words, even slang or swearing. Do not "
            "tidy it up.")
        self.observations = self.field(
            form, "observations", "What you saw or heard", LongText(LIMITS["long"]),
            "Facts, not opinions: what you saw, what you heard, who was there.")
        self.actions = self.field(
            form, "actions_taken", "What you did", LongText(LIMITS["long"]),
            "Who you told and when. Whether you phoned 999 or 101, and any reference.")
        self.phoned_101 = QCheckBox("I phoned the police on 101")
        self.phoned_101.setAccessibleName("I phoned the police on 101")
        form.addRow(self.phoned_101)
        self.reference = self.field(form, "police_reference", "Police reference",
                                    line_edit())

        involved = QGroupBox("Who else was involved")
        involved_layout = QVBoxLayout(involved)
        involved_layout.addWidget(paragraph(
            "Anyone or anything you can describe helps: adults, cars, places, phone numbers "
            "and online names. The police use these to protect other children too."))
        inv_form = QFormLayout()
        involved_layout.addLayout(inv_form)
        self.people = self.field(inv_form, "people", "People", RowsTable(
            ["Name", "Nickname", "Description", "Age, roughly"], "Add a person"))
        self.vehicles = self.field(inv_form, "vehicles", "Vehicles", RowsTable(
            ["Registration", "Make", "Colour", "Details"], "Add a vehicle"))
        self.places = self.field(inv_form, "places", "Places", RowsTable(
            ["Address or description"], "Add a place"))
        self.contacts = self.field(inv_form, "contacts", "Phone numbers and online names",
                                   RowsTable(["Phone number or username", "App or site"],
                                             "Add a number or name"))
        self.body.addWidget(involved)
        self.body.addStretch(1)

    def store(self, concern: Concern) -> dict[str, str]:
        found = {}
        try:
            concern.happened_on = parse_date(self.when.text())
        except ValueError as exc:
            found["happened_on"] = str(exc)
        try:
            concern.happened_time = parse_time(self.time.text())
        except ValueError as exc:
            found["happened_time"] = str(exc)
        concern.happened_where = self.where.text()
        concern.how_known = next(k for k, r in self.how.items() if r.isChecked())
        concern.told_by = self.told_by.text()
        concern.own_words = self.own_words.text()
        concern.observations = self.observations.text()
        concern.actions_taken = self.actions.text()
        concern.phoned_101 = self.phoned_101.isChecked()
        if self.reference.text():
            concern.police_reference = self.reference.text()
        concern.people = [InvolvedPerson(*row) for row in self.people.rows()]
        concern.vehicles = [Vehicle(*row) for row in self.vehicles.rows()]
        concern.places = [Place(*row) for row in self.places.rows()]
        concern.contacts = [
            OnlineContact("phone" if _looks_like_phone(value) else "username", value, site)
            for value, site in self.contacts.rows()
        ]
        return found

    def clear(self) -> None:
        super().clear()
        self.when.setText(format_date(date.today()))
        for edit in (self.time, self.where, self.told_by, self.own_words, self.observations,
                     self.actions, self.reference, self.people, self.vehicles, self.places,
                     self.contacts):
            edit.clear()
        self.how["saw"].setChecked(True)
        self.phoned_101.setChecked(False)


def _looks_like_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return digits >= 6 and all(ch.isdigit() or ch in " +()-." for ch in value)


# -- step 4 -------------------------------------------------------------------------------
class IndicatorRow(QWidget):
    """One checklist item: a tick box, its help, and (once ticked) when and how known."""

    changed = Signal()
    help_wanted = Signal(str)

    def __init__(self, item_id: str, text: str, hint: str, help_topic: str) -> None:
        super().__init__()
        self.item_id = item_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        top = QHBoxLayout()
        self.box = QCheckBox(text)
        self.box.setAccessibleName(text)
        self.box.setToolTip(text)  # the whole sentence, if a narrow window cuts it short
        self.box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if hint:
            self.box.setToolTip(f"{text}\n{hint}")
            self.box.setAccessibleDescription(hint)
        top.addWidget(self.box, 1)
        help_button = QPushButton("Help")
        help_button.setAccessibleName(f"Help with: {text}")
        help_button.clicked.connect(lambda: self.help_wanted.emit(help_topic))
        top.addWidget(help_button)
        layout.addLayout(top)
        self.details_row: QWidget | None = None  # built when first ticked: keeps opening fast
        self.box.toggled.connect(self._toggled)

    def _build_details(self) -> None:
        row = QWidget()
        form = QFormLayout(row)
        form.setContentsMargins(28, 0, 0, 6)
        self.when = QComboBox()
        for key, words in WHEN_WORDS.items():
            self.when.addItem(words, key)
        self.how = QComboBox()
        for key, words in HOW_KNOWN_WORDS.items():
            self.how.addItem(words, key)
        self.details = line_edit(LIMITS["long"])
        text = self.box.text()
        for label, widget in (("When last seen", self.when), ("How you know", self.how),
                              ("Details", self.details)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            widget.setAccessibleName(f"{label}: {text}")
            form.addRow(caption, widget)
        for signal in (self.when.currentIndexChanged, self.how.currentIndexChanged,
                       self.details.textChanged):
            signal.connect(lambda *_a: self.changed.emit())
        self.layout().addWidget(row)
        self.details_row = row

    def _toggled(self, ticked: bool) -> None:
        if ticked and self.details_row is None:
            self._build_details()
        if self.details_row is not None:
            self.details_row.setVisible(ticked)
        self.changed.emit()

    def answer(self) -> IndicatorAnswer | None:
        if not self.box.isChecked():
            return None
        return IndicatorAnswer(self.item_id, self.when.currentData(), self.how.currentData(),
                               self.details.text())

    def clear(self) -> None:
        self.box.setChecked(False)
        if self.details_row is not None:
            self.when.setCurrentIndex(0)
            self.how.setCurrentIndex(0)
            self.details.clear()


class ChecklistStep(Step):
    title = "Screening checklist"
    help_topic = "screening-checklist"
    help_wanted = Signal(str)

    def __init__(self, sections: list[tuple[str, list[tuple[str, str, str, str]]]]) -> None:
        super().__init__(
            "Tick anything you know to be true. For each one, say when you last saw it and "
            "how you know. It is fine to tick nothing: just go on.")
        self.rows: list[IndicatorRow] = []
        for heading, items in sections:
            group = QGroupBox(heading)
            group_layout = QVBoxLayout(group)
            for item_id, text, hint, topic in items:
                row = IndicatorRow(item_id, text, hint, topic)
                row.changed.connect(self.changed.emit)
                row.help_wanted.connect(self.help_wanted.emit)
                self.rows.append(row)
                group_layout.addWidget(row)
            self.body.addWidget(group)
        self.body.addStretch(1)

    def store(self, concern: Concern) -> dict[str, str]:
        concern.indicators = [a for a in (row.answer() for row in self.rows) if a]
        return {}

    def clear(self) -> None:
        super().clear()
        for row in self.rows:
            row.clear()


# -- step 5 and 6 -------------------------------------------------------------------------
class ResultStep(Step):
    title = "What the checklist suggests"
    help_topic = "screening-checklist"

    def __init__(self) -> None:
        super().__init__("")
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)
        self.view.setAccessibleName("Checklist result")
        self.view.setMinimumHeight(420)
        self.body.addWidget(self.view, 1)

    def show_html(self, html: str) -> None:
        self.view.setHtml(html)

    def clear(self) -> None:
        super().clear()
        self.view.clear()


class ReviewStep(Step):
    title = "Check and send"
    help_topic = "what-to-do"

    def __init__(self) -> None:
        super().__init__("Read it through. Go Back to change anything. When it is right, "
                         "add your details and press Send to the designated lead.")
        self.view = QTextBrowser()
        self.view.setAccessibleName("The whole record")
        self.view.setMinimumHeight(320)
        self.body.addWidget(self.view, 1)
        form = self.form()
        self.recorder_name = self.field(form, "recorder_name", "Your &name", line_edit())
        self.recorder_role = self.field(form, "recorder_role", "Your role", line_edit(),
                                        "For example: volunteer, youth worker, coach.")
        self.recorder_contact = self.field(form, "recorder_contact",
                                           "How the lead can reach you", line_edit(),
                                           "A phone number or email.")

    def store(self, concern: Concern) -> dict[str, str]:
        concern.recorder_name = self.recorder_name.text()
        concern.recorder_role = self.recorder_role.text()
        concern.recorder_contact = self.recorder_contact.text()
        return {}

    def show_html(self, html: str) -> None:
        self.view.setHtml(html)

    def clear(self) -> None:
        super().clear()
        self.view.clear()
        for edit in (self.recorder_name, self.recorder_role, self.recorder_contact):
            edit.clear()


class DonePage(QWidget):
    """After sending: the reference, who to tell now, and printing before clearing."""

    print_wanted = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 24, 30, 24)
        heading = QLabel("Thank you. Your concern has been sent.")
        heading.setProperty("role", "page-title")
        layout.addWidget(heading)
        self.message = paragraph("")
        self.message.setAccessibleName("What happens now")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.print_button = QPushButton("&Print this record")
        self.print_button.clicked.connect(self.print_wanted.emit)
        done = QPushButton("&Finish and clear the form")
        done.clicked.connect(self.finished.emit)
        row.addWidget(self.print_button)
        row.addWidget(done)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def clear(self) -> None:
        self.message.clear()

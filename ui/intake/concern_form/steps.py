"""The steps of the concern form. Each step copies its widgets into the Concern
(`store`), shows problems at its fields, and clears itself."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
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
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.intake.concern.model import (
    LIMITS,
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
)
from app.screening import vocabulary
from app.screening.summary import FOUND_OUT_QUESTION, HOW_WORDS, WHEN_CHOICES, WHEN_QUESTION
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import add_field, focus_field, focus_first_problem, line_edit, show_problem
from ui.intake.concern_form.fields import (
    DateEdit,
    LongText,
    RowsTable,
    format_date,
    parse_date,
    parse_time,
    wipe,
)
from ui.keys.key_words import KeyWordsPanel

HOW_KNOWN_WORDS = HOW_WORDS  # one wording, on screen and in the record
WHEN_WORDS = WHEN_CHOICES
ABOUT_LEAD_NOTE = (
    "At the end, this record will not be sent to the designated lead's letterbox. You will "
    "be shown the LADO's number and can print the record for the LADO or the designated "
    "trustee."
)


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
        self.heading = QLabel(self.title)
        self.heading.setProperty("role", "page-title")
        self.heading.setWordWrap(True)
        self.body.addWidget(self.heading)
        self.intro = paragraph(intro)
        self.body.addWidget(self.intro)
        # Hidden once in its layout: shown before, a parentless label flashes up as a
        # window of its own and takes the focus from the main window.
        self.intro.setVisible(bool(intro))
        self.setWidget(body)
        # The page scrolls with the focus; it is not a stop of its own for Tab.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems: dict[str, QLabel] = {}

    def first_field(self) -> QWidget | None:
        """Where the focus goes when the step opens: its first field, not Next."""
        widget = self.widget().nextInFocusChain()
        while widget is not None and widget is not self.widget():
            if (
                self.widget().isAncestorOf(widget)
                and widget.isVisibleTo(self)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def form(self) -> QFormLayout:
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(layout)
        return layout

    def field(
        self, layout: QFormLayout, key: str, label: str, widget: QWidget, hint: str = ""
    ) -> QWidget:
        self.problems[key] = add_field(layout, label, widget, hint)
        for signal in ("textChanged", "toggled", "changed", "currentIndexChanged", "valueChanged"):
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

    def focus_first_problem(self) -> bool:
        """After a failed Next or Send: the cursor to the first field with a problem, where
        a screen reader reads the field with its problem."""
        return focus_first_problem(self.problems.values())

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

        # cse-facts.md §8.3 rule 8: asked before the checklist, whatever the answers there.
        question = vocabulary.ABOUT_ADULT_QUESTION
        self.about_group = QGroupBox(question)
        self.about_group.setAccessibleName(question)
        # The question in bold, its answers and notes in the usual weight.
        bold = self.about_group.font()
        normal = self.about_group.font()
        bold.setBold(True)
        self.about_group.setFont(bold)
        about_layout = QVBoxLayout(self.about_group)
        self.about_buttons = QButtonGroup(self)
        self.about: dict[str, QRadioButton] = {}
        for key, words in vocabulary.ABOUT_ADULT_WORDS.items():
            radio = QRadioButton(words)
            radio.setAccessibleName(words)
            radio.toggled.connect(lambda *_a: self._about_changed())
            self.about_buttons.addButton(radio)
            self.about[key] = radio
            about_layout.addWidget(radio)
        hint = paragraph("If it is, do not tell the person, and do not ask them about it.", "hint")
        self.about_group.setAccessibleDescription(hint.text())
        about_layout.addWidget(hint)
        self.about_note = paragraph(ABOUT_LEAD_NOTE)
        self.about_note.hide()
        about_layout.addWidget(self.about_note)
        for child in (*self.about.values(), hint, self.about_note):
            child.setFont(normal)
        self.about["no"].setChecked(True)
        self.body.addSpacing(12)
        self.body.addWidget(self.about_group)
        self.about_problem = paragraph("", "field-error")
        self.about_problem.field = self.about["no"]  # where a failed Next puts the cursor
        self.about_problem.hide()
        self.body.addWidget(self.about_problem)
        self.problems["about_adult"] = self.about_problem
        self.body.addStretch(1)

    def ticked(self) -> tuple[str, ...]:
        return tuple(i for i, box in self.boxes.items() if box.isChecked())

    def about_adult(self) -> str:
        return next((k for k, radio in self.about.items() if radio.isChecked()), "no")

    def _about_changed(self) -> None:
        self.about_note.setVisible(self.about_adult() == "lead")
        self.changed.emit()

    def store(self, concern: Concern) -> dict[str, str]:
        concern.danger = self.ticked()
        concern.about_adult = self.about_adult()
        return {}

    def clear(self) -> None:
        super().clear()
        for box in self.boxes.values():
            box.setChecked(False)
        self.about["no"].setChecked(True)


def scrolling_body(area: QScrollArea) -> QVBoxLayout:
    """Make `area` a page that scrolls down (never sideways) and return its layout: at
    150% text on a small screen a page is taller than the window."""
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it scrolls with the focus; no Tab stop
    body = QWidget()
    area.setWidget(body)
    return QVBoxLayout(body)


class EmergencyPage(QScrollArea):
    """Full window: call 999 now. The form goes on afterwards to record it."""

    carry_on = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = scrolling_body(self)
        layout.setContentsMargins(30, 20, 30, 20)
        heading = QLabel("Call 999 now")
        heading.setStyleSheet("font-size: 30pt; font-weight: bold;")
        heading.setAccessibleName("Call 999 now")
        layout.addWidget(heading)
        self.numbers = paragraph("")
        self.advice = paragraph(self._advice("your designated lead"))
        layout.addWidget(self.advice)
        layout.addWidget(self.numbers)
        form = QFormLayout()
        self.called = QCheckBox("I have called 999")
        self.called.setAccessibleName("I have called 999")
        form.addRow(self.called)
        self.reference = line_edit(LIMITS["short"])
        self.reference_problem = add_field(
            form, "Police reference, if they gave one", self.reference
        )
        layout.addLayout(form)
        go_on = QPushButton("Continue, and record what happened")
        go_on.setProperty("role", "big")
        go_on.clicked.connect(self.carry_on.emit)
        layout.addWidget(go_on)
        layout.addStretch(1)

    @staticmethod
    def _advice(tell: str) -> str:
        return (
            "<p>Tell the police a child is in danger, where they are, and who they are "
            "with.</p><ul>"
            "<li><b>Stay with the young person</b>, or keep them in sight, if it is "
            "safe.</li>"
            "<li><b>Do not confront</b> the person you think is harming them.</li>"
            "<li><b>Keep any evidence as it is</b>: phones, messages, clothes.</li>"
            "<li><b>Do not copy, forward or save sexual pictures</b> of a child, even to "
            "show the police.</li>"
            f"<li>Then tell {tell}.</li></ul>"
        )

    def set_numbers(self, html: str, about_lead: bool = False) -> None:
        self.numbers.setText(html)
        self.advice.setText(
            self._advice(
                "the deputy lead or the designated trustee, not the designated lead"
                if about_lead
                else "your designated lead"
            )
        )

    def clear(self) -> None:
        self.called.setChecked(False)
        wipe(self.reference)


# -- step 2 -------------------------------------------------------------------------------
class PersonStep(Step):
    title = "The young person"
    help_topic = "signs"

    def __init__(self) -> None:
        super().__init__("Write what you know. Leave a box empty if you do not know.")
        form = self.form()
        self.name = self.field(form, "young_person.name", "Na&me", line_edit())
        self.known_as = self.field(
            form, "young_person.known_as", "Other names or nicknames", line_edit()
        )
        self.dob = self.field(
            form,
            "young_person.date_of_birth",
            "&Date of birth",
            DateEdit(),
            "If you do not know it, give an age below.",
        )
        self.age = QSpinBox()
        self.age.setRange(0, 25)
        self.age.setSpecialValueText("Not known")
        self.field(form, "young_person.approximate_age", "&Age, roughly", self.age)
        self.adult_note = paragraph(
            "This guidance is about children and young people under 18. If this person is "
            "18 or over, talk to your designated lead about adult safeguarding (your "
            "council's adult social care). You can still record your concern here.",
            "field-error",
        )
        self.adult_note.setAccessibleName("About people over 18")
        self.adult_note.setAccessibleDescription(self.adult_note.text())  # not hidden by it
        self.adult_note.hide()
        # One form for the whole step, so every label and box lines up in two columns
        # (two forms, split by this note, each sized their own label column).
        form.addRow(self.adult_note)
        self.gender = self.field(form, "young_person.gender", "Gender", line_edit())
        self.address = self.field(
            form, "young_person.address", "Address", line_edit(LIMITS["medium"])
        )
        self.school = self.field(form, "young_person.school", "School or college", line_edit())
        self.carers = self.field(
            form,
            "young_person.carers",
            "Parents or carers, and how to reach them",
            line_edit(LIMITS["medium"]),
        )
        self.language = self.field(
            form, "young_person.first_language", "First language", line_edit()
        )
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
        self.field(form, "young_person.needs", "Additional needs", needs_row)
        self.needs_details = self.field(
            form,
            "young_person.needs_details",
            "Additional needs: details",
            line_edit(LIMITS["medium"]),
        )
        self.unsafe = QCheckBox("Contacting home could put the young person at risk")
        self.unsafe.setAccessibleName("Contacting home could put the young person at risk")
        self.unsafe.toggled.connect(lambda *_a: self.changed.emit())
        # In the boxes' column, under the needs, with no empty label beside it.
        form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, self.unsafe)
        self.unsafe_reason = self.field(
            form,
            "young_person.home_contact_unsafe_reason",
            "Why contacting home could be unsafe",
            line_edit(LIMITS["medium"]),
        )
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
        for edit in (
            self.name,
            self.known_as,
            self.dob,
            self.gender,
            self.address,
            self.school,
            self.carers,
            self.language,
            self.needs_details,
            self.unsafe_reason,
        ):
            wipe(edit)
        self.age.setValue(0)
        for box in (*self.needs.values(), self.unsafe):
            box.setChecked(False)


# -- step 3 -------------------------------------------------------------------------------
class HappenedStep(Step):
    title = "What happened"
    help_topic = "disclosures"

    def __init__(self) -> None:
        super().__init__(
            "Write it down now, while you remember. Facts and the young "
            "person's own words matter most."
        )
        form = self.form()
        self.when = self.field(form, "happened_on", "&Date it happened", DateEdit())
        self.time = self.field(
            form, "happened_time", "Time (if you know)", line_edit(8), "For example 19:30."
        )
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
        self.told_by = self.field(
            form,
            "told_by",
            "Who told you",
            line_edit(),
            "Only if someone else told you: their name and role.",
        )
        self.own_words = self.field(
            form,
            "own_words",
            "The young person's own wo&rds",
            LongText(LIMITS["long"]),
            "Write exactly what they said, in their words, even slang or swearing. Do not "
            "tidy it up.",
        )
        self.observations = self.field(
            form,
            "observations",
            "What you saw or heard",
            LongText(LIMITS["long"]),
            "Facts, not opinions: what you saw, what you heard, who was there.",
        )
        self.actions = self.field(
            form,
            "actions_taken",
            "What you did",
            LongText(LIMITS["long"]),
            "Who you told and when. Whether you phoned 999 or 101, and any reference.",
        )
        self.phoned_101 = QCheckBox("I phoned the police on 101")
        self.phoned_101.setAccessibleName("I phoned the police on 101")
        form.addRow(self.phoned_101)
        self.reference = self.field(form, "police_reference", "Police reference", line_edit())

        involved = QGroupBox("Who else was involved")
        involved_layout = QVBoxLayout(involved)
        involved_layout.addWidget(
            paragraph(
                "Anyone or anything you can describe helps: adults, cars, places, phone numbers "
                "and online names. The police use these to protect other children too."
            )
        )
        inv_form = QFormLayout()
        involved_layout.addLayout(inv_form)
        self.people = self.field(
            inv_form,
            "people",
            "People",
            RowsTable(
                ["Name", "Nickname", "Description", "Age, roughly"],
                "Add a &person",
                "Remove the selected person",
            ),
        )
        self.vehicles = self.field(
            inv_form,
            "vehicles",
            "Vehicles",
            RowsTable(
                ["Registration", "Make", "Colour", "Details"],
                "Add a &vehicle",
                "Remove the selected vehicle",
            ),
        )
        self.places = self.field(
            inv_form,
            "places",
            "Places",
            RowsTable(["Address or description"], "Add a pl&ace", "Remove the selected place"),
        )
        self.contacts = self.field(
            inv_form,
            "contacts",
            "Phone numbers and online names",
            RowsTable(
                ["Phone number or username", "App or site"],
                "Add a n&umber or name",
                "Remove the selected number or name",
            ),
        )
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
        wipe(self.when, format_date(date.today()))
        for edit in (
            self.time,
            self.where,
            self.told_by,
            self.own_words,
            self.observations,
            self.actions,
            self.reference,
        ):
            wipe(edit)
        for table in (self.people, self.vehicles, self.places, self.contacts):
            table.clear()
        self.how["saw"].setChecked(True)
        self.phoned_101.setChecked(False)


def _looks_like_phone(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return digits >= 6 and all(ch.isdigit() or ch in " +()-." for ch in value)


# -- step 4 -------------------------------------------------------------------------------
def _row_name(label: str, item_text: str) -> str:
    """A ticked item's field, named with the item it belongs to (read by screen readers
    and used by the tests): "When did you find out? Has money, clothes…"."""
    return f"{label} {item_text}" if label.endswith("?") else f"{label}: {item_text}"


FOUND_OUT_HINT = (
    "Today's date is filled in. Change it if you found out earlier: day, "
    "month, year, for example 23/04/2011."
)
KEYS_HINT = (
    "With the keyboard: Up and Down move between signs, Space ticks one, Page Down "
    "jumps to the next section (from the last, to Next), F1 explains a sign, and "
    "Alt+N goes to the next step."
)


class WrappingCheckBox(QCheckBox):
    """A tick box whose words wrap onto more lines instead of being cut off, at large
    text sizes or in a narrow window. Its text and accessible name stay the whole item."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._heights: dict[tuple[int, str, str], int] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def _line_height(self) -> int:
        return super().sizeHint().height()

    def _text_rect(self, width: int) -> QRect:
        option = self._option()
        option.rect = QRect(0, 0, width, self._line_height())
        contents = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        top = max((self._line_height() - self.fontMetrics().height()) // 2, 0)
        return QRect(contents.left() + 2, top, contents.width() - 2, 10_000)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Layouts ask this many times a pass with the same few widths (the checklist has
        # dozens of these boxes), and measuring wrapped text is the slow part: remember
        # the answers until the text, the font or the style changes.
        key = (width, self.text(), self.font().key())
        height = self._heights.get(key)
        if height is None:
            area = self._text_rect(width)
            flags = int(Qt.TextFlag.TextWordWrap)
            used = self.fontMetrics().boundingRect(area, flags, self.text())
            height = max(self._line_height(), area.top() + used.height() + 4)
            if len(self._heights) > 64:
                self._heights.clear()
            self._heights[key] = height
        return height

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._heights.clear()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(max(hint.width(), 200)))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._line_height())

    def hitButton(self, pos) -> bool:
        return self.rect().contains(pos)  # the words too, on every line

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        option = self._option()
        option.text = ""  # the box only, beside the first line; the words are drawn wrapped
        option.rect = QRect(0, 0, self.width(), self._line_height())
        self.style().drawControl(QStyle.ControlElement.CE_CheckBox, option, painter, self)
        area = self._text_rect(self.width())
        area.setHeight(self.height() - area.top())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            area, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop), self.text()
        )
        if self.hasFocus():
            focus = QStyleOptionFocusRect()
            focus.initFrom(self)
            focus.rect = painter.boundingRect(
                area, int(Qt.TextFlag.TextWordWrap), self.text()
            ).adjusted(-2, 0, 2, 0)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self
            )


class IndicatorRow(QWidget):
    """One checklist item: a tick box, its help, and (once ticked) its two dates (when it
    happened or was last seen, and when the recorder found out), how known and details."""

    changed = Signal()
    help_wanted = Signal(str)

    def __init__(
        self, item_id: str, text: str, hint: str, help_topic: str, sources: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.item_id = item_id
        self.hint = hint
        self.help_topic = help_topic
        self.sources = sources
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        top = QHBoxLayout()
        self.box = WrappingCheckBox(text)
        self.box.setAccessibleName(text)
        self.box.setToolTip(text)
        if hint:
            self.box.setToolTip(f"{text}\n{hint}")
            self.box.setAccessibleDescription(hint)
        top.addWidget(self.box, 1)
        help_button = QPushButton("Help")
        self.help_button = help_button
        help_button.setAccessibleName(f"Help with: {text}")
        # Out of the Tab chain (85 items would be 170 Tabs): F1 on the item opens it.
        help_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        help_button.setToolTip("Help with this sign (F1)")
        help_button.clicked.connect(self.show_help)
        top.addWidget(help_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.details_row: QWidget | None = None  # built when first ticked: keeps opening fast
        self.messages: dict[str, QLabel] = {}
        self.box.toggled.connect(self._toggled)

    @property
    def text(self) -> str:
        return self.box.text()

    def _build_details(self) -> None:
        row = QWidget()
        form = QFormLayout(row)
        form.setContentsMargins(28, 0, 0, 6)
        # Each question on its own line above its answer: the questions are sentences, and
        # squeezed into a label column they break after two words.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.when = QComboBox()
        for key, words in WHEN_WORDS.items():
            self.when.addItem(words, key)
        self.found_out = DateEdit()
        self.found_out.setText(format_date(date.today()))
        # A date is short: a box as wide as the window would look like room for a story.
        self.found_out.setMaximumWidth(
            self.found_out.fontMetrics().horizontalAdvance("00/00/00000") + 24
        )
        self.how = QComboBox()
        for key, words in HOW_KNOWN_WORDS.items():
            self.how.addItem(words, key)
        self.details = line_edit(LIMITS["long"])
        self.inputs = {
            "when_last_seen": self.when,
            "found_out_on": self.found_out,
            "how_known": self.how,
            "details": self.details,
        }
        for key, label, widget, hint in (
            ("when_last_seen", WHEN_QUESTION, self.when, ""),
            ("found_out_on", FOUND_OUT_QUESTION, self.found_out, FOUND_OUT_HINT),
            ("how_known", "How you know", self.how, ""),
            ("details", "Details", self.details, ""),
        ):
            caption = QLabel(label)  # on its own line: no wrapping needed
            caption.setBuddy(widget.focusProxy() or widget)  # as add_field's
            widget.setAccessibleName(_row_name(label, self.text))
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            if hint:
                note = paragraph(hint, "hint")
                widget.setAccessibleDescription(hint)
                box.addWidget(note)
            # No fixed accessible name on a message that changes: a screen reader would read
            # the name only. The field's description carries the message instead.
            message = paragraph("", "field-error")
            message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            message.hide()
            box.addWidget(message)
            self.messages[key] = message
            form.addRow(caption, column)
        for signal in (
            self.when.currentIndexChanged,
            self.how.currentIndexChanged,
            self.details.textChanged,
            self.found_out.textChanged,
        ):
            signal.connect(lambda *_a: self.changed.emit())
        # A message is about what was there at Next: once the field is changed, it goes.
        self.found_out.textChanged.connect(lambda *_a: self._edited("found_out_on"))
        self.details.textChanged.connect(lambda *_a: self._edited("details"))
        self.layout().addWidget(row)
        self.details_row = row
        # Built on the first tick, so Qt would put these last in the Tab order (after
        # Next): put them straight after this item's Help, where the eye expects them.
        previous: QWidget = self.help_button
        for widget in (self.when, self.found_out, self.how, self.details):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def _edited(self, key: str) -> None:
        if self.messages[key].isVisible():
            show_problem(self.messages[key], None)
            self.inputs[key].setAccessibleDescription(
                FOUND_OUT_HINT if key == "found_out_on" else ""
            )

    def _toggled(self, ticked: bool) -> None:
        if ticked and self.details_row is None:
            self._build_details()
        if self.details_row is not None:
            self.details_row.setVisible(ticked)
        self.changed.emit()

    def answer(self) -> tuple[IndicatorAnswer | None, str]:
        """The answer when ticked, and a problem reading the date ("" when none)."""
        if not self.box.isChecked():
            return None, ""
        problem = ""
        try:
            found_out = parse_date(self.found_out.text())
        except ValueError as exc:
            found_out, problem = None, str(exc)
        return IndicatorAnswer(
            self.item_id,
            self.when.currentData(),
            self.how.currentData(),
            self.details.text(),
            found_out_on=found_out,
        ), problem

    def show_problems(self, found: dict[str, str]) -> None:
        """Show each problem at its field (anything else at the details)."""
        if self.details_row is None:
            return
        placed = {(k if k in self.messages else "details"): m for k, m in found.items()}
        for key, message in self.messages.items():
            text = placed.get(key)
            show_problem(message, text)
            self.inputs[key].setAccessibleDescription(
                text or (FOUND_OUT_HINT if key == "found_out_on" else "")
            )

    def show_help(self) -> None:
        SignHelp(
            self, self.text, self.hint, self.sources, self.help_topic, self.help_wanted.emit
        ).open()

    def clear(self) -> None:
        self.box.setChecked(False)
        if self.details_row is not None:
            self.when.setCurrentIndex(0)
            self.how.setCurrentIndex(0)
            wipe(self.details)
            wipe(self.found_out, format_date(date.today()))
            self.show_problems({})


class SignHelp(QDialog):
    """A checklist item's own help: the item, its hint, where it comes from (the published
    tools and their ratings), and the way on to the full help topic. Escape closes it."""

    TITLE = "About this sign"

    def __init__(
        self,
        parent: QWidget,
        text: str,
        hint: str,
        sources: tuple[str, ...],
        topic: str,
        open_topic,
    ) -> None:
        super().__init__(parent)
        from html import escape

        from app.help.topics import library

        self.setWindowTitle(self.TITLE)
        self.setAccessibleName(self.TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        fit_to_screen(self, 600, 420)  # fits a 1024x768 screen at 150% text
        layout = QVBoxLayout(self)
        shown = [f"<p><b>{escape(text)}</b></p>"]
        if hint:
            shown.append(f"<p>{escape(hint)}</p>")
        shown.append("<h3>Where this comes from</h3>")
        if sources:
            shown.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in sources) + "</ul>")
        else:
            shown.append("<p>The checklist as a whole, as the help topic explains.</p>")
        shown.append(
            "<p>Ticking it does not prove anything on its own: the checklist puts "
            "what you know together, and your designated lead decides.</p>"
        )
        self.view = QTextBrowser()
        self.view.setAccessibleName(self.TITLE)
        self.view.setTabChangesFocus(True)
        self.view.setHtml("".join(shown))
        layout.addWidget(self.view, 1)
        try:
            title = library().topic(topic).title
        except KeyError:
            title = "the help for this part"
        row = QHBoxLayout()
        self.more = QPushButton(f"Read the help: {title}")
        self.more.clicked.connect(lambda: (self.accept(), open_topic(topic)))
        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.reject)
        row.addWidget(self.more)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.view.setFocus()


class ChecklistStep(Step):
    title = "Screening checklist"
    help_topic = "screening-checklist"
    help_wanted = Signal(str)
    past_the_end = Signal()  # Page Down in the last section

    def __init__(self, sections: list[tuple[str, list[tuple]]]) -> None:
        super().__init__(
            "Tick anything you know to be true. For each one, say when it happened or you "
            "last saw it, when you found out, and how you know. It is fine to tick nothing: "
            "just go on."
        )
        self.general_problem = paragraph("", "field-error")
        self.general_problem.hide()
        self.body.addWidget(self.general_problem)
        self.body.addWidget(paragraph(KEYS_HINT, "hint"))
        self.rows: list[IndicatorRow] = []
        self.sections: list[list[IndicatorRow]] = []
        for heading, items in sections:
            group = QGroupBox(heading)
            group.setAccessibleName(heading)
            group_layout = QVBoxLayout(group)
            self.sections.append([])
            for item in items:
                row = IndicatorRow(*item)
                row.changed.connect(self.changed.emit)
                row.help_wanted.connect(self.help_wanted.emit)
                row.box.installEventFilter(self)
                self.rows.append(row)
                self.sections[-1].append(row)
                group_layout.addWidget(row)
            self.body.addWidget(group)
        self.body.addStretch(1)

    def eventFilter(self, watched, event) -> bool:
        """On a sign: Up and Down go to the sign before or after, Page Down (or
        Ctrl+Down) to the next section's first sign (from the last section, to Next),
        Page Up (or Ctrl+Up) back one section, and F1 opens the sign's help."""
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F1:
            event.accept()  # F1 on a sign is its own help, not the form's step help
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        row = next((r for r in self.rows if r.box is watched), None)
        if row is None:
            return False
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        index = self.rows.index(row)
        section = next(n for n, rows in enumerate(self.sections) if row in rows)
        target = None
        if key == Qt.Key.Key_F1:
            row.show_help()
            return True
        if key == Qt.Key.Key_PageDown or (ctrl and key == Qt.Key.Key_Down):
            if section + 1 < len(self.sections):
                target = self.sections[section + 1][0]
            else:
                self.past_the_end.emit()  # from the last section: on to Next
                return True
        elif key == Qt.Key.Key_PageUp or (ctrl and key == Qt.Key.Key_Up):
            first = self.sections[section][0]
            target = first if row is not first or section == 0 else self.sections[section - 1][0]
        elif key == Qt.Key.Key_Down and not ctrl:
            target = self.rows[index + 1] if index + 1 < len(self.rows) else None
        elif key == Qt.Key.Key_Up and not ctrl:
            target = self.rows[index - 1] if index > 0 else None
        else:
            return False
        if target is not None:
            target.box.setFocus(Qt.FocusReason.TabFocusReason)
            self.ensureWidgetVisible(target, 50, 80)
        return True

    def ticked(self) -> list[IndicatorRow]:
        """The ticked rows, in the order their answers are stored ("indicators.N")."""
        return [row for row in self.rows if row.box.isChecked()]

    def owns(self, key: str) -> str | None:
        return "indicators" if key.split(".", 1)[0] == "indicators" else None

    def show_problems(self, found: dict[str, str]) -> bool:
        ticked = self.ticked()
        per_row: dict[int, dict[str, str]] = {}
        general = ""
        for key, message in found.items():
            parts = key.split(".")
            if parts[0] != "indicators":
                continue
            if len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(ticked):
                per_row.setdefault(int(parts[1]), {}).setdefault(parts[2], message)
            else:
                general = general or message
        # Where the focus goes is focus_first_problem's job, as on every step.
        for n, row in enumerate(ticked):
            row.show_problems(per_row.get(n, {}))
        for row in self.rows:
            if not row.box.isChecked():
                row.show_problems({})
        show_problem(self.general_problem, general or None)
        return not per_row and not general

    def focus_first_problem(self) -> bool:
        for row in self.ticked():
            for key, message in row.messages.items():
                if message.text():
                    focus_field(row.inputs[key])
                    return True
        if self.general_problem.text():
            # A problem with the checklist as a whole: the message itself takes the focus,
            # so it is read out (as the Sent page's is), rather than the focus staying on Next.
            self.general_problem.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            focus_field(self.general_problem)
            return True
        return False

    def store(self, concern: Concern) -> dict[str, str]:
        found: dict[str, str] = {}
        answers: list[IndicatorAnswer] = []
        for row in self.ticked():
            answer, problem = row.answer()
            if problem:
                found[f"indicators.{len(answers)}.found_out_on"] = problem
            answers.append(answer)
        concern.indicators = answers
        return found

    def clear(self) -> None:
        super().clear()
        show_problem(self.general_problem, None)
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
    print_wanted = Signal()
    send_anyway_wanted = Signal()

    TITLE_ABOUT_LEAD = "Check and print"
    INTRO = (
        "Read it through. Go Back to change anything. When it is right, add your "
        "details and press Send to the designated lead."
    )
    INTRO_ABOUT_LEAD = (
        "Read it through. Go Back to change anything. Add your details so "
        "the LADO or the designated trustee can reach you."
    )

    def __init__(self) -> None:
        super().__init__(self.INTRO)
        # The words of the key it will be sealed to (app/keys/key_words.py): at the top,
        # so they are seen before Send however small the screen.
        self.key_words = KeyWordsPanel("It will be sealed for your organisation's lead:")
        self.body.addWidget(self.key_words)
        # When the worry is about the designated lead (§8.3 rule 8): why it is not sent,
        # what to do instead, and the two ways on. Hidden otherwise.
        self.about_lead = QFrame()
        self.about_lead.setObjectName("AboutLead")
        self.about_lead.setFrameShape(QFrame.Shape.StyledPanel)
        self.about_lead.setStyleSheet(
            "QFrame#AboutLead { background: #fff4ce; border: 2px solid #8a6d00; }"
            "QFrame#AboutLead QLabel { color: #000; }"
        )
        panel = QVBoxLayout(self.about_lead)
        heading = QLabel("This worry is about the designated lead")
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        heading.setWordWrap(True)
        panel.addWidget(heading)
        # Its text changes with the settings: no fixed accessible name (see design notes).
        self.about_lead_text = paragraph("")
        self.about_lead_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        panel.addWidget(self.about_lead_text)
        buttons = QHBoxLayout()
        self.print_button = QPushButton("&Print this record")
        self.print_button.clicked.connect(self.print_wanted.emit)
        self.send_anyway = QPushButton("Send it to the letterbox anyway…")
        self.send_anyway.clicked.connect(self.send_anyway_wanted.emit)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_anyway)
        panel.addLayout(buttons)
        self.about_lead.hide()
        self.body.addWidget(self.about_lead)

        self.view = QTextBrowser()
        self.view.setAccessibleName("The whole record")
        self.view.setMinimumHeight(320)
        self.body.addWidget(self.view, 1)
        form = self.form()
        self.recorder_name = self.field(form, "recorder_name", "Your &name", line_edit())
        self.recorder_role = self.field(
            form,
            "recorder_role",
            "Your role",
            line_edit(),
            "For example: volunteer, youth worker, coach.",
        )
        self.recorder_contact = self.field(
            form,
            "recorder_contact",
            "How to reach you",
            line_edit(),
            "A phone number or email, so you can be asked about this.",
        )

    def set_about_lead(self, html: str | None, unlocked: bool = False) -> None:
        """Show the about-the-lead panel with `html`, or hide it (None)."""
        self.about_lead.setVisible(html is not None)
        self.about_lead_text.setText(html or "")
        self.intro.setText(self.INTRO_ABOUT_LEAD if html is not None else self.INTRO)
        # Nothing is sent by default, so the step's name does not say "send".
        self.title = self.TITLE_ABOUT_LEAD if html is not None else ReviewStep.title
        self.heading.setText(self.title)
        self.send_anyway.setText(
            "Save it in the records anyway…" if unlocked else "Send it to the letterbox anyway…"
        )

    def first_field(self) -> QWidget | None:
        # The record is above, a Shift+Tab away; what is left to do is print (about the
        # lead) or add your details.
        return self.print_button if self.about_lead.isVisibleTo(self) else self.recorder_name

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
        self.set_about_lead(None)
        self.key_words.set_words("")
        for edit in (self.recorder_name, self.recorder_role, self.recorder_contact):
            wipe(edit)


class DonePage(QScrollArea):
    """After sending: the reference, who to tell now, and printing before clearing."""

    print_wanted = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = scrolling_body(self)
        layout.setContentsMargins(30, 24, 30, 24)
        heading = QLabel("Thank you. Your concern has been sent.")
        heading.setProperty("role", "page-title")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        # No fixed accessible name: it is read by its text (the reference, who to tell and
        # their phone), and it takes the focus when the page opens so that is what is heard.
        self.message = paragraph("")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.message)
        self.key_words = KeyWordsPanel("It was sealed for your organisation's lead:")
        layout.addWidget(self.key_words)
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
        self.message.setText("")
        self.key_words.set_words("")

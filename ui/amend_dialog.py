"""Correcting a record (designated lead or deputy), and every version of it side by side.

"Correct this record" shows the concern's main fields filled in as they stand, and asks
why it is being corrected. Save makes a new version: the record as it was stays readable
as an earlier version, nothing is overwritten and nothing is deleted. A refusal is shown
at the field it is about and nothing typed is cleared; everything the dialog held is
blanked when it closes (and a lock closes it without asking).

"Versions of this record" puts two versions side by side, each chosen from a list, with
the fields each version changed, and those that differ between the two, named above it.

`VersionBar` is what the records page shows beside "Print this record": the two buttons,
and the line saying which version is on screen.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.amendments import MAX_REASON, REASON, Amendments, Version, diff, field_words
from app.concern.codec import to_dict
from app.concern.model import LIMITS, Concern
from app.errors import AppError, InvalidInput
from app.session import Session
from ui.concern_form.fields import DateEdit, LongText, format_date, parse_date
from ui.errors import show_error
from ui.widgets import add_field, line_edit, plain_label, show_problem

TITLE = "Correct this record"
VERSIONS_TITLE = "Versions of this record"
CORRECT_BUTTON = "Corr&ect this record…"
VERSIONS_BUTTON = "Show earlier &versions"

# The fields the dialog corrects: (field path, label, kind of box).
FIELDS = (
    ("young_person.name", "Young person's &name", "short"),
    ("young_person.known_as", "Other names or nicknames", "short"),
    ("young_person.date_of_birth", "Date of &birth", "date"),
    ("young_person.school", "School or college", "short"),
    ("happened_where", "Where it happened", "medium"),
    ("own_words", "The young person's own &words", "long"),
    ("observations", "What was seen or heard", "long"),
    ("actions_taken", "What was done", "long"),
    ("recorder_name", "Recorded by: name", "short"),
    ("recorder_role", "Recorded by: role", "short"),
)


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else ""


def _get(concern: Concern, path: str) -> object:
    head, _, rest = path.partition(".")
    value = getattr(concern, head)
    return getattr(value, rest) if rest else value


def version_words(number: int, corrected_at: datetime | None) -> str:
    """'Version 2 (corrected on 12/05/2026 10:00)', or 'Version 1 (as recorded)'."""
    if number <= 1 or corrected_at is None:
        return "Version 1 (as recorded)"
    return f"Version {number} (corrected on {_local(corrected_at)})"


# -- correcting --------------------------------------------------------------------------
class CorrectDialog(QDialog):
    """The concern's main fields, prefilled; a reason; Save makes the next version."""

    saved = Signal(str, int)  # reference, the new version's number

    def __init__(self, session: Session, reference: str, concern: Concern, version: int,
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setMinimumSize(640, 560)
        self.service = Amendments(session)
        self.reference = reference
        self.concern = concern
        outer = QVBoxLayout(self)
        intro = QLabel(
            f"Reference {reference}. This is version {version}. Saving makes version "
            f"{version + 1}: the record as it is now is kept and can still be read as an "
            "earlier version. Nothing is overwritten or deleted.")
        intro.setWordWrap(True)
        outer.addWidget(intro)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.boxes: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        for path, label, kind in FIELDS:
            if kind == "date":
                box: QWidget = DateEdit()
                box.setText(format_date(_get(concern, path)))
                hint = "Day/month/year, for example 23/11/2011. Leave empty if not known."
            elif kind == "long":
                box = LongText(LIMITS["long"])
                box.setText(str(_get(concern, path)))
                hint = ""
            else:
                box = line_edit(LIMITS[kind])
                box.setText(str(_get(concern, path)))
                hint = ""
            self.boxes[path] = box
            self.problems[path] = add_field(form, label, box, hint)
        self.reason = LongText(MAX_REASON)
        self.problems[REASON] = add_field(
            form, "W&hy is this being corrected?", self.reason,
            "Say what was wrong and how you know, for example: the volunteer checked the "
            "spelling of the name with the school.")

        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.setProperty("role", "field-error")
        self.general.setAccessibleName("Correction: problem")
        self.general.hide()
        outer.addWidget(self.general)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("&Save the correction")
        self.save_button.setAccessibleName("Save the correction")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)

    def _typed(self, path: str) -> str:
        box = self.boxes[path]
        return box.text() if isinstance(box, (QLineEdit, LongText)) else ""

    def corrected(self) -> Concern | None:
        """The concern with what was typed; None (and the problem shown) when a date
        cannot be read. A field changed only by spaces at either end keeps its value."""
        values: dict[str, object] = {}
        for path, _label, kind in FIELDS:
            before = _get(self.concern, path)
            typed = self._typed(path)
            if kind == "date":
                try:
                    values[path] = parse_date(typed)
                except ValueError as exc:
                    show_problem(self.problems[path], str(exc))
                    return None
            else:
                values[path] = before if typed.strip() == str(before).strip() else typed
        person = {p.split(".", 1)[1]: v for p, v in values.items()
                  if p.startswith("young_person.")}
        own = {p: v for p, v in values.items() if not p.startswith("young_person.")}
        return replace(self.concern, young_person=replace(self.concern.young_person, **person),
                       **own)

    def save(self) -> None:
        for label in (*self.problems.values(), self.general):
            show_problem(label, None)
        corrected = self.corrected()
        if corrected is None:
            return
        try:
            version = self.service.correct(self.reference, corrected, self.reason.text())
        except InvalidInput as exc:
            self._show_problems(exc.fields)
            return  # nothing typed is cleared
        except Exception as exc:
            show_error(self, exc)
            return
        self.saved.emit(self.reference, version)
        self.accept()

    def _show_problems(self, fields: dict[str, str]) -> None:
        elsewhere = []
        for key, text in fields.items():
            if key in self.problems:
                show_problem(self.problems[key], text)
            else:  # a field this dialog does not show: say which, in words
                name = "" if key in ("changes", "concern") else f"{field_words(key)}: "
                elsewhere.append(f"{name}{text}")
        if elsewhere:
            show_problem(self.general, " ".join(elsewhere))
        first = next((self.boxes[p] for p, _l, _k in FIELDS if p in fields), None)
        if first is None and REASON in fields:
            first = self.reason
        if first is not None:
            (first.edit if isinstance(first, LongText) else first).setFocus()

    def done(self, result: int) -> None:
        # Whatever happens, nothing this dialog held stays in its widgets.
        for box in (*self.boxes.values(), self.reason):
            box.clear()
        for label in (*self.problems.values(), self.general):
            show_problem(label, None)
        self.concern = None
        super().done(result)


# -- reading every version ---------------------------------------------------------------
def _about(version: Version, other: Version) -> str:
    """The lines above one version: who, when, why, what it changed, what differs."""
    if version.is_original:
        lines = [f"<p><b>Version 1</b>, as recorded on {escape(_local(version.at))}.</p>"]
    else:
        who = version.account_name or "whoever unlocked with the recovery code"
        lines = [f"<p><b>Version {version.number}</b>, corrected on "
                 f"{escape(_local(version.at))} by {escape(who)}.</p>",
                 "<p><b>Why:</b> " + escape(version.reason).replace("\n", "<br>") + "</p>",
                 "<p><b>Changed in this version:</b> "
                 + escape(", ".join(field_words(p) for p in version.changed)) + "</p>"]
    if other.number != version.number:
        mine, theirs = to_dict(version.concern), to_dict(other.concern)
        differ = [field_words(p) for p in diff(theirs, mine)]
        side = (f"<p><b>Different from version {other.number}:</b> "
                + (escape(", ".join(differ)) if differ else "nothing") + "</p>")
        lines.append(side)
    if version.intact is False:
        lines.append("<p><b>This version does not match the check kept when it was made: "
                     "the record may have been changed outside the toolkit. Tell whoever "
                     "looks after this computer.</b></p>")
    elif version.intact is None:
        lines.append("<p><i>The young person's details are shown as they are now on the "
                     "young person's record, which other concerns share.</i></p>")
    return "\n".join(lines) + "<hr>"


class VersionsDialog(QDialog):
    """Two versions side by side, each chosen from a list. Nothing can be deleted here."""

    def __init__(self, session: Session, reference: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(VERSIONS_TITLE)
        self.setAccessibleName(VERSIONS_TITLE)
        self.setMinimumSize(900, 600)
        self.versions: list[Version] = []
        self.checklist = None
        outer = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About these versions")
        outer.addWidget(self.intro)
        sides = QHBoxLayout()
        self.pickers: list[QComboBox] = []
        self.views: list[QTextBrowser] = []
        for side, picker_label, view_label in (
                ("left", "Version on the &left", "The version on the lef&t"),
                ("right", "Version on the &right", "The version on the ri&ght")):
            column = QVBoxLayout()
            picker = QComboBox()
            view = QTextBrowser()
            view.setOpenLinks(False)
            view.setObjectName(f"version-{side}")
            for label, widget in ((picker_label, picker), (view_label, view)):
                caption = QLabel(label)
                caption.setBuddy(widget)
                widget.setAccessibleName(plain_label(label))
                column.addWidget(caption)
                column.addWidget(widget, 1 if widget is view else 0)
            self.pickers.append(picker)
            self.views.append(view)
            sides.addLayout(column, 1)
        outer.addLayout(sides, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton("&Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        for picker in self.pickers:
            picker.currentIndexChanged.connect(lambda _i: self._show())
        self._load(session, reference)

    def _load(self, session: Session, reference: str) -> None:
        from app.screening.checklist import load_checklist

        try:
            self.versions = Amendments(session).versions(reference)
            self.checklist = load_checklist(self.versions[0].concern.checklist_version)
        except Exception as exc:
            self.versions = []
            show_error(self, exc)
            return
        count = len(self.versions)
        self.intro.setText(
            f"Reference {reference}: {count} version{'s' if count != 1 else ''}, oldest "
            "first. Every version is kept: a correction never overwrites or deletes one."
            if count > 1 else
            f"Reference {reference} has not been corrected: there is only the version as "
            "recorded.")
        for picker in self.pickers:
            picker.blockSignals(True)
            for version in self.versions:
                words = ("Version 1 (as recorded)" if version.is_original else
                         f"Version {version.number} (corrected on {_local(version.at)})")
                picker.addItem(words, version.number)
            picker.blockSignals(False)
        self.pickers[0].setCurrentIndex(max(0, count - 2))
        self.pickers[1].setCurrentIndex(count - 1)
        self._show()

    def chosen(self) -> tuple[Version, Version] | None:
        if not self.versions or min(p.currentIndex() for p in self.pickers) < 0:
            return None
        left, right = (self.versions[p.currentIndex()] for p in self.pickers)
        return left, right

    def _show(self) -> None:
        from app.concern import summary

        pair = self.chosen()
        if pair is None or self.checklist is None:
            return
        left, right = pair
        for view, version, other in ((self.views[0], left, right),
                                     (self.views[1], right, left)):
            view.setHtml(_about(version, other)
                         + summary.record_html(version.concern, self.checklist))

    def done(self, result: int) -> None:
        for view in self.views:
            view.clear()
        for picker in self.pickers:
            picker.blockSignals(True)
            picker.clear()
        self.intro.clear()
        self.versions = []
        super().done(result)


# -- on the records page -----------------------------------------------------------------
class VersionBar(QWidget):
    """The records page's "Correct this record…" and "Show earlier versions" buttons, and
    the line saying which version of the opened concern is on screen."""

    corrected = Signal(str)  # the reference of a concern just corrected

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = Amendments(session)
        self._reference: str | None = None
        self._concern: Concern | None = None
        self._number = 1
        self._at: datetime | None = None
        self._dialog: QDialog | None = None
        self._allowed = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.correct_button = QPushButton(CORRECT_BUTTON)
        self.correct_button.setAccessibleName("Correct this record…")
        self.correct_button.clicked.connect(self.open_correction)
        self.versions_button = QPushButton(VERSIONS_BUTTON)
        self.versions_button.setAccessibleName("Show earlier versions")
        self.versions_button.clicked.connect(self.open_versions)
        row.addWidget(self.correct_button)
        row.addWidget(self.versions_button)
        self._enable()

    def _enable(self) -> None:
        opened = self._concern is not None
        self.correct_button.setEnabled(opened)
        self.versions_button.setEnabled(opened and self._number > 1)

    def show_concern(self, reference: str, concern: Concern) -> None:
        """The concern just opened on the page. Never raises: a trustee (who cannot
        correct) simply does not get the buttons."""
        self._reference, self._concern = reference, concern
        try:
            self._number, self._at = self.service.current_version(reference)
            self._allowed = True
        except AppError:
            self._number, self._at, self._allowed = 1, None, False
        self.setVisible(self._allowed)
        self._enable()

    def html(self) -> str:
        """The version line for the top of the concern view ('' when none is open)."""
        if self._concern is None or not self._allowed:
            return ""
        return f"<p><b>{escape(version_words(self._number, self._at))}</b></p>"

    def open_correction(self) -> None:
        if self._reference is None or self._concern is None:
            return
        dialog = CorrectDialog(self.session, self._reference, self._concern, self._number,
                               self.window())
        dialog.saved.connect(lambda reference, _version: self.corrected.emit(reference))
        self._open(dialog)

    def open_versions(self) -> None:
        if self._reference is None:
            return
        self._open(VersionsDialog(self.session, self._reference, self.window()))

    def _open(self, dialog: QDialog) -> None:
        self._forget_dialog()
        self._dialog = dialog
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()  # not exec(): a lock must be able to close it without waiting

    def _forget_dialog(self) -> None:
        import shiboken6

        dialog = self._dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()
        self._dialog = None

    def wipe(self) -> None:
        """On lock: no concern, no dialog, nothing held."""
        self._forget_dialog()
        self._reference, self._concern, self._number, self._at = None, None, 1, None
        self._allowed = False
        self._enable()

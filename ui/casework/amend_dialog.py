"""Correcting a record (designated lead or deputy), and every version of it side by side.

"Correct this record" shows the concern's main fields filled in as they stand, and asks
why it is being corrected. Save makes a new version: the record as it was stays readable
as an earlier version, nothing is overwritten and nothing is deleted. A refusal is shown
at the field it is about and nothing typed is cleared; everything the dialog held is
blanked when it closes (and a lock closes it without asking).

"Versions of this record" puts two versions side by side, each chosen from a list, with
the fields each version changed, and those that differ between the two, named above it.

"Re-screen with the current checklist" (only for a record screened with an older
checklist) shows the result it was screened with and the one the latest checklist gives,
says what happens to the tier that stands, and asks why. Saving makes a new version, as a
correction does.

`VersionBar` is what the records page shows beside "Print this record": the two buttons,
and the line saying which version is on screen; its `screening_strip` sits above the
concern and says which checklist the record was screened with, with the re-screen button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.casework.amendments import (
    MAX_REASON,
    REASON,
    Amendments,
    Rescreen,
    Version,
    diff,
    field_words,
)
from app.core.errors import AppError, InvalidInput
from app.intake.concern.codec import to_dict
from app.intake.concern.model import LIMITS, Concern
from app.keys.session import Session
from app.screening import vocabulary
from ui.core.errors import show_error
from ui.core.screen_fit import minimum_within_screen
from ui.core.widgets import (
    ProblemLabel,
    StatusLabel,
    add_field,
    line_edit,
    plain_label,
    show_problem,
)
from ui.intake.concern_form.fields import DateEdit, LongText, format_date, parse_date

TITLE = "Correct this record"
VERSIONS_TITLE = "Versions of this record"
CORRECT_BUTTON = "Corr&ect this record…"
VERSIONS_BUTTON = "Show earlier &versions"
RESCREEN_TITLE = "Re-screen with the current checklist"
RESCREEN_BUTTON = "&Re-screen with the current checklist…"

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


def version_words(number: int, corrected_at: datetime | None, rescreened: bool = False) -> str:
    """'Version 2 (corrected on 12/05/2026 10:00)', 'Version 3 (re-screened on …)', or
    'Version 1 (as recorded)'."""
    if number <= 1 or corrected_at is None:
        return "Version 1 (as recorded)"
    how = "re-screened" if rescreened else "corrected"
    return f"Version {number} ({how} on {_local(corrected_at)})"


def _rescreened(changed: tuple[str, ...] | list[str]) -> bool:
    # Only a re-screen changes the checklist version (a correction cannot).
    return "checklist_version" in changed


# -- correcting --------------------------------------------------------------------------
class CorrectDialog(QDialog):
    """The concern's main fields, prefilled; a reason; Save makes the next version."""

    saved = Signal(str, int)  # reference, the new version's number

    def __init__(
        self, session: Session, reference: str, concern: Concern, version: int, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setMinimumSize(640, 560)
        minimum_within_screen(self)
        self.service = Amendments(session)
        self.reference = reference
        self.concern = concern
        outer = QVBoxLayout(self)
        intro = QLabel(
            f"Reference {reference}. This is version {version}. Saving makes version "
            f"{version + 1}: the record as it is now is kept and can still be read as an "
            "earlier version. Nothing is overwritten or deleted."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        scroll = QScrollArea()
        scroll.setAccessibleName("The record's answers")  # no nameless stop for a reader
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, not to it
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
            form,
            "W&hy is this being corrected?",
            self.reason,
            "Say what was wrong and how you know, for example: the volunteer checked the "
            "spelling of the name with the school.",
        )

        self.general = ProblemLabel("Correction")  # read as "Correction: <the problem>"
        self.general.setWordWrap(True)
        self.general.hide()
        outer.addWidget(self.general)
        self.save_button, self.cancel_button = _save_and_cancel(
            outer, "&Save the correction", self.save, self.reject
        )

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
        person = {p.split(".", 1)[1]: v for p, v in values.items() if p.startswith("young_person.")}
        own = {p: v for p, v in values.items() if not p.startswith("young_person.")}
        return replace(
            self.concern, young_person=replace(self.concern.young_person, **person), **own
        )

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


# -- re-screening ------------------------------------------------------------------------
def _words_label(text: str = "") -> QLabel:
    # Text that changes with the record: no fixed accessible name, so it is read out.
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RescreenDialog(QDialog):
    """The result the record was screened with and the one the latest checklist gives,
    what happens to the tier that stands, and a reason; Save makes the next version."""

    saved = Signal(str, int)  # reference, the new version's number

    def __init__(
        self, session: Session, reference: str, check: Rescreen, version: int, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(RESCREEN_TITLE)
        self.setAccessibleName(RESCREEN_TITLE)
        self.setMinimumSize(520, 360)
        minimum_within_screen(self)
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(680, room.width() - 40), min(580, room.height() - 40))
        self.service = Amendments(session)
        self.reference = reference
        old, new = check.screened_with, check.latest
        outer = QVBoxLayout(self)
        # Everything but the buttons scrolls: at 150% text on a small screen it still fits.
        self.scroll = scroll = QScrollArea()
        scroll.setAccessibleName(RESCREEN_TITLE)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, not to it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        column.addWidget(
            _words_label(
                f"Reference {reference} was screened with checklist version {old}, and keeps "
                f"that result until it is re-screened. Version {new} is the current checklist: "
                "a disclosure, and some other serious signs, count however long ago they "
                "happened, and needs recorded about the young person count too."
            )
        )

        # One line each, label and value together, so they read (and wrap) as sentences.
        self.old_result = _words_label(
            f"<b>Result with version {old} (as recorded):</b> "
            f"{escape(vocabulary.label(check.recorded_tier))}"
        )
        self.new_result = _words_label(
            f"<b>Result with version {new}:</b> {escape(vocabulary.label(check.new_tier))}"
        )
        self.standing = _words_label(
            f"<b>The result that stands:</b> {escape(check.standing_words())}"
        )
        for shown in (self.old_result, self.new_result, self.standing):
            shown.setTextFormat(Qt.TextFormat.RichText)
            column.addWidget(shown)

        why = QLabel(f"<b>Why version {new} gives this result</b>")
        self.why = QTextBrowser()
        self.why.setAccessibleName(f"Why version {new} gives this result")
        self.why.setMinimumHeight(100)
        self.why.setMaximumHeight(140)  # the reason box below must stay in sight
        reasons = check.result.reasons if check.result is not None else ()
        self.why.setHtml("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>")
        why.setBuddy(self.why)
        column.addWidget(why)
        column.addWidget(self.why)
        column.addWidget(
            _words_label(
                f"Re-screening makes version {version + 1} of the record, with checklist "
                f"version {new} and its result; the answers stay as they were. The record as "
                f"it is now is kept and can still be read as version {version}. Nothing is "
                "overwritten or deleted."
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.reason = LongText(MAX_REASON)
        self.reason.edit.setMinimumHeight(70)
        self.reason.edit.setMaximumHeight(130)
        self.problem = add_field(
            form,
            "W&hy are you re-screening this record?",
            self.reason,
            f"For example: version {new} of the checklist counts a disclosure however long "
            "ago the abuse happened.",
        )
        column.addLayout(form)
        self.general = QLabel()
        self.general.setWordWrap(True)
        self.general.setProperty("role", "field-error")
        self.general.hide()
        column.addWidget(self.general)
        column.addStretch(1)
        self.save_button, self.cancel_button = _save_and_cancel(
            outer, "&Save the re-screen", self.save, self.reject
        )
        self.reason.edit.setFocus()

    def save(self) -> None:
        show_problem(self.problem, None)
        show_problem(self.general, None)
        try:
            version = self.service.rescreen(self.reference, self.reason.text())
        except InvalidInput as exc:
            fields = dict(exc.fields)
            show_problem(self.problem, fields.pop(REASON, None))
            if fields:  # not expected: said in words, never as a field path
                show_problem(self.general, " ".join(fields.values()))
            self.reason.edit.setFocus()
            QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(self.problem))
            return  # nothing typed is cleared
        except Exception as exc:
            show_error(self, exc)
            return
        self.saved.emit(self.reference, version)
        self.accept()

    def done(self, result: int) -> None:
        # Whatever happens, nothing this dialog held stays in its widgets.
        self.reason.clear()
        self.why.clear()
        show_problem(self.problem, None)
        show_problem(self.general, None)
        super().done(result)


# -- reading every version ---------------------------------------------------------------
def _about(version: Version, other: Version) -> str:
    """The lines above one version: who, when, why, what it changed, what differs."""
    if version.is_original:
        lines = [f"<p><b>Version 1</b>, as recorded on {escape(_local(version.at))}.</p>"]
    else:
        who = version.account_name or "whoever unlocked with the recovery code"
        how = (
            f"re-screened with checklist version {version.concern.checklist_version}"
            if _rescreened(version.changed)
            else "corrected"
        )
        lines = [
            f"<p><b>Version {version.number}</b>, {how} on "
            f"{escape(_local(version.at))} by {escape(who)}.</p>",
            "<p><b>Why:</b> " + escape(version.reason).replace("\n", "<br>") + "</p>",
            "<p><b>Changed in this version:</b> "
            + escape(", ".join(field_words(p) for p in version.changed))
            + "</p>",
        ]
    if other.number != version.number:
        mine, theirs = to_dict(version.concern), to_dict(other.concern)
        differ = [field_words(p) for p in diff(theirs, mine)]
        side = (
            f"<p><b>Different from version {other.number}:</b> "
            + (escape(", ".join(differ)) if differ else "nothing")
            + "</p>"
        )
        lines.append(side)
    if version.intact is False:
        lines.append(
            "<p><b>This version does not match the check kept when it was made: "
            "the record may have been changed outside the toolkit. Tell whoever "
            "looks after this computer.</b></p>"
        )
    elif version.intact is None:
        lines.append(
            "<p><i>The young person's details are shown as they are now on the "
            "young person's record, which other concerns share.</i></p>"
        )
    return "\n".join(lines) + "<hr>"


class VersionsDialog(QDialog):
    """Two versions side by side, each chosen from a list. Nothing can be deleted here."""

    def __init__(self, session: Session, reference: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(VERSIONS_TITLE)
        self.setAccessibleName(VERSIONS_TITLE)
        self.setMinimumSize(900, 600)
        minimum_within_screen(self)
        self.versions: list[Version] = []
        self.checklists: dict[int, object] = {}  # by version number: re-screens change it
        outer = QVBoxLayout(self)
        self.intro = StatusLabel()
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About these versions")
        outer.addWidget(self.intro)
        sides = QHBoxLayout()
        self.pickers: list[QComboBox] = []
        self.views: list[QTextBrowser] = []
        for side, picker_label, view_label in (
            ("left", "Version on the &left", "The version on the lef&t"),
            ("right", "Version on the &right", "The version on the ri&ght"),
        ):
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
            self.checklists = {
                v.number: load_checklist(v.concern.checklist_version) for v in self.versions
            }
        except Exception as exc:
            self.versions = []
            show_error(self, exc)
            return
        count = len(self.versions)
        self.intro.setText(
            f"Reference {reference}: {count} version{'s' if count != 1 else ''}, oldest "
            "first. Every version is kept: a correction never overwrites or deletes one."
            if count > 1
            else f"Reference {reference} has not been corrected: there is only the version as "
            "recorded."
        )
        for picker in self.pickers:
            picker.blockSignals(True)
            for version in self.versions:
                words = version_words(version.number, version.at, _rescreened(version.changed))
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
        from app.screening import summary

        pair = self.chosen()
        if pair is None or not self.checklists:
            return
        left, right = pair
        for view, version, other in ((self.views[0], left, right), (self.views[1], right, left)):
            view.setHtml(
                _about(version, other)
                + summary.record_html(version.concern, self.checklists[version.number])
            )

    def done(self, result: int) -> None:
        for view in self.views:
            view.clear()
        for picker in self.pickers:
            picker.blockSignals(True)
            picker.clear()
        self.intro.clear()
        self.versions = []
        self.checklists = {}
        super().done(result)


# -- on the records page -----------------------------------------------------------------
class ScreeningStrip(QFrame):
    """Above the concern: which checklist an older record was screened with, what the
    current one would give, and the re-screen button. Hidden for a record screened with
    the current checklist."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("ScreeningStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#ScreeningStrip { border: 2px solid #333; }")
        # The words above the button, so the strip never widens the page at 150% text.
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        self.words = _words_label()
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(RESCREEN_BUTTON)
        self.button.setAccessibleName("Re-screen with the current checklist…")
        column.addWidget(self.words)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hide()

    def show_check(self, check: Rescreen | None) -> None:
        text = check.summary() if check is not None else ""
        self.words.setText(text)
        self.button.setAccessibleDescription(text)
        self.button.setVisible(check is not None and check.offered)
        self.setVisible(bool(text))


class VersionBar(QWidget):
    """The records page's "Correct this record…" and "Show earlier versions" buttons, and
    the line saying which version of the opened concern is on screen. `screening_strip`
    is placed above the concern by the page."""

    corrected = Signal(str)  # the reference of a concern just corrected or re-screened

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.service = Amendments(session)
        self._reference: str | None = None
        self._concern: Concern | None = None
        self._number = 1
        self._at: datetime | None = None
        self._rescreened = False
        self._check: Rescreen | None = None
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
        self.screening_strip = ScreeningStrip()
        self.screening_strip.button.clicked.connect(self.open_rescreen)
        self._enable()

    def _enable(self) -> None:
        opened = self._concern is not None
        self.correct_button.setEnabled(opened)
        self.versions_button.setEnabled(opened and self._number > 1)
        self.screening_strip.show_check(self._check if opened and self._allowed else None)

    def show_concern(self, reference: str, concern: Concern) -> None:
        """The concern just opened on the page. Never raises: a trustee (who cannot
        correct) simply does not get the buttons."""
        self._reference, self._concern = reference, concern
        try:
            self._number, self._at = self.service.current_version(reference)
            self._rescreened = self._number > 1 and _rescreened(
                self.service.changed_fields(reference, self._number)
            )
            self._check = self.service.rescreen_check(reference)
            self._allowed = True
        except AppError:
            self._number, self._at, self._allowed = 1, None, False
            self._rescreened, self._check = False, None
        self.setVisible(self._allowed)
        self._enable()

    def html(self) -> str:
        """The version line for the top of the concern view ('' when none is open)."""
        if self._concern is None or not self._allowed:
            return ""
        words = version_words(self._number, self._at, self._rescreened)
        return f"<p><b>{escape(words)}</b></p>"

    def open_correction(self) -> None:
        if self._reference is None or self._concern is None:
            return
        dialog = CorrectDialog(
            self.session, self._reference, self._concern, self._number, self.window()
        )
        dialog.saved.connect(lambda reference, _version: self.corrected.emit(reference))
        self._open(dialog)

    def open_rescreen(self) -> None:
        if self._reference is None or self._check is None or not self._check.offered:
            return
        dialog = RescreenDialog(
            self.session, self._reference, self._check, self._number, self.window()
        )
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
        self._rescreened, self._check = False, None
        self._allowed = False
        self._enable()


def _save_and_cancel(
    outer: QVBoxLayout, save_text: str, on_save: Callable[[], None], on_cancel: Callable[[], None]
) -> tuple[QPushButton, QPushButton]:
    """The row under a correction or a re-screen: Save (the default button) and Cancel,
    each named for a screen reader as it reads."""
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    save = QPushButton(save_text)
    save.setAccessibleName(save_text.replace("&", ""))
    save.setDefault(True)
    save.clicked.connect(on_save)
    cancel = QPushButton("Cancel")
    cancel.setAccessibleName("Cancel")
    cancel.clicked.connect(on_cancel)
    buttons.addWidget(save)
    buttons.addWidget(cancel)
    outer.addLayout(buttons)
    return save, cancel

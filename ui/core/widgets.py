"""Small building blocks: a field with its visible label as buddy and accessible name,
and a message line under it for what needs fixing.

This module is on the start path (tests/security/test_lean_start.py). PySide builds a
class's Python enums the first time the class is fetched from its module, and all 93 of
the `Qt` namespace's at once (about 14 ms, a tenth of the start), so what only runs
later names its classes through the module (QtWidgets.QLineEdit), and nothing here
touches QtCore.Qt until after the first paint.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtWidgets import QLabel, QWidget


def set_by_name(target: QObject, name: str, value: str) -> None:
    """Set an enum property by the names of its values ("NoFocus", "A|B"), as a .ui file
    does. On the start path this keeps QtCore.Qt unbuilt until after the first paint;
    a wrong name raises rather than passing unnoticed."""
    meta = target.metaObject()
    index = meta.indexOfProperty(name)
    prop = meta.property(index) if index >= 0 else None
    if prop is None or not (prop.isEnumType() or prop.isFlagType()):
        raise ValueError(f"{type(target).__name__} has no enum property {name}")
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__}.{name} has no value {value!r}")


def tip_button(layout: QtWidgets.QLayout, text: str, tip: str, slot) -> QtWidgets.QPushButton:
    """A push button in `layout` whose tip (its shortcut, say) is its tooltip and also
    what a screen reader says after its name."""
    button = QtWidgets.QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleDescription(tip)
    button.clicked.connect(slot)
    layout.addWidget(button)
    return button


def plain_label(text: str) -> str:
    return text.replace("&", "").rstrip(":").strip()


# A placeholder goes as soon as anyone types and is fainter than text, so a format is
# also said under its field, in words a screen reader reads too.
FORMAT_EXAMPLES = {
    "DD/MM/YYYY": "For example 23/04/2011",
    "DD/MM/YYYY HH:MM": "For example 23/04/2026 19:30",
    # Codes: their shape in words (a made-up example could be taken for a real one).
    "C-XXXX-XXXX": "C, then two groups of four letters and numbers",
    "XXXX-XXXX-XXXX": "Three groups of four letters and numbers",
    "ABCDE-FGHJK-MNPQR-STVWX-YZ123": "Five groups of five letters and numbers",
}


def with_format_example(widget: QWidget, hint: str) -> str:
    """`hint`, led by an example of the format a text box's placeholder shows."""
    edits = (
        [widget]
        if isinstance(widget, QtWidgets.QLineEdit)
        else widget.findChildren(QtWidgets.QLineEdit)
    )
    example = next(
        (
            FORMAT_EXAMPLES[e.placeholderText()]
            for e in edits
            if e.placeholderText() in FORMAT_EXAMPLES
        ),
        "",
    )
    if not example or example in hint:
        return hint
    if hint.strip() in FORMAT_EXAMPLES:  # the bare format as the hint: the example says it
        hint = ""
    return f"{example}. {hint}".strip()


class Caption(QLabel):
    """A field's word-wrapped label. QFormLayout works out a row's height for the whole
    label column but gives the label only its own preferred width, so a long label was
    cut off (two on step 2); its height is asked for at the width it will really get."""

    WIDEST = 220  # a longer label wraps; a shorter one keeps to one line

    def sizeHint(self) -> QSize:
        # Qt's guess for a word-wrapped label broke "Why contacting home could be unsafe"
        # onto three short lines: one line up to WIDEST, then wrapped at WIDEST.
        one_line = self.fontMetrics().horizontalAdvance(self.text().replace("&", ""))
        margins = self.contentsMargins()
        width = min(one_line + 2 + margins.left() + margins.right(), self.WIDEST)
        return QSize(width, super().heightForWidth(width))

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(min(width, self.sizeHint().width()))


def add_field(form: QtWidgets.QFormLayout, label: str, widget: QWidget, hint: str = "") -> QLabel:
    """Add `widget` to `form` under a visible label; return the field's message line.

    The label is the widget's buddy (Alt+underlined letter jumps to it) and its
    accessible name, which is also how the tests find it.
    """
    hint = with_format_example(widget, hint)
    caption = Caption(label)
    # A box inside a frame (a long text, a table) takes its Alt+letter itself: QLabel
    # skips a buddy that cannot take focus, and the frame must not, or it is a Tab stop.
    caption.setBuddy(widget.focusProxy() or widget)
    caption.setWordWrap(True)
    widget.setAccessibleName(plain_label(label))
    column = QWidget()
    box = QtWidgets.QVBoxLayout(column)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget)
    if hint:
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        hint_label.setProperty("role", "hint")
        widget.setAccessibleDescription(hint)
        box.addWidget(hint_label)
    message = ProblemLabel(plain_label(label), widget, hint)
    message.setWordWrap(True)
    message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    message.hide()
    box.addWidget(message)
    form.addRow(caption, column)
    return message


def show_problem(message: QLabel, text: str | None) -> None:
    message.setText(text or "")
    message.setVisible(bool(text))


# -- what a screen reader hears ------------------------------------------------------------
# A QLabel with no accessible name is read by its text, and Qt tells the screen reader
# when that text changes. A label given a fixed name is read by that name only, so a
# changing message behind a fixed name is never heard: these classes keep it exposed.
def plain_text(text: str) -> str:
    """What a label's text reads as: rich text without its tags, spaces tidied."""
    # Qt's test needs a "<" or an "&lt;": text with neither never builds QtCore.Qt.
    if ("<" in text or "&" in text) and QtGui.Qt.mightBeRichText(text):
        document = QtGui.QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("&&", "&").split())


class StatusLabel(QLabel):
    """A message line with a fixed accessible name ("Settings status"): its text is
    carried in its accessible description, so both are read."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self._describe()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self._describe()

    def clear(self) -> None:
        self.setText("")  # QLabel.clear() bypasses setText: the description kept the text

    def _describe(self) -> None:
        plain = plain_text(self.text())
        if self.accessibleName() and self.accessibleName() != plain:
            self.setAccessibleDescription(plain)  # Qt sends DescriptionChanged


class ProblemLabel(QLabel):
    """A field's error line. It is read as "Date of birth: <the problem>", and the field
    itself carries the problem in its description, so it is heard as soon as the field
    has focus. Tests find it by the field's name (its property "problem_for").

    The field is not made its buddy: Qt would then report the message as another label
    of the field, and code that pairs captions with fields by buddy would find two."""

    def __init__(self, field_name: str, field: QWidget | None = None, hint: str = "") -> None:
        super().__init__()
        self.field_name = field_name
        self.hint = hint
        self.setProperty("role", "field-error")
        self.setProperty("problem_for", field_name)
        self.field = field

    def setText(self, text: str) -> None:
        super().setText(text)
        plain = plain_text(text)
        self.setAccessibleName(f"{self.field_name}: {plain}" if plain else "")
        if self.field is not None:
            self.field.setAccessibleDescription(" ".join(x for x in (plain, self.hint) if x))

    def clear(self) -> None:
        self.setText("")  # as StatusLabel's: the field's description forgets it too


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader say `text` now, wherever the focus is (AT-SPI Announcement,
    read by Orca 46 and later; older readers rely on focus and descriptions)."""
    if not text or not QtGui.QAccessible.isActive():
        return
    event = QtGui.QAccessibleAnnouncementEvent(widget, text)
    if urgent:
        event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Assertive)
    QtGui.QAccessible.updateAccessibility(event)


def focus_field(widget: QWidget) -> None:
    """Put the cursor in `widget`, or in the first control inside it (a table's cells,
    a long text's box, a row of tick boxes), and scroll it into view."""
    target = widget
    if widget.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus:
        target = next(
            (
                w
                for w in widget.findChildren(QWidget)
                if w.focusPolicy() != QtCore.Qt.FocusPolicy.NoFocus and w.isVisibleTo(widget)
            ),
            widget,
        )
    target.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QtWidgets.QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        # Once a message just shown has taken its place in the layout, so the field, its
        # hint and its message are all in view.
        QTimer.singleShot(0, lambda: parent.ensureWidgetVisible(widget, 50, 80))


def focus_first_problem(messages) -> bool:
    """Focus the field of the first message line that shows a problem; False if none."""
    for message in messages:
        field = getattr(message, "field", None)
        if message.text() and field is not None:
            focus_field(field)
            return True
    return False


def code_label() -> QLabel:
    """A recovery code or one-time passphrase: large, boxed (the style sheet's
    QLabel#RecoveryCode), centred, and selectable so it can be copied by hand."""
    label = QLabel()
    label.setObjectName("RecoveryCode")
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def line_edit(max_length: int = 120) -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit()
    edit.setMaxLength(max_length + 50)  # over the limit gets a message, not a silent cut
    return edit


STYLE = """
QLabel[role="field-error"] { color: #a4000f; font-weight: bold; }
QLabel[role="hint"] { color: #444; }
QLabel[role="page-title"] { font-size: 18pt; font-weight: bold; }
QFrame#EmergencyStrip { background: #fff4ce; border-bottom: 2px solid #8a6d00; }
QFrame#EmergencyStrip QLabel { color: #000; }
QPushButton[role="big"] { font-size: 13pt; padding: 14px; text-align: left; }
QLabel#RecoveryCode { font-family: "DejaVu Sans Mono", monospace; font-size: 20pt;
                      font-weight: bold; padding: 12px; border: 2px solid #333;
                      background: #fff; color: #000; }
"""

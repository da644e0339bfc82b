"""Help › Spot the signs: the practice quiz, one question at a time, for one volunteer or
a group round a projector (issue 16, item 3).

Nothing is asked for and nothing is kept: no names, and the answers and score live in
this dialog only, gone when it closes. Opened on first use, not at start-up."""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.screening.practice_quiz import QuizQuestion, load_quiz, mark
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, announce, plain_text

TITLE = "Spot the signs"
NORMAL, PROJECTOR = 1.15, 1.9  # text size against the app's own
QUESTION_SCALE = 1.25  # the question a little larger than its choices


def _wrap(button: QAbstractButton, full_text: str) -> None:
    """Break a choice's text into lines that fit the button's width: a choice can be 120
    characters, far wider than a 1024x768 screen at 150% text or a projector's large
    text, and Qt's radio buttons and tick boxes do not wrap their text."""
    style = button.style()
    indicator = style.pixelMetric(
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth
        if isinstance(button, QRadioButton)
        else QStyle.PixelMetric.PM_IndicatorWidth
    )
    width = max(80, button.width() - indicator - 16)
    metrics = QFontMetrics(button.font())
    lines: list[str] = []
    for word in full_text.replace("&", "&&").split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    wrapped = "\n".join(lines)
    if wrapped != button.text():
        button.setText(wrapped)
        button.updateGeometry()


class _WrappedChoice:
    """A choice read by its whole text, unbroken, and wrapped to the width the layout
    gives (never a sideways scroll), again when the size or the font changes."""

    full_text: str

    def _set_up(self, text: str) -> None:
        self.full_text = text
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        _wrap(self, text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _wrap(self, self.full_text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            _wrap(self, self.full_text)


class ChoiceRadio(_WrappedChoice, QRadioButton):
    """One choice of a "choose one" question."""

    def __init__(self, text: str) -> None:
        QRadioButton.__init__(self)
        self._set_up(text)


class ChoiceTick(_WrappedChoice, QCheckBox):
    """One choice of a "choose all that apply" question."""

    def __init__(self, text: str) -> None:
        QCheckBox.__init__(self)
        self._set_up(text)


def _label(name: str = "") -> QLabel:
    label = StatusLabel() if name else QLabel()
    if name:
        label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _readable_when_locked(button: QAbstractButton) -> None:
    """A choice that can no longer be changed still reads at full strength: greyed-out
    text is hard to read, and impossible from the back of a hall."""
    palette = button.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(
            QPalette.ColorGroup.Disabled, role, palette.color(QPalette.ColorGroup.Active, role)
        )
    button.setPalette(palette)


class QuizDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, questions=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.questions: tuple[QuizQuestion, ...] = tuple(questions or load_quiz())
        self.index = 0
        # question index -> (the choice ids chosen, right?): kept only while open
        self.answers: dict[int, tuple[frozenset[str], bool]] = {}
        self.choices: list[QAbstractButton] = []
        self.group: QButtonGroup | None = None
        self._base_font = QFont(self.font())

        outer = QVBoxLayout(self)
        self.projector = QCheckBox("&Large text for a projector")
        self.projector.setAccessibleName("Large text for a projector")
        self.projector.toggled.connect(self._apply_size)
        # As wide as its words: a click beside them, on empty space, would do nothing.
        outer.addWidget(self.projector, 0, Qt.AlignmentFlag.AlignLeft)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab goes to the choices themselves; the area scrolls to whatever has the focus.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages = QStackedWidget()
        self.scroll.setWidget(self.pages)
        outer.addWidget(self.scroll, 1)

        # -- one question -------------------------------------------------------------
        self.question_page = QWidget()
        body = QVBoxLayout(self.question_page)
        self.progress = _label("Question number")
        body.addWidget(self.progress)
        self.question = _label()
        self.question.setObjectName("big")
        body.addWidget(self.question)
        self.how_to = _label()
        body.addWidget(self.how_to)
        self.choice_box = QVBoxLayout()
        body.addLayout(self.choice_box)
        self.result = _label("Your answer")
        self.result.setTextFormat(Qt.TextFormat.RichText)  # the verdict in bold
        # It takes the focus after a check, so a screen reader reads it whatever version.
        self.result.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.result.hide()
        body.addWidget(self.result)
        body.addStretch(1)
        self.pages.addWidget(self.question_page)

        # -- the end ----------------------------------------------------------------------
        self.end_page = QWidget()
        end = QVBoxLayout(self.end_page)
        self.score = _label("Your score")
        self.score.setObjectName("big")
        self.score.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        end.addWidget(self.score)
        self.again_hint = _label()
        self.again_hint.setText(
            "Nothing has been kept: no names and no answers. Start again for the next "
            "person or group, or close the quiz."
        )
        end.addWidget(self.again_hint)
        end.addStretch(1)
        self.pages.addWidget(self.end_page)

        # -- buttons --------------------------------------------------------------------------
        row = QHBoxLayout()
        self.back_button = self._button(row, "&Back", "The question before", self.back)
        self.check_button = self._button(
            row, "&Check my answer", "Say whether the answer is right, and why", self.check
        )
        self.next_button = self._button(row, "&Next", "The next question", self.next)
        self.again_button = self._button(
            row, "Start &again", "Back to the first question, with no answers", self.restart
        )
        row.addStretch(1)
        self.close_button = self._button(row, "Close", "Close the quiz", self.reject)
        outer.addLayout(row)

        self._apply_size(False)
        fit_to_screen(self, 820, 620)
        self._show_question()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a choice or on the answer does the next thing: check the answer, then
        go on to the next question (Qt's default button proved unreliable once the
        button that was default is disabled). A focused button takes Enter itself."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            if self.pages.currentWidget() is self.end_page:
                self.restart()
            elif self.index in self.answers:
                self.next()
            else:
                self.check()
            return
        super().keyPressEvent(event)

    def _button(self, row: QHBoxLayout, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # -- size ---------------------------------------------------------------------------------
    def _apply_size(self, projector: bool) -> None:
        scale = PROJECTOR if projector else NORMAL
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * scale)
        self.setFont(font)  # every control grows, the buttons too: read from the back
        side = QFontMetrics(font).height()  # the boxes and circles grow with the text
        # One style sheet sizes everything, the buttons and choices made later included:
        # under the app's style sheet a parent's setFont does not reach its children.
        self.setStyleSheet(
            f"QWidget {{ font-size: {font.pointSizeF():.1f}pt; }}"
            f" QLabel#big {{ font-size: {font.pointSizeF() * QUESTION_SCALE:.1f}pt;"
            " font-weight: bold; }"
            " QRadioButton::indicator, QCheckBox::indicator"
            f" {{ width: {side}px; height: {side}px; }}"
        )
        if projector:
            fit_to_screen(self, 4000, 4000)  # as much of the screen as there is

    # -- one question ---------------------------------------------------------------------
    def _show_question(self) -> None:
        self.pages.setCurrentWidget(self.question_page)
        question = self.questions[self.index]
        self.progress.setText(f"Question {self.index + 1} of {len(self.questions)}")
        self.question.setText(question.question)
        one = question.pick == "one"
        self.how_to.setText("Choose one answer." if one else "Tick every answer that fits.")
        for old in self.choices:
            old.hide()  # gone from sight and the Tab order now, deleted when Qt is idle
            old.deleteLater()
        if self.group is not None:
            self.group.deleteLater()
        self.choices = []
        # Radio buttons share a group: Tab goes in once, the arrow keys move between them.
        # Tick boxes do not (Qt takes Tab away from all but one button of any group).
        self.group = QButtonGroup(self) if one else None
        answer = self.answers.get(self.index)
        for choice in question.choices:
            button = ChoiceRadio(choice.text) if one else ChoiceTick(choice.text)
            button.setParent(self.question_page)
            button.setProperty("choice", choice.id)
            _readable_when_locked(button)
            self.choice_box.addWidget(button)
            button.setVisible(True)  # now, not when Qt is next idle: Tab and tests find it
            if self.group is not None:
                self.group.addButton(button)
            if answer is not None:
                button.setChecked(choice.id in answer[0])
                button.setEnabled(False)  # checked once: the score stays honest
            self.choices.append(button)
        if answer is None:
            self.result.clear()
            self.result.hide()
        else:
            self._show_result(answer[1])
        self._tab_order()
        self.back_button.setVisible(True)
        self.back_button.setEnabled(self.index > 0)
        self.check_button.setVisible(True)
        self.check_button.setEnabled(answer is None)
        self.next_button.setVisible(True)
        last = self.index == len(self.questions) - 1
        self.next_button.setText("See my &score" if last else "&Next")
        self.next_button.setAccessibleName("See my score" if last else "Next")
        self.again_button.setVisible(False)
        self.check_button.setDefault(answer is None)
        self.next_button.setDefault(answer is not None)
        self.scroll.verticalScrollBar().setValue(0)
        (self.choices[0] if answer is None else self.next_button).setFocus()

    def _tab_order(self) -> None:
        """Top to bottom as seen: choices made for each question would otherwise join
        the Tab order at its end, or not at all."""
        order = [
            self.projector,
            *self.choices,
            self.result,
            self.back_button,
            self.check_button,
            self.next_button,
            self.again_button,
            self.close_button,
        ]
        for first, then in pairwise(order):
            QWidget.setTabOrder(first, then)

    def chosen(self) -> frozenset[str]:
        return frozenset(b.property("choice") for b in self.choices if b.isChecked())

    def check(self) -> None:
        picked = self.chosen()
        if not picked:
            self.result.setText("Choose an answer first, then check it.")
            self.result.show()
            self.result.setFocus()
            announce(self.result, plain_text(self.result.text()))
            return
        right, _reason = mark(self.questions[self.index], picked)
        self.answers[self.index] = (picked, right)
        for button in self.choices:
            button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.check_button.setDefault(False)  # Enter now goes on to the next question
        self.next_button.setDefault(True)
        self._show_result(right)
        self.result.setFocus()
        self.scroll.ensureWidgetVisible(self.result)
        announce(self.result, plain_text(self.result.text()))

    def _show_result(self, right: bool) -> None:
        question = self.questions[self.index]
        verdict = "Right." if right else "Not quite."
        if not right:
            answers = [c.text for c in question.choices if c.id in question.right]
            verdict += (
                f" The answer: {answers[0]}."
                if len(answers) == 1
                else " The answers: " + "; ".join(answers) + "."
            )
        self.result.setText(f"<p><b>{escape(verdict)}</b></p><p>{escape(question.reason)}</p>")
        self.result.show()

    def next(self) -> None:
        if self.index < len(self.questions) - 1:
            self.index += 1
            self._show_question()
        else:
            self._show_end()

    def back(self) -> None:
        if self.pages.currentWidget() is self.end_page:
            self._show_question()
        elif self.index > 0:
            self.index -= 1
            self._show_question()

    # -- the end --------------------------------------------------------------------------------
    def _show_end(self) -> None:
        right = sum(1 for _chosen, ok in self.answers.values() if ok)
        total = len(self.questions)
        text = f"You got {right} of {total} right."
        skipped = total - len(self.answers)
        if skipped:
            text += f" {skipped} not answered."
        self.score.setText(text)
        self.pages.setCurrentWidget(self.end_page)
        self.check_button.setVisible(False)
        self.next_button.setVisible(False)
        self.back_button.setEnabled(True)
        self.again_button.setVisible(True)
        self.again_button.setDefault(True)
        self.score.setFocus()
        announce(self.score, text)

    def restart(self) -> None:
        self.answers.clear()
        self.index = 0
        self._show_question()

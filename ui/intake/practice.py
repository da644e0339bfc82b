"""Practise with a made-up case (issue 16, item 1): the real concern form beside a
made-up story, and feedback at the end. Anyone can use it, with no passphrase.

Nothing real is touched. The form here is the real one with its sending taken away
(ui/intake/practice_form.py, loaded when the first case starts): it is given a stand-in
for the session that can show the settings but has no way to seal a letter, open the
records or save anything (see PracticeSession), and every path that
would seal (Send, time-out, lock, close) clears instead. Nothing is written anywhere:
no letter, no file in the data folder, no temp file, no log line with what was typed.
Every screen carries the PRACTICE band, and every printed page has it at top and foot.

Imported on first use only: it is never on the start-up path.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QSplitterHandle,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.intake.concern.model import Concern
from app.screening import vocabulary
from app.screening.practice_cases import PracticeCase, load_practice_cases
from ui.core.keyboard import RING_COLOUR
from ui.core.widgets import announce
from ui.core.wipe import wipe_our_clipboard, wipe_tree
from ui.intake.practice_band import BAND_TEXT, band

if TYPE_CHECKING:
    from ui.intake.practice_form import PracticeForm

# Narrower than this (in the app's pixels, so 150% text on a 1024x768 screen is narrow),
# the story sits above the form instead of beside it.
NARROW = 950
STORY_SHORTCUT = "Alt+Y"  # the toggle's underlined letter: "Hide the stor&y"
_POINT_HEADINGS = (
    ("good", "What was good"),
    ("missing", "What to add"),
    ("wording", "Words to change"),
)


def record_points_html(concern: Concern) -> str | None:
    """How the record is written (app/screening/record_feedback.py): what was good, what
    was missing, and wording to change with what to write instead, as HTML for the
    feedback page; None when there is nothing to say."""
    from app.screening.record_feedback import record_feedback  # deferred: first Finish

    points = record_feedback(concern)
    if not points:
        return None
    parts = []
    for kind, heading in _POINT_HEADINGS:
        found = [p for p in points if p.kind == kind]
        if found:
            items = "".join(f"<li><b>{escape(p.field)}:</b> {escape(p.text)}</li>" for p in found)
            parts.append(f"<h4>{escape(heading)}</h4><ul>{items}</ul>")
    return "".join(parts)


def feedback_html(case: PracticeCase, concern: Concern, result) -> str:
    """The feedback page: the checklist's tier for what was entered, the tier a lead
    would expect and why, the record-writing points, and questions to think about."""
    expected = case.expect.tier
    parts = [
        "<h2>How your practice went</h2>",
        f"<p><b>{escape(BAND_TEXT)}.</b> Nothing was saved or sent.</p>",
        "<h3>What the checklist gives for what you entered</h3>",
        f"<p><b>{escape(result.label)}</b></p>",
    ]
    if result.reasons:
        parts.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in result.reasons) + "</ul>")
    parts += [
        "<h3>What a designated lead would expect for this case</h3>",
        f"<p><b>{escape(vocabulary.label(expected))}</b></p>",
        f"<p>{escape(case.why)}</p>",
    ]
    if result.tier == expected:
        parts.append("<p>Your answers gave the result a lead would expect. Well done.</p>")
    else:
        higher = vocabulary.tier_rank(result.tier) > vocabulary.tier_rank(expected)
        parts.append(
            "<p>Your answers gave a "
            + ("higher" if higher else "lower")
            + " result than a lead would expect. Read the story again and compare it with "
            "what you ticked, and when you said it happened.</p>"
        )
    e = case.expect
    expect_lines = [
        ("Call 999 now" if e.call_999 else "No 999 call needed"),
        (
            "A referral to children's social care is recommended"
            if e.refer
            else "No referral expected; the lead keeps watch and records it"
        ),
    ]
    if e.lado:
        expect_lines.append("The worry is about an adult here: the LADO route applies")
    if e.nrm:
        expect_lines.append("Criminal exploitation counts: the National Referral Mechanism note")
    parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in expect_lines) + "</ul>")
    points = record_points_html(concern)
    if points is not None:
        parts += ["<h3>How your record is written</h3>", points]
    if case.questions:
        parts.append("<h3>Questions to think about</h3>")
        for q in case.questions:
            parts.append(f"<p><b>{escape(q.question)}</b><br>")
            parts.append(f"A model answer: {escape(q.model_answer)}</p>")
    return "\n".join(parts)


class StoryDivider(QSplitterHandle):
    """The divider between the story and the form: dragged with the mouse, or, reached
    with Tab after the story, moved with the arrow keys (Down or Right gives the story
    more room)."""

    STEP = 24  # pixels a key press moves it

    def __init__(self, orientation: Qt.Orientation, splitter: QSplitter) -> None:
        super().__init__(orientation, splitter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Divider between the story and the form")
        self.setAccessibleDescription("Arrow keys give the story more or less room.")
        self.setToolTip("Drag, or use the arrow keys, to give the story more or less room")

    def paintEvent(self, _event) -> None:
        # A bar that can be seen (about 4:1 on the window grey), so it is clear the
        # story's room can be changed; the focus ring's blue while it has the focus.
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(RING_COLOUR if self.hasFocus() else "#767676"))

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event) -> None:
        more = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Left: -1,
        }.get(Qt.Key(event.key()))
        if more is None:
            super().keyPressEvent(event)
            return
        story_room = self.splitter().sizes()[0]
        self.moveSplitter(story_room + more * self.STEP)  # the splitter keeps its limits


class StorySplitter(QSplitter):
    """A splitter whose divider the keyboard can move too (StoryDivider)."""

    def createHandle(self) -> QSplitterHandle:
        return StoryDivider(self.orientation(), self)


class PracticePage(QWidget):
    """Pick a case, fill in the form beside its story, see feedback. Band on top."""

    help_wanted = Signal(str)
    left = Signal()  # finished or discarded: wants the home screen

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.settings = session.settings  # only the settings: never the session itself
        self.cases = load_practice_cases()
        self.case: PracticeCase | None = None
        # The story is hidden only when the person asks (its button, Alt+Y), and stays
        # hidden, whatever the window's width, until they show it or this practice ends.
        self._story_hidden = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The band, with the story's button beside it: one row, so the form below keeps
        # the height it has on Record a concern (it must fit at 150% on 1024x768).
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(0)
        self.band = band()
        header.addWidget(self.band, 1)
        self.story_toggle = QPushButton()
        self.story_toggle.clicked.connect(self._toggle_story)
        self._label_toggle()
        self.story_toggle.hide()  # only beside the form
        header.addWidget(self.story_toggle)
        layout.addLayout(header)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        # 1. Choose a case.
        self.picker = QWidget()
        pick = QVBoxLayout(self.picker)
        pick.setContentsMargins(30, 16, 30, 16)
        title = QLabel("Practise with a made-up case")
        title.setProperty("role", "page-title")
        pick.addWidget(title)
        intro = QLabel(
            "Choose a made-up case. Read the story, then fill in the concern form as if "
            "it were real. Nothing you type is saved or sent, and it is all cleared when "
            "you finish. At the end you see the result the checklist gives and what a "
            "designated lead would expect."
        )
        intro.setWordWrap(True)
        pick.addWidget(intro)
        label = QLabel("&Made-up cases")
        self.case_list = QListWidget()
        self.case_list.setAccessibleName("Made-up cases")
        self.case_list.setWordWrap(True)
        for case in self.cases:
            self.case_list.addItem(case.title)
        self.case_list.setCurrentRow(0)
        self.case_list.itemActivated.connect(lambda _item: self.start_case())
        label.setBuddy(self.case_list)
        pick.addWidget(label)
        pick.addWidget(self.case_list, 1)
        row = QHBoxLayout()
        self.start_button = QPushButton("S&tart this case")
        self.start_button.clicked.connect(self.start_case)
        row.addWidget(self.start_button)
        row.addStretch(1)
        pick.addLayout(row)
        self.stack.addWidget(self.picker)

        # 2. The story and the real form, both in view: side by side in a wide window,
        # the story above the form in a narrow one (150% text on a small screen). The
        # splitter's handle resizes them; the story scrolls inside itself.
        self.working = QWidget()
        work = QVBoxLayout(self.working)
        work.setContentsMargins(0, 0, 0, 0)
        self.splitter = StorySplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("PracticeSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        self.story = QTextBrowser()
        self.story.setAccessibleName("The made-up story")
        self.story.setTabChangesFocus(True)  # Tab goes on to the form, as from any box
        self.story.setMinimumSize(160, 60)
        self.splitter.addWidget(self.story)
        # The form is built when the first case starts, not here: building it (every
        # step, the checklist) is most of the cost of opening practice mode, and the
        # person chooses a case first (the budget: open in 200 ms).
        self.form: PracticeForm | None = None
        work.addWidget(self.splitter, 1)
        self.stack.addWidget(self.working)

        # 3. Feedback.
        self.feedback_page = QWidget()
        back = QVBoxLayout(self.feedback_page)
        back.setContentsMargins(24, 12, 24, 12)
        self.feedback = QTextBrowser()
        self.feedback.setAccessibleName("Practice feedback")
        back.addWidget(self.feedback, 1)
        row = QHBoxLayout()
        self.again_button = QPushButton("Practise &another case")
        self.again_button.clicked.connect(self.choose_again)
        self.done_button = QPushButton("&Done")
        self.done_button.setToolTip("Clear the feedback and go back to Home")
        self.done_button.clicked.connect(self.done)
        row.addWidget(self.again_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        back.addLayout(row)
        self.stack.addWidget(self.feedback_page)
        self.stack.setCurrentWidget(self.picker)

    # -- moving through ------------------------------------------------------------------
    def _built_form(self) -> PracticeForm:
        if self.form is None:
            from ui.intake.practice_form import PracticeForm

            self.form = PracticeForm(self.settings)
            self.form.help_wanted.connect(self.help_wanted.emit)
            self.form.left.connect(self._form_left)
            self.form.practice_finished.connect(self._show_feedback)
            self.splitter.addWidget(self.form)
            self.splitter.setStretchFactor(1, 1)
            # Tab goes story, divider, form (the divider was made last, so came last).
            QWidget.setTabOrder(self.story, self.splitter.handle(1))
        return self.form

    def start_case(self) -> None:
        row = self.case_list.currentRow()
        if row < 0:
            return
        form = self._built_form()
        self.case = self.cases[row]
        self.story.setHtml(
            f"<h3>{escape(self.case.title)}</h3><p>{escape(self.case.story)}</p>"
            "<p><i>Made up for practice. Any likeness to a real person is chance.</i></p>"
        )
        form.start()
        self._story_hidden = False  # a new story is shown, whatever was chosen before
        self.stack.setCurrentWidget(self.working)
        self.story_toggle.show()
        self._fit_story(fresh=True)
        form.focus_first()

    def _narrow(self) -> bool:
        return self.width() < NARROW

    def _fit_story(self, fresh: bool = False) -> None:
        """Beside the form in a wide window, above it in a narrow one; hidden only by
        the person's choice. `fresh`, or a change of side, puts the divider back at a
        third of the room for the story."""
        self._built_form().show()
        self.story.setVisible(not self._story_hidden)
        self._label_toggle()
        side = Qt.Orientation.Vertical if self._narrow() else Qt.Orientation.Horizontal
        if fresh or side != self.splitter.orientation():
            self.splitter.setOrientation(side)
            # Laid out first, so the third is of the room there is now, not of the size
            # the splitter had when last shown.
            self.layout().activate()
            room = (
                self.splitter.width()
                if side == Qt.Orientation.Horizontal
                else self.splitter.height()
            )
            self.splitter.setSizes([room // 3, room - room // 3])

    def _toggle_story(self) -> None:
        # The story or its divider: either is hidden with it.
        had_focus = self.story.hasFocus() or self.splitter.handle(1).hasFocus()
        self._story_hidden = not self._story_hidden
        self._fit_story()
        if had_focus:
            # The focus was in the story just hidden: on to the button, to show it again.
            self.story_toggle.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(
            self.story_toggle,
            f"The story is hidden. {STORY_SHORTCUT} shows it again."
            if self._story_hidden
            else "The story is shown.",
        )

    def _label_toggle(self) -> None:
        self.story_toggle.setText("Show the stor&y" if self._story_hidden else "Hide the stor&y")
        self.story_toggle.setToolTip(
            f"{'Show' if self._story_hidden else 'Hide'} the made-up story ({STORY_SHORTCUT})"
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.stack.currentWidget() is self.working and self.form is not None:
            self._fit_story()

    def _show_feedback(self, concern: Concern, result) -> None:
        assert self.case is not None
        self.feedback.setHtml(feedback_html(self.case, concern, result))
        self.stack.setCurrentWidget(self.feedback_page)
        self.story_toggle.hide()
        self.feedback.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.feedback, f"{BAND_TEXT}. How your practice went.")

    def _form_left(self) -> None:
        # Discard or a time-out in the form: the form is already cleared.
        if self.stack.currentWidget() is self.working:
            self.wipe()
            self.left.emit()

    def choose_again(self) -> None:
        self.wipe()
        self.case_list.setFocus()

    def done(self) -> None:
        self.wipe()
        self.left.emit()

    def wipe(self) -> None:
        """Finish, Discard or Lock: everything typed and shown here is cleared."""
        if self.form is not None:
            self.form.wipe()
        wipe_tree(self.feedback_page)
        self.feedback.clear()
        self.story.clear()
        self.case = None
        self._story_hidden = False
        self._label_toggle()
        self.story_toggle.hide()
        wipe_our_clipboard()
        self.stack.setCurrentWidget(self.picker)

"""Help › Spot the signs: the practice quiz as a volunteer or a group uses it, by mouse
and by keyboard alone. The reason is shown and read out, the score counts what was got
right, and nothing is written anywhere (issue 16, item 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QRadioButton, QWidget

from tests.conftest import snapshot
from tests.drivers import click, dialog_titled, field, gone, heard
from ui.main_window import MainWindow

GIFTS_REASON = "Money, phones, clothes or credit that nobody can account for"


@pytest.fixture
def quiz(qtbot, ready, paths, isolated_tmp, monkeypatch):
    """Help opened, then the quiz opened from it by its button; what the screen reader
    was told to announce is collected in `said`."""
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Help")
    import ui.help.quiz_dialog as quiz_dialog

    said: list[str] = []
    real = quiz_dialog.announce

    def recording(widget, text, **kw):
        said.append(text)
        real(widget, text, **kw)

    monkeypatch.setattr(quiz_dialog, "announce", recording)
    folders = (paths.data, paths.logs, isolated_tmp)
    before = [snapshot(f) for f in folders]
    click(window, "Spot the signs quiz…")
    dialog = dialog_titled("Spot the signs")
    qtbot.waitUntil(dialog.isActiveWindow)
    yield dialog, said
    if not gone(dialog):
        dialog.reject()
    QApplication.processEvents()
    # Nothing kept: no names, answers or scores in the data folder or temp.
    assert [snapshot(f) for f in folders] == before


def choice(dialog: QWidget, text: str) -> QAbstractButton:
    """The visible choice that reads `text` (long choices are wrapped onto lines)."""
    found = [
        b
        for b in dialog.findChildren(QAbstractButton)
        if b.isVisible() and " ".join(b.text().replace("&&", "&").split()) == text
    ]
    assert len(found) == 1, f"no one visible choice {text!r}"
    return found[0]


def progress(dialog: QWidget) -> str:
    return field(dialog, "Question number").text()


def test_a_right_then_a_wrong_answer_by_clicking_shows_and_reads_the_reason(quiz):
    dialog, said = quiz
    assert progress(dialog) == "Question 1 of 25"
    assert "new phone, designer clothes" in dialog.question.text()
    right = choice(dialog, "Yes: gifts nobody can explain are a common sign")
    assert isinstance(right, QRadioButton)  # "choose one": radio buttons
    QTest.mouseClick(right, Qt.MouseButton.LeftButton)
    click(dialog, "Check my answer")

    result = field(dialog, "Your answer")
    assert result.text().startswith("<p><b>Right.</b>")
    assert heard(result).startswith(f"Your answer Right. {GIFTS_REASON}")
    assert dialog.focusWidget() is result  # read at once, whatever the screen reader
    assert said and said[-1].startswith("Right.") and GIFTS_REASON in said[-1]
    assert not right.isEnabled()  # checked once: the score stays honest

    click(dialog, "Next")
    assert progress(dialog) == "Question 2 of 25"
    choir = choice(dialog, "Joining the school choir")
    assert isinstance(choir, QCheckBox)  # "choose all that apply": tick boxes
    QTest.mouseClick(choir, Qt.MouseButton.LeftButton)
    QTest.mouseClick(
        choice(dialog, "A new, older group of friends, and dropping old friends"),
        Qt.MouseButton.LeftButton,
    )
    click(dialog, "Check my answer")
    spoken = heard(field(dialog, "Your answer"))
    assert spoken.startswith("Your answer Not quite. The answers:")
    assert 'A "boyfriend" or "girlfriend" who is much older' in spoken
    assert "Joining the school choir" not in spoken.split("The answers:")[1].split(".")[0]
    assert said[-1].startswith("Not quite.")

    click(dialog, "Back")  # the first answer is still there, and still right
    assert progress(dialog) == "Question 1 of 25"
    assert choice(dialog, "Yes: gifts nobody can explain are a common sign").isChecked()
    assert heard(field(dialog, "Your answer")).startswith("Your answer Right.")


def _key(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)


def _tab_to(dialog: QWidget, name: str) -> None:
    for _ in range(30):
        _key(Qt.Key.Key_Tab)
        if QApplication.focusWidget().accessibleName() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_two_questions_by_keyboard_alone_then_the_score_and_start_again(quiz):
    dialog, said = quiz
    # The cursor starts on the first choice: Space picks it, Enter checks it.
    assert QApplication.focusWidget().accessibleName().startswith("Yes: gifts")
    _key(Qt.Key.Key_Space)
    _key(Qt.Key.Key_Return)
    assert heard(field(dialog, "Your answer")).startswith("Your answer Right.")
    _key(Qt.Key.Key_Return)  # Enter again goes on, once the answer is checked
    assert progress(dialog) == "Question 2 of 25"

    # Tick boxes: Tab between them, Space ticks; a, b and d are right.
    assert QApplication.focusWidget().accessibleName().startswith('A "boyfriend"')
    _key(Qt.Key.Key_Space)
    _tab_to(dialog, "A new, older group of friends, and dropping old friends")
    _key(Qt.Key.Key_Space)
    _tab_to(dialog, "Being collected from your venue by adults the family do not know")
    _key(Qt.Key.Key_Space)
    _tab_to(dialog, "Check my answer")
    _key(Qt.Key.Key_Space)
    assert heard(field(dialog, "Your answer")).startswith("Your answer Right.")
    _tab_to(dialog, "Next")
    _key(Qt.Key.Key_Space)
    assert progress(dialog) == "Question 3 of 25"

    # Enter with nothing chosen asks for an answer rather than marking it wrong.
    _key(Qt.Key.Key_Return)
    assert heard(field(dialog, "Your answer")) == (
        "Your answer Choose an answer first, then check it."
    )

    # Every control can be reached by Tab and has a name.
    seen: set[str] = set()
    for _ in range(20):
        _key(Qt.Key.Key_Tab)
        seen.add(QApplication.focusWidget().accessibleName())
    assert {"Large text for a projector", "Back", "Check my answer", "Next", "Close"} <= seen
    for button in dialog.findChildren(QAbstractButton):
        assert button.accessibleName(), f"{button!r} has no name"

    for _ in range(22):
        click(dialog, "Next")
    click(dialog, "See my score")
    score = field(dialog, "Your score")
    assert score.text() == "You got 2 of 25 right. 23 not answered."
    assert said[-1] == score.text()
    assert dialog.focusWidget() is score

    click(dialog, "Start again")
    assert progress(dialog) == "Question 1 of 25"
    assert not any(b.isChecked() for b in dialog.choices)
    assert not dialog.result.isVisible()
    assert choice(dialog, "Yes: gifts nobody can explain are a common sign").isEnabled()


def test_the_projector_toggle_makes_the_text_larger(qtbot, quiz):
    dialog, _said = quiz
    text = "Yes: gifts nobody can explain are a common sign"
    before = (
        dialog.question.heightForWidth(600),
        choice(dialog, text).sizeHint().height(),
        field(dialog, "Next").sizeHint().height(),
    )
    QTest.mouseClick(field(dialog, "Large text for a projector"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            dialog.question.heightForWidth(600) >= before[0] * 1.5
            and choice(dialog, text).sizeHint().height() >= before[1] * 1.5
        )
    )

"""The made-up story stays in view while the volunteer fills in the practice form
(150% text on a 1024x768 screen, where the window is about 682x512 of the app's pixels):
beside the form in a wide window, above it in a narrow one, where it scrolls and its
divider moves. Hiding it is the person's choice, made with its button or Alt+Y, and kept
through every step and every resize until this practice ends. Driven as a person does:
opened from Home, the window resized, keys pressed on whatever has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.concern_drivers import message_box, press
from tests.drivers import button, click, field, heard, type_into
from tests.gui.access.test_keyboard import ring_pixels
from tests.gui.intake.test_concern_form import assert_step_two_lines_up
from tests.keys import Keys, focused
from ui.core.keyboard import install, uninstall
from ui.intake.practice import NARROW
from ui.main_window import MainWindow

STORY = "The made-up story"
SMALL = (682, 512)  # 1024x768 at 150% text, less the window's frame
LARGE = (1280, 800)


@pytest.fixture
def window(qtbot, ready, monkeypatch):
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    app = QApplication.instance()
    install(app)  # the focus ring, as ui/application.py installs it for the real app
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made)
    yield made
    uninstall(app)


def resize(qtbot, window, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    QApplication.processEvents()


def start_practice(qtbot, window) -> None:
    click(window, "Practise with a made-up case")
    click(window, "Start this case")
    assert window.practice_page.stack.currentWidget() is window.practice_page.working


def _small_practice_at_step_two(qtbot, window):
    """Practice in a small window, moved on to step 2 with Alt+N: the keys and the page."""
    keys = Keys(qtbot)
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    keys.alt("n")
    return keys, window.practice_page


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def story_in_view(window) -> QWidget:
    """The story shows its text, whole and unclipped by the window, beside or above the
    form, which is in view too."""
    story = field(window, STORY)
    page = window.practice_page
    assert page.case is not None and page.case.story in story.toPlainText()
    assert story.width() >= 150 and story.height() >= 50, story.size()
    assert window.rect().contains(rect_in(window, story))
    form = page.form
    assert form is not None and form.isVisible()
    assert window.rect().contains(rect_in(window, form))
    assert not rect_in(window, story).intersects(rect_in(window, form))
    return story


def story_beside(window) -> None:
    story, form = rect_in(window, story_in_view(window)), rect_in(window, window.practice_page.form)
    assert story.right() < form.left(), (story, form)
    assert story.top() == form.top()


def story_above(window) -> None:
    story, form = rect_in(window, story_in_view(window)), rect_in(window, window.practice_page.form)
    assert story.bottom() < form.top(), (story, form)
    # The whole width each: at 150% text there is no room for them side by side.
    assert story.width() >= window.practice_page.width() - 2


def test_wide_window_the_story_is_beside_the_form_on_every_step(qtbot, window):
    resize(qtbot, window, LARGE)
    start_practice(qtbot, window)
    assert window.practice_page.width() >= NARROW
    form = window.practice_page.form
    for _step in range(5):
        story_beside(window)
        click(window, "Next")
    assert form.current_step() is form.review
    story_beside(window)


def test_narrow_window_the_story_is_above_the_form_on_every_step(qtbot, window):
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    page = window.practice_page
    assert page.width() < NARROW
    story_above(window)
    click(window, "Next")
    story_above(window)
    # Typing in the form with the story in view.
    type_into(window, "Name", "Owen")
    assert field(window, "Name").text() == "Owen"
    story_above(window)
    for _step in range(4):
        click(window, "Next")
        story_above(window)
    assert page.form.current_step() is page.form.review


def test_narrow_window_the_story_scrolls_and_its_divider_moves(qtbot, window):
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    story = field(window, STORY)
    # Scrolls with the keys: the rest of the story is a Page Down away.
    bar = story.verticalScrollBar()
    assert bar.maximum() > 0, "the whole story fits: nothing to scroll"
    story.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(story, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    # The divider below it, dragged down with the mouse, gives the story more room.
    splitter = window.practice_page.splitter
    handle = splitter.handle(1)
    assert handle.isVisible() and handle.height() >= 4
    before = story.height()
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(handle, start + QPoint(0, 60))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 60))
    qtbot.waitUntil(lambda: story.height() >= before + 50)
    story_above(window)
    # Kept on the next step: the person put it there.
    taller = story.height()
    click(window, "Next")
    assert story.height() == taller


def test_the_story_goes_beside_or_above_as_the_window_changes(qtbot, window):
    resize(qtbot, window, LARGE)
    start_practice(qtbot, window)
    click(window, "Next")
    story_beside(window)
    resize(qtbot, window, SMALL)
    story_above(window)
    resize(qtbot, window, LARGE)
    story_beside(window)


def test_hiding_the_story_is_the_persons_choice_and_is_kept(qtbot, window):
    keys, page = _small_practice_at_step_two(qtbot, window)
    assert page.form.current_step() is page.form.person
    name = field(window, "Name")
    assert focused() is name
    keys.type("Owen")
    toggle = button(window, "Hide the story")
    assert heard(toggle).startswith("Hide the story")
    assert "Alt+Y" in toggle.toolTip()

    keys.alt("y")  # while typing: the story goes, the cursor stays in the box
    assert not page.story.isVisible()
    assert focused() is name
    assert button(window, "Show the story") is toggle
    # The form has the room now.
    assert rect_in(window, page.form).top() <= rect_in(window, page.band).bottom() + 2
    # Kept on every step and through every change of the window's size.
    keys.alt("n")
    assert page.form.current_step() is page.form.happened
    assert not page.story.isVisible()
    resize(qtbot, window, LARGE)
    assert not page.story.isVisible()
    resize(qtbot, window, SMALL)
    assert not page.story.isVisible()
    keys.alt("b")
    assert page.form.current_step() is page.form.person
    assert not page.story.isVisible()
    assert field(window, "Name").text() == "Owen"

    keys.alt("y")  # and back, above the form
    story_above(window)
    assert focused() is field(window, "Name")
    assert button(window, "Hide the story") is toggle


def test_the_story_its_divider_and_its_button_are_reached_with_tab(qtbot, window):
    keys, page = _small_practice_at_step_two(qtbot, window)
    assert focused() is field(window, "Name")
    # Back from the form's first box: the divider, then the story, then its button.
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    divider = focused()
    assert divider is page.splitter.handle(1)
    assert heard(divider).startswith("Divider between the story and the form")
    assert ring_pixels(divider) > 0, "no focus ring on the divider"
    # The arrow keys move it: Down gives the story more room, Up less.
    story = field(window, STORY)
    before = story.height()
    keys.press(Qt.Key.Key_Down, times=2)
    assert story.height() >= before + 40
    keys.press(Qt.Key.Key_Up)
    assert before + 10 < story.height() < before + 40
    story_above(window)
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is story
    assert ring_pixels(story) > 0, "no focus ring on the story"
    keys.press(Qt.Key.Key_Tab, times=2)  # Tab leaves the story, not a tab character
    assert focused() is field(window, "Name")
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier, times=3)
    toggle = focused()
    assert toggle is button(window, "Hide the story")
    assert ring_pixels(toggle) > 0, "no focus ring on the story's button"
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.story.isVisible())
    assert focused() is toggle and heard(toggle).startswith("Show the story")
    # Hidden, the story and its divider are no Tab stops: on to the form.
    keys.press(Qt.Key.Key_Tab)
    assert focused() is field(window, "Name")
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is toggle
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.story.isVisible())
    story_above(window)


def test_hidden_in_the_story_the_focus_moves_to_its_button(qtbot, window):
    keys = Keys(qtbot)
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    field(window, STORY).setFocus(Qt.FocusReason.TabFocusReason)
    keys.alt("y")
    assert not window.practice_page.story.isVisible()
    assert focused() is button(window, "Show the story")


def test_hidden_from_its_divider_the_focus_moves_to_the_button_too(qtbot, window):
    keys = Keys(qtbot)
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    page = window.practice_page
    divider = page.splitter.handle(1)
    divider.setFocus(Qt.FocusReason.TabFocusReason)
    assert focused() is divider
    keys.alt("y")
    assert not page.story.isVisible()
    assert focused() is button(window, "Show the story")


def test_a_new_practice_shows_its_story_again(qtbot, window):
    keys = Keys(qtbot)
    resize(qtbot, window, SMALL)
    start_practice(qtbot, window)
    keys.alt("n")
    keys.type("Owen")
    keys.alt("y")
    assert not window.practice_page.story.isVisible()
    click(window, "Discard")
    press(message_box("Discard this concern?"), "Discard")
    assert window.pages.currentWidget() is window.home
    start_practice(qtbot, window)
    story_above(window)
    assert button(window, "Hide the story").isVisible()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["narrow", "wide"])
def test_step_two_is_one_aligned_form_beside_the_story(qtbot, window, size):
    resize(qtbot, window, size)
    start_practice(qtbot, window)
    click(window, "Next")
    assert window.practice_page.form.current_step() is window.practice_page.form.person
    story_in_view(window)
    assert_step_two_lines_up(window)

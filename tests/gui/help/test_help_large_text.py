"""Help at 150% text on a small screen, from the keyboard: Contents titles wrap and are
read whole; the focus shows on the Contents, on the title the arrows are on, on the help
text and on the link Tab reached; Ctrl+Tab goes past a page of links; the contacts read
as a list, a police website never split over lines.

The window is the 682x512 of the app's pixels that 150% text leaves on a 1024x768
screen; the help text is made larger with the page's own Larger text button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from tests.drivers import click, contents_item, field
from tests.gui.access.test_keyboard import ring_pixels
from tests.keys import Keys, focused
from ui.core.keyboard import RING_COLOUR, install, uninstall
from ui.main_window import MainWindow

LONG = "Speaking up about how your group keeps children safe (whistleblowing)"
WEBSITE = "www.northants.police.uk"


@pytest.fixture
def window(qtbot, ready):
    app = QApplication.instance()
    install(app)  # the keyboard model, as ui/application.py installs it
    ready.settings.update({"police_non_emergency": "101", "police_website": WEBSITE})
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.resize(682, 512)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made)
    click(made, "Help")
    yield made
    uninstall(app)


def _colour_in(widget: QWidget, rect: QRect) -> int:
    """Pixels of the ring's colour inside `rect` of `widget`, as painted in its window."""
    window = widget.window()
    image = window.grab().toImage()
    at = widget.mapTo(window, rect.topLeft())
    ring = QColor(RING_COLOUR).rgb()
    return sum(
        1
        for x in range(at.x(), at.x() + rect.width())
        for y in range(at.y(), at.y() + rect.height())
        if 0 <= x < image.width() and 0 <= y < image.height() and image.pixel(x, y) == ring
    )


def _tab_to(keys: Keys, widget: QWidget, most: int = 20) -> None:
    for _ in range(most):
        if focused() is widget:
            return
        keys.press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}: {keys.log[-5:]}")


def test_long_contents_titles_wrap_and_are_read_whole(qtbot, window):
    tree = field(window, "Contents")
    item = contents_item(tree, LONG)
    tree.scrollToItem(item)
    qtbot.waitUntil(lambda: not tree.visualItemRect(item).isEmpty())
    rect = tree.visualItemRect(item)
    line = tree.fontMetrics().height()
    assert rect.right() <= tree.viewport().width(), "the title runs past the panel's edge"
    assert tree.horizontalScrollBar().maximum() == 0 or not tree.horizontalScrollBar().isVisible()
    needed = tree.fontMetrics().horizontalAdvance(LONG)
    assert needed > rect.width(), "the panel is wide enough not to need wrapping: no test"
    assert rect.height() >= 2 * line, f"one line of {rect.height()} px for a wrapped title"
    assert item.toolTip(0) == LONG
    # What a screen reader speaks for the entry: the whole title.
    face = QAccessible.queryAccessibleInterface(tree)
    names = set()
    stack = [face]
    while stack:
        node = stack.pop()
        names.add(node.text(QAccessible.Text.Name))
        stack.extend(node.child(i) for i in range(node.childCount()))
    assert LONG in names


def test_tab_into_the_contents_rings_it_and_the_title_the_arrows_are_on(qtbot, window):
    keys = Keys(qtbot)
    tree = field(window, "Contents")
    search = field(window, "Search help")
    search.setFocus(Qt.FocusReason.TabFocusReason)
    _tab_to(keys, tree)
    QApplication.processEvents()
    assert ring_pixels(tree) >= tree.width(), "no ring round the focused Contents"
    current = tree.visualItemRect(tree.currentItem())
    assert _colour_in(tree.viewport(), current) >= current.width(), "current title not ringed"
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)
    moved = tree.visualItemRect(tree.currentItem())
    assert moved != current
    assert _colour_in(tree.viewport(), moved) >= moved.width()
    assert _colour_in(tree.viewport(), current) == 0, "the ring stayed on the old title"
    keys.press(Qt.Key.Key_Return)  # Enter opens the topic
    assert window.help_page.current == tree.currentItem().data(0, Qt.ItemDataRole.UserRole)


def _link_rect(browser) -> QRect:
    """Where the link the text cursor has selected is drawn, in the viewport."""
    cursor = browser.textCursor()
    start = QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    end = QTextCursor(cursor)
    end.setPosition(cursor.selectionEnd())
    return browser.cursorRect(start).united(browser.cursorRect(end))


def test_tab_through_the_help_text_highlights_each_link(qtbot, window):
    keys = Keys(qtbot)
    browser = field(window, "Help topic")
    field(window, "Search help").setFocus(Qt.FocusReason.TabFocusReason)
    _tab_to(keys, browser)
    QApplication.processEvents()
    assert ring_pixels(browser) >= browser.width(), "no ring round the focused help text"
    links = {}
    for title in ("What child sexual exploitation is", "How grooming works, and common patterns"):
        keys.press(Qt.Key.Key_Tab)
        assert browser.textCursor().selectedText() == title
        links[title] = link = _link_rect(browser)
        marked = _colour_in(browser.viewport(), link)
        assert marked >= link.width() * link.height() // 3, f"{title!r} not highlighted"
    first, second = links.values()
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the first
    assert _colour_in(browser.viewport(), first) >= first.width() * first.height() // 3
    assert _colour_in(browser.viewport(), second) == 0, "the old link is still marked"
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # out of the text
    assert focused() is not browser
    assert _colour_in(browser.viewport(), first) == 0, "the mark stayed after the focus left"


def test_ctrl_tab_goes_past_the_links_of_help_home(qtbot, window):
    keys = Keys(qtbot)
    browser = field(window, "Help topic")
    field(window, "Search help").setFocus(Qt.FocusReason.TabFocusReason)
    _tab_to(keys, browser)
    keys.press(Qt.Key.Key_Tab, times=3)
    assert browser.textCursor().selectedText()  # on a link, 38 more to go
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert focused() is not browser
    assert focused() is window.nav_buttons["home"], keys.log[-1]
    keys.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back into the text
    assert focused() is browser
    keys.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier)  # and back past it
    assert focused() is not browser
    assert getattr(focused(), "text", str)() == "&About this toolkit", keys.log[-1]
    assert "Ctrl+Tab" in browser.accessibleDescription()


def _line_of(browser, text: str) -> tuple[int, int]:
    """The layout lines the first and last characters of `text` are on."""
    document = browser.document()
    found = document.find(text, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), f"{text!r} not in the page"
    block = found.block()
    layout = block.layout()
    first = layout.lineForTextPosition(found.selectionStart() - block.position())
    last = layout.lineForTextPosition(found.selectionEnd() - 1 - block.position())
    return first.lineNumber(), last.lineNumber()


def test_contacts_at_large_text_keep_each_website_and_number_on_one_line(qtbot, window):
    page = window.help_page
    for _ in range(3):
        click(window, "Larger text")  # 1.45 times: the 150% the reviewer used
    tree = field(window, "Contents")
    item = contents_item(tree, "Local and national contacts")
    tree.setFocus(Qt.FocusReason.TabFocusReason)
    tree.setCurrentItem(item)
    Keys(qtbot).press(Qt.Key.Key_Return)
    assert page.current == "contacts"
    browser = page.browser
    text = browser.toPlainText()
    assert f"101, or online at {WEBSITE}" in text
    for whole in (WEBSITE, "0300 126 7000", "01604 626938"):
        first, last = _line_of(browser, whole)
        assert first == last, f"{whole!r} broken over lines {first} to {last}"
    # A list, one contact after another, not a table squeezed into columns.
    duty = browser.document().find("Children's social care duty team")
    assert duty.currentTable() is None and duty.currentList() is not None

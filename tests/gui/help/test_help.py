"""The help library through its widgets: contents, links by keyboard, back, search,
zoom, printing a topic. Help needs no unlock."""

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QListWidget, QTreeWidget

from tests.drivers import button, click, contents_item, field, type_text
from ui.main_window import MainWindow


@pytest.fixture
def help_page(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Help")
    assert not ready.is_unlocked  # help opens without a passphrase
    return window, window.help_page


def _follow_link_by_keyboard(browser, link_text: str) -> None:
    """Tab through the page's links as a keyboard user does, then press Enter."""
    browser.setFocus()
    for _ in range(60):
        QTest.keyClick(browser, Qt.Key.Key_Tab)
        if browser.textCursor().selectedText() == link_text:
            QTest.keyClick(browser, Qt.Key.Key_Return)
            return
    raise AssertionError(f"no link {link_text!r} reachable with Tab")


def test_contents_link_back_forward(qtbot, help_page):
    window, page = help_page
    assert field(window, "You are here").text() == "Help"
    tree = field(window, "Contents")
    item = contents_item(tree, "What to do if you are worried")
    tree.scrollToItem(item)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
    )
    assert page.current == "what-to-do"
    crumbs = field(window, "You are here").text()
    assert "What to do: the local response" in crumbs and "What to do if you are worried" in crumbs
    assert "call 999" in page.browser.toPlainText()
    assert "Written for this toolkit from" in page.browser.toPlainText()

    _follow_link_by_keyboard(page.browser, "screening checklist")
    assert page.current == "screening-checklist"
    click(window, "Back")
    assert page.current == "what-to-do"
    click(window, "Forward")
    assert page.current == "screening-checklist"
    click(window, "Help home")
    assert page.current == "home"
    assert not button(window, "Print this topic").isEnabled()


def test_search_as_you_type_opens_a_highlighted_result(qtbot, help_page):
    window, page = help_page
    search = field(window, "Search help")
    search.setFocus()
    type_text(search, "groom")
    results = field(window, "Search results")
    assert isinstance(results, QListWidget) and results.count() > 0
    assert not field_visible(window, "Contents")
    titles = [results.item(i).text().split("\n")[0] for i in range(results.count())]
    assert "How grooming works, and common patterns" in titles[:3]
    QTest.keyClick(search, Qt.Key.Key_Return)  # Enter opens the first result
    assert page.current == page.library.topics()[0].id or page.current
    assert page.highlighted, "the matched words are highlighted in the page"
    assert all("groom" in w.lower() for w in page.highlighted)
    search.clear()
    assert field(window, "Contents").isVisible()


def field_visible(window, label):
    return any(
        w.isVisible() for w in window.findChildren(QTreeWidget) if w.accessibleName() == label
    )


def test_nothing_found_says_so(qtbot, help_page):
    window, _page = help_page
    type_text(field(window, "Search help"), "xylophonequartz")
    assert "Nothing found" in " ".join(
        w.text() for w in window.findChildren(QLabel) if w.isVisible()
    )


def test_zoom_is_remembered(qtbot, help_page, ready):
    window, page = help_page
    before = page.browser.font().pointSizeF()
    click(window, "Larger text")
    click(window, "Larger text")
    assert page.browser.font().pointSizeF() > before
    assert ready.settings.get("help_zoom") == 2
    from app.core.settings import AppSettings

    assert AppSettings.load(ready.paths.settings).get("help_zoom") == 2
    page.browser.setFocus()
    QTest.keyClick(page.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert ready.settings.get("help_zoom") == 1


def test_case_study_answers_are_revealed_one_at_a_time(qtbot, help_page):
    _window, page = help_page
    page.open_topic("case-study")
    text = page.browser.toPlainText()
    assert "Show the answer to question 1" in text
    assert "Show the answer to question 2" in text
    _follow_link_by_keyboard(page.browser, "Show the answer to question 1")
    text = page.browser.toPlainText()
    assert "Hide the answer" in text
    assert "Show the answer to question 1" not in text
    assert "Show the answer to question 2" in text


def test_route_chart_is_drawn_in_the_page(qtbot, help_page):
    window, page = help_page
    page.open_topic("route-chart")
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    image = page.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart:route")
    )
    assert image is not None and not image.isNull()
    small = image.width()
    click(window, "Larger text")
    bigger = page.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart:route")
    )
    assert bigger.width() > small  # redrawn larger, not stretched


def test_contacts_page_shows_the_area_numbers(qtbot, help_page):
    _window, page = help_page
    page.open_topic("contacts")
    text = page.browser.toPlainText()
    assert "0300 126 7000" in text and "01604 626938" in text and "0800 1111" in text


def test_print_this_topic_to_a_pdf_printer(qtbot, help_page, printed_pdf):
    window, page = help_page
    out = printed_pdf
    page.open_topic("signs")
    click(window, "Print this topic")
    assert out.exists()
    assert len(PdfReader(out).pages) >= 1


def test_error_boxes_offer_their_help_topic(qtbot, help_page):
    window, page = help_page
    from app.core.errors import StoreInUse
    from ui.core.errors import show_error

    box = show_error(window, StoreInUse())
    click(box, "Read more in Help")
    assert window.pages.currentWidget() is page
    assert page.current == "unlocking"

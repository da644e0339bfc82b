"""The new training pages as a volunteer finds them: open Help, type a word, click the
result, read the page, follow its links to the pages it points to."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget

from tests.drivers import click, field, type_text
from ui.main_window import MainWindow


def _open_help(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Help")
    return window, window.help_page


def _click_result(results: QListWidget, title: str) -> None:
    for i in range(results.count()):
        item = results.item(i)
        if item.text().split("\n")[0] == title:
            results.scrollToItem(item)
            QTest.mouseClick(
                results.viewport(),
                Qt.MouseButton.LeftButton,
                pos=results.visualItemRect(item).center(),
            )
            return
    shown = [results.item(i).text().split("\n")[0] for i in range(results.count())]
    raise AssertionError(f"no result {title!r}; have {shown}")


def test_search_golden_rules_and_read_the_page(qtbot, ready):
    window, page = _open_help(qtbot, ready)
    search = field(window, "Search help")
    search.setFocus()
    type_text(search, "golden rules")
    results = field(window, "Search results")
    _click_result(results, "Sharing information to keep a child safe (the seven golden rules)")
    assert page.current == "information-sharing"
    text = page.browser.toPlainText()
    assert "The seven golden rules" in text
    assert "Write down what you decided and why, whether you shared or not." in text
    assert "Record your decision" in text
    crumbs = field(window, "You are here").text()
    assert "Policies and training for your group" in crumbs


def test_report_remove_from_a_search_for_nude(qtbot, ready):
    window, page = _open_help(qtbot, ready)
    search = field(window, "Search help")
    search.setFocus()
    type_text(search, "nude")
    QTest.keyClick(search, Qt.Key.Key_Return)  # Enter opens the first result
    assert page.current == "report-remove"
    text = page.browser.toPlainText()
    assert "under 18" in text
    assert "Never look at, copy, forward" in text

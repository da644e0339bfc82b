"""The police force's website beside 101, the way a lead sets it and anyone reads it:
Settings › Area fills it in with the area's other numbers, Save settings keeps it, and
Help › Local and national contacts shows it. An "other" area has no website: the row
says where to look instead, and nothing is left blank or broken."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import PASSPHRASE
from tests.drivers import choose, click, field, problem, type_into, unlock_through_dialog
from ui.main_window import MainWindow

WEBSITE = "Police (not an emergency): website"
SITES = {
    "www.leics.police.uk",
    "www.northants.police.uk",
}


def _open_contacts_topic(window) -> str:
    click(window, "Help")
    tree = field(window, "Contents")
    for i in range(tree.topLevelItemCount()):
        chapter = tree.topLevelItem(i)
        for j in range(chapter.childCount()):
            item = chapter.child(j)
            if item.text(0) == "Local and national contacts":
                tree.scrollToItem(item)
                QTest.mouseClick(
                    tree.viewport(),
                    Qt.MouseButton.LeftButton,
                    pos=tree.visualItemRect(item).center(),
                )
                assert window.help_page.current == "contacts"
                return window.help_page.browser.toPlainText()
    raise AssertionError("no contacts topic in the contents")


@pytest.mark.parametrize(
    ("area", "site"),
    [
        ("Northamptonshire", "www.northants.police.uk"),
        ("Leicester City", "www.leics.police.uk"),
        ("Leicestershire", "www.leics.police.uk"),
        ("Rutland", "www.leics.police.uk"),
        ("Other area", ""),
    ],
)
def test_each_area_shows_its_police_website_in_help_contacts(qtbot, ready, area, site):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE)  # Settings
    # Set up for Northamptonshire: another area first, so choosing fills the numbers in.
    choose(window, "Area", "Rutland" if area == "Northamptonshire" else "Northamptonshire")
    choose(window, "Area", area)
    assert field(window, WEBSITE).text() == site
    if not field(window, "Children's social care: phone").text():
        type_into(window, "Children's social care: phone", "01234 567 890")  # "other" has none
    click(window, "Save settings")
    assert field(window, "Settings status").text() == "Saved."
    assert ready.settings.get("police_website") == site

    text = _open_contacts_topic(window)
    if site:
        assert f"101, or online at {site}" in text
        assert not (SITES - {site}) & set(text.split())  # not the other force's
    else:
        assert "101, or online at your local police force's website" in text
        assert not any(s in text for s in SITES)
        assert "online at ," not in text and "None" not in text


def test_a_website_that_is_not_one_is_refused_in_plain_words(qtbot, ready):
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    type_into(window, WEBSITE, "ring the station")
    click(window, "Save settings")
    assert "Enter a web address such as www.leics.police.uk" in problem(window, WEBSITE).text()
    assert ready.settings.get("police_website") == ""
    type_into(window, WEBSITE, "www.northants.police.uk")
    click(window, "Save settings")
    assert ready.settings.get("police_website") == "www.northants.police.uk"

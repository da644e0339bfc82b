"""Practice mode (issue 16, item 1), driven as a volunteer does: opened from Home and
from Help by clicking, a made-up case picked from the list, the real form filled in
beside its story with a canary in it, Finish practice. Proves the PRACTICE band is seen
and read on every step, the feedback shows the checklist's tier and the one a lead
would expect, nothing is written anywhere (data folder, temp, letterbox, the store),
and Lock leaves no trace of what was typed, undo history included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from app.screening import vocabulary
from app.screening.practice_cases import load_practice_cases
from tests.conftest import snapshot
from tests.drivers import click, field, heard, tick, type_into, type_text
from tests.gui.core.test_wipe_canary import CANARY, assert_wiped
from ui.main_window import MainWindow

BAND = "PRACTICE — not a real record"
CASE_ID = "owen-gaming-friend"


@pytest.fixture
def window(qtbot, ready, monkeypatch):
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    return made


def band_shown(window) -> None:
    """The band is on screen now, says PRACTICE, and is what a screen reader reads."""
    page = window.practice_page
    assert window.pages.currentWidget() is page
    assert page.band.isVisible()
    assert page.band.text() == BAND
    assert heard(page.band) == BAND
    # Black on yellow: nothing faint.
    assert "#000000" in page.band.styleSheet() and "#ffd500" in page.band.styleSheet()


def choose_case(window, case_id: str):
    page = window.practice_page
    case = next(c for c in load_practice_cases() if c.id == case_id)
    items = page.case_list.findItems(case.title, Qt.MatchFlag.MatchExactly)
    assert len(items) == 1, f"{case.title!r} is not listed once"
    page.case_list.scrollToItem(items[0])
    rect = page.case_list.visualItemRect(items[0])
    QTest.mouseClick(page.case_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.case_list.currentItem() is items[0]
    click(window, "Start this case")
    assert page.story.isVisible() or page.story_toggle.isVisible()
    assert case.story in page.story.toPlainText()
    return case


def years_ago(years: int) -> str:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)).strftime("%d/%m/%Y")


def test_opens_from_home_by_clicking(window):
    click(window, "Practise with a made-up case")
    band_shown(window)
    assert window.practice_page.case_list.count() == len(load_practice_cases())


def test_opens_from_help_by_clicking(window):
    click(window, "Help")
    click(window, "Practise with a made-up case")
    band_shown(window)


def _temp_files(isolated_tmp: Path) -> list[str]:
    return sorted(str(p) for p in isolated_tmp.rglob("*"))


def test_practice_writes_nothing_and_gives_feedback(qtbot, window, ready, isolated_tmp):
    data = ready.paths.data
    before = snapshot(data)
    store = ready.paths.data / "records.db"
    store_bytes = store.read_bytes()
    temp_before = _temp_files(isolated_tmp)
    letterbox_before = sorted(ready.paths.letterbox.rglob("*"))

    click(window, "Practise with a made-up case")
    case = choose_case(window, CASE_ID)
    form = window.practice_page.form
    band_shown(window)
    assert BAND in heard(form.current_step())
    click(window, "Next")  # nobody in danger now
    assert form.current_step() is form.person
    band_shown(window)
    assert BAND in heard(form.current_step())
    type_into(window, "Name", f"Owen {CANARY}")
    type_into(window, "Date of birth", years_ago(case.age))
    click(window, "Next")
    assert form.current_step() is form.happened
    band_shown(window)
    assert BAND in heard(form.current_step())
    type_text(field(window, "The young person's own words"), f"He is my mate {CANARY}")
    type_text(field(window, "What you saw or heard"), "I think he is putting himself at risk.")
    click(window, "Next")
    assert form.current_step() is form.checklist_step
    band_shown(window)
    assert BAND in heard(form.current_step())
    for t in case.ticks:
        tick(window, form.checklist.indicator(t.item).text)
    click(window, "Next")
    assert form.current_step() is form.result
    band_shown(window)
    assert BAND in heard(form.current_step())
    computed = field(window, "Checklist result").toPlainText().splitlines()[0].strip()
    assert computed in {vocabulary.label(t) for t in vocabulary.TIER_ORDER}
    click(window, "Next")
    assert form.current_step() is form.review
    band_shown(window)
    assert BAND in heard(form.current_step())
    type_into(window, "Your name", f"Sam {CANARY}")
    # The send path is not there: only Finish practice.
    shown_buttons = [
        b.text().replace("&", "") for b in window.findChildren(QAbstractButton) if b.isVisible()
    ]
    assert "Finish practice" in shown_buttons
    assert not [b for b in shown_buttons if "Send" in b or "send" in b], shown_buttons
    click(window, "Finish practice")

    page = window.practice_page
    assert page.stack.currentWidget() is page.feedback_page
    band_shown(window)
    shown = field(window, "Practice feedback").toPlainText()
    assert "What the checklist gives for what you entered" in shown
    assert computed in shown
    assert vocabulary.label(case.expect.tier) in shown
    assert case.why in shown
    # How the record is written (app/screening/record_feedback.py), kindly, with what to
    # write instead.
    assert "How your record is written" in shown
    assert "Words to change" in shown and "'putting himself at risk'" in shown
    assert "What you saw or heard" in shown

    # Nothing written anywhere, and the records never opened.
    assert not ready.is_unlocked
    assert store.read_bytes() == store_bytes
    assert snapshot(data) == before
    assert sorted(ready.paths.letterbox.rglob("*")) == letterbox_before == []
    assert _temp_files(isolated_tmp) == temp_before
    # Done clears the feedback too: nothing typed is left anywhere, not even as undo.
    click(window, "Done")
    assert window.pages.currentWidget() is window.home
    assert_wiped()


def test_lock_wipes_the_canary_and_its_undo_history(qtbot, window, ready):
    click(window, "Practise with a made-up case")
    case = choose_case(window, CASE_ID)
    form = window.practice_page.form
    click(window, "Next")
    type_into(window, "Name", f"Owen {CANARY}")
    click(window, "Next")
    type_text(field(window, "The young person's own words"), f"He said {CANARY}")
    click(window, "Next")
    tick(window, form.checklist.indicator(case.ticks[0].item).text)
    window.lock_now()
    assert window.practice_page.stack.currentWidget() is window.practice_page.picker
    assert not ready.is_unlocked
    assert not list(ready.paths.letterbox.rglob("*"))
    assert_wiped()
    # The made-up cases are still there to practise again (they hold nothing typed).
    assert window.practice_page.case_list.count() == len(load_practice_cases())
    choose_case(window, CASE_ID)


def test_discard_clears_and_goes_home(qtbot, window, ready):
    click(window, "Practise with a made-up case")
    choose_case(window, CASE_ID)
    click(window, "Next")
    type_into(window, "Name", f"Owen {CANARY}")
    click(window, "Discard")
    from tests.concern_drivers import message_box, press

    press(message_box("Discard this concern?"), "Discard")
    assert window.pages.currentWidget() is window.home
    assert not list(ready.paths.letterbox.rglob("*"))


def test_printing_puts_the_band_on_every_page(qtbot, window, ready, printed_pdf):
    from PySide6.QtPdf import QPdfDocument

    click(window, "Practise with a made-up case")
    choose_case(window, CASE_ID)
    form = window.practice_page.form
    for _ in range(3):
        click(window, "Next")
    tick(window, form.checklist.indicators[20].text)
    click(window, "Next")
    click(window, "Next")
    assert form.current_step() is form.review
    click(window, "Print this practice record")
    assert printed_pdf.exists()
    document = QPdfDocument()
    document.load(str(printed_pdf))
    assert document.pageCount() >= 1
    for index in range(document.pageCount()):
        text = document.getAllText(index).text()
        assert text.count("PRACTICE") >= 2, f"page {index + 1}: {text[:200]!r}"
    assert not list(ready.paths.letterbox.rglob("*"))

"""The lead's records list: concerns arrive, are searched inside the store, filtered,
opened, and wiped from every widget and model on lock."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    choose,
    choose_tab,
    field,
    problem,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

CANARY = "CANARYxRecordsx77"


def _concern(name: str, reg: str, tier_item: str | None = None) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=name),
        own_words=f"{name} said the driver gives her vapes {CANARY}",
        vehicles=[Vehicle(registration=reg, colour="silver")],
        indicators=[IndicatorAnswer(tier_item)] if tier_item else [],
        computed_tier="2" if tier_item else "none",
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def records(qtbot, ready):
    for concern in (
        _concern("Amira", "AB12 CDE", "T2-03"),
        _concern("Bea", "XY99 ZZZ"),
        _concern("Cal", "AB12CDE"),
    ):
        ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    return window, window.records_page


def test_the_list_search_filters_and_one_concern(qtbot, records, qtmodeltester):
    window, page = records
    assert page.model.rowCount() == 3
    qtmodeltester.check(page.model)
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by young person
    assert [page.model.row_at(i).young_person for i in range(3)] == ["Amira", "Bea", "Cal"]
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert page.model.row_at(0).young_person == "Cal"
    assert "Showing 3 of 3" in field(window, "How many records are shown").text()

    type_text(field(window, "Search the records"), "vapes")
    assert page.model.rowCount() == 3
    field(window, "Search the records").clear()
    type_text(field(window, "Search the records"), "Amira")
    assert page.model.rowCount() == 1
    field(window, "Search the records").clear()

    choose(window, "Tier", "Significant")
    assert page.model.rowCount() == 1
    choose(window, "Tier", "All tiers")

    page.table.selectRow(0)
    page.open_selected()
    shown = field(window, "The chosen concern").toPlainText()
    assert "said the driver gives her vapes" in shown and "Sam Volunteer" in shown


def test_bad_filter_dates_are_said_plainly(qtbot, records):
    window, page = records
    date_from = field(window, "Received from")
    date_from.setText("32/13/2026")
    date_from.editingFinished.emit()
    assert problem(window, "Received between").isVisible()
    assert page.model.rowCount() == 3  # the list is not emptied by a typing slip


def test_lock_wipes_the_records_from_every_widget_and_model(qtbot, records, ready):
    window, page = records
    page.table.selectRow(0)
    page.open_selected()
    assert CANARY in all_visible_text(window)
    window.lock_now()
    assert CANARY not in all_visible_text(window)
    assert page.model.rowCount() == 0
    for name in ("Amira", "Bea", "Cal"):
        assert name not in all_visible_text(window)


def test_the_same_car_in_other_records_is_shown_with_links(qtbot, records):
    window, page = records
    amira = next(
        i for i in range(page.model.rowCount()) if page.model.row_at(i).young_person == "Amira"
    )
    page.open_reference(page.model.row_at(amira).reference)
    shown = field(window, "The chosen concern").toPlainText()
    assert "Seen in other records" in shown
    assert "AB12CDE (same registration): also named in 1 other record" in shown
    cal = next(
        page.model.row_at(i).reference
        for i in range(page.model.rowCount())
        if page.model.row_at(i).young_person == "Cal"
    )
    assert cal in shown and "XY99" not in shown.split("Seen in other records")[1][:200]
    from PySide6.QtCore import QUrl

    page.concern_view.anchorClicked.emit(QUrl(f"concern:{cal}"))  # follow the link
    assert "Cal said the driver" in field(window, "The chosen concern").toPlainText()


def test_the_to_do_list_comes_first_and_opens_a_concern(qtbot, ready):
    from tests.drivers import open_dialogs

    for concern in (_concern("Dee", "KL11 MNO", "T2-03"), _concern("Eli", "PQ22 RST")):
        ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # the "new concerns have arrived" notice
    page = window.records_page
    assert page.tabs.currentWidget() is page.start
    todo = field(window, "To do").toPlainText()
    assert "2 new concerns have arrived from the letterbox" in todo
    assert "Concerns with no decision yet" in todo and "Dee" in todo and "Eli" in todo
    assert "No written referral is waiting" in todo
    dee = next(
        page.model.row_at(i).reference
        for i in range(page.model.rowCount())
        if page.model.row_at(i).young_person == "Dee"
    )
    from PySide6.QtCore import QUrl

    page.start.view.anchorClicked.emit(QUrl(f"concern:{dee}"))  # follow the link
    assert page.tabs.currentIndex() == 1
    assert "Dee said the driver" in field(window, "The chosen concern").toPlainText()
    window.lock_now()
    assert "Dee" not in page.start.view.toPlainText()


def test_decision_status_next_review_and_the_overdue_filter(qtbot, records, ready):
    from datetime import date

    from app.casework.decisions import Decisions

    window, page = records
    first = page.model.row_at(0)
    assert first.decision_words == "New" and first.is_new
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    Decisions(ready).set_status(first.reference, "monitoring", review_on=date.today())
    page.load()
    choose_tab(window, "All concerns")
    field(window, "Only reviews that are due or overdue").setChecked(True)
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row.reference == first.reference and row.decision_words == "Monitoring"
    assert page.model.index(0, 6).data() == date.today().strftime("%d/%m/%Y")
    field(window, "Only reviews that are due or overdue").setChecked(False)
    choose(window, "Status", "New")
    assert page.model.rowCount() == 2

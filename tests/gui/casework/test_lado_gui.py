"""The LADO on the lead's side, driven by the labels a person sees: the LADO's numbers and
the deputy lead in Settings and in setup (filled from the area), the LADO item in To do
as soon as a concern about an adult arrives, recording the LADO contact in the decision
panel (the item then goes), and a referral pack addressed to the LADO."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QListWidget

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    choose,
    choose_tab,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    problem,
    type_into,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

LADO = {
    "lado_label": "Northamptonshire Designated Officer (LADO)",
    "lado_phone": "0300 126 7000",
    "lado_note": "Or use the online form.",
}


def _concern(name: str, about: str) -> Concern:
    now = datetime.now(UTC)
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=now,
        about_adult=about,
        young_person=YoungPerson(name=name),
        own_words=f"{name} said the coach messages her late at night.",
        indicators=[IndicatorAnswer("T2-01", found_out_on=now.date())],
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def window(qtbot, ready):
    ready.settings.update(LADO)
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    yield made
    for dialog in open_dialogs():
        dialog.reject()


def _open_records(qtbot, window):
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()  # "new concerns have arrived"


def _plain(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


# -- Settings ------------------------------------------------------------------------------
def test_the_lado_number_is_edited_saved_and_read_back_in_settings(qtbot, window, ready):
    unlock_through_dialog(qtbot, window, PASSPHRASE)  # Settings
    assert field(window, "LADO: phone").text() == "0300 126 7000"
    assert (
        "Who to phone when a worry is about an adult who works or volunteers"
        in all_visible_text(window)
    )
    type_into(window, "LADO: phone", "ring the council")
    click(window, "Save settings")
    assert "Use only numbers" in problem(window, "LADO: phone").text()
    assert ready.settings.get("lado_phone") == "0300 126 7000"  # nothing saved

    type_into(window, "LADO: name", "Our council's LADO")
    type_into(window, "LADO: phone", "01604 111 222")
    type_into(window, "Deputy lead: name", "Dee Deputy")
    type_into(window, "Deputy lead: phone", "07700 900 456")
    click(window, "Save settings")
    assert field(window, "Settings status").text() == "Saved."
    assert ready.settings.get("lado_phone") == "01604 111 222"
    assert ready.settings.get("deputy_phone") == "07700 900 456"  # phones only, for volunteers
    assert "Dee" not in ready.paths.settings.read_text()
    assert ready.organisation().deputy_name == "Dee Deputy"

    click(window, "Lock now")
    assert window.settings_page.contact_edits["lado_phone"].text() == ""  # wiped with the rest
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    assert field(window, "LADO: name").text() == "Our council's LADO"
    assert field(window, "LADO: phone").text() == "01604 111 222"
    assert field(window, "Deputy lead: phone").text() == "07700 900 456"


def test_choosing_another_area_in_settings_fills_in_its_numbers(qtbot, window, ready):
    unlock_through_dialog(qtbot, window, PASSPHRASE)
    choose(window, "Area", "Leicester City")
    assert field(window, "LADO: phone").text() == "0116 454 2440"
    assert field(window, "LADO: name").text() == "Leicester City LADO (Safeguarding Unit)"
    assert field(window, "Children's social care: phone").text() == "0116 454 1004"
    assert "check them" in field(window, "Settings status").text()
    assert ready.settings.get("lado_phone") == "0300 126 7000"  # not saved yet
    click(window, "Save settings")
    assert ready.settings.get("lado_phone") == "0116 454 2440"
    assert ready.settings.get("area") == "leicester-city"


# -- setup ---------------------------------------------------------------------------------
def test_the_wizard_fills_the_lado_from_the_area_and_takes_a_deputy(qtbot, session):
    from app.keys.session import SetupState
    from ui.application import build_window

    window = build_window(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    wizard = window.wizard
    click(wizard, "Next")
    type_into(wizard, "Organisation name", "Riverside Youth Club")
    choose(wizard, "Area", "Leicestershire")
    click(wizard, "Next")
    assert field(wizard, "LADO: phone").text() == "0116 305 4141"
    assert field(wizard, "LADO: name").text() == "Leicestershire LADO (allegations line)"
    assert field(wizard, "LADO: note").text() == "Or email CFS-LADO@leics.gov.uk."
    click(wizard, "Back")
    choose(wizard, "Area", "Rutland")
    click(wizard, "Next")
    assert field(wizard, "LADO: phone").text() == "01572 758 407"  # the new area's
    click(wizard, "Next")
    type_into(wizard, "Designated lead: name", "Sam Okafor")
    type_into(wizard, "Designated lead: phone", "01604 555 0101")
    type_into(wizard, "Deputy lead: phone (optional)", "not a number")
    click(wizard, "Next")
    assert "Use only numbers" in problem(wizard, "Deputy lead: phone (optional)").text()
    type_into(wizard, "Deputy lead: name (optional)", "Dee Deputy")
    type_into(wizard, "Deputy lead: phone (optional)", "07700 900 456")
    click(wizard, "Next")
    type_into(wizard, "Passphrase", PASSPHRASE)
    type_into(wizard, "Passphrase again", PASSPHRASE)
    click(wizard, "Next")
    field(wizard, "I have the recovery code stored safely").setChecked(True)
    click(wizard, "Finish")
    qtbot.waitUntil(lambda: gone(wizard), timeout=20_000)
    assert session.setup_state() is SetupState.READY and session.is_unlocked
    assert session.settings.get("lado_phone") == "01572 758 407"
    assert session.settings.get("deputy_phone") == "07700 900 456"
    assert session.organisation().deputy_name == "Dee Deputy"


# -- To do and the decision panel -----------------------------------------------------------
def test_the_lado_item_is_in_to_do_as_soon_as_the_concern_arrives_and_goes_when_recorded(
    qtbot, window, ready
):
    ready.seal_concern(_concern("Dee", "staff"))
    ready.seal_concern(_concern("Eli", "no"))
    _open_records(qtbot, window)
    page = window.records_page
    assert page.tabs.currentWidget() is page.start
    todo = field(window, "To do").toPlainText()
    assert "Worries about an adult here: contact the LADO" in todo
    assert "Contact the LADO by" in todo and "Dee" in todo
    assert "Northamptonshire Designated Officer (LADO): 0300 126 7000" in todo
    lado_part = todo.split("contact the LADO")[1].split("Written referrals due")[0]
    assert "Eli" not in lado_part  # not about an adult: no LADO item

    dee = next(
        page.model.row_at(i).reference
        for i in range(page.model.rowCount())
        if page.model.row_at(i).young_person == "Dee"
    )
    page.start.view.anchorClicked.emit(QUrl(f"concern:{dee}"))  # follow the link
    choose_tab(window, "Decisions and follow-ups")
    panel = page.decision_panel
    shown = all_visible_text(panel)
    assert "The worry is about a member of staff, a volunteer or a trustee" in shown
    assert "Northamptonshire Designated Officer (LADO): <b>0300 126 7000</b>." in shown
    assert "Contact the LADO by" in shown

    click(panel, "Save the LADO contact")  # nothing typed: said at the field
    assert problem(panel, "When the LADO was contacted").isVisible()

    when = (datetime.now() - timedelta(minutes=30)).strftime("%d/%m/%Y %H:%M")
    type_into(panel, "When the LADO was contacted", when)
    click(panel, "Save the LADO contact")
    assert (
        "Write the name of the person you spoke to"
        in problem(panel, "Whom you spoke to at the LADO").text()
    )
    assert problem(panel, "The LADO's reference").isVisible()
    type_into(panel, "Whom you spoke to at the LADO", "Pat Officer")
    type_into(panel, "The LADO's reference", "LADO-2026-77")
    type_text(field(panel, "What was agreed (optional)"), "They will ring back today.")
    click(panel, "Save the LADO contact")
    contacts = field(panel, "LADO contacts")
    assert isinstance(contacts, QListWidget) and contacts.count() == 1
    line = contacts.item(0).text()
    assert when in line and "Pat Officer" in line and "LADO-2026-77" in line
    assert "Agreed: They will ring back today." in line
    assert f"LADO contacted {when}." in all_visible_text(panel)
    assert field(panel, "Last saved").text() == "LADO contact saved."
    assert field(panel, "Whom you spoke to at the LADO").text() == ""  # ready for another

    choose_tab(window, "To do")
    assert "contact the LADO" not in field(window, "To do").toPlainText()  # current, not stale


def test_to_do_is_read_again_when_shown_so_a_new_concern_is_there(qtbot, window, ready):
    _open_records(qtbot, window)
    page = window.records_page
    assert "contact the LADO" not in field(window, "To do").toPlainText()
    choose_tab(window, "All concerns")
    saved = ready.save_concern_direct(_concern("Fin", "lead"))  # recorded by the lead
    choose_tab(window, "To do")
    todo = field(window, "To do").toPlainText()
    assert "Worries about an adult here: contact the LADO" in todo and "Fin" in todo
    assert "the deputy lead or the designated trustee contacts the LADO" in todo

    page.show_concern(saved.id)
    choose_tab(window, "Decisions and follow-ups")
    shown = all_visible_text(page.decision_panel)
    assert "If that is you, stop here" in shown
    assert "The deputy lead or the designated trustee acts on it" in shown
    assert shown.count("The worry is about the designated lead") == 1


def test_the_lado_part_is_not_shown_for_an_ordinary_concern(qtbot, window, ready):
    ready.seal_concern(_concern("Gus", "no"))
    _open_records(qtbot, window)
    page = window.records_page
    page.show_concern(page.model.row_at(0).reference)
    choose_tab(window, "Decisions and follow-ups")
    assert not page.decision_panel.lado_box.isVisible()
    assert not [
        w
        for w in page.decision_panel.findChildren(QLabel)
        if w.accessibleName() == "When the LADO was contacted" and w.isVisible()
    ]


def test_a_trustee_sees_how_many_lado_contacts_wait(qtbot, ready):
    from app.casework.decisions import Decisions
    from ui.casework.trustee_page import TrusteePage

    ready.unlock(PASSPHRASE)
    ready.save_concern_direct(_concern("Hal", "staff"))
    page = TrusteePage(ready)
    qtbot.addWidget(page)
    page.show()
    page.load()
    text = field(page, "Summary for the trustee").text()
    assert (
        "Worries about an adult here with no LADO contact recorded</td>"
        "<td align='right'><b>1</b>" in text
    )
    assert "Hal" not in text
    assert Decisions(ready).counts().lado_waiting == 1


# -- the referral pack --------------------------------------------------------------------
def test_a_pack_about_an_adult_is_offered_to_the_lado_first_and_prints_its_number(
    qtbot, window, ready
):
    about = _concern("Ivy", "staff")
    ordinary = _concern("Jo", "no")
    ready.seal_concern(about)
    ready.seal_concern(ordinary)
    _open_records(qtbot, window)
    choose_tab(window, "All concerns")

    window.records_page.show_concern(about.id)
    click(window, "Referral pack…")
    dialog = dialog_titled("Referral pack")
    send_to = field(dialog, "Send to")
    assert send_to.currentText() == LADO["lado_label"]  # offered first
    assert f"{LADO['lado_label']}, phone 0300 126 7000" in all_visible_text(dialog)
    assert send_to.itemText(1) == ready.settings.get("duty_team_label")
    text = _plain(dialog.pdf)
    assert f"To {LADO['lado_label']}" in text
    assert "Their phone 0300 126 7000" in text
    assert "LADO contact None recorded yet" in text
    assert f"for {LADO['lado_label']}" in field(dialog, "Referral pack status").text()
    field(dialog, "Include a fax or post cover sheet").setChecked(True)
    cover = PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text().replace("\u00a0", " ")
    assert LADO["lado_label"] in cover and "0300 126 7000" in cover
    dialog.reject()

    window.records_page.show_concern(ordinary.id)
    click(window, "Referral pack…")
    dialog = dialog_titled("Referral pack")
    send_to = field(dialog, "Send to")
    assert send_to.currentText() == ready.settings.get("duty_team_label")
    choose(dialog, "Send to", LADO["lado_label"])  # for any concern
    assert f"To {LADO['lado_label']}" in _plain(dialog.pdf)
    dialog.reject()

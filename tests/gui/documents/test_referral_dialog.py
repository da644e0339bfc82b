"""The referral pack, from Records: a preview with pages, printing from memory to the
same number of pages, Save as PDF with its plain warning, audit rows by reference only,
and a printed record digest checked against the store."""

from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    button,
    choose,
    choose_tab,
    click,
    dialog_titled,
    field,
    tick,
    type_into,
    unlock_through_dialog,
)
from ui.core import ask
from ui.main_window import MainWindow

NAME = "Amirax Canary"


def _concern() -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=NAME),
        own_words="She said the driver gives her vapes and lifts after school.",
        vehicles=[Vehicle(registration="AB12 CDE", colour="silver")],
        indicators=[IndicatorAnswer("T2-03")],
        computed_tier="2",
        recorder_name="Sam Volunteer",
    )


@pytest.fixture
def pack(qtbot, ready):
    concern = _concern()
    ready.seal_concern(concern)
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    window.records_page.show_concern(concern.id)
    click(window, "Referral pack…")
    dialog = dialog_titled("Referral pack")
    return window, dialog, concern


def test_preview_then_print_gives_the_same_pages(qtbot, pack, printed_pdf):
    _window, dialog, _concern = pack
    pages = dialog.preview.page_count
    assert pages > 0 and dialog.pdf is not None
    assert f"{pages} page" in field(dialog, "Referral pack status").text()

    click(dialog, "Print…")
    assert len(PdfReader(printed_pdf).pages) == pages == dialog.pages
    assert "printer" in field(dialog, "Referral pack status").text()

    click(dialog, "Zoom in")
    click(dialog, "Zoom out")
    click(dialog, "Fit to width")


def test_options_rebuild_the_preview(qtbot, pack):
    _window, dialog, _concern = pack
    plain = dialog.preview.page_count
    tick(dialog, "Include a fax or post cover sheet")
    assert dialog.preview.page_count > plain  # the cover sheet comes first
    assert "cover sheet" in field(dialog, "Referral pack status").text()
    field(dialog, "Include a fax or post cover sheet").setChecked(False)
    assert dialog.preview.page_count == plain

    before = dialog.pdf
    tick(dialog, "Include the young person's chronology")
    assert dialog.pdf is not None and dialog.pdf != before

    choose(dialog, "Send to", "Police")
    assert "for Police" in field(dialog, "Referral pack status").text()
    choose(dialog, "Send to", "Other")
    assert dialog.pdf is None and not dialog.print_button.isEnabled()
    type_into(dialog, "Other: who", "Rivertown Community Safety Team")
    field(dialog, "Other: who").editingFinished.emit()
    assert dialog.pdf is not None
    assert "Rivertown Community Safety Team" in field(dialog, "Referral pack status").text()


def test_save_writes_the_pdf_with_a_warning_and_both_are_audited(
    qtbot, pack, printed_pdf, tmp_path, monkeypatch
):
    window, dialog, concern = pack
    assert "not encrypted" in field(dialog, "About saving").text()
    target = tmp_path / "chosen" / "referral.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(target))
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == dialog.pdf
    assert "not encrypted" in field(dialog, "Referral pack status").text()
    click(dialog, "Print…")

    session = window.session
    rows = {
        e.event: e
        for e in session.audit_events(limit=50)
        if e.subject == concern.id and e.event in ("print", "export")
    }
    assert set(rows) == {"print", "export"}
    for row in rows.values():
        assert row.detail == {"what": "referral", "pages": dialog.pages}
        assert NAME not in repr(row.detail) and NAME not in row.subject


def test_a_printed_digest_is_checked_against_the_store(qtbot, pack):
    from app.intake.concern.digest import record_digest

    window, dialog, concern = pack
    right = record_digest(window.records_page.records.open(concern.id))
    type_into(dialog, "Digest on the paper", right.lower().replace("-", " "))
    click(dialog, "Check")
    assert field(dialog, "Digest check result").text().startswith("Matches")

    wrong = "0000-0000-0000" if right != "0000-0000-0000" else "1111-1111-1111"
    type_into(dialog, "Digest on the paper", wrong)
    click(dialog, "Check")
    assert field(dialog, "Digest check result").text().startswith("Does not match")

    type_into(dialog, "Digest on the paper", "not a digest")
    click(dialog, "Check")
    assert "not a record digest" in field(dialog, "Digest check result").text()


def test_a_lock_closes_the_pack_and_forgets_it(qtbot, pack):
    window, dialog, _concern = pack
    assert button(window, "Referral pack…").isEnabled()
    window.lock_now()
    assert not dialog.isVisible() or dialog.pdf is None
    assert not window.records_page.pack_button.isEnabled()

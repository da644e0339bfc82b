"""Print handouts from Help: each previews; the policy needs a lead and carries the
organisation's details once unlocked; saving writes the PDF only where chosen."""

import io

from pypdf import PdfReader

from tests.conftest import PASSPHRASE
from tests.drivers import click, dialog_titled, field, open_print_handouts, type_into
from ui.core import ask


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_handouts_preview_and_the_policy_after_unlock(qtbot, ready, tmp_path, monkeypatch):
    window, dialog = open_print_handouts(qtbot, ready)
    choices = field(dialog, "Handouts")
    assert "locked" in field(dialog, "About these handouts").text()

    expected_pages = {0: 2, 1: None, 2: 1, 3: 1}
    for row, pages in expected_pages.items():
        choices.setCurrentRow(row)
        assert dialog.pdf is not None
        if pages:
            assert dialog.preview.page_count == pages, choices.item(row).text()
        text = _pdf_text(dialog.pdf)
        if row != 2:  # the young people's leaflet gives Childline and 999 instead
            assert "0300 126 7000" in text  # the area's number, even while locked
        assert "Riverside Youth Club" not in text  # the name is inside the store

    choices.setCurrentRow(4)  # the policy
    assert dialog.pdf is None and not dialog.print_button.isEnabled()
    click(dialog, "Unlock to build the policy…")
    unlock = dialog_titled("Unlock the records")
    type_into(unlock, "Passphrase", PASSPHRASE)
    click(unlock, "Unlock")
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=10_000)
    policy = _pdf_text(dialog.pdf)
    for needed in ("Riverside Youth Club", "Sam Okafor", "0300 126 7000", "Page 1 of"):
        assert needed in policy

    target = tmp_path / "chosen" / "policy.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(target))
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == dialog.pdf
    assert "not encrypted" in field(dialog, "Handout status").text()

    window.lock_now()  # a lock closes the dialog and forgets the document
    assert not dialog.isVisible() or dialog.pdf is None

"""The group templates in Print handouts: each is picked by its visible title and
previews; while locked it prints with lines to write on, and once a lead unlocks it
carries the organisation's name and lead; a chosen template saves like the leaflets."""

import io

from pypdf import PdfReader

from app.documents.group_templates import GROUP_TEMPLATES
from app.documents.pdf_kit import BLANK
from tests.conftest import PASSPHRASE
from tests.drivers import click, click_item, dialog_titled, field, open_print_handouts, type_into
from ui.core import ask

TITLES = {
    "code-of-conduct": "Template: volunteer code of conduct",
    "whistleblowing": "Template: whistleblowing procedure",
    "information-sharing": "Template: information sharing rules and record",
    "online-safety": "Template: online safety agreement",
}
HEADINGS = {
    "code-of-conduct": "Volunteer code of conduct",
    "whistleblowing": "Whistleblowing procedure",
    "information-sharing": "Information sharing: the seven golden rules",
    "online-safety": "Online safety agreement",
}


def _text(dialog) -> str:
    pages = PdfReader(io.BytesIO(dialog.pdf)).pages
    return " ".join(" ".join(page.extract_text().replace("\xa0", " ").split()) for page in pages)


def _pick_each(dialog, choices) -> dict[str, str]:
    """Click every template by its title; check the preview; return each one's text."""
    found = {}
    for key, _title, _name, _build in GROUP_TEMPLATES:
        click_item(choices, TITLES[key])
        assert dialog.current_key() == key
        assert dialog.pdf is not None and dialog.preview.page_count >= 1, key
        pages = dialog.preview.page_count
        assert f"{pages} page" in field(dialog, "Handout status").text()
        assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
        found[key] = _text(dialog)
        assert HEADINGS[key] in found[key], key
    return found


def test_each_template_previews_locked_then_with_the_organisation_after_unlock(
    qtbot, ready, tmp_path, monkeypatch
):
    _window, dialog = open_print_handouts(qtbot, ready)
    choices = field(dialog, "Handouts")
    assert TITLES.keys() == {key for key, *_ in GROUP_TEMPLATES}

    locked = _pick_each(dialog, choices)
    for key, text in locked.items():
        assert "Riverside Youth Club" not in text and "Sam Okafor" not in text, key
        assert f"Organisation: {BLANK}" in text, key  # a line to write the name on
        assert "None" not in text, key
    # The area's LADO number comes from Settings, so it prints even while locked.
    assert "0300 126 7000" in locked["whistleblowing"]

    click_item(choices, "A CSE policy for your organisation (needs a lead's passphrase)")
    click(dialog, "Unlock to build the policy…")
    unlock = dialog_titled("Unlock the records")
    type_into(unlock, "Passphrase", PASSPHRASE)
    click(unlock, "Unlock")
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=10_000)

    unlocked = _pick_each(dialog, choices)
    for key, text in unlocked.items():
        assert "Riverside Youth Club" in text and "Sam Okafor" in text, key

    click_item(choices, TITLES["whistleblowing"])
    target = tmp_path / "whistleblowing.pdf"
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(target))
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == dialog.pdf

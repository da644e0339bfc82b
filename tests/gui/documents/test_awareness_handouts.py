"""The awareness sessions and the introductory slides in Print handouts: each is found by
its visible title, previews when clicked, and the slides save like any other handout."""

import io

from pypdf import PdfReader

from app.documents import awareness_sessions, intro_slides
from tests.drivers import click, click_item, field, open_print_handouts
from ui.core import ask

# visible title: (first heading, pages, landscape)
EXPECTED = {
    "Awareness sessions for under-11s": (
        "Awareness sessions for under-11s",
        1 + len(awareness_sessions.UNDER_11),
        False,
    ),
    "Awareness sessions for 11\u201318s": (
        "Awareness sessions for 11\u201318s",
        1 + len(awareness_sessions.OVER_11),
        False,
    ),
    "Introductory slides, with speaker notes": (
        "Tackling child sexual exploitation",
        2 * len(intro_slides.slides(intro_slides.DocumentContext())),
        True,
    ),
}


def test_each_awareness_document_previews_when_picked_by_its_title_and_saves(
    qtbot, ready, tmp_path, monkeypatch
):
    _window, dialog = open_print_handouts(qtbot, ready)
    choices = field(dialog, "Handouts")
    assert [title for _key, title, _name, _build in awareness_sessions.AWARENESS_DOCUMENTS] == (
        list(EXPECTED)
    )
    for title, (heading, pages, landscape) in EXPECTED.items():
        click_item(choices, title)
        assert choices.currentItem().text() == title
        assert dialog.pdf is not None, title
        assert dialog.preview.page_count == pages, title
        assert f"{pages} pages." in field(dialog, "Handout status").text()
        reader = PdfReader(io.BytesIO(dialog.pdf))
        assert heading in " ".join(reader.pages[0].extract_text().split()), title
        box = reader.pages[0].mediabox
        assert (box.width > box.height) is landscape, title
        assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()

    target = tmp_path / "slides.pdf"
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(target))
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == dialog.pdf
    assert "Saved to" in field(dialog, "Handout status").text()

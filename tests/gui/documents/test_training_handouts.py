"""The training evening pack in Print handouts: clicking each training entry previews it,
and the chosen one saves like the leaflets."""

import io

from pypdf import PdfReader

from app.documents.training_pack import TRAINING_DOCUMENTS
from tests.drivers import click, click_item, field, open_print_handouts
from ui.core import ask

HEADINGS = {
    "plan-60": "A 60-minute training evening",
    "plan-90": "A 90-minute training evening",
    "cases": "Made-up cases to discuss",
    "quiz": "Spot the signs quiz",
    "quiz-answers": "Spot the signs quiz: answer sheet",
    "attendance": "Training attendance sheet",
}


def test_each_training_document_previews_when_clicked_and_saves(
    qtbot, ready, tmp_path, monkeypatch
):
    _window, dialog = open_print_handouts(qtbot, ready)
    choices = field(dialog, "Handouts")
    assert HEADINGS.keys() == {key for key, *_ in TRAINING_DOCUMENTS}
    for key, title, _name, _build in TRAINING_DOCUMENTS:
        click_item(choices, f"Training evening: {title}")
        assert dialog.current_key() == key
        assert dialog.pdf is not None and dialog.preview.page_count >= 1, title
        pages = dialog.preview.page_count
        assert f"{pages} page" in field(dialog, "Handout status").text()
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pdf)).pages)
        assert HEADINGS[key] in " ".join(text.split()), title
        assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()

    click_item(choices, "Training evening: Spot the signs quiz")
    target = tmp_path / "quiz.pdf"
    monkeypatch.setattr(ask, "choose_pdf_path", lambda *a: str(target))
    click(dialog, "Save as PDF…")
    assert target.read_bytes() == dialog.pdf

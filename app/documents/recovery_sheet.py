"""The one-page recovery code sheet the lead prints and keeps in the safe."""

from __future__ import annotations

import io
from datetime import date

from app import APP_NAME
from app.documents import fonts, pdf_kit


def build(code: str, organisation: str, made_on: date | None = None, key_words: str = "") -> bytes:
    """The sheet; `key_words`: the letterbox check words (app/keys/key_words.py), which
    the lead can check against the Send screen and the poster on the wall."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    fonts.register()
    made_on = made_on or date.today()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    # Metadata set on purpose: nothing about the organisation or the code.
    canvas.setTitle("Recovery code")
    canvas.setAuthor(APP_NAME)
    canvas.setSubject("Recovery code sheet")
    width, height = A4
    left, y = 25 * mm, height - 30 * mm

    canvas.setFont(fonts.BOLD, 20)
    canvas.drawString(left, y, "Recovery code")
    y -= 9 * mm
    canvas.setFont(fonts.REGULAR, 12)
    pdf_kit.draw_text(canvas, left, y, f"{APP_NAME} for {organisation}"[:95], 12)
    canvas.setFont(fonts.REGULAR, 12)
    y -= 6 * mm
    canvas.drawString(left, y, f"Made on {made_on.strftime('%d %B %Y')}")

    y -= 22 * mm
    canvas.setLineWidth(1.5)
    canvas.rect(left, y - 8 * mm, width - 2 * left, 24 * mm)
    canvas.setFont(fonts.MONO_BOLD, 24)
    canvas.drawCentredString(width / 2, y, code)

    y -= 26 * mm
    lines = [
        ("What this is", fonts.BOLD),
        (
            "This code opens the organisation's safeguarding records if every designated lead's "
            "passphrase is lost. It is the only way in: without a passphrase or this code, nobody "
            "can read the records, including the people who made the toolkit.",
            fonts.REGULAR,
        ),
        ("", fonts.REGULAR),
        ("Keep it safe", fonts.BOLD),
        (
            "Keep this sheet in a locked safe or cabinet, away from the computer. Anyone with this "
            "code and the computer can read every record. Do not photograph it, email it or save "
            "it on the computer.",
            fonts.REGULAR,
        ),
        ("", fonts.REGULAR),
        ("Using it", fonts.BOLD),
        (
            'On the unlock screen tick "Use the recovery code instead" and type the code. '
            "Small or capital letters, and the dashes, do not matter. If a new code is made, "
            "this one stops working: destroy this sheet then.",
            fonts.REGULAR,
        ),
    ]
    if key_words:
        lines += [
            ("", fonts.REGULAR),
            ("Letterbox check words", fonts.BOLD),
            (key_words, fonts.MONO_BOLD),
            (
                "When a volunteer sends a concern, the toolkit shows these six words: they "
                "stand for the organisation's own letterbox key. If a volunteer "
                "says the words on the screen are different, someone may have changed the key "
                "file: unlock the records at once and read what the toolkit says.",
                fonts.REGULAR,
            ),
        ]
    for text, font in lines:
        canvas.setFont(font, 12)
        for line in simpleSplit(text, font, 12, width - 2 * left) or [""]:
            canvas.drawString(left, y, line)
            y -= 6 * mm

    y -= 10 * mm
    canvas.setFont(fonts.REGULAR, 12)
    canvas.drawString(left, y, "Kept by: ________________________   Where: ____________________")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

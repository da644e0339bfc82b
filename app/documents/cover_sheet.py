"""The fax or post cover sheet that goes in front of a referral summary.

One page, large clear fields, black on white, with room at the top for the fax header
line. It takes no concern at all, by design: nothing about the young person can appear
on the page that anyone near a fax machine or post room may read.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from app.documents import fonts, pdf_kit
from app.documents.context import DocumentContext
from app.documents.pdf_kit import text as t

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

MARKING = "OFFICIAL-SENSITIVE"
BODY_PT = 13.0


def _drawer(pages: int) -> pdf_kit.PageDrawer:
    def draw(canvas: Canvas, number: int, count: int, width: float, height: float) -> None:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.lib.units import mm

        canvas.saveState()
        canvas.setFillGray(0)
        canvas.setFont(fonts.BOLD, 13)
        canvas.drawCentredString(width / 2, height - 17 * mm, MARKING)
        canvas.drawCentredString(width / 2, 10 * mm, MARKING)
        canvas.setFont(fonts.REGULAR, 10)
        # Out of every page sent, as the sheet says: the summary numbers on from here.
        canvas.drawRightString(width - 18 * mm, 17 * mm, f"Page {number} of {max(pages, count)}")
        canvas.restoreState()

    return draw


def build_cover_sheet(
    context: DocumentContext,
    *,
    recipient: str,
    pages: int,
    recipient_phone: str = "",
    made_at: datetime | None = None,
) -> bytes:
    """The cover sheet as PDF bytes. `pages` is the number of pages sent in all,
    counting this sheet (as fax cover sheets conventionally do, and as the sheet says);
    its footer says "Page 1 of `pages`". `recipient_phone` (the duty team's or the
    LADO's number from Settings) is printed in its own row, or a line to write it on."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    made_at = made_at or datetime.now().astimezone()
    if made_at.utcoffset() is not None:
        made_at = made_at.astimezone()
    s = pdf_kit.styles(BODY_PT)
    big = ParagraphStyle("field", s["cell"], fontSize=15, leading=19)
    big_bold = ParagraphStyle("field-bold", big, fontName=fonts.BOLD)
    width = pdf_kit.frame_width()
    sender_phone = context.lead_phone or context.trustee_phone
    rows = [
        ("To", recipient, ""),
        ("Their phone", "", recipient_phone),
        ("From", context.organisation, ""),
        ("Contact", ", ".join(x for x in (context.lead_name, context.lead_role) if x), ""),
        ("Our phone", "", sender_phone),
        ("Date", f"{pdf_kit.day(made_at.date())}, {made_at:%H:%M}", ""),
        ("Pages", f"{pages} in all, including this sheet", ""),
    ]
    # Numbers in the monospace face (a dotted zero), at the size of the other fields;
    # an empty field stays empty above its rule, a line to write on.
    cells = [
        [
            Paragraph(label, big_bold),
            pdf_kit.code(number, big.fontSize + 1, fallback=big)
            if number
            else Paragraph(t(value) if value else "", big),
        ]
        for label, value, number in rows
    ]
    table = Table(cells, colWidths=[width * 0.27, width * 0.73], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 16),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, colors.black),
            ]
        )
    )
    phone_words = f"phone {pdf_kit.phone(sender_phone)}" if sender_phone else "phone the sender"
    notice: list[Flowable] = [
        Paragraph("Confidential", s["big"]),
        Paragraph(
            "The pages that follow are OFFICIAL-SENSITIVE. They are about a child "
            "and are for the person named above only.",
            s["box"],
        ),
        Paragraph("<b>If you have received this in error:</b>", s["box"]),
        *pdf_kit.bullets(
            [
                "do not read on, copy it or pass it to anyone",
                f"{phone_words} straight away to tell us",
                "then shred every page, or post them back to us as we ask",
            ],
            s["item"],
        ),
    ]
    story: list[Flowable] = [
        Paragraph("Fax / post cover sheet", s["title"]),
        Spacer(1, 6),
        table,
        Spacer(1, 22),
        pdf_kit.boxed(notice, width, heavy=True, padding=12),
    ]
    return pdf_kit.build(
        story,
        title="Cover sheet",
        subject=f"{MARKING} cover sheet",
        draw=_drawer(pages),
        top_mm=28,
        bottom_mm=26,
    ).pdf

"""The referral route chart as a one-page A4 poster, drawn from the shared chart layout."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from app import APP_NAME
from app.documents import fonts, pdf_kit
from app.documents.charts import route_chart
from app.documents.context import DocumentContext

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

TITLE = "What to do if you are worried about a child"
# The largest that fits wins; never below 10 pt.
FONT_SIZES = (13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0)
FOOTER_SIZE = 10.5


def build_route_chart(ctx: DocumentContext) -> bytes:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    fonts.register()

    def measure(value: str, size: float, bold: bool) -> float:
        width: float = stringWidth(value, fonts.BOLD if bold else fonts.REGULAR, size)
        return width

    margin = 15 * mm
    style = pdf_kit.styles(FOOTER_SIZE)["cell"]
    footer = [Paragraph(line, style) for line in _footer_lines(ctx)]
    chosen = None
    for size in FONT_SIZES:  # the largest text that fits, on whichever way round it fits
        for pagesize in (landscape(A4), A4):
            width, height = pagesize
            footer_height = sum(p.wrap(width - 2 * margin, height)[1] for p in footer)
            room = height - 2 * margin - 14 * mm - footer_height - 6 * mm
            chart = route_chart.layout(width - 2 * margin, measure, size)
            if chart.height <= room:
                chosen = (pagesize, chart)
                break
        if chosen:
            break
    if chosen is None:  # cannot happen with the shipped chart; keep the page readable
        chosen = (A4, route_chart.layout(A4[0] - 2 * margin, measure, FONT_SIZES[-1]))
    pagesize, chart = chosen
    width, height = pagesize

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    # Metadata set on purpose: fixed text, nothing about the organisation or people.
    canvas.setTitle(TITLE)
    canvas.setAuthor(APP_NAME)
    canvas.setSubject("Referral route chart")
    canvas.setCreator(APP_NAME)

    canvas.setFillGray(0)
    canvas.setFont(fonts.BOLD, 20)
    top = height - margin - 16
    canvas.drawString(margin, top, TITLE)
    _draw_chart(canvas, chart, margin, top - 10 * mm)

    heights = [p.wrap(width - 2 * margin, height)[1] for p in footer]
    y = margin + sum(heights)
    canvas.setLineWidth(0.6)
    canvas.line(margin, y + 4, width - margin, y + 4)
    for paragraph, paragraph_height in zip(footer, heights, strict=True):
        y -= paragraph_height
        paragraph.drawOn(canvas, margin, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _footer_lines(ctx: DocumentContext) -> list[str]:
    """Paragraph mark-up, one per line; numbers in bold and never broken."""

    def number(value: str) -> str:
        return pdf_kit.phone(value)

    danger, police, *care = pdf_kit.local_contacts(ctx)
    lines = [
        f"{pdf_kit.text(danger.label)}: {number(danger.number)}&nbsp;&nbsp;&nbsp;&nbsp; "
        f"{pdf_kit.text(police.label)}: {number(police.number)}"
    ]
    for contact in care:
        lines.append(f"{pdf_kit.text(contact.label)}: {number(contact.number)}")
        if contact.number == ctx.duty_team_phone and ctx.duty_team_note:
            lines[-1] += f" ({pdf_kit.text(ctx.duty_team_note)})"
    lead = ", ".join(part for part in (ctx.lead_name, ctx.lead_role) if part)
    lines.append(
        f"Our designated lead: <b>{pdf_kit.text(lead or pdf_kit.BLANK)}</b>"
        f"&nbsp;&nbsp; phone {number(ctx.lead_phone or pdf_kit.SHORT_BLANK)}"
    )
    # The chart says "tell the deputy or the trustee": say who they are and how to reach
    # them, or leave lines to write on.
    for role, name, phone in (
        ("Deputy lead", ctx.deputy_name, ctx.deputy_phone),
        ("Designated trustee", ctx.trustee_name, ctx.trustee_phone),
    ):
        lines.append(
            f"{role}: <b>{pdf_kit.text(name or pdf_kit.BLANK)}</b>"
            f"&nbsp;&nbsp; phone {number(phone or pdf_kit.SHORT_BLANK)}"
        )
    # The poster on the wall that a volunteer checks the Send screen's words against
    # (app/keys/key_words.py); a line to write on when printed with the records locked.
    lines.append(
        f"Letterbox check words: <b>{pdf_kit.text(ctx.key_words or pdf_kit.BLANK)}</b>. "
        "The toolkit shows them when you send a concern: if they differ, tell the "
        "designated lead."
    )
    lines.append(
        f"{pdf_kit.text(pdf_kit.made_with(ctx))}. Printed {pdf_kit.day(pdf_kit.made_on(ctx))}."
    )
    return lines


def _draw_chart(canvas: Canvas, chart: route_chart.ChartLayout, left: float, top: float) -> None:
    """Draw `chart` with its top left at (left, top); the layout's y runs downwards."""

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x, top - y

    canvas.saveState()
    canvas.setStrokeGray(0)
    for box in chart.boxes:
        canvas.setLineWidth(box.line_width)
        canvas.setLineJoin(0)
        canvas.setFillGray(pdf_kit.GREY if box.kind == "outcome" else 1)
        if box.kind == "start":
            x, y = at(box.x, box.bottom)
            canvas.roundRect(x, y, box.w, box.h, chart.corner_radius, stroke=1, fill=1)
        else:
            path = canvas.beginPath()
            corners = [at(x, y) for x, y in box.outline(chart.point)]
            path.moveTo(*corners[0])
            for corner in corners[1:]:
                path.lineTo(*corner)
            path.close()
            canvas.drawPath(path, stroke=1, fill=1)
        canvas.setFillGray(0)
        for line in box.lines:
            canvas.setFont(fonts.BOLD if line.bold else fonts.REGULAR, chart.font_size)
            canvas.drawString(*at(line.x, line.baseline), line.text)

    canvas.setFillGray(0)
    for arrow in chart.arrows:
        shaft, head = route_chart.arrow_parts(arrow, chart.arrow_head)
        canvas.setLineWidth(chart.line_width * 1.4)
        path = canvas.beginPath()
        path.moveTo(*at(*shaft[0]))
        for point in shaft[1:]:
            path.lineTo(*at(*point))
        canvas.drawPath(path, stroke=1, fill=0)
        tip = canvas.beginPath()
        tip.moveTo(*at(*head[0]))
        for point in head[1:]:
            tip.lineTo(*at(*point))
        tip.close()
        canvas.drawPath(tip, stroke=0, fill=1)
        for line in arrow.label:
            canvas.setFont(fonts.BOLD if line.bold else fonts.REGULAR, chart.font_size)
            canvas.drawString(*at(line.x, line.baseline), line.text)
    canvas.restoreState()

"""One help topic as a printable PDF, built in memory from the same parsed blocks the
screen shows. Case-study answers are printed under their questions."""

from __future__ import annotations

import io
import re
from typing import Any

from app import APP_NAME
from app.documents import fonts, pdf_kit
from app.help import markdown
from app.help.topics import Topic

_ANCHOR = re.compile(r"</?a\b[^>]*>")


def _inline(text: str) -> str:
    # Links mean nothing on paper: keep their words, drop the anchor.
    return pdf_kit.numbers_in_mono(_ANCHOR.sub("", markdown.inline_html(text)))


def build_topic_pdf(topic: Topic, contact_rows: list[tuple[str, str, str]]) -> bytes:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=11, leading=15, spaceAfter=6)
    styles = {
        "title": ParagraphStyle(
            "title", parent=body, fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=10
        ),
        # keepWithNext: a heading never sits alone at the foot of a page.
        2: ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=8,
            keepWithNext=1,
        ),
        3: ParagraphStyle(
            "h3",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=6,
            keepWithNext=1,
        ),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=12 * mm, rightIndent=8 * mm),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
    }

    def boxed(flowable: Any) -> Table:
        table = Table([[flowable]], colWidths=["100%"])
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f2f2f2")),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return table

    def flow(blocks: Any, questions: list[int]) -> list[Any]:
        out: list[Any] = []
        for block in blocks:
            if isinstance(block, markdown.Heading):
                # keepWithNext cannot hold a heading to a list (reportlab will not put a
                # ListFlowable in a KeepTogether), so start a new page when little is left.
                out.append(CondPageBreak(30 * mm))
                out.append(Paragraph(_inline(block.text), styles[block.level]))
            elif isinstance(block, markdown.Paragraph):
                out.append(Paragraph(_inline(block.text), body))
            elif isinstance(block, markdown.ListBlock):
                # Two-digit numbers need more room, or "10" runs into the item's words.
                indent = 20 if block.numbered and len(block.items) >= 10 else 14
                items = [
                    ListItem(Paragraph(_inline(i), body), leftIndent=indent) for i in block.items
                ]
                out.append(
                    ListFlowable(
                        items,
                        bulletType="1" if block.numbered else "bullet",
                        start="1" if block.numbered else "•",
                        leftIndent=indent,
                        bulletFontName=fonts.REGULAR,
                    )
                )
            elif isinstance(block, markdown.Quote):
                text = f"“{_inline(block.text)}”"
                if block.attribution:
                    text += f"<br/>— {_inline(block.attribution)}"
                out.append(Paragraph(text, styles["quote"]))
            elif isinstance(block, markdown.Notice):
                out.append(boxed(Paragraph(f"<b>{_inline(block.text)}</b>", body)))
                out.append(Spacer(1, 6))
            elif isinstance(block, markdown.Special) and block.name == "contacts":
                rows = [[Paragraph(f"<b>{h}</b>", body) for h in ("Who", "Number", "When")]]
                rows += [
                    [
                        Paragraph(pdf_kit.phone(c) if pdf_kit.is_phone(c) else _inline(c), body)
                        for c in row
                    ]
                    for row in contact_rows
                ]
                # Number is wide enough for a police website on a line of its own
                # (www.northants.police.uk once broke into "www.northants.po" "lice.uk").
                table = Table(rows, colWidths=[50 * mm, 64 * mm, 56 * mm], repeatRows=1)
                table.setStyle(
                    TableStyle(
                        [
                            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ]
                    )
                )
                out.append(table)
            elif isinstance(block, markdown.Special):
                out.append(
                    boxed(
                        Paragraph(
                            "The route chart prints on a page of its own: in Help, choose "
                            "<b>Print handouts</b>, then <b>The referral route chart</b>.",
                            body,
                        )
                    )
                )
            elif isinstance(block, markdown.Reveal):
                questions.append(len(questions) + 1)
                answer = [
                    Paragraph(f"Question {len(questions)}: {_inline(block.question)}", styles[3]),
                    Paragraph("<b>A model answer:</b>", body),
                ]
                out.append(KeepTogether(answer))
                out.extend(flow(block.answer, questions))
        return out

    story: list[Any] = [Paragraph(_inline(topic.title), styles["title"])]
    story += flow(topic.blocks, [])
    if topic.sources:
        story.append(Spacer(1, 8))
        sources = [Paragraph(f"• {_inline(s)}", styles["small"]) for s in topic.sources]
        # The heading never sits alone at the foot of a page.
        story.append(
            KeepTogether(
                [Paragraph("<b>Written for this toolkit from:</b>", styles["small"]), sources[0]]
            )
        )
        story += sources[1:]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 9)
        canvas.drawString(20 * mm, 12 * mm, f"{APP_NAME}: help")
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=topic.title,
        author=APP_NAME,
        subject="Help topic",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()

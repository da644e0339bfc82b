"""Shared pieces for the printed documents: styles, boxes, contact lines, page furniture.

Every document is A4, black on white, DejaVu (so names in any script print as typed;
Arabic and Urdu are shaped, put in visual order and set in Noto Naskh Arabic by `runs`),
body text at 10 pt or more, built in memory and returned as bytes. reportlab is imported
inside the functions, never when this module is imported.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import groupby
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from app import APP_NAME
from app.documents import fonts
from app.documents.charts.route_chart import wrap
from app.documents.context import DocumentContext

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

BLANK = "_" * 26  # a line to write on when a detail is not known yet
SHORT_BLANK = "_" * 16
GREY = 0.9  # light grey shading (a 0–1 grey level); meaning never rests on it
MARGIN_MM = 18

NSPCC = ("NSPCC helpline (adults worried about a child)", "0808 800 5000")
CHILDLINE = ("Childline (for children and young people)", "0800 1111")
MISSING_PEOPLE = ("Missing People: run away or thinking of it (call or text)", "116 000")

# What must be copied exactly (references, digests, phone numbers) is set in DejaVu Sans
# Mono, whose zero is dotted, at CODE_PT or more, and a little narrower than drawn: read
# back from a standard fax (204 x 98 dpi, half the lines of the width), full-width letters
# came back split in two ("X" as "xX") and 0 as O far more often than at this width.
CODE_PT = 14.0
CODE_SCALE = 72.0  # per cent of the font's own width

# draw(canvas, page_number, page_count, page_width, page_height)
PageDrawer = Callable[["Canvas", int, int, float, float], None]


# DejaVu has no Chinese, Japanese or Korean characters: those use WenQuanYi Micro Hei,
# embedded like every other font (a non-embedded CID font printed nothing through QtPdf
# on a PC without such fonts).
_CJK = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
# Arabic script (Arabic, Urdu, Persian, Pashto…), including the presentation forms that
# shaping produces. reportlab neither joins these letters nor sets them right to left.
_ARABIC = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


# Every string a person typed passes through here, character by character: one pattern
# finds Arabic script in a whole string at C speed (a loop over the ranges per character
# was a tenth of the time the tests spent making PDFs).
_ARABIC_TEXT = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _ARABIC) + "]")
# Below the first Arabic letter there is nothing DejaVu lacks that a fallback font has.
_FIRST_FALLBACK = min(low for low, _high in (*_ARABIC, *_HANGUL, *_CJK))


def _is_arabic(char: str) -> bool:
    return _ARABIC_TEXT.match(char) is not None


def visual(value: str) -> str:
    """`value` as it should be drawn: any line with Arabic-script letters is shaped (each
    letter in its joined form) and put in visual, left-to-right order for reportlab."""
    if not _ARABIC_TEXT.search(value):
        return value
    try:
        from bidi import get_display  # python-bidi 0.5 and later (the Rust one)
    except ImportError:  # pragma: no cover - python-bidi 0.4
        from bidi.algorithm import get_display

    return "\n".join(
        get_display(_shaped(line)) if _ARABIC_TEXT.search(line) else line
        for line in value.split("\n")
    )


def _shaped(line: str) -> str:
    import arabic_reshaper

    try:
        return str(arabic_reshaper.reshape(line))
    except IndexError:
        # arabic_reshaper fails on a zero-width joiner just before lam-alef (pasted text
        # does this), and one name would stop every PDF: shaped without the joiners,
        # which change nothing a reader sees there.
        return str(arabic_reshaper.reshape(line.replace("\u200d", "")))


@cache
def _dejavu_has() -> frozenset[int]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase import pdfmetrics

    fonts.register()
    regular = pdfmetrics.getFont(fonts.REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(fonts.BOLD).face.charToGlyph
    return frozenset(regular).intersection(bold)


def _fallback(char: str) -> str | None:
    """The font for a character DejaVu lacks, or None to use DejaVu."""
    code = ord(char)
    if code < _FIRST_FALLBACK:
        return None
    if _is_arabic(char):
        fonts.register()
        return fonts.ARABIC
    if code in _dejavu_has():
        return None
    if any(low <= code <= high for low, high in (*_HANGUL, *_CJK)):
        return fonts.register_cjk()
    return None


def _runs(shown: str) -> list[tuple[str, str | None]]:
    if shown.isascii():  # most of what is typed: DejaVu has it all
        return [(shown, None)] if shown else []
    return [("".join(chars), font) for font, chars in groupby(shown, key=_fallback)]


def runs(value: str) -> list[tuple[str, str | None]]:
    """`value` in drawing order (see `visual`) cut where the font changes: (text, fallback
    font or None for DejaVu). Every string a person typed passes through here."""
    return _runs(visual(value))


def _bolded(font: str | None, bold: bool) -> str | None:
    return fonts.ARABIC_BOLD if bold and font == fonts.ARABIC else font


def text(value: str, *, unbroken: bool = False) -> str:
    """Escape a value typed by a person for reportlab's paragraph mark-up; `unbroken`
    keeps it on one line (its spaces become non-breaking)."""
    out = []
    for part, font in runs(value):
        escaped = escape(part).replace(" ", "&nbsp;") if unbroken else escape(part)
        out.append(escaped if font is None else f'<font name="{font}">{escaped}</font>')
    return "".join(out)


# What a phone number is made of: the characters Settings accepts in one
# (app/core/text_checks.py phone_problem), with a digit. Anything else in a phone field
# (a blank line to write on) is set as ordinary text.
_PHONE = re.compile(r"[0-9+() \-.]*[0-9][0-9+() \-.]*")


# A number written in prose ("call Childline on 0800 1111"): a UK number with its area
# code (020 7946 0000, 01604 626938, 0808 800 5000), the 116 helplines and textphone
# 18001 numbers. 999, 101 and 111, known by heart, stay as the sentence around them.
# A space may be &nbsp; in mark-up.
_GAP = r"(?: |&nbsp;)"
_PROSE_PHONE = re.compile(
    r"(?<![\w.:/-])(?:"
    rf"0\d{{2,4}}{_GAP}\d{{3,6}}(?:{_GAP}\d{{3,6}})?"
    rf"|116{_GAP}\d{{3}}"
    rf"|18001{_GAP}\d{{3,5}}(?:{_GAP}\d{{3,6}}){{0,2}}"
    r")(?![\w/-]|\.\d)"
)
_TAG = re.compile(r"(<[^>]*>)")


def numbers_in_mono(markup: str) -> str:
    """Paragraph mark-up with any phone number in its prose set as `phone` sets one
    (tags, and numbers already in the mono face, are left alone): for text written
    into a document, not typed by a person."""
    out, in_mono = [], False
    for part in _TAG.split(markup):
        if part.startswith("<"):
            if part.startswith(f'<font name="{fonts.MONO}"'):
                in_mono = True
            elif part == "</font>":
                in_mono = False
            out.append(part)
        else:
            out.append(
                part
                if in_mono
                else _PROSE_PHONE.sub(lambda m: phone(m.group(0).replace("&nbsp;", " ")), part)
            )
    return "".join(out)


def is_phone(value: str) -> bool:
    return bool(value.strip()) and _PHONE.fullmatch(value) is not None


def phone(value: str) -> str:
    """A phone number for mark-up, escaped and held together on one line, in the mono
    face's regular weight: read back from a faxed page, the body face's bold 0 came back
    as O, and so did the mono face's bold one (tests/unit/documents/test_fax_readback.py).
    Every phone number in every PDF goes through here (test_phone_numbers_in_mono.py)."""
    if not is_phone(value):
        return text(value, unbroken=True)
    return f'<font name="{fonts.MONO}">{escape(value).replace(" ", "&nbsp;")}</font>'


def day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


@cache
def _mono_has() -> frozenset[int]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase import pdfmetrics

    fonts.register()
    return frozenset(pdfmetrics.getFont(fonts.MONO).face.charToGlyph)


@cache
def _serif_has() -> frozenset[int]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase import pdfmetrics

    fonts.register()
    return frozenset(pdfmetrics.getFont(fonts.SERIF).face.charToGlyph)


def in_serif(value: str) -> bool:
    """Whether DejaVu Serif has every character of `value` (else set it in DejaVu Sans,
    whose fallbacks cover other scripts)."""
    return all(ord(char) in _serif_has() or char.isspace() for char in value)


def is_code(value: str) -> bool:
    """Whether `value` can be set in the monospace face (every character is in it)."""
    return bool(value) and all(ord(char) in _mono_has() for char in value)


def code_width(value: str, size: float = CODE_PT) -> float:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    width: float = stringWidth(value, fonts.MONO, size)  # reportlab is untyped
    return width * CODE_SCALE / 100


def draw_code(
    canvas: Canvas, x: float, y: float, value: str, size: float = CODE_PT, *, right: bool = False
) -> float:
    """Draw `value` in the monospace face (see CODE_PT); `right` ends it at x. Returns
    the width drawn. For text that is_code."""
    width = code_width(value, size)
    line = canvas.beginText(x - width if right else x, y)
    line.setFont(fonts.MONO, size)
    line.setHorizScale(CODE_SCALE)
    line.textOut(value)
    line.setHorizScale(100)  # the scale is page state: what is drawn next is full width
    canvas.drawText(line)
    return width


def code(value: str, size: float = CODE_PT, *, fallback: ParagraphStyle | None = None) -> Flowable:
    """`value` as a flowable in the monospace face, broken between characters when it is
    wider than its cell; a value with characters the face lacks (a username in another
    script) is set as ordinary text in `fallback`."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    if not is_code(value):
        return Paragraph(text(value), fallback or styles()["cell"])
    return _code_class()(value, size)


@cache
def _code_class() -> type:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Flowable

    class Code(Flowable):
        def __init__(self, value: str, size: float) -> None:
            super().__init__()
            self.value, self.size = value, size
            self.lines = [value]

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            each = code_width("0", self.size)  # monospace: every character is as wide
            per_line = max(1, int(available_width // each)) if each else len(self.value)
            self.lines = [
                self.value[i : i + per_line] for i in range(0, len(self.value), per_line)
            ] or [""]
            self.width = min(available_width, code_width(self.value, self.size))
            self.height = len(self.lines) * self.size * 1.25
            return self.width, self.height

        def draw(self) -> None:
            for index, line in enumerate(self.lines):
                # Baselines as a paragraph's: the descent below each, then the leading.
                y = self.height - (index + 1) * self.size * 1.25 + self.size * 0.3
                draw_code(self.canv, 0, y, line, self.size)

    return Code


def made_on(ctx: DocumentContext) -> date:
    return ctx.made_on or date.today()


def made_with(ctx: DocumentContext) -> str:
    return f"Made with the {APP_NAME} for {ctx.organisation_or_generic}"


def our_organisation(ctx: DocumentContext) -> str:
    """The organisation's name, or "our organisation" when it is not known."""
    return ctx.organisation or "our organisation"


@dataclass(frozen=True)
class Contact:
    label: str
    number: str  # BLANK when not known, so there is a line to write it in
    unbroken: bool = True  # phone numbers stay on one line; names and roles may wrap


def local_contacts(ctx: DocumentContext) -> list[Contact]:
    """999, police, the duty team and out of hours, from the context (blanks if unset)."""
    found = [
        Contact("Child in danger right now", "999"),
        Contact(
            f"Police, when it is not an emergency, or online at {ctx.police_online}",
            ctx.police_non_emergency or "101",
        ),
        Contact(
            ctx.duty_team_label or "Children's social care duty team", ctx.duty_team_phone or BLANK
        ),
    ]
    if ctx.out_of_hours_phone:
        found.append(Contact("Children's social care out of hours", ctx.out_of_hours_phone))
    elif not ctx.duty_team_phone:
        found.append(Contact("Children's social care out of hours", BLANK))
    return found


def lead_details(ctx: DocumentContext) -> list[Contact]:
    """Name, role and phone of the designated lead, with lines to write on if unknown."""
    return [
        Contact("Name", ctx.lead_name or BLANK, unbroken=False),
        Contact("Role", ctx.lead_role or BLANK, unbroken=False),
        Contact("Phone", ctx.lead_phone or BLANK),
    ]


def styles(body: float = 11.0) -> dict[str, ParagraphStyle]:
    """Paragraph styles in DejaVu; `body` is the body size in points (10 or more)."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    body = max(10.0, body)
    lead = body * 1.32
    base = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=body, leading=lead, spaceAfter=body * 0.45
    )
    return {
        "body": base,
        "title": ParagraphStyle(
            "title",
            base,
            fontName=fonts.BOLD,
            fontSize=body * 1.9,
            leading=body * 2.25,
            spaceAfter=body * 0.35,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=body * 1.1, leading=body * 1.45, spaceAfter=body * 0.9
        ),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=fonts.BOLD,
            fontSize=body * 1.3,
            leading=body * 1.6,
            spaceBefore=body * 0.8,
            spaceAfter=body * 0.3,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=fonts.BOLD,
            fontSize=body * 1.08,
            leading=body * 1.4,
            spaceBefore=body * 0.45,
            spaceAfter=body * 0.2,
            keepWithNext=1,
        ),
        "item": ParagraphStyle("item", base, spaceAfter=body * 0.2),
        "bold": ParagraphStyle("bold", base, fontName=fonts.BOLD),
        "box": ParagraphStyle("box", base, spaceAfter=body * 0.2),
        "big": ParagraphStyle(
            "big",
            base,
            fontName=fonts.BOLD,
            fontSize=body * 1.45,
            leading=body * 1.8,
            spaceAfter=body * 0.2,
        ),
        "centre": ParagraphStyle("centre", base, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", base, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=fonts.BOLD, spaceAfter=0),
    }


def bullets(items: Sequence[str], style: ParagraphStyle, numbered: bool = False) -> list[Flowable]:
    """A list (mark-up allowed) with bullets or numbers: one paragraph per item, so a
    page can break between items and a heading stays with the first of them."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    indent = style.fontSize * 1.5
    item = ParagraphStyle(
        f"{style.name}-list",
        style,
        leftIndent=style.leftIndent + indent,
        bulletIndent=style.leftIndent,
        bulletFontSize=style.fontSize,
        bulletFontName=fonts.BOLD if numbered else fonts.REGULAR,
    )
    made: list[Flowable] = [
        Paragraph(numbers_in_mono(entry), item, bulletText=str(number) if numbered else "•")
        for number, entry in enumerate(items, 1)
    ]
    made.append(Spacer(1, style.fontSize * 0.3))
    return made


def boxed(
    content: Sequence[Flowable],
    width: float,
    *,
    heavy: bool = False,
    shaded: bool = False,
    padding: float = 8,
) -> Flowable:
    """Content inside a ruled box; `heavy` for the 999 box, `shaded` for light grey."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([[list(content)]], colWidths=[width], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 2.5 if heavy else 0.8, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.75),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if shaded:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), colors.Color(GREY, GREY, GREY)))
    table.setStyle(TableStyle(commands))
    return table


def _number(row: Contact) -> str:
    return phone(row.number) if row.unbroken else text(row.number)


def contacts_table(
    rows: Sequence[Contact],
    width: float,
    style: ParagraphStyle,
    bold_style: ParagraphStyle,
    number_share: float = 0.38,
) -> Flowable:
    """Label on the left, number on the right in bold; numbers never break over lines.

    A row whose number is not known is left empty and made taller: the rule under it is
    the line to write the number on.
    """
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [
        [
            Paragraph(text(row.label), style),
            Paragraph("" if row.number == BLANK else _number(row), bold_style),
        ]
        for row in rows
    ]
    number_width = width * number_share
    table = Table(cells, colWidths=[width - number_width, number_width], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.Color(0.45, 0.45, 0.45)),
    ]
    for index, row in enumerate(rows):
        if row.number == BLANK:
            commands.append(("TOPPADDING", (0, index), (-1, index), style.fontSize * 1.4))
    table.setStyle(TableStyle(commands))
    return table


def footer_drawer(
    left: str,
    *,
    page_word: str = "Page",
    header: str = "",
    header_tail: str = "",
    header_right: str = "",
    size: float = 10.0,
) -> PageDrawer:
    """Draw `left` and "Page x of y" at the foot of each page; at the top, `header`
    (shortened with "…" if need be) followed by `header_tail` (always whole), and
    `header_right` on the right."""

    def draw(canvas: Canvas, number: int, count: int, width: float, height: float) -> None:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.lib.units import mm

        margin = MARGIN_MM * mm
        canvas.saveState()
        canvas.setFillGray(0)
        canvas.setStrokeGray(0)
        canvas.setLineWidth(0.5)
        pages = f"{page_word} {number} of {count}"
        canvas.setFont(fonts.REGULAR, size)
        page_width = canvas.stringWidth(pages, fonts.REGULAR, size)
        lines = wrap(left, width - 2 * margin - page_width - 12, measure, size, False)[:2]
        y = 11 * mm  # the baseline of the last footer line
        rule = y + size * 1.3 + (len(lines) - 1) * size * 1.25
        canvas.line(margin, rule, width - margin, rule)
        for index, line in enumerate(lines):
            draw_text(canvas, margin, y + (len(lines) - 1 - index) * size * 1.25, line, size)
        canvas.drawRightString(width - margin, y, pages)
        if header:
            top = height - 11 * mm
            canvas.setFont(fonts.REGULAR, size)
            canvas.drawRightString(width - margin, top, header_right)
            room = width - 2 * margin - measure(header_right, size, False) - 12
            room -= measure(header_tail, size, True)
            head = wrap(header, room - measure("…", size, True), measure, size, True)
            shown = head[0] + ("…" if len(head) > 1 else "") if head else ""
            draw_text(canvas, margin, top, shown + header_tail, size, bold=True)
            canvas.line(margin, top - size * 0.6, width - margin, top - size * 0.6)
        canvas.restoreState()

    return draw


def measure(value: str, size: float, bold: bool) -> float:
    """Width of `value` set in DejaVu (and any fallback font) at `size` points."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    dejavu = fonts.BOLD if bold else fonts.REGULAR
    widths: list[float] = [  # reportlab is untyped
        stringWidth(part, _bolded(font, bold) or dejavu, size) for part, font in runs(value)
    ]
    return sum(widths)


def draw_text(
    canvas: Canvas, x: float, y: float, value: str, size: float, bold: bool = False
) -> None:
    """canvas.drawString for text a person typed: shapes Arabic script and switches font
    where DejaVu lacks one."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    dejavu = fonts.BOLD if bold else fonts.REGULAR
    for part, font in runs(value):
        chosen = _bolded(font, bold) or dejavu
        canvas.setFont(chosen, size)
        canvas.drawString(x, y, part)
        x += stringWidth(part, chosen, size)
    canvas.setFont(dejavu, size)  # what is drawn next is the toolkit's own text, in DejaVu


def numbered_canvas(draw: PageDrawer) -> type:
    """A Canvas class that holds every page back until save(), so each page can say
    "Page x of y" with the real total (reportlab's deferred-total pattern)."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                width, height = self._pagesize
                draw(self, number, count, width, height)
                super().showPage()
            super().save()

    return NumberedCanvas


@dataclass(frozen=True)
class Built:
    pdf: bytes
    pages: int


def build(
    story: list[Flowable],
    *,
    title: str,
    subject: str,
    draw: PageDrawer,
    pagesize: tuple[float, float] | None = None,
    top_mm: float = MARGIN_MM,
    bottom_mm: float = 24,
    side_mm: float = MARGIN_MM,
) -> Built:
    """Lay `story` out on A4 pages in memory. Metadata is fixed text: nothing personal."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    fonts.register()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize or A4,
        leftMargin=side_mm * mm,
        rightMargin=side_mm * mm,
        topMargin=top_mm * mm,
        bottomMargin=bottom_mm * mm,
        title=title,
        author=APP_NAME,
        subject=subject,
        creator=APP_NAME,
        keywords="",
        pageCompression=1,
    )
    doc.build(story, canvasmaker=numbered_canvas(draw))
    return Built(buffer.getvalue(), doc.page)


def build_fitting(
    make_story: Callable[[float], list[Flowable]],
    sizes: Sequence[float],
    pages: int,
    **options: Any,
) -> Built:
    """Build at the first body size in `sizes` whose story fits in `pages` pages.

    Long names or numbers can push a leaflet over; it then comes out a little smaller
    (never below 10 pt) rather than spilling onto an extra side.
    """
    for size in sizes[:-1]:
        built = build(make_story(size), **options)
        if built.pages <= pages:
            return built
    return build(make_story(sizes[-1]), **options)


def frame_width(pagesize: tuple[float, float] | None = None, side_mm: float = MARGIN_MM) -> float:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    width: float = (pagesize or A4)[0] - 2 * side_mm * mm  # reportlab is untyped
    return width

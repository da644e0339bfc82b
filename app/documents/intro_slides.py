"""An introductory slide deck (issue 16, item 7): the 2015 toolkit had a video
introducing it; this is a landscape PDF to project or print, one idea a slide, each
followed by a page of speaker notes with a small copy of the slide.

Big type and few words, so a slide reads from the back of a hall and survives a fax or
a cheap printer: black on white, nothing carried by colour. Every line is measured and
placed here (not flowed by platypus), so `slide_lines` can report exactly where each
line goes and a test can check that nothing runs off a slide. Our own words; the one
quotation is the statutory definition, copied from the training pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from app.documents import pdf_kit, training_pack
from app.documents.charts.route_chart import wrap
from app.documents.context import DocumentContext
from app.screening import vocabulary as v

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

TITLE = "Introductory slides"
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, in points
MARGIN = 40.0
FOOTER_SIZE = 10.0
FOOTER_TOP = 34.0  # the rule above the footer; nothing of a slide goes below it
TITLE_SIZE = 40.0
POINT_SIZES = (32.0, 30.0, 28.0, 26.0, 24.0)  # tried in turn until the slide fits
QUOTE_SIZES = (22.0, 21.0, 20.0, 19.0, 18.0)  # the definition is long
NOTES_SIZE = 14.0
THUMB_SCALE = 0.45  # the copy of the slide on its notes page
LEADING = 1.25

# The four steps the app teaches, as the help page "What to do if you are worried"
# heads them (a test checks they match).
STEPS = (
    "Stay calm and listen",
    "Do not investigate",
    "Write it down straight away",
    "Tell your designated lead",
)


@dataclass(frozen=True)
class Slide:
    title: str
    points: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # speaker notes, one paragraph each
    kind: str = "points"  # "points", "numbered", "quote" or "cover"
    # (who, number) rows after the points: the number in bold at the right, never broken
    contacts: tuple[tuple[str, str], ...] = ()
    stand_out: str = ""  # one line in a heavy box at the foot of the slide


@dataclass(frozen=True)
class Line:
    """One line of text as drawn: its left edge, baseline, words, size and weight."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False

    @property
    def width(self) -> float:
        return pdf_kit.measure(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Laid:
    lines: tuple[Line, ...]
    boxes: tuple[tuple[float, float, float, float], ...]  # x, y, width, height
    fits: bool  # False only if the smallest size still overflows (a test fails then)


FOR_WHOM = "An introduction for staff and volunteers"


def _who(role: str, name: str, phone: str) -> str:
    """ "the deputy lead, Jo Bloggs (01604 555 0303)", or the role alone if unnamed."""
    if not name:
        return role
    return f"{role}, {name}" + (f" ({phone})" if phone else "")


def slides(ctx: DocumentContext) -> tuple[Slide, ...]:
    """The slides, with the organisation's lead and numbers where they are known."""
    lead = f"Designated lead: {ctx.lead_name}" if ctx.lead_name else "Our designated lead"
    duty = ctx.duty_team_label or "Children's social care duty team"
    deputy = _who("the deputy lead", ctx.deputy_name, ctx.deputy_phone)
    trustee = _who("the designated trustee", ctx.trustee_name, ctx.trustee_phone)
    return (
        Slide(
            "Tackling child sexual exploitation",
            # One sentence over two lines, "at" starting the second: the organisation's
            # name, or (the records locked) a line to write it on, as other documents.
            (FOR_WHOM, f"at {ctx.organisation or pdf_kit.BLANK}"),
            (
                "Welcome everyone. Say who you are, and that this talk takes about twenty "
                "minutes. It is about what child sexual exploitation is, how to notice it, "
                "and exactly what to do here if you are worried.",
                "Ground rules: no real names or stories about young people we know. Some "
                "people in the room may have their own experience of abuse. It is fine to "
                "step out, and you can talk to me afterwards in private.",
            ),
            kind="cover",
        ),
        Slide(
            "What CSE is",
            (
                "Sexual abuse of anyone under 18",
                "Someone uses their power over them",
                "Something is given or promised",
                "It can happen online, without meeting",
            ),
            (
                "CSE is a form of child sexual abuse. Someone with more power, because they "
                "are older, stronger, richer or hold something over the young person, uses "
                "it to get them into sexual activity.",
                "Something is always given or promised: money, drink or drugs, a phone, a "
                "lift, somewhere to stay, or simply attention and affection. Sometimes the "
                "abuser gains money or status from others.",
                "It does not need physical contact. Chat, pictures and webcams count.",
            ),
        ),
        Slide(
            "The definition",
            (training_pack.DEFINITION,),
            (
                "This is the definition councils, police, schools and health services in "
                "England all work from. Read it out slowly.",
                "Then draw out three points. It is abuse even when the young person seems "
                "to agree. It covers everyone under 18, including 16 and 17 year olds. And "
                "it can happen through a phone or a computer, with no contact at all.",
            ),
            kind="quote",
        ),
        Slide(
            "It can happen to any young person",
            (
                "Boys and young men too",
                "16 and 17 year olds are still children",
                "Any family, any background, any area",
            ),
            (
                "Any young person can be exploited. About a third of the young people "
                "Barnardo\u2019s supported were boys, yet boys are less likely to tell and "
                "less likely to be asked.",
                "Some things make a young person more at risk: being in care, a learning "
                "disability, going missing, trouble at home. They are not signs on their "
                "own, and many exploited young people have none of them.",
                "However it looks, the young person is never to blame. The abuser is always "
                "responsible.",
            ),
            stand_out="It is never the young person\u2019s fault.",
        ),
        Slide(
            "Grooming",
            (
                "Picked out",
                "Made to feel special",
                "Cut off from family and friends",
                "Controlled: a \u201cdebt\u201d, threats, secrets",
            ),
            (
                "Grooming is how an abuser gets close to a young person, gets them to go "
                "along with things and keeps it secret. It can also win over the adults "
                "around them.",
                "It usually starts with kindness: attention, gifts, lifts, being treated as "
                "grown-up. Then the young person is cut off from the people who would "
                "notice, and then controlled by a \u201cdebt\u201d, threats or pictures.",
                "The groomer may be a stranger, someone the family knows, or someone close "
                "in age. Online, all of this can happen in days.",
            ),
            kind="numbered",
        ),
        Slide(
            "Signs to look out for",
            (
                "Going missing, or back late",
                "Gifts, money or phones nobody can explain",
                "An older \u201cboyfriend\u201d or \u201cgirlfriend\u201d",
                "Changes in mood, friends or school",
            ),
            (
                "Ask the room what they might notice before you show the list.",
                "Other signs: being picked up in cars, more than one phone, drink or drugs, "
                "self-harm, injuries they will not explain, being secretive about where "
                "they go or who they talk to.",
                "One sign on its own is not proof, and you do not need proof. Working out "
                "what it means is the lead\u2019s job. Your job is to notice and pass it on.",
            ),
            stand_out="You do not need proof to pass it on.",
        ),
        Slide(
            "Online",
            (
                "Chat moves to a private app",
                "Flattery, gifts, \u201ckeep it our secret\u201d",
                "Pressure to send pictures is a crime",
            ),
            (
                "Warning signs online: pressure to move to private chat, flattery and "
                "gifts, asking to keep it secret, talk about sex, asking for pictures or to "
                "meet, threats to share pictures unless more are sent.",
                "It is a crime to pressure anyone under 18 to send a sexual picture. A young "
                "person under 18 can ask Childline and the Internet Watch Foundation to take "
                "a nude picture of them down. Online sexual abuse can be reported to CEOP.",
                "Never copy, forward or save a sexual picture of a child, even as evidence. "
                "Note that it exists and where it is, and tell the lead.",
            ),
            stand_out="Never copy or forward sexual images.",
        ),
        Slide(
            "Going missing",
            (
                "It can be a sign, and a cause",
                "Every time matters, even a few hours",
                "Write it down and tell the lead",
            ),
            (
                "A young person who goes missing may be with someone who is exploiting "
                "them, and going missing puts them in more danger.",
                "Parents and carers should report every time to the police. There is no "
                "need to wait a set time before reporting a child missing.",
                "When the young person comes back they are usually offered a talk with "
                "someone independent. At the group, welcome them back warmly and do not "
                "tell them off: we want them to keep coming.",
            ),
        ),
        Slide(
            "Not only sexual",
            (
                "Made to carry drugs or money",
                "Known as \u201ccounty lines\u201d",
                "Often alongside sexual exploitation",
            ),
            (
                "Exploitation is wider than sex. Gangs use young people to carry drugs or "
                "money to other towns, kept in line by a \u201cdebt\u201d, threats and "
                "violence. Sexual and criminal exploitation often go together.",
                "Signs include going missing and being found far from home, train tickets, "
                "new phones or money, and being very attached to a bag.",
                "What to do is the same: tell the lead, who passes it to children\u2019s "
                "social care.",
            ),
            stand_out="They are victims too.",
        ),
        Slide(
            "What to do",
            STEPS,
            (
                "These are the four steps the toolkit teaches, in its help page on what to "
                "do if you are worried.",
                "Listen calmly and let them talk. Do not ask a string of questions, do not "
                "confront anyone, and do not promise to keep a secret.",
                f"Write down what you saw or heard {v.TODAY}, in the young person\u2019s own "
                "words, with the date and time. Then tell the designated lead. If a young "
                f"person has told you about abuse, tell the lead {v.STRAIGHT_AWAY}.",
            ),
            kind="numbered",
            stand_out="In danger right now? Call 999.",
        ),
        Slide(
            "How the toolkit helps",
            (
                "Record: what you saw, kept locked",
                "Screen: a checklist says how soon",
                "Refer: the lead passes it on",
            ),
            (
                "The toolkit runs on one computer here, with no internet. Records are kept "
                "in an encrypted file that only people with the passphrase can open.",
                "Anyone can record a worry. A short checklist then gives a result and "
                "says how soon to tell the lead.",
                "The lead screens it, decides what to do and makes the referral to "
                "children\u2019s social care. The toolkit also has a practice mode with "
                "made-up cases, so you can try it without writing anything real.",
            ),
        ),
        Slide(
            "Who to call",
            (),
            (
                "Read the numbers out. They are also on the staff leaflet and the route chart "
                "on the wall.",
                f"If you cannot reach the lead, tell {deputy}. If the worry is about the "
                f"lead, tell the deputy or {trustee}.",
                "If you cannot reach anyone and you are worried, anyone can phone children\u2019s "
                "social care themselves.",
            ),
            contacts=(
                ("In danger right now", "999"),
                (lead, ctx.lead_phone or pdf_kit.SHORT_BLANK),
                (duty, ctx.duty_team_phone or pdf_kit.SHORT_BLANK),
                ("Childline, for young people", "0800 1111"),
                ("NSPCC, for worried adults", "0808 800 5000"),
            ),
        ),
        Slide(
            "Questions?",
            (
                "Ask now, or talk to me afterwards",
                "More in the toolkit\u2019s Help menu",
            ),
            (
                "Take questions. If you do not know an answer, say so and find out.",
                "Remind people that the staff leaflet and the toolkit\u2019s help pages say "
                "all of this again, and that they can talk to you in private at any time.",
                "Ask everyone to sign the attendance sheet so the training log is kept up to date.",
            ),
        ),
    )


# -- laying out a slide -----------------------------------------------------------------
@cache
def _width(word: str, size: float, bold: bool) -> float:
    return pdf_kit.measure(word, size, bold)


def _wrapped(text: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy word wrap, measuring each word once: measuring every trial line (as
    route_chart.wrap does) took most of the deck's build time. Widths add up exactly,
    as reportlab does no kerning."""
    space = _width(" ", size, bold)
    lines: list[str] = []
    words: list[str] = []
    used = 0.0
    for word in text.split():
        each = _width(word, size, bold)
        if words and used + space + each <= width:
            words.append(word)
            used += space + each
            continue
        if words:
            lines.append(" ".join(words))
        if each > width:  # a word too long for a line on its own is broken by characters
            *whole, word = wrap(word, width, pdf_kit.measure, size, bold)
            lines.extend(whole)
            each = _width(word, size, bold)
        words, used = [word], each
    if words:
        lines.append(" ".join(words))
    return lines or [""]


def slide_lines(slide: Slide) -> Laid:
    """Where every line of `slide` goes, at the largest size that fits above the footer."""
    width = PAGE_WIDTH - 2 * MARGIN
    top = PAGE_HEIGHT - MARGIN
    sizes = QUOTE_SIZES if slide.kind == "quote" else POINT_SIZES
    if slide.kind == "cover":
        return _cover(slide, width)
    laid = Laid((), (), False)
    for size in sizes:
        laid = _lay_points(slide, width, top, size)
        if laid.fits:
            return laid
    return laid


def _cover(slide: Slide, width: float) -> Laid:
    lines: list[Line] = []
    y = PAGE_HEIGHT * 0.62
    for text in _wrapped(slide.title, width, TITLE_SIZE * 1.15, True):
        lines.append(Line(MARGIN, y, text, TITLE_SIZE * 1.15, True))
        y -= TITLE_SIZE * 1.15 * LEADING
    y -= 20
    for point in slide.points:
        for text in _wrapped(point, width, POINT_SIZES[0], False):
            lines.append(Line(MARGIN, y, text, POINT_SIZES[0]))
            y -= POINT_SIZES[0] * LEADING
    rule = (MARGIN, PAGE_HEIGHT * 0.62 + TITLE_SIZE * 1.15 + 14, width, 4.0)
    return Laid(tuple(lines), (rule,), y > FOOTER_TOP)


def _lay_points(slide: Slide, width: float, top: float, size: float) -> Laid:
    lines: list[Line] = []
    boxes: list[tuple[float, float, float, float]] = []
    y = top - TITLE_SIZE
    for text in _wrapped(slide.title, width, TITLE_SIZE, True):
        lines.append(Line(MARGIN, y, text, TITLE_SIZE, True))
        y -= TITLE_SIZE * LEADING
    boxes.append((MARGIN, y + TITLE_SIZE * 0.55, width, 3.0))  # the rule under the title
    y -= size * 0.6
    quote = slide.kind == "quote"
    indent = 0.0 if quote else size * 1.3
    for number, point in enumerate(slide.points, 1):
        text = f"\u201c{point}\u201d" if quote else point
        mark = "" if quote else (str(number) if slide.kind == "numbered" else "\u2022")
        for index, piece in enumerate(_wrapped(text, width - indent, size, False)):
            if index == 0 and mark:
                lines.append(Line(MARGIN, y, mark, size, slide.kind == "numbered"))
            lines.append(Line(MARGIN + indent, y, piece, size))
            y -= size * LEADING
        y -= size * (0.15 if quote else 0.45)
    split = False  # a name or service broken over lines beside its number
    for who, phone in slide.contacts:
        wide = _width(phone, size, True)
        lines.append(Line(MARGIN, y, "\u2022", size))
        room = width - indent - wide - size
        below = room < width * 0.45  # a long number: it goes under the name, not beside it
        if not below:
            lines.append(Line(PAGE_WIDTH - MARGIN - wide, y, phone, size, True))
        pieces = _wrapped(who, width - indent if below else room, size, False)
        split = split or len(pieces) > 1
        for piece in pieces:
            lines.append(Line(MARGIN + indent, y, piece, size))
            y -= size * LEADING
        if below:
            lines.append(Line(PAGE_WIDTH - MARGIN - wide, y, phone, size, True))
            y -= size * LEADING
        y -= size * 0.45
    if quote:
        for piece in _wrapped(f"From: {training_pack.DEFINITION_SOURCE}", width, size * 0.8, False):
            lines.append(Line(MARGIN, y, piece, size * 0.8))
            y -= size * 0.8 * LEADING
    bottom = y + size * LEADING  # the descent of the last line drawn
    if slide.stand_out:
        box_size = POINT_SIZES[0] if size == POINT_SIZES[0] else size
        pieces = _wrapped(slide.stand_out, width - 28, box_size, True)
        height = (len(pieces) - 1) * box_size * LEADING + box_size + 26
        box_y = FOOTER_TOP + 14
        for index, piece in enumerate(pieces):
            # the last line sits as far above the box's foot as the first's caps sit below its top
            base = box_y + 11 + box_size * 0.2 + (len(pieces) - 1 - index) * box_size * LEADING
            lines.append(Line(MARGIN + 14, base, piece, box_size, True))
        boxes.append((MARGIN, box_y, width, height))
        fits = bottom - size * 0.3 > box_y + height + 10
    else:
        fits = bottom - size * 0.3 > FOOTER_TOP + 10
    if split and size > POINT_SIZES[-1]:
        fits = False  # try a size that keeps each name on one line beside its number
    return Laid(tuple(lines), tuple(boxes), fits)


# -- drawing --------------------------------------------------------------------------
def _draw_slide(canvas: Canvas, laid: Laid) -> None:
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.setStrokeGray(0)
    for x, y, width, height in laid.boxes:
        if height <= 4:
            canvas.rect(x, y, width, height, stroke=0, fill=1)  # a heavy rule
        else:
            canvas.setLineWidth(3)
            canvas.rect(x, y, width, height, stroke=1, fill=0)
    for line in laid.lines:
        pdf_kit.draw_text(canvas, line.x, line.y, line.text, line.size, line.bold)
    canvas.restoreState()


def _footer(canvas: Canvas, ctx: DocumentContext, right: str) -> None:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from app.documents import fonts

    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, FOOTER_TOP, PAGE_WIDTH - MARGIN, FOOTER_TOP)
    room = PAGE_WIDTH - 2 * MARGIN - pdf_kit.measure(right, FOOTER_SIZE, False) - 24
    left = _wrapped(pdf_kit.made_with(ctx), room, FOOTER_SIZE, False)
    shown = left[0] + ("\u2026" if len(left) > 1 else "")
    pdf_kit.draw_text(canvas, MARGIN, FOOTER_TOP - 15, shown, FOOTER_SIZE)
    canvas.setFont(fonts.REGULAR, FOOTER_SIZE)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_TOP - 15, right)
    canvas.restoreState()


def notes_lines(slide: Slide, number: int, count: int) -> Laid:
    """The notes page: a heading, the small copy of the slide at the top left, and the
    notes beside it and then under it."""
    top = PAGE_HEIGHT - MARGIN
    full = PAGE_WIDTH - 2 * MARGIN
    thumb_width, thumb_height = PAGE_WIDTH * THUMB_SCALE, PAGE_HEIGHT * THUMB_SCALE
    lines = [Line(MARGIN, top - 18, f"Speaker notes for slide {number} of {count}", 18, True)]
    thumb_top = top - 34
    thumb_bottom = thumb_top - thumb_height
    beside_x = MARGIN + thumb_width + 22
    y = thumb_top - NOTES_SIZE
    for paragraph in slide.notes:
        words = paragraph.split()
        while words:
            beside = y > thumb_bottom
            x, width = (beside_x, PAGE_WIDTH - MARGIN - beside_x) if beside else (MARGIN, full)
            piece = _wrapped(" ".join(words), width, NOTES_SIZE, False)[0]
            lines.append(Line(x, y, piece, NOTES_SIZE))
            words = words[len(piece.split()) :]
            y -= NOTES_SIZE * 1.4
        y -= NOTES_SIZE * 0.6
    frame = (MARGIN, thumb_bottom, thumb_width, thumb_height)
    return Laid(tuple(lines), (frame,), y > FOOTER_TOP + 6)


def _draw_notes(canvas: Canvas, laid: Laid, slide: Laid) -> None:
    x, y, width, height = laid.boxes[0]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(THUMB_SCALE, THUMB_SCALE)
    _draw_slide(canvas, slide)
    canvas.restoreState()
    canvas.saveState()
    canvas.setLineWidth(1)
    canvas.rect(x, y, width, height, stroke=1, fill=0)
    canvas.restoreState()
    for line in laid.lines:
        pdf_kit.draw_text(canvas, line.x, line.y, line.text, line.size, line.bold)


def build_slides(ctx: DocumentContext) -> bytes:
    """Every slide, each followed by its page of speaker notes."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    import io

    from reportlab.pdfgen.canvas import Canvas

    from app import APP_NAME
    from app.documents import fonts

    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(TITLE)
    canvas.setAuthor(APP_NAME)
    canvas.setCreator(APP_NAME)
    canvas.setSubject("Slides with speaker notes")
    deck = slides(ctx)
    for number, slide in enumerate(deck, 1):
        laid = slide_lines(slide)
        _draw_slide(canvas, laid)
        _footer(canvas, ctx, f"Slide {number} of {len(deck)}")
        canvas.showPage()
        _draw_notes(canvas, notes_lines(slide, number, len(deck)), laid)
        _footer(canvas, ctx, f"Notes for slide {number} of {len(deck)}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()

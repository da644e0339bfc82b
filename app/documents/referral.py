"""The referral summary: one concern, set out in the order a multi-agency referral form
(MARF) asks for it, to phone through, fax, post or attach.

Marked OFFICIAL-SENSITIVE at the top and bottom of every page (cse-facts §6.4). Every
field of the record is printed (the same coverage as app.screening.summary.record_html);
long text flows over as many pages as it needs and is never cut off. Fax-friendly: black
on white, body text 10 pt or more, nothing carried by colour or shading, and room at the
top of each page for the header line a fax machine prints.

Names in any script: DejaVu, with Adobe's CID fonts for Chinese, Japanese and Korean (see
pdf_kit). Known limitation: reportlab does not shape Arabic or Urdu, so their letters
print unjoined and in reversed (visual) order; the characters themselves are all there
and copy out of the PDF.

The PDF's metadata is fixed text: no name and no reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.casework.amendments import rescreen_of
from app.casework.decisions import PARENTS_WORDS
from app.core import errors
from app.documents import fonts, pdf_kit
from app.documents.context import DocumentContext
from app.documents.pdf_kit import text as t
from app.intake.concern.digest import record_digest
from app.intake.concern.model import Concern
from app.screening.checklist import load_checklist
from app.screening.rules import screen_concern
from app.screening.summary import HOW_WORDS, NEEDS_WORDS, answer_line, capitalised
from app.screening.vocabulary import ABOUT_ADULT_WHO, TIER_WORDS

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

MARKING = "OFFICIAL-SENSITIVE"
DUTY_TEAM = "Children's social care duty team"
BODY_PT = 11.0
FOOTER_PT = 10.0
TOP_MM = 26  # the fax header line, then our own header, fit above this
BOTTOM_MM = 28
SIDE_MM = 18
LONG = 400  # a value longer than this flows as paragraphs rather than in a table cell
CHUNK = 600  # chronology text longer than this continues on further rows
SHORT_ENTRY = 200  # characters of a chronology entry printed in the appendix


@dataclass(frozen=True)
class ChronologyLine:
    on: date | None
    text: str
    tier: str


def chronology_lines(person_page: Any) -> list[ChronologyLine]:
    """The young person's chronology (an app.casework.young_people.PersonPage), oldest first, as
    short lines for the appendix: date, what it was, the tier that stands."""
    items = sorted(person_page.chronology, key=lambda item: (item.on, item.recorded_at))
    lines = []
    for item in items:
        summary = " ".join(item.summary.split())
        if len(summary) > SHORT_ENTRY:
            summary = summary[: SHORT_ENTRY - 1].rstrip() + "…"
        if item.source == "concern":
            head = f"Concern {item.reference}".strip()
        else:
            head = item.kind_words or "Entry"
        lines.append(
            ChronologyLine(item.on, f"{head}: {summary}" if summary else head, item.tier_words)
        )
    return lines


# -- helpers ----------------------------------------------------------------------------
def _local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.utcoffset() is not None else moment


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = _local(moment)
    return f"{pdf_kit.day(moment.date())}, {moment:%H:%M}"


def _date(value: date | None) -> str:
    return pdf_kit.day(value) if value else ""


def _paras(value: str, style: ParagraphStyle) -> list[Flowable]:
    """A typed value as paragraphs, one per line, so it can break between pages."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Spacer

    made: list[Flowable] = []
    for line in value.splitlines() or [""]:
        if line.strip():
            made.append(Paragraph(t(line), style))
        else:
            made.append(Spacer(1, style.fontSize * 0.5))
    return made


class _Fields:
    """Label and value rows; short values sit in a two-column table, long ones flow."""

    def __init__(self, s: dict[str, ParagraphStyle], width: float) -> None:
        self.s, self.width = s, width
        self.out: list[Flowable] = []
        self._rows: list[tuple[str, str, str, bool]] = []

    def add(
        self,
        label: str,
        value: str = "",
        *,
        always: bool = False,
        code: str = "",
        code_after: bool = False,
    ) -> None:
        """A row; `code` is a value to copy exactly (a reference, a number), set in the
        monospace face before `value`, or after it when `code_after`."""
        value, code = value.strip(), code.strip()
        if not value and not code and not always:
            return
        if not code and (len(value) > LONG or value.count("\n") > 5):
            self._flush()
            self.long(label, value)
        else:
            self._rows.append((label, value, code, code_after))

    def long(self, label: str, value: str) -> None:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph

        self._flush()
        self.out.append(Paragraph(t(label), self.s["label"]))
        indented = ParagraphStyle("flow", self.s["body"], leftIndent=12)
        self.out.extend(_paras(value, indented))

    def flowable(self, flowable: Flowable) -> None:
        self._flush()
        self.out.append(flowable)

    def _flush(self) -> None:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.lib import colors
        from reportlab.platypus import Paragraph, Table, TableStyle

        if not self._rows:
            return
        label_width = self.width * 0.3
        cells = [
            [Paragraph(t(label), self.s["cell_bold"]), self._value(value, code, code_after)]
            for label, value, code, code_after in self._rows
        ]
        table = Table(cells, colWidths=[label_width, self.width - label_width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black),
                ]
            )
        )
        self.out.append(table)
        self._rows = []

    def _value(self, value: str, code: str, code_after: bool) -> Any:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.platypus import Paragraph

        words = Paragraph(t(value).replace("\n", "<br/>") if value else "", self.s["cell"])
        if not code:
            return words
        exact = pdf_kit.code(code, fallback=self.s["cell"])
        if not value:
            return exact
        return [words, exact] if code_after else [exact, words]

    def done(self) -> list[Flowable]:
        self._flush()
        made, self.out = self.out, []
        return made


def _styles() -> dict[str, ParagraphStyle]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    s = pdf_kit.styles(BODY_PT)
    s["label"] = ParagraphStyle(
        "label", s["body"], fontName=fonts.BOLD, spaceBefore=4, spaceAfter=2, keepWithNext=1
    )
    # Own words sit in a ruled box, drawn again on each page a long passage reaches, so
    # a reader on any page can tell the young person's words from the adults'.
    s["quote"] = ParagraphStyle(
        "quote",
        s["body"],
        leftIndent=20,
        rightIndent=14,
        borderWidth=0.8,
        borderColor=colors.black,
        borderPadding=(3, 6, 4, 6),
        spaceBefore=4,
        spaceAfter=8,
    )
    # In a serif face, so "I" keeps its serifs on a fax (plain, it was read as "|").
    s["quote_serif"] = ParagraphStyle("quote-serif", s["quote"], fontName=fonts.SERIF)
    s["h1"] = ParagraphStyle("h1-ruled", s["h1"], spaceBefore=BODY_PT * 1.2)
    return s


def _drawer(reference: str, digest: str, page_offset: int = 0) -> pdf_kit.PageDrawer:
    def draw(canvas: Canvas, number: int, count: int, width: float, height: float) -> None:
        # deferred: reportlab is heavy; it loads only when a PDF is made
        from reportlab.lib.units import mm

        margin = SIDE_MM * mm
        size = FOOTER_PT
        canvas.saveState()
        canvas.setFillGray(0)
        canvas.setStrokeGray(0)
        canvas.setLineWidth(0.6)
        # Top: the marking, centred, below the strip a fax machine prints its line in.
        top = height - 16 * mm
        canvas.setFont(fonts.BOLD, 12)
        canvas.drawCentredString(width / 2, top, MARKING)
        canvas.setFont(fonts.REGULAR, size)
        canvas.drawString(margin, top, "Referral summary")
        pdf_kit.draw_code(canvas, width - margin, top, reference, right=True)
        canvas.line(margin, top - 5, width - margin, top - 5)
        # Bottom: reference, digest and page, then the marking, centred. The numbering
        # runs on from a cover sheet, so every page says where it is in the whole fax.
        line_y = 17 * mm
        canvas.line(margin, line_y + size * 1.5, width - margin, line_y + size * 1.5)
        x = margin
        for words, value in (("Reference ", reference), ("   Record digest ", digest)):
            canvas.setFont(fonts.REGULAR, size)
            canvas.drawString(x, line_y, words)
            x += canvas.stringWidth(words, fonts.REGULAR, size)
            x += pdf_kit.draw_code(canvas, x, line_y, value)
        canvas.setFont(fonts.REGULAR, size)
        canvas.drawRightString(
            width - margin, line_y, f"Page {number + page_offset} of {count + page_offset}"
        )
        canvas.setFont(fonts.BOLD, 12)
        canvas.drawCentredString(width / 2, 9 * mm, MARKING)
        canvas.restoreState()

    return draw


# -- the document -----------------------------------------------------------------------
def build_referral(
    concern: Concern,
    context: DocumentContext,
    *,
    recipient: str,
    recipient_phone: str = "",
    review: Any | None = None,
    chronology: Sequence[ChronologyLine] | None = None,
    made_at: datetime | None = None,
    page_offset: int = 0,
) -> bytes:
    """The referral summary as PDF bytes. `recipient_phone` is printed under the
    recipient's name when known (the duty team's or the LADO's number from Settings).
    `review` is the app.casework.decisions.ReviewState (or None before any decision); `chronology`
    adds the appendix when the lead includes it. `page_offset` is the number of pages
    sent in front of it (a cover sheet): its pages are numbered on from them, out of the
    whole."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import PageBreak

    made_at = made_at or datetime.now().astimezone()
    if concern.about_adult == "lead" and context.acting_as == "Designated lead":
        context = context.instead_of_lead()
    digest = record_digest(concern)
    s = _styles()
    width = pdf_kit.frame_width(side_mm=SIDE_MM)
    story: list[Flowable] = []
    story += _opening(
        concern,
        context,
        recipient,
        recipient_phone,
        made_at,
        digest,
        s,
        width,
        _screened(concern, review)[0],
    )
    story += _young_person(concern, s, width)
    story += _parents(concern, review, s, width)
    story += _the_concern(concern, s, width)
    story += _screening(concern, review, s, width)
    story += _involved(concern, s, width)
    story += _actions(concern, review, s, width)
    story += _people_signing(concern, context, s, width)
    if chronology:
        story.append(PageBreak())
        story += _appendix(chronology, s, width)
    return pdf_kit.build(
        story,
        title="Referral summary",
        subject=f"{MARKING} referral",
        draw=_drawer(concern.id, digest, page_offset),
        top_mm=TOP_MM,
        bottom_mm=BOTTOM_MM,
        side_mm=SIDE_MM,
    ).pdf


def _heading(words: str, s: dict[str, ParagraphStyle]) -> Flowable:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    return Paragraph(words, s["h1"])


def _opening(
    concern: Concern,
    ctx: DocumentContext,
    recipient: str,
    recipient_phone: str,
    made_at: datetime,
    digest: str,
    s: dict[str, ParagraphStyle],
    width: float,
    tier: str,
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    f = _Fields(s, width)
    f.add("From", ctx.organisation_or_generic, always=True)
    f.add("To", recipient or pdf_kit.BLANK, always=True)
    if recipient:
        f.add("Their phone", code=recipient_phone)
    duty = ctx.duty_team_label.strip() or DUTY_TEAM
    if recipient != duty or not recipient_phone:
        # Whoever reads it (the lead, the LADO, the police) can reach the duty team.
        named = "" if duty == DUTY_TEAM else duty
        if ctx.duty_team_phone.strip():
            f.add(DUTY_TEAM, named, code=ctx.duty_team_phone, code_after=True)
        else:
            f.add(DUTY_TEAM, f"{named}\nPhone {pdf_kit.BLANK}".strip(), always=True)
    f.add("Made on", _when(made_at), always=True)
    f.add("Concern reference", code=concern.id, always=True)
    f.add("Record digest", code=digest, always=True)
    f.add("Screening result", tier)  # at the top too: how urgent, before anything else
    f.add("Recorded", _when(concern.submitted_at or concern.created_at))
    status = {
        "submitted": "",
        "incomplete-timed-out": "Not finished: the form timed out",
        "incomplete-locked": "Not finished: the computer was locked",
        "incomplete-closed": "Not finished: the form was closed",
    }
    f.add("Record", status.get(concern.status, concern.status))
    f.add(
        "Came in",
        "Sealed letter from a volunteer"
        if concern.source == "letterbox"
        else "Recorded directly by a lead",
    )
    return [
        Paragraph("Referral summary", s["title"]),
        Paragraph(
            f"<b>{MARKING}.</b> About a child. Keep it safe and share it only "
            "with those who need it to keep the child safe.",
            s["body"],
        ),
        *f.done(),
    ]


def _young_person(concern: Concern, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    person = concern.young_person
    f = _Fields(s, width)
    f.add("Name", person.name or "Not known", always=True)
    f.add("Other names or known as", person.known_as)
    if person.date_of_birth:
        f.add("Date of birth", _date(person.date_of_birth))
    elif person.approximate_age is not None:
        f.add("Age, roughly", str(person.approximate_age))
    else:
        f.add("Date of birth or age", "Not known", always=True)
    day = concern.happened_on or concern.created_at.date()
    age = person.age_on(day)
    if age is not None and person.date_of_birth:
        f.add("Age on the day", str(age))
    f.add("Gender", person.gender)
    f.add("Address", person.address)
    f.add("First language", person.first_language)
    f.add("Additional needs", ", ".join(NEEDS_WORDS.get(n, n) for n in person.needs))
    f.add("Needs: details", person.needs_details)
    f.add("School or college", person.school)
    return [_heading("1. The young person", s), *f.done()]


def _parents(
    concern: Concern, review: Any | None, s: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    person = concern.young_person
    f = _Fields(s, width)
    f.add("Parents or carers", person.carers or "Not recorded", always=True)
    if person.home_contact_unsafe:
        f.add(
            "Contacting home could be unsafe", ("Yes. " + person.home_contact_unsafe_reason).strip()
        )
    told = getattr(review, "parents_told", "") if review is not None else ""
    f.add("Parents or carers told", PARENTS_WORDS.get(told, "Not recorded"), always=True)
    if review is not None and told != "yes":
        f.add("If not, why not", review.parents_not_told_reason or "Not recorded", always=True)
    return [_heading("2. Parents or carers", s), *f.done()]


def _the_concern(concern: Concern, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    f = _Fields(s, width)
    when = f"{_date(concern.happened_on)} {concern.happened_time}".strip()
    f.add("When", when or "Not known", always=True)
    f.add("Where", concern.happened_where or "Not known", always=True)
    f.add("How it is known", HOW_WORDS.get(concern.how_known, concern.how_known), always=True)
    f.add("Told by", concern.told_by)
    if concern.about_adult != "no":
        # The LADO route: whoever reads this must know the worry is about an adult here.
        f.add(
            "Worry about an adult here",
            capitalised(ABOUT_ADULT_WHO.get(concern.about_adult, concern.about_adult)),
            always=True,
        )
    f.add("What was seen or heard", concern.observations)
    if concern.own_words.strip():
        f.flowable(Paragraph("The young person's own words, exactly as said", s["label"]))
        lines = concern.own_words.strip().splitlines()
        lines[0] = "\u201c" + lines[0]
        lines[-1] = lines[-1] + "\u201d"
        quoted = "\n".join(lines)
        style = s["quote_serif"] if pdf_kit.in_serif(quoted) else s["quote"]
        for flow in _paras(quoted, style):
            f.flowable(flow)
    return [_heading("3. The concern", s), *f.done()]


def _screened(concern: Concern, review: Any | None) -> tuple[str, Any, Any]:
    """The screening result's words, the result (None if this version cannot repeat it)
    and the checklist (None if it cannot be loaded)."""
    result = checklist = None
    try:
        checklist = load_checklist(concern.checklist_version)
        # The needs on the young person's record (merged records too) lift the floor.
        result = screen_concern(
            concern, checklist=checklist, record_needs=getattr(review, "record_needs", ())
        )
    except errors.AppError:
        pass
    words = (
        result.label
        if result is not None
        else TIER_WORDS.get(concern.computed_tier, concern.computed_tier)
    )
    return words, result, checklist


def _screening(
    concern: Concern, review: Any | None, s: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    out: list[Flowable] = [_heading("4. Screening result", s)]
    computed, result, checklist = _screened(concern, review)
    texts = {i.id: i.text for i in checklist.indicators} if checklist is not None else {}
    f = _Fields(s, width)
    f.add("Screening result", computed, always=True)
    if review is not None:
        f.add("Tier that stands", TIER_WORDS.get(review.tier, review.tier), always=True)
        if review.lead_tier:
            f.add(
                "Changed by the designated lead because",
                review.lead_tier_reason or "Not recorded",
                always=True,
            )
    f.add("Checklist version", str(concern.checklist_version))
    out += f.done()
    later = rescreen_of(concern, review.lead_tier if review is not None else None).summary()
    if later:  # an older checklist: say so, and what the current one gives
        out.append(Paragraph(t(later), s["body"]))
    if result is not None and result.reasons:
        out.append(Paragraph("The rule that set the result", s["label"]))
        out += pdf_kit.bullets([t(r) for r in result.reasons], s["item"])
    elif result is None:
        out.append(
            Paragraph(
                "This version of the toolkit could not repeat the screening; "
                "the result shown is the one recorded at the time.",
                s["body"],
            )
        )
    if concern.danger:
        out.append(Paragraph("Danger now: answered yes", s["label"]))
        out += pdf_kit.bullets([t(texts.get(d, d)) for d in concern.danger], s["item"])
    out.append(Paragraph("Signs ticked", s["label"]))
    if concern.indicators:
        items = []
        for answer in concern.indicators:
            what = t(texts.get(answer.indicator_id, answer.indicator_id))
            # Item codes stay inside the toolkit: the reader sees the words (issue 11).
            line = f"{what}<br/>{t(capitalised(answer_line(answer)))}."
            if answer.details and len(answer.details) <= LONG:
                line += f"<br/>{t(answer.details)}"
            items.append(line)
            # Long details get their own paragraphs below, so they can break over pages.
        out += pdf_kit.bullets(items, s["item"])
        for answer in concern.indicators:
            if answer.details and len(answer.details) > LONG:
                out.append(
                    Paragraph(
                        f"Details: {t(texts.get(answer.indicator_id, answer.indicator_id))}",
                        s["label"],
                    )
                )
                out += _paras(answer.details, s["body"])
    else:
        out.append(Paragraph("Nothing was ticked.", s["body"]))
    if result is not None and result.history_only:
        out.append(Paragraph("Ticked but too long ago to count towards the result:", s["body"]))
        out += pdf_kit.bullets([t(texts.get(i, i)) for i in result.history_only], s["item"])
    return out


def _involved(concern: Concern, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    f = _Fields(s, width)
    for p in concern.people:
        f.add(
            "Person",
            "; ".join(
                x
                for x in (
                    p.name,
                    f"known as {p.nickname}" if p.nickname else "",
                    p.description,
                    f"age {p.approximate_age}" if p.approximate_age else "",
                )
                if x
            ),
        )
    for v in concern.vehicles:
        f.add(
            "Vehicle", "; ".join(x for x in (v.make, v.colour, v.details) if x), code=v.registration
        )
    for place in concern.places:
        f.add("Place", place.description)
    for c in concern.contacts:
        f.add(
            "Phone" if c.kind == "phone" else "Username",
            f"({c.platform})" if c.platform else "",
            code=c.value,
        )
    made = f.done()
    if not made:
        f.add("Named", "No people, vehicles, places, phones or usernames were named.", always=True)
        made = f.done()
    return [_heading("5. People, vehicles, places, phones and usernames named", s), *made]


def _actions(
    concern: Concern, review: Any | None, s: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    f = _Fields(s, width)
    f.add("Called 999", "Yes" if concern.called_999 else "No", always=True)
    f.add("Phoned 101", "Yes" if concern.phoned_101 else "No", always=True)
    f.add("Police reference", concern.police_reference)
    f.add("What was done", concern.actions_taken)
    referrals = getattr(review, "referrals", ()) if review is not None else ()
    if referrals:
        for number, ref in enumerate(referrals, 1):
            label = "Phone referral" + (f" {number}" if len(referrals) > 1 else "")
            parts = [f"{_when(ref.phoned_at)} to {ref.to_whom}"]
            if ref.taken_by:
                parts.append(f"taken by {ref.taken_by}")
            parts.append(f"their reference {ref.their_reference or 'not given'}")
            if ref.written_sent_at is not None:
                parts.append(f"written referral sent {_when(ref.written_sent_at)}")
            f.add(label, "; ".join(parts))
    else:
        f.add("Phone referral", "None recorded", always=True)
    contacts = getattr(review, "lado_contacts", ()) if review is not None else ()
    for number, contact in enumerate(contacts, 1):
        label = "LADO contact" + (f" {number}" if len(contacts) > 1 else "")
        f.add(
            label,
            f"{_when(contact.contacted_at)}; spoke to {contact.spoke_to}; "
            f"their reference {contact.their_reference}",
        )
        f.add("Agreed with the LADO", contact.outcome)
    if not contacts and getattr(review, "lado_route", False):
        f.add("LADO contact", "None recorded yet", always=True)
    return [_heading("6. Actions taken", s), *f.done()]


def _people_signing(
    concern: Concern, ctx: DocumentContext, s: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    f = _Fields(s, width)
    f.add("Recorded by", concern.recorder_name or "Not recorded", always=True)
    f.add("Role", concern.recorder_role)
    f.add("Contact", concern.recorder_contact)
    f.add("Organisation", ctx.organisation_or_generic)
    referrer = f.done()
    f.add(ctx.acting_as, ctx.lead_name or pdf_kit.BLANK, always=True)
    f.add("Role", ctx.lead_role or pdf_kit.BLANK, always=True)
    if ctx.lead_phone.strip():
        f.add("Phone", code=ctx.lead_phone)
    else:
        f.add("Phone", pdf_kit.BLANK)
    lead = f.done()
    blank = "_" * 34
    sign = [
        Paragraph(f"Signed ({ctx.acting_as.lower()})", s["label"]),
        Spacer(1, 14),
        Paragraph(blank, s["body"]),
        Paragraph(f"Name {blank}", s["body"]),
        Spacer(1, 6),
        Paragraph(f"Date {pdf_kit.SHORT_BLANK}   Time {pdf_kit.SHORT_BLANK}", s["body"]),
    ]
    # The lead's name, role and phone stay on one page: a phone alone overleaf is lost.
    return [
        _heading(f"7. The referrer and the {ctx.acting_as.lower()}", s),
        *referrer,
        Spacer(1, 6),
        KeepTogether(lead),
        _heading("8. Signature", s),
        KeepTogether(sign),
    ]


def _appendix(
    lines: Sequence[ChronologyLine], s: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    date_width, tier_width = 100.0, 88.0
    rows: list[list[Any]] = [
        [
            Paragraph("Date", s["cell_bold"]),
            Paragraph("What happened", s["cell_bold"]),
            Paragraph("Tier", s["cell_bold"]),
        ]
    ]
    for line in lines:
        value = line.text
        chunks = [value[i : i + CHUNK] for i in range(0, len(value), CHUNK)] or [""]
        for index, chunk in enumerate(chunks):
            first = index == 0
            rows.append(
                [
                    Paragraph(_date(line.on) if first else "", s["cell"]),
                    Paragraph(t(chunk), s["cell"]),
                    Paragraph(t(line.tier) if first else "", s["cell"]),
                ]
            )
    table = Table(
        rows,
        colWidths=[date_width, width - date_width - tier_width, tier_width],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, 0), 1.0, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.black),
            ]
        )
    )
    return [
        Paragraph("Appendix: the young person's chronology", s["h1"]),
        Paragraph("Oldest first. Short entries: the full chronology is in the records.", s["body"]),
        table,
    ]

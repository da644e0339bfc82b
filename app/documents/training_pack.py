"""A training evening in a box (issue 16, item 4): a session plan for 60 or 90 minutes
with facilitator notes, the made-up cases with discussion questions and model answers,
the Spot the signs quiz and its answer sheet, and a blank attendance sheet.

Our own words, from the facts in the project's domain notes; the only quotation is the
statutory definition (DfE 2017), as on the help page "What is CSE". The cases and the quiz
come from resources/practice through app/screening, so the printed pack always matches
what the app teaches. Tier names and timescales come from app/screening/vocabulary.py.
Nothing here reads the records: the attendance sheet is left blank to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.documents import pdf_kit
from app.documents.context import DocumentContext
from app.documents.pdf_kit import BLANK, Contact
from app.screening import vocabulary as v
from app.screening.practice_cases import PracticeCase, load_practice_cases
from app.screening.practice_quiz import QuizQuestion, load_quiz

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

t = pdf_kit.text
BODY_SIZE = 11.0

DEFINITION = (
    "Child sexual exploitation is a form of child sexual abuse. It occurs where an "
    "individual or group takes advantage of an imbalance of power to coerce, manipulate or "
    "deceive a child or young person under the age of 18 into sexual activity (a) in "
    "exchange for something the victim needs or wants, and/or (b) for the financial "
    "advantage or increased status of the perpetrator or facilitator. The victim may have "
    "been sexually exploited even if the sexual activity appears consensual. Child sexual "
    "exploitation does not always involve physical contact; it can also occur through the "
    "use of technology."
)
DEFINITION_SOURCE = (
    "Department for Education, \u201cChild sexual exploitation: definition and guide for "
    "practitioners\u201d, 2017"
)

PLAN_TITLE = "Training evening: session plan"
CASES_TITLE = "Made-up cases to discuss"
QUIZ_TITLE = "Spot the signs quiz"
ANSWERS_TITLE = "Spot the signs quiz: answer sheet"
ATTENDANCE_TITLE = "Training attendance sheet"
ATTENDANCE_ROWS = 16

# The section names, in order, on both plans (a test checks each is printed).
SECTIONS = (
    "Welcome",
    "What CSE is",
    "Signs to look out for",
    "Made-up cases in small groups",
    "Spot the signs quiz",
    "What to do and who to tell here",
    "Questions",
)
# Minutes a section; each plan adds up to its length (a test checks it).
MINUTES = {
    60: (5, 8, 10, 15, 10, 8, 4),
    90: (5, 10, 15, 25, 15, 12, 8),
}
# How many of the made-up cases each plan has time for.
CASES_IN = {60: 3, 90: 5}


@dataclass(frozen=True)
class PlanSection:
    name: str
    minutes: int
    aim: str
    notes: tuple[str, ...]  # facilitator notes, mark-up allowed


def _header(ctx: DocumentContext, title: str, dated: bool) -> pdf_kit.PageDrawer:
    header, tail = (ctx.organisation, f": {title}") if ctx.organisation else (title, "")
    return pdf_kit.footer_drawer(
        pdf_kit.made_with(ctx),
        header=header,
        header_tail=tail,
        header_right=pdf_kit.day(pdf_kit.made_on(ctx)) if dated else "",
    )


def _build(
    story: list[Flowable], ctx: DocumentContext, title: str, subject: str, dated: bool = True
) -> bytes:
    """Headed like the policy; `dated` False leaves the printing date off (the attendance
    sheet has its own date line, and two dates would confuse)."""
    return pdf_kit.build(
        story, title=title, subject=subject, draw=_header(ctx, title, dated), top_mm=24
    ).pdf


def _named(name: str, phone: str) -> str:
    if not name:
        return ""
    return f", <b>{t(name)}</b>" + (f" ({pdf_kit.phone(phone)})" if phone else "")


# -- the session plan ---------------------------------------------------------------------
def plan_sections(
    ctx: DocumentContext, minutes: int, cases: Sequence[PracticeCase]
) -> list[PlanSection]:
    """The timed sections of the plan for `minutes` (60 or 90), with facilitator notes."""
    if minutes not in MINUTES:
        raise ValueError(f"There is a plan for 60 or 90 minutes, not {minutes}.")
    lead = t(ctx.lead_name) if ctx.lead_name else "the designated lead"
    chosen = cases[: CASES_IN[minutes]]
    case_names = ", ".join(f"\u201c{t(case.title)}\u201d" for case in chosen)
    long = minutes == 90
    texts: list[tuple[str, tuple[str, ...]]] = [
        (
            "Put people at ease and set the ground rules.",
            (
                "Say who you are and why the evening matters: anyone who works with young "
                "people can be the one who notices.",
                "Ground rules: no real names or stories about young people we know; it is "
                "fine to step out for a break; questions are welcome at any time.",
                "Some people in the room may have their own experience of abuse. Say where "
                "they can find you, the NSPCC or a friend afterwards.",
            ),
        ),
        (
            "Share one clear definition, and the points that are most often missed.",
            (
                "Read out the definition on the handout. It is the one the government uses.",
                "Then, in your own words: it is abuse even when the young person seems to "
                "agree; boys and young men are exploited too; 16 and 17 year olds are still "
                "children; it can happen online without ever meeting.",
                "Something is always given or promised: money, gifts, drugs, a lift, "
                "somewhere to stay, attention or \u201cprotection\u201d.",
                "The young person is never to blame. The abuser is always responsible.",
            )
            + (
                (
                    "Explain that exploitation is not only sexual: young people are also "
                    "made to carry drugs or money (\u201ccounty lines\u201d), and the two often "
                    "overlap. They are victims too.",
                )
                if long
                else ()
            ),
        ),
        (
            "Help people recognise the signs, and know that one sign is not proof.",
            (
                "Ask the room: what might you notice? Write answers on a flip chart and fill "
                "the gaps from the staff leaflet.",
                "Things you might see: going missing or coming back late, gifts or money "
                "nobody can explain, an older \u201cboyfriend\u201d or \u201cgirlfriend\u201d, "
                "being picked up in cars, more than one phone.",
                "Changes in the young person: dropping friends or school, drink or drugs, "
                "mood changes, self-harm, injuries they will not explain.",
                "Grooming usually starts with kindness and attention, then isolation, then a "
                "\u201cdebt\u201d or threats. Online it can happen in days.",
            )
            + (
                (
                    "Boys are less likely to tell and less likely to be asked. Ask the room "
                    "why that might be.",
                    "Being in care, having a learning disability or going missing make a "
                    "young person more at risk. They are not signs on their own.",
                )
                if long
                else ()
            ),
        ),
        (
            "Practise spotting a pattern and deciding what to do, with made-up cases.",
            (
                f"Split into groups of three or four. Give each group one case: {case_names}.",
                "Each group reads its case aloud and talks through the questions under it. "
                "Leave the last few minutes for each group to say what they decided.",
                "Use the model answers to fill gaps. Praise good instincts; there is rarely "
                "one perfect answer.",
                "If people want to practise recording, the toolkit's practice mode uses the "
                "same cases and writes nothing real.",
            ),
        ),
        (
            "Check what has stuck, in a light way.",
            (
                "Hand out the quiz, or run it from the toolkit on a projector. Nobody's "
                "score is collected.",
                "Go through the answers together with the answer sheet. The reasons matter "
                "more than the score.",
            ),
        ),
        (
            "Make sure everyone knows exactly what to do, and whom to tell here.",
            (
                "If a child is in danger right now, call 999. Then tell the designated lead "
                f"{v.STRAIGHT_AWAY}.",
                "Listen, stay calm, do not ask leading questions and do not promise to keep a "
                "secret.",
                f"Write down what you saw or heard {v.TODAY}, in the young person's own words, "
                "with the date and time. Facts, not opinions.",
                f"Tell the designated lead, {lead}, {v.TODAY}. Show the phone numbers on the "
                "handout and the route chart on the wall.",
                "A worry about someone who works or volunteers here goes to the lead too; a "
                "worry about the lead goes to the deputy or the designated trustee.",
            ),
        ),
        (
            "Answer questions and close.",
            (
                "Take questions. If you do not know an answer, say so and find out.",
                "Ask everyone to sign the attendance sheet, so the training log is kept up "
                "to date.",
                "Remind people they can talk to you afterwards, in private.",
            ),
        ),
    ]
    return [
        PlanSection(name, length, aim, notes)
        for name, length, (aim, notes) in zip(SECTIONS, MINUTES[minutes], texts, strict=True)
    ]


def _clock(start: int, length: int) -> str:
    return (
        f"{start // 60}:{start % 60:02d}\u2013{(start + length) // 60}:{(start + length) % 60:02d}"
    )


def build_session_plan(ctx: DocumentContext, minutes: int = 60) -> bytes:
    """The plan for a 60 or 90 minute evening, with timed sections and facilitator notes."""
    cases = load_practice_cases()
    sections = plan_sections(ctx, minutes, cases)
    return _build(
        _plan_story(ctx, minutes, sections), ctx, PLAN_TITLE, f"Session plan, {minutes} minutes"
    )


def build_session_plan_60(ctx: DocumentContext) -> bytes:
    return build_session_plan(ctx, 60)


def build_session_plan_90(ctx: DocumentContext) -> bytes:
    return build_session_plan(ctx, 90)


def _plan_story(
    ctx: DocumentContext, minutes: int, sections: Sequence[PlanSection]
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

    s = pdf_kit.styles(BODY_SIZE)
    aim = ParagraphStyle("aim", s["body"], keepWithNext=1)  # never alone at a page foot
    width = pdf_kit.frame_width()
    story: list[Flowable] = [
        Paragraph(f"A {minutes}-minute training evening", s["title"]),
        Paragraph(
            f"Spotting child sexual exploitation, and what to do at "
            f"<b>{t(pdf_kit.our_organisation(ctx))}</b>",
            s["subtitle"],
        ),
        pdf_kit.boxed(
            [
                Paragraph("<b>You will need</b>", s["box"]),
                *pdf_kit.bullets(
                    [
                        "this plan, and the made-up cases with their model answers;",
                        "the Spot the signs quiz (one each) and its answer sheet;",
                        "the staff leaflet and the route chart (one each);",
                        "the attendance sheet, and a flip chart or a projector.",
                    ],
                    s["box"],
                ),
            ],
            width,
            shaded=True,
        ),
        Spacer(1, 6),
        Paragraph("Timings at a glance", s["h1"]),
        _timings(sections, width, s),
    ]
    start = 0
    for number, section in enumerate(sections, 1):
        head = Paragraph(
            f"{number}. {section.name} ({_clock(start, section.minutes)}, "
            f"{section.minutes} minutes)",
            s["h1"],
        )
        story.append(head)
        story.append(Paragraph(f"<b>Aim:</b> {section.aim}", aim))
        if section.name == "What CSE is":
            story.append(_definition_box(width, s))
            story.append(Spacer(1, 4))
        notes = pdf_kit.bullets(section.notes, s["item"])
        story.append(KeepTogether([Paragraph("Facilitator notes", s["h2"]), *notes]))
        if section.name == "What to do and who to tell here":
            story.append(KeepTogether(_who_to_tell(ctx, width, s)))
        start += section.minutes
    story.append(PageBreak())
    story.append(Paragraph("Handout: what CSE is", s["h1"]))
    story.append(_definition_box(width, s))
    story.append(Spacer(1, 6))
    story.extend(_who_to_tell(ctx, width, s))
    return story


def _definition_box(width: float, s: dict[str, ParagraphStyle]) -> Flowable:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    return pdf_kit.boxed(
        [
            Paragraph(f"\u201c{DEFINITION}\u201d", s["box"]),
            Paragraph(f"From: {DEFINITION_SOURCE}.", s["box"]),
        ],
        width,
    )


def _timings(
    sections: Sequence[PlanSection], width: float, s: dict[str, ParagraphStyle]
) -> Flowable:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = [[Paragraph("<b>Time</b>", s["cell"]), Paragraph("<b>Section</b>", s["cell"])]]
    start = 0
    for section in sections:
        rows.append(
            [
                Paragraph(_clock(start, section.minutes), s["cell"]),
                Paragraph(f"{t(section.name)} ({section.minutes} min)", s["cell"]),
            ]
        )
        start += section.minutes
    table = Table(rows, colWidths=[width * 0.22, width * 0.78], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.Color(0.6, 0.6, 0.6)),
            ]
        )
    )
    return table


def _who_to_tell(
    ctx: DocumentContext, width: float, s: dict[str, ParagraphStyle]
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Spacer

    deputy = "the deputy lead" + _named(ctx.deputy_name, ctx.deputy_phone)
    trustee = "the designated trustee" + _named(ctx.trustee_name, ctx.trustee_phone)
    return [
        Paragraph("Who to tell here", s["h2"]),
        pdf_kit.boxed(
            [
                Paragraph("If a child is in danger right now, call 999.", s["big"]),
                Paragraph(f"Then tell the designated lead {v.STRAIGHT_AWAY}.", s["box"]),
            ],
            width,
            heavy=True,
        ),
        Spacer(1, 4),
        Paragraph("Our designated lead", s["bold"]),
        pdf_kit.contacts_table(
            pdf_kit.lead_details(ctx), width, s["cell"], s["cell_bold"], number_share=0.7
        ),
        Spacer(1, 4),
        Paragraph(
            f"If you cannot reach the lead, or the worry is about the lead, tell {deputy} or "
            f"{trustee}.",
            s["body"],
        ),
        pdf_kit.contacts_table(
            [*pdf_kit.local_contacts(ctx), Contact(*pdf_kit.NSPCC)],
            width,
            s["cell"],
            s["cell_bold"],
        ),
    ]


# -- the made-up cases -----------------------------------------------------------------
def build_case_studies(ctx: DocumentContext) -> bytes:
    """Every made-up case with its discussion questions; then the model answers and the
    result a lead would expect, for the facilitator."""
    return _build(_cases_story(load_practice_cases()), ctx, CASES_TITLE, "Case studies")


def _about(case: PracticeCase) -> str:
    gender = {"female": "girl", "male": "boy", "non-binary": "non-binary young person"}
    who = gender.get(case.gender, "young person")
    needs = " with additional needs" if case.needs else ""
    return f"Age {case.age}, {who}{needs}."


def _cases_story(cases: Sequence[PracticeCase]) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph

    s = pdf_kit.styles(BODY_SIZE)
    width = pdf_kit.frame_width()
    story: list[Flowable] = [
        Paragraph(CASES_TITLE, s["title"]),
        Paragraph("Every case is made up. Any likeness to a real person is chance.", s["subtitle"]),
        Paragraph(
            "Read the case aloud in your group and talk through the questions. There is "
            "rarely one perfect answer: what matters is noticing the pattern and knowing "
            "whom to tell. The model answers are at the back, for the person leading.",
            s["body"],
        ),
    ]
    for number, case in enumerate(cases, 1):
        story.append(Paragraph(f"Case {number}: {t(case.title)}", s["h1"]))
        story.append(Paragraph(_about(case), s["bold"]))
        story.append(Paragraph(t(case.story), s["body"]))
        story.append(
            KeepTogether(
                [
                    Paragraph("To discuss", s["h2"]),
                    *pdf_kit.bullets([t(q.question) for q in case.questions], s["item"], True),
                ]
            )
        )
    story.append(PageBreak())
    story.append(Paragraph("Model answers", s["title"]))
    story.append(
        Paragraph("For the person leading the session. Read these after the groups.", s["subtitle"])
    )
    for number, case in enumerate(cases, 1):
        story.append(Paragraph(f"Case {number}: {t(case.title)}", s["h1"]))
        for index, question in enumerate(case.questions, 1):
            story.append(
                KeepTogether(
                    [
                        Paragraph(f"{index}. {t(question.question)}", s["bold"]),
                        Paragraph(t(question.model_answer), s["body"]),
                    ]
                )
            )
        story.append(
            pdf_kit.boxed(
                [
                    Paragraph(
                        f"<b>What the checklist gives:</b> {t(v.label(case.expect.tier))}",
                        s["box"],
                    ),
                    Paragraph(t(case.why), s["box"]),
                ],
                width,
                shaded=True,
            )
        )
    return story


# -- the quiz ---------------------------------------------------------------------------
def build_quiz(ctx: DocumentContext) -> bytes:
    """The Spot the signs quiz, to fill in by hand; no answers on it."""
    return _build(_quiz_story(load_quiz()), ctx, QUIZ_TITLE, "Quiz")


def build_quiz_answers(ctx: DocumentContext) -> bytes:
    """The answer sheet: the right choices and the reason for each."""
    return _build(_answers_story(load_quiz()), ctx, ANSWERS_TITLE, "Quiz answer sheet")


def _pick(question: QuizQuestion) -> str:
    return "Tick all that apply." if question.pick == "all" else "Tick one."


def _quiz_story(questions: Sequence[QuizQuestion]) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph

    s = pdf_kit.styles(BODY_SIZE)
    choice = ParagraphStyle(
        "choice", s["item"], leftIndent=BODY_SIZE * 3.2, firstLineIndent=-BODY_SIZE * 1.7
    )
    story: list[Flowable] = [
        Paragraph(QUIZ_TITLE, s["title"]),
        Paragraph(
            "No names, no scores collected: this is to help you remember the signs.",
            s["subtitle"],
        ),
    ]
    for number, question in enumerate(questions, 1):
        story.append(
            KeepTogether(
                [
                    Paragraph(f"{number}. {t(question.question)}", s["h2"]),
                    Paragraph(f"<i>{_pick(question)}</i>", s["item"]),
                    *[
                        Paragraph(f"\u2610&nbsp;&nbsp;<b>{c.id}</b>&nbsp;&nbsp;{t(c.text)}", choice)
                        for c in question.choices
                    ],
                ]
            )
        )
    return story


def _answers_story(questions: Sequence[QuizQuestion]) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph

    s = pdf_kit.styles(BODY_SIZE)
    story: list[Flowable] = [
        Paragraph(ANSWERS_TITLE, s["title"]),
        Paragraph(
            "Go through these together. The reasons matter more than the score.", s["subtitle"]
        ),
    ]
    for number, question in enumerate(questions, 1):
        right = [c for c in question.choices if c.id in question.right]
        answer = "; ".join(f"<b>{c.id}</b> {t(c.text)}" for c in right)
        story.append(
            KeepTogether(
                [
                    Paragraph(f"{number}. {t(question.question)}", s["h2"]),
                    Paragraph(f"<b>Answer:</b> {answer}", s["item"]),
                    Paragraph(f"<b>Why:</b> {t(question.reason)}", s["body"]),
                ]
            )
        )
    return story


# -- the attendance sheet ----------------------------------------------------------------
def build_attendance_sheet(ctx: DocumentContext) -> bytes:
    """A blank sheet to sign in on: nothing is filled in from the records."""
    return _build(_attendance_story(), ctx, ATTENDANCE_TITLE, "Attendance sheet", False)


def _attendance_story() -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = pdf_kit.styles(BODY_SIZE)
    width = pdf_kit.frame_width()
    rows = [
        [
            Paragraph("<b>Name</b>", s["cell"]),
            Paragraph("<b>Role</b>", s["cell"]),
            Paragraph("<b>Signature</b>", s["cell"]),
        ]
    ] + [["", "", ""] for _ in range(ATTENDANCE_ROWS)]
    table = Table(
        rows,
        colWidths=[width * 0.4, width * 0.28, width * 0.32],
        rowHeights=[None] + [BODY_SIZE * 2.6] * ATTENDANCE_ROWS,
        hAlign="LEFT",
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                (
                    "BACKGROUND",
                    (0, 0),
                    (-1, 0),
                    colors.Color(pdf_kit.GREY, pdf_kit.GREY, pdf_kit.GREY),
                ),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        Paragraph(ATTENDANCE_TITLE, s["title"]),
        Paragraph(f"Date: {BLANK}", s["body"]),
        Spacer(1, 6),
        Paragraph(f"Topic: {BLANK}{BLANK}", s["body"]),
        Spacer(1, 6),
        Paragraph(f"Led by: {BLANK}", s["body"]),
        Spacer(1, 10),
        table,
        Spacer(1, 8),
        Paragraph(
            "Afterwards the lead adds this session to the toolkit's training log, then keeps "
            "this sheet locked away with the group's training records.",
            s["body"],
        ),
    ]


# The training documents, in the order the handouts dialog offers them:
# key: (title, file name, builder).
TRAINING_DOCUMENTS = (
    ("plan-60", "Session plan: 60 minutes", "cse-training-plan-60.pdf", build_session_plan_60),
    ("plan-90", "Session plan: 90 minutes", "cse-training-plan-90.pdf", build_session_plan_90),
    ("cases", "Made-up cases with model answers", "cse-training-cases.pdf", build_case_studies),
    ("quiz", "Spot the signs quiz", "cse-training-quiz.pdf", build_quiz),
    ("quiz-answers", "Quiz answer sheet", "cse-training-quiz-answers.pdf", build_quiz_answers),
    (
        "attendance",
        "Attendance sheet (blank)",
        "cse-training-attendance.pdf",
        build_attendance_sheet,
    ),
)

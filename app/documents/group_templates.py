"""Printable templates for a group to adapt, agree and sign (issue 16, item 6): a volunteer
code of conduct, a whistleblowing procedure, the seven golden rules of information sharing
with a blank decision record, and an online safety agreement.

Each is filled in from the DocumentContext: the organisation's name and people only while a
lead has unlocked, the local numbers always. Whatever is not known prints as a line to write
on, never "None". Timescales come from app/screening/vocabulary.py; the golden rules are
the 2024 government advice in our own words (facts checked for issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app.documents import pdf_kit, policy
from app.documents.context import DocumentContext
from app.documents.pdf_kit import BLANK, SHORT_BLANK, Contact
from app.screening import vocabulary as v

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

t = pdf_kit.text
BODY_SIZE = 11.0
SIZES = (BODY_SIZE, 10.5, 10.0)

CODE_TITLE = "Volunteer code of conduct"
WHISTLE_TITLE = "Whistleblowing procedure"
SHARING_TITLE = "Information sharing: the seven golden rules"
RECORD_TITLE = "Record of an information-sharing decision"
ONLINE_TITLE = "Online safety agreement"

CEOP = ("Online sexual contact or grooming: CEOP Safety Centre", "ceop.police.uk")

# HM Government's seven golden rules (May 2024 advice), in our own words.
GOLDEN_RULES = (
    "Every child has a right to be protected from abuse and neglect. Keeping a child safe "
    "comes before privacy, including the privacy of anyone who fails to protect them. Data "
    "protection law (UK GDPR and the Data Protection Act 2018) helps you share safely: it "
    "is not a barrier.",
    "Where it is practical and safe, talk to the child and their carers about who you will "
    "tell, what you will share and why. You need not tell them if that could put the "
    "child at more risk.",
    "You do not need consent to share information about a child or their family when a "
    "child is at risk, or may be at risk, of harm. Do not delay.",
    "Ask for advice quickly whenever you are unsure: from the designated lead, or from the "
    "children's social care duty team.",
    "When you share, you and whoever receives it protect the identity of anyone who could "
    "be harmed if an abuser found out who they are: the child, a carer, a neighbour or a "
    "colleague.",
    "Share only information that is relevant and accurate, only with people who have a "
    "part in keeping the child safe, and only what they need. That is rarely the whole "
    "record.",
    "Write down your decision and your reasons, whether you share or not.",
)
GOLDEN_RULES_SOURCE = (
    "HM Government: Information sharing advice for practitioners providing safeguarding "
    "services for children, young people, parents and carers (2024)"
)


# -- shared pieces ----------------------------------------------------------------------
def _build(
    make_story: Callable[[DocumentContext, float], list[Flowable]],
    ctx: DocumentContext,
    title: str,
    subject: str,
    pages: int,
) -> bytes:
    """Headed like the policy, without a printing date: each template has its own date
    lines to fill in, and two dates would confuse. Long names can push a template over
    `pages` sides; it then comes out a little smaller (never below 10 pt)."""
    header, tail = (ctx.organisation, f": {title}") if ctx.organisation else (title, "")
    draw = pdf_kit.footer_drawer(pdf_kit.made_with(ctx), header=header, header_tail=tail)
    return pdf_kit.build_fitting(
        lambda size: make_story(ctx, size),
        SIZES,
        pages,
        title=title,
        subject=subject,
        draw=draw,
        top_mm=24,
    ).pdf


def _opening(ctx: DocumentContext, title: str, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The title and the organisation's name, or a line to write it on."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    return [
        Paragraph(title, s["title"]),
        Paragraph(
            f"<b>{t(ctx.organisation)}</b>" if ctx.organisation else f"Organisation: {BLANK}",
            s["subtitle"],
        ),
    ]


def _org(ctx: DocumentContext) -> str:
    return t(pdf_kit.our_organisation(ctx))


def _named(name: str, phone: str) -> str:
    """ ", <b>name</b> (phone)" when known, so a reader knows whom to ring; else nothing."""
    if not name:
        return ""
    return f", <b>{t(name)}</b>" + (f" ({pdf_kit.phone(phone)})" if phone else "")


def _lead(ctx: DocumentContext) -> str:
    return "the designated lead" + _named(ctx.lead_name, ctx.lead_phone)


def _deputy(ctx: DocumentContext) -> str:
    return "the deputy lead" + _named(ctx.deputy_name, ctx.deputy_phone)


def _trustee(ctx: DocumentContext) -> str:
    return "the designated trustee" + _named(ctx.trustee_name, ctx.trustee_phone)


def _people(ctx: DocumentContext, width: float, s: dict[str, ParagraphStyle]) -> Flowable:
    return policy.roles_table(ctx, width, s, lead_title="Designated lead")


def _lead_contact(ctx: DocumentContext) -> Contact:
    """The designated lead's phone for a contacts table, with their name when known."""
    name = f": {ctx.lead_name}" if ctx.lead_name else ""
    return Contact(f"Designated lead{name}", ctx.lead_phone or BLANK)


def _deputy_contact(ctx: DocumentContext) -> Contact:
    name = f": {ctx.deputy_name}" if ctx.deputy_name else ""
    return Contact(f"Deputy lead{name}", ctx.deputy_phone or BLANK)


def _danger_box(width: float, s: dict[str, ParagraphStyle]) -> Flowable:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    return pdf_kit.boxed(
        [
            Paragraph("If a child is in danger right now, call 999.", s["big"]),
            Paragraph(f"Then tell the designated lead {v.STRAIGHT_AWAY}.", s["box"]),
        ],
        width,
        heavy=True,
    )


def _section(heading: str, items: Sequence[str], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    return [Paragraph(heading, s["h1"]), *pdf_kit.bullets(items, s["item"])]


def _signatures(
    s: dict[str, ParagraphStyle], width: float, who: Sequence[tuple[str, str]]
) -> Flowable:
    """Side by side, one column a signer (heading, name if known): name, signature and
    date lines. The caller keeps it with the words it agrees to."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Table, TableStyle

    def lines(heading: str, name: str) -> list[Paragraph]:
        written = f"<b>{t(name)}</b>" if name else BLANK
        return [
            Paragraph(heading, s["cell_bold"]),
            Paragraph(f"Name: {written}", s["cell"]),
            Paragraph(f"Signed: {BLANK}", s["cell"]),
            Paragraph(f"Date: {SHORT_BLANK}", s["cell"]),
        ]

    columns = [lines(heading, name) for heading, name in who]
    rows = [list(row) for row in zip(*columns, strict=True)]
    table = Table(rows, colWidths=[width / len(who)] * len(who), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 1), (-1, -1), 12),  # room for a hand to write
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _agreement(
    words: str, s: dict[str, ParagraphStyle], width: float, who: Sequence[tuple[str, str]]
) -> Flowable:
    """The heading, what is agreed and the signatures, never split over a page."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph

    return KeepTogether(
        [Paragraph("Agreement", s["h1"]), Paragraph(words, s["body"]), _signatures(s, width, who)]
    )


# -- 1. the volunteer code of conduct ------------------------------------------------------
def build_code_of_conduct(ctx: DocumentContext) -> bytes:
    """What the group expects of every adult who works with young people, to sign."""
    return _build(_code_story, ctx, CODE_TITLE, "Template code of conduct", 2)


def _code_story(ctx: DocumentContext, size: float = BODY_SIZE) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    org = _org(ctx)
    return [
        *_opening(ctx, CODE_TITLE, s),
        Paragraph(
            f"This code says what {org} expects of every adult who works or volunteers with "
            "children and young people here. It keeps young people safe, and it protects you "
            "from being misunderstood. Read it, ask the designated lead about anything that "
            "is not clear, then sign it.",
            s["body"],
        ),
        *_section(
            "One-to-one time and lifts",
            [
                "Avoid being alone with a young person out of sight of other adults. If they "
                "need to talk in private, stay where others can see you and keep the door open.",
                "Any planned one-to-one time (mentoring, for example) is agreed with the "
                "designated lead first.",
                "Do not give a young person a lift on your own unless the designated lead and "
                "their parent or carer have agreed it beforehand. Go straight there.",
            ],
            s,
        ),
        *_section(
            "Photos and phones",
            [
                "Take photos or videos only for the group, on the group's own device, and only "
                "when the young person and their parent or carer have agreed.",
                "Never take photos in changing rooms, toilets or sleeping areas, and never post "
                "a photo with a young person's full name.",
                "Do not keep young people's photos or phone numbers on your own phone.",
                "Never look at, copy, forward or save a sexual image of a young person, even "
                f"to show someone. Tell the designated lead {v.STRAIGHT_AWAY} that it exists.",
            ],
            s,
        ),
        *_section(
            "Contact online and by phone",
            [
                "Contact young people only through the group's own accounts and group chats, "
                "which the designated lead knows about.",
                "Never send private messages to a young person, and do not follow or add them "
                "on your personal accounts. Keep to the group's online safety agreement.",
            ],
            s,
        ),
        *_section(
            "Gifts and favours",
            [
                "Do not give one young person gifts, money or favours. Rewards are for the "
                "whole group, agreed with the designated lead.",
                "If a young person or their family offers you a gift, however small, tell the "
                f"designated lead {v.TODAY}.",
            ],
            s,
        ),
        *_section(
            "Touch",
            [
                "Touch a young person only when it is needed, for first aid or to keep them "
                "safe, and say what you are doing. Do it where others can see.",
                "No tickling, play-fighting or massage, and never touch in a way that could "
                "be seen as sexual.",
            ],
            s,
        ),
        *_section(
            "Language and behaviour",
            [
                "Treat every young person with respect. No favourites.",
                "No sexual jokes or comments, no remarks about anyone's body, and no swearing "
                "at young people.",
                "Do not share your personal problems or your private life with young people.",
            ],
            s,
        ),
        *_section(
            "Alcohol, drugs and smoking",
            [
                "Never be under the influence of alcohol or drugs while you are with young "
                "people or responsible for them.",
                "Never give a young person alcohol, cigarettes, vapes or drugs.",
            ],
            s,
        ),
        *_section(
            "If you see someone break this code",
            [
                f"Tell the designated lead {v.TODAY} if another adult breaks this code, or if "
                "the way an adult behaves with young people worries you. Tell them "
                f"{v.STRAIGHT_AWAY} if a child has told you about abuse or may be in danger.",
                "If the worry is about the lead, tell the deputy lead or the designated trustee "
                f"(below) instead, and phone the LADO yourself {v.LADO_WHEN}. You will be "
                "supported for speaking up, as our whistleblowing procedure says.",
                "Do not tell the adult the worry is about, and do not question them. When the "
                "worry is about how an adult behaves with young people, the lead tells "
                f"{v.LADO_NAME} {v.LADO_WHEN}.",
                f"If you break this code by accident, tell the designated lead {v.TODAY} and "
                "write down what happened. Telling early protects you and the young person.",
            ],
            s,
        ),
        _danger_box(width, s),
        Spacer(1, 6),
        Paragraph("Who to tell here", s["h1"]),
        _people(ctx, width, s),
        Spacer(1, 10),
        _agreement(
            "I have read this code. I understand it and I will keep to it.",
            s,
            width,
            [("Volunteer", ""), ("Designated lead (or deputy)", ctx.lead_name)],
        ),
    ]


# -- 2. the whistleblowing procedure -------------------------------------------------------
def build_whistleblowing(ctx: DocumentContext) -> bytes:
    """How to raise a worry about the group's safeguarding or about an adult in it."""
    return _build(_whistle_story, ctx, WHISTLE_TITLE, "Template whistleblowing procedure", 2)


def _lado_box(ctx: DocumentContext, width: float, s: dict[str, ParagraphStyle]) -> Flowable:
    """The LADO's name and number from the area's settings, or a line to write it on."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    label = t(ctx.lado_label) if ctx.lado_label else "LADO (Local Authority Designated Officer)"
    number = f"{pdf_kit.phone(ctx.lado_phone)}" if ctx.lado_phone else BLANK
    content = [
        Paragraph(f"<b>{label}</b>", s["box"]),
        Paragraph(f"Phone: {number}", s["box"]),
    ]
    if ctx.lado_note:
        content.append(Paragraph(t(ctx.lado_note), s["box"]))
    return pdf_kit.boxed(content, width, shaded=True)


def _whistle_story(ctx: DocumentContext, size: float = BODY_SIZE) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    org = _org(ctx)
    return [
        *_opening(ctx, WHISTLE_TITLE, s),
        Paragraph(
            f"Use this procedure if you are worried about how {org} keeps children and young "
            "people safe, or about the way an adult here behaves with them. It is for "
            "everyone: staff, volunteers, trustees, parents and young people. You do not need "
            "to be sure. It is always right to speak up.",
            s["body"],
        ),
        *_section(
            "What to speak up about",
            [
                "an adult who works or volunteers here and behaves with a young person in a "
                "way that worries you: private messages, gifts, lifts, being alone with them, "
                "or anything sexual;",
                "an adult who breaks our code of conduct;",
                "a worry about a child that was passed on and not acted on;",
                "records about young people left where others can read them;",
                "someone starting to work with young people without the checks we promise.",
            ],
            s,
        ),
        _danger_box(width, s),
        Paragraph("How to raise a worry here", s["h1"]),
        *pdf_kit.bullets(
            [
                f"Tell {_lead(ctx)} {v.TODAY}, in person or by phone. Tell them "
                f"{v.STRAIGHT_AWAY} if a child has told you about abuse or may be in danger. "
                "Write down what you saw or heard, with the date and time, and sign it.",
                f"If the worry is about the designated lead, tell {_deputy(ctx)} or "
                f"{_trustee(ctx)} {v.TODAY} instead. Do not tell the lead. Phone the LADO "
                f"yourself {v.LADO_WHEN}: the number is below. If you told the lead and "
                "nothing happened, tell the deputy or the trustee.",
                "Do not tell the person the worry is about, do not question them, and do not "
                "try to find out more yourself.",
            ],
            s["item"],
            numbered=True,
        ),
        KeepTogether([Paragraph("Who to tell here", s["h2"]), _people(ctx, width, s)]),
        Spacer(1, 4),
        KeepTogether(
            [
                Paragraph("A worry about an adult who works with children", s["h1"]),
                Paragraph(
                    "When the worry is about an adult who works or volunteers with "
                    "children, here or anywhere else, the designated lead (or the deputy or "
                    f"trustee) tells {v.LADO_NAME} {v.LADO_WHEN}, before doing anything "
                    "else about the adult. If the worry is about the designated lead, or nobody "
                    "here can act, phone the LADO yourself.",
                    s["body"],
                ),
                _lado_box(ctx, width, s),
            ]
        ),
        Paragraph("If you speak up, we will protect you", s["h1"]),
        *pdf_kit.bullets(
            [
                "If you raise a worry honestly, you will not be blamed, punished or lose your "
                "place here, even if it turns out nothing was wrong.",
                "We keep your name as private as we can. We share it only with people who need "
                "it to keep a child safe, such as the LADO, children's social care or the "
                "police.",
                "Anyone who bullies or punishes a person for speaking up breaks this procedure "
                "and our code of conduct.",
                "Raising a worry that turns out to be wrong is not wrongdoing. Making "
                "something up on purpose to harm someone is.",
            ],
            s["item"],
        ),
        Paragraph("If you cannot raise it here, or nothing happens", s["h1"]),
        Paragraph(
            "You can always go outside the group. These people will listen and can act:",
            s["body"],
        ),
        pdf_kit.contacts_table(
            [
                Contact(
                    ctx.lado_label or "LADO (Local Authority Designated Officer)",
                    ctx.lado_phone or BLANK,
                ),
                *pdf_kit.local_contacts(ctx),
                Contact(*pdf_kit.NSPCC),
            ],
            width,
            s["cell"],
            s["cell_bold"],
        ),
        _agreement(
            f"Agreed by the trustees on {SHORT_BLANK}&nbsp;&nbsp; Review by {SHORT_BLANK}",
            s,
            width,
            [("Signed for the trustees", ""), ("Designated lead", ctx.lead_name)],
        ),
    ]


# -- 3. information sharing --------------------------------------------------------------
def build_information_sharing(ctx: DocumentContext) -> bytes:
    """The seven golden rules on one page, then a blank decision record on the next."""
    return _build(_sharing_story, ctx, SHARING_TITLE, "Template information sharing", 2)


def _sharing_story(ctx: DocumentContext, size: float = BODY_SIZE) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    org = _org(ctx)
    return [
        *_opening(ctx, SHARING_TITLE, s),
        Paragraph(
            "Sharing the right information at the right time keeps children safe. These "
            f"rules say how {org} decides what to share, with whom and when.",
            s["body"],
        ),
        *pdf_kit.bullets(GOLDEN_RULES, s["item"], numbered=True),
        Paragraph(
            f"Source: {GOLDEN_RULES_SOURCE}. The rules above are in our own words.", s["body"]
        ),
        Spacer(1, 4),
        pdf_kit.boxed(
            [
                Paragraph(
                    f"Not sure? Ask {_lead(ctx)} {v.TODAY}, or the duty team, without naming "
                    "the child if you only want advice. If a child is in danger right now, call "
                    "999.",
                    s["box"],
                ),
            ],
            width,
            shaded=True,
        ),
        KeepTogether(
            [
                Paragraph("Who to ask", s["h2"]),
                pdf_kit.contacts_table(
                    [_lead_contact(ctx), _deputy_contact(ctx), *pdf_kit.local_contacts(ctx)[1:]],
                    width,
                    s["cell"],
                    s["cell_bold"],
                ),
            ]
        ),
        PageBreak(),
        *_record_form(width, s),
    ]


def _record_form(width: float, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A blank form: one ruled box a question, tall enough to write in by hand."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    box = "\u2610"
    fields = (
        ("Date and time of the decision", 1.8),
        ("Young person (initials, or the reference of the record in the toolkit)", 1.8),
        (
            f"{box}&nbsp;Shared&nbsp;&nbsp;&nbsp;&nbsp;{box}&nbsp;Not shared. What was shared, or "
            "asked for and not shared?",
            7.0,
        ),
        ("With whom (name, role, organisation) and how (phone, secure email, meeting)", 4.5),
        ("Why: the reason for sharing, or for not sharing", 6.5),
        (
            f"Consent: {box}&nbsp;given&nbsp;&nbsp;{box}&nbsp;refused&nbsp;&nbsp;{box}&nbsp;not "
            "asked. If not asked or shared without it, why?",
            4.6,
        ),
        ("Who decided (name and role), and signature", 3.0),
    )
    rows = [[Paragraph(f"<b>{label}</b>", s["cell"])] for label, _lines in fields]
    heights = [s["body"].leading * (lines + 1) for _label, lines in fields]
    table = Table(rows, colWidths=[width], rowHeights=heights, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [
        Paragraph(RECORD_TITLE, s["title"]),
        Paragraph(
            "Fill this in whenever you decide to share information about a young person, or "
            "decide not to (rule 7). No full names here.",
            s["body"],
        ),
        table,
        Spacer(1, 6),
        Paragraph(
            "Afterwards the designated lead adds this to the young person's record in the "
            "toolkit, then keeps this sheet locked away with the young person's paper records.",
            s["body"],
        ),
    ]


# -- 4. the online safety agreement ------------------------------------------------------
def build_online_safety(ctx: DocumentContext) -> bytes:
    """The group's rules for adults' online contact with young people, to sign."""
    return _build(_online_story, ctx, ONLINE_TITLE, "Template online safety agreement", 2)


def _online_story(ctx: DocumentContext, size: float = BODY_SIZE) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    org = _org(ctx)
    return [
        *_opening(ctx, ONLINE_TITLE, s),
        Paragraph(
            f"These are {org}'s rules for how adults keep in touch with young people online "
            "and by phone. They keep young people safe, and they protect adults from being "
            "misunderstood. Every adult who works or volunteers with young people here signs "
            "them.",
            s["body"],
        ),
        *_section(
            "Group accounts only",
            [
                "Contact young people only through the group's own accounts, set up by or "
                "known to the designated lead. Never use your personal account or number.",
                "Choose an app the young people are old enough to use: most big apps set a "
                "minimum age of 13. Tell parents and carers which app the group uses.",
                "Message about group activities, at sensible times.",
            ],
            s,
        ),
        *_section(
            "Two adults in every group chat",
            [
                "Every group chat or video call with young people has at least two adults from "
                "the group in it.",
                "Never a chat or a call with one adult and young people only.",
            ],
            s,
        ),
        *_section(
            "No private messages",
            [
                "Never message a young person one to one, and do not follow, friend or add "
                "them on your personal accounts. Do not accept their requests either.",
                "Answer routine things, such as times and kit, in the group chat.",
                "If a young person sends you a personal or worrying message, do not discuss it "
                "in the group chat, and do not ignore it. Keep it, and tell the designated lead "
                f"{v.TODAY}, or {v.TIERS['3'].tell_lead} if it is about abuse or danger. Then "
                "arrange to talk in person, where other adults can see you.",
            ],
            s,
        ),
        *_section(
            "Photos and videos",
            [
                "Share photos or videos of young people only when their parent or carer has "
                "agreed in writing, and the young person is happy with it.",
                "Use the group's accounts, never put a full name with a photo, and take a "
                "photo down when someone asks.",
                "Never ask a young person for a photo of themselves. Never look at, copy, "
                "forward or save a sexual image of a young person: tell the designated lead "
                f"{v.STRAIGHT_AWAY} that it exists.",
            ],
            s,
        ),
        KeepTogether(
            [
                Paragraph("Where to report a worry", s["h1"]),
                pdf_kit.contacts_table(
                    [
                        Contact("Child in danger right now", "999"),
                        _lead_contact(ctx),
                        Contact(*CEOP),
                        Contact(*pdf_kit.NSPCC),
                    ],
                    width,
                    s["cell"],
                    s["cell_bold"],
                    number_share=0.3,
                ),
            ]
        ),
        Paragraph("What to do", s["h2"]),
        *pdf_kit.bullets(
            [
                f"Tell the designated lead {v.TODAY} about any online contact that worries "
                f"you. If the worry is about the lead, tell {_deputy(ctx)} or "
                f"{_trustee(ctx)}.",
                "If an adult has made sexual contact with a young person online, or is "
                "grooming, pressuring or blackmailing them, tell the designated lead "
                f"{v.TIERS['3'].tell_lead}. The lead reports it to CEOP and the police. If you "
                "cannot reach the lead or the deputy, report it to CEOP yourself.",
                "If a young person's nude image has been shared, tell the designated lead "
                f"{v.TIERS['2'].tell_lead}. If they are under 18, they can use Report Remove on "
                "the Childline website.",
            ],
            s["item"],
        ),
        Spacer(1, 6),
        _agreement(
            "I have read this agreement and I will keep to it.",
            s,
            width,
            [("Volunteer", ""), ("Designated lead (or deputy)", ctx.lead_name)],
        ),
    ]


# The templates, in the order the handouts dialog offers them:
# key: (title, file name, builder).
GROUP_TEMPLATES = (
    (
        "code-of-conduct",
        "volunteer code of conduct",
        "cse-code-of-conduct.pdf",
        build_code_of_conduct,
    ),
    ("whistleblowing", "whistleblowing procedure", "cse-whistleblowing.pdf", build_whistleblowing),
    (
        "information-sharing",
        "information sharing rules and record",
        "cse-information-sharing.pdf",
        build_information_sharing,
    ),
    ("online-safety", "online safety agreement", "cse-online-safety.pdf", build_online_safety),
)

"""Three leaflets: for staff and volunteers, for parents and carers, for young people.

Our own words, from the facts in the project's domain notes (signs, what to do, contacts).
Tier names and timescales come from app/screening/vocabulary.py. Each fits a fixed number
of A4 sides at 10 pt or more; the tests check it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.documents import pdf_kit
from app.documents.context import DocumentContext
from app.documents.pdf_kit import Contact
from app.screening import vocabulary as v

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

# Body text sizes in points: the first that fits the sides wins (long names push it down).
STAFF_SIZES = (11.5, 11.0, 10.5, 10.0)
PARENTS_SIZES = (13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0)
YOUNG_PEOPLE_SIZES = (14.5, 14.0, 13.5, 13.0, 12.0, 11.0, 10.0)

t = pdf_kit.text  # escape anything typed by a person before it goes into mark-up

STAFF_SIGNS_SEEN = [
    "goes missing, or comes back late, drunk, high or upset",
    "has money, gifts, clothes or phones they cannot explain",
    "has an older \u201cboyfriend\u201d or \u201cgirlfriend\u201d, or new older friends",
    "gets into cars with adults you do not know, or is picked up near here",
    "gets lots of calls or messages, and leaves in a hurry after one",
    "is secretive about where they go, or who they talk to online",
    "has more than one phone or SIM card",
]
STAFF_SIGNS_CHANGES = [
    "misses school, or drops old friends",
    "drinks or takes drugs, perhaps supplied by adults",
    "mood changes: angry, withdrawn or very low",
    "self-harm or an eating disorder",
    "injuries they cannot explain",
    "sexual talk or behaviour unusual for their age",
    "tells you something, then takes it back",
]


def build_staff_leaflet(ctx: DocumentContext) -> bytes:
    """Two sides of A4 for everyone who works or volunteers with young people."""
    return pdf_kit.build_fitting(
        lambda size: _staff_story(ctx, size),
        STAFF_SIZES,
        2,
        title="Child sexual exploitation: a guide for staff and volunteers",
        subject="Leaflet for staff and volunteers",
        draw=pdf_kit.footer_drawer(pdf_kit.made_with(ctx), page_word="Side"),
    ).pdf


def _staff_story(ctx: DocumentContext, size: float) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    org = t(ctx.organisation_or_generic)
    return [
        Paragraph("Child sexual exploitation", s["title"]),
        Paragraph(f"A guide for staff and volunteers at <b>{org}</b>", s["subtitle"]),
        Paragraph("What it is", s["h1"]),
        Paragraph(
            "Child sexual exploitation (CSE) is a form of child sexual abuse. Someone uses "
            "their power over a child or young person under 18 to get them to take part in "
            "sexual activity. The young person may be given something they need or want: "
            "money, gifts, drugs, alcohol, a place to stay, or attention. Or the abuser gains "
            "money or status.",
            s["body"],
        ),
        Paragraph(
            "It can happen in person, online, or both. It can look as if the young person "
            "agrees. It is still abuse. Boys and young men are exploited too. A 16 or "
            "17 year old is still a child.",
            s["body"],
        ),
        Paragraph(
            "Exploitation is not only sexual. Young people are also made to carry drugs or "
            "money for others, sometimes to other towns (\u201ccounty lines\u201d). They are "
            "victims, even if they seem to go along with it. Tell the designated lead in the "
            "same way.",
            s["body"],
        ),
        Paragraph(
            "The young person is never to blame. The abuser is always responsible.", s["bold"]
        ),
        Paragraph("Signs to look out for", s["h1"]),
        _two_lists(
            "What you might notice",
            STAFF_SIGNS_SEEN,
            "Changes in the young person",
            STAFF_SIGNS_CHANGES,
            width,
            s,
        ),
        Spacer(1, 4),
        Paragraph(
            "One sign on its own does not prove anything. But it is a reason to talk to the "
            "designated lead. Any child, from any background, can be exploited.",
            s["body"],
        ),
        Paragraph(
            "Some young people are more at risk: for example those in care, those with a "
            "learning disability, those who go missing, and those who have been abused "
            "before. Being at risk is not a sign on its own.",
            s["body"],
        ),
        Paragraph("Grooming", s["h1"]),
        Paragraph(
            "Abusers often start by being kind. They give attention, gifts, lifts, alcohol or "
            "somewhere to hang out, and make the young person feel special. Then they cut "
            "them off from family and friends, and ask for something back. They may say the "
            "young person owes them, or threaten them or their family. Online, this can "
            "happen very fast.",
            s["body"],
        ),
        PageBreak(),
        Paragraph("What to do", s["h1"]),
        pdf_kit.boxed(
            [
                Paragraph("If a child is in danger right now, call 999.", s["big"]),
                Paragraph(f"Then tell the designated lead {v.TIERS['X'].tell_lead}.", s["box"]),
            ],
            width,
            heavy=True,
        ),
        Spacer(1, 6),
        *pdf_kit.bullets(
            [
                "<b>Listen.</b> Stay calm and let them talk. Do not ask leading questions and "
                "do not investigate.",
                "<b>Do not promise to keep it secret.</b> Say who you need to tell, and why.",
                "<b>Write it down the same day.</b> What you saw or heard, in the young "
                "person's own words. Add the date and time, and sign it.",
                f"<b>Tell the designated lead {v.TODAY}.</b> If a young person has told you about "
                f"abuse, that is a {v.label('3').lower()}: tell the lead {v.TIERS['3'].tell_lead}. "
                f"If you cannot reach the lead, tell {_deputy(ctx)}. If nobody is available, "
                "phone children's social care yourself.",
                "<b>Keep any evidence as it is.</b> Never copy, forward or screenshot a sexual "
                "image of a child. Note that it exists and tell the lead.",
            ],
            s["item"],
            numbered=True,
        ),
        Paragraph("What not to do", s["h1"]),
        *pdf_kit.bullets(
            [
                "Do not confront the person you think is the abuser.",
                "Do not blame the young person, or say they \u201cput themselves at risk\u201d.",
                "Do not tell the parents yourself. The lead decides, because telling them could "
                "put the young person at more risk.",
                "Do not talk about it with anyone who does not need to know.",
            ],
            s["item"],
        ),
        Paragraph("Our designated lead", s["h1"]),
        pdf_kit.contacts_table(
            pdf_kit.lead_details(ctx), width, s["cell"], s["cell_bold"], number_share=0.8
        ),
        Spacer(1, 8),
        Paragraph(
            "If the worry is about someone who works or volunteers here, tell the lead "
            f"{v.TODAY}. If it is about the lead, tell {_deputy(ctx)} or {_trustee(ctx)}. The "
            f"LADO (the council's Local Authority Designated Officer) is told {v.LADO_WHEN}. "
            "Do not tell or question the person.",
            s["body"],
        ),
        Paragraph("Phone numbers", s["h1"]),
        pdf_kit.contacts_table(
            [*pdf_kit.local_contacts(ctx), Contact(*pdf_kit.NSPCC), Contact(*pdf_kit.CHILDLINE)],
            width,
            s["cell"],
            s["cell_bold"],
        ),
    ]


def build_parents_leaflet(ctx: DocumentContext) -> bytes:
    """Two sides of A4 for parents and carers."""
    return pdf_kit.build_fitting(
        lambda size: _parents_story(ctx, size),
        PARENTS_SIZES,
        2,
        title="Keeping your child safe from sexual exploitation",
        subject="Leaflet for parents and carers",
        draw=pdf_kit.footer_drawer(pdf_kit.made_with(ctx), page_word="Side"),
    ).pdf


def _parents_story(ctx: DocumentContext, size: float) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    subtitle = "Information for parents and carers"
    if ctx.organisation:
        subtitle += f" from <b>{t(ctx.organisation)}</b>"
    return [
        Paragraph("Keeping your child safe from sexual exploitation", s["title"]),
        Paragraph(subtitle, s["subtitle"]),
        Paragraph("What it is", s["h1"]),
        Paragraph(
            "Child sexual exploitation is a form of child sexual abuse. Someone uses their "
            "power over a young person under 18 to get them to do sexual things. The young "
            "person may be given money, gifts, drugs, alcohol, a place to stay, or attention "
            "and affection. It can happen in person or online. It can happen to boys and "
            "girls, and to 16 and 17 year olds too.",
            s["body"],
        ),
        Paragraph(
            "Exploitation is not only sexual. Some young people are made to carry drugs or "
            "money for others, sometimes to other towns (\u201ccounty lines\u201d). Your child "
            "is a victim, not to blame. Ask for help in the same way.",
            s["body"],
        ),
        Paragraph("How it often starts", s["h1"]),
        Paragraph(
            "Abusers are often friendly at first. They may pretend to be a boyfriend or "
            "girlfriend, or a friend who understands. They give presents, lifts, alcohol or "
            "somewhere to go. Then they ask for something back, say the young person owes "
            "them, or make threats. Many young people do not see that they are being abused. "
            "Online, this can happen very quickly.",
            s["body"],
        ),
        Paragraph("Signs to look out for", s["h1"]),
        _two_lists(
            "What you might notice",
            [
                "staying out late or overnight, or going missing",
                "money, clothes, gifts or phones you cannot explain",
                "an older \u201cboyfriend\u201d or \u201cgirlfriend\u201d, or new older friends",
                "being picked up in cars by people you do not know",
                "being very secretive about their phone or where they go",
            ],
            "Changes in your child",
            [
                "missing school, or dropping old friends",
                "drinking or taking drugs",
                "mood swings, anger or withdrawal",
                "self-harm, or not eating",
                "injuries they will not explain",
            ],
            width,
            s,
        ),
        Spacer(1, 4),
        Paragraph(
            "A sign on its own does not prove anything. Lots of teenagers stay out late or "
            "have moods. But if you are worried, it is always all right to ask for advice.",
            s["body"],
        ),
        Spacer(1, 4),
        pdf_kit.boxed(
            [
                Paragraph("It is not your fault, and it is not your child's fault.", s["bold"]),
                Paragraph(
                    "Abusers are good at hiding what they do, and at making "
                    "young people feel they cannot tell anyone.",
                    s["box"],
                ),
            ],
            width,
            shaded=True,
        ),
        PageBreak(),
        Paragraph("What you can do", s["h1"]),
        pdf_kit.boxed(
            [Paragraph("If your child is in danger right now, call 999.", s["big"])],
            width,
            heavy=True,
        ),
        Spacer(1, 6),
        *pdf_kit.bullets(
            [
                "<b>Talk and listen.</b> Talk with your child about friendships, relationships "
                "and staying safe online. Listen without blaming them.",
                "<b>Know who they are with.</b> Ask about new friends and where they go.",
                "<b>If they go missing, tell the police straight away.</b> You do not have to "
                "wait. Call 999 if you think they are in danger, or 101 (or report online at "
                f"{t(ctx.police_online)}). Say if you think they are being exploited.",
                "<b>Write things down.</b> Dates, names, nicknames, phone numbers, car number "
                "plates and places. This can help the police.",
                "<b>Keep messages as they are.</b> Do not delete them. But never copy or send on "
                "a sexual picture of a child: tell the police it is there.",
                "<b>Ask for help.</b> You do not have to deal with this alone.",
            ],
            s["item"],
        ),
        Paragraph("What happens if you ask for help", s["h1"]),
        Paragraph(
            "Children's social care should decide what to do within one working day. They "
            "will usually talk to you. The aim is to keep your child safe, not to blame you "
            "or your child.",
            s["body"],
        ),
        Paragraph("Who you can talk to", s["h1"]),
        Paragraph(_parents_lead(ctx), s["body"]),
        pdf_kit.contacts_table(
            [
                *pdf_kit.local_contacts(ctx),
                Contact(*pdf_kit.NSPCC),
                Contact(
                    "Something online worries you: report it to the CEOP Safety Centre",
                    "ceop.police.uk",
                ),
                Contact("For your child: Childline", "0800 1111"),
            ],
            width,
            s["cell"],
            s["cell_bold"],
            number_share=0.42,
        ),
    ]


def build_young_people_leaflet(ctx: DocumentContext) -> bytes:
    """One side of A4 in very simple words."""
    return pdf_kit.build_fitting(
        lambda size: _young_people_story(ctx, size),
        YOUNG_PEOPLE_SIZES,
        1,
        title="Feeling unsafe? Help is here",
        subject="Leaflet for young people",
        draw=pdf_kit.footer_drawer(pdf_kit.made_with(ctx), page_word="Side"),
    ).pdf


def _young_people_story(ctx: DocumentContext, size: float) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Spacer

    s = pdf_kit.styles(size)
    width = pdf_kit.frame_width()
    return [
        Paragraph("Feeling unsafe? Help is here.", s["title"]),
        pdf_kit.boxed(
            [
                Paragraph("It is never your fault.", s["big"]),
                Paragraph(
                    "Nobody has the right to make you do sexual things. Not a "
                    "boyfriend or girlfriend, not a friend, not someone online.",
                    s["box"],
                ),
            ],
            width,
            shaded=True,
        ),
        Spacer(1, 4),
        Paragraph("Be careful if someone:", s["h1"]),
        *pdf_kit.bullets(
            [
                "is much older and says they are your boyfriend or girlfriend",
                "gives you presents, money, drink, drugs or lifts, then wants something back",
                "says you owe them",
                "asks you to keep secrets, or to send photos of yourself",
                "wants to meet you after chatting online",
                "makes you feel scared or trapped",
            ],
            s["item"],
        ),
        Paragraph(
            "That is not love or friendship. It is abuse, and you can get help to stop it.",
            s["body"],
        ),
        Paragraph("Talk to someone", s["h1"]),
        Paragraph(_young_people_adult(ctx), s["body"]),
        pdf_kit.contacts_table(
            [
                Contact("Childline: free, day or night, or chat at childline.org.uk", "0800 1111"),
                Contact("Run away, or thinking of it: call or text, free, any time", "116 000"),
                Contact("Something online worries you: tell CEOP", "ceop.police.uk"),
            ],
            width,
            s["cell"],
            s["cell_bold"],
            number_share=0.3,
        ),
        Spacer(1, 10),
        pdf_kit.boxed([Paragraph("In danger right now? Call 999.", s["big"])], width, heavy=True),
        Spacer(1, 8),
        Paragraph(
            "If you tell us, we will listen and take you seriously. If you are not "
            "safe, we will tell someone whose job is to keep you safe. We will tell you "
            "first if we can, and we will keep helping you.",
            s["body"],
        ),
    ]


def _two_lists(
    left_title: str,
    left: list[str],
    right_title: str,
    right: list[str],
    width: float,
    s: dict[str, ParagraphStyle],
) -> Flowable:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Table, TableStyle

    gap = 14
    half = (width - gap) / 2
    table = Table(
        [
            [Paragraph(left_title, s["h2"]), "", Paragraph(right_title, s["h2"])],
            [pdf_kit.bullets(left, s["item"]), "", pdf_kit.bullets(right, s["item"])],
        ],
        colWidths=[half, gap, half],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _named(role: str, name: str, phone: str) -> str:
    """The role, with the person's name and phone when known, so a reader knows whom to
    ring; the role alone otherwise."""
    if not name:
        return role
    return f"{role}, <b>{t(name)}</b>" + (f" ({pdf_kit.phone(phone)})" if phone else "")


def _deputy(ctx: DocumentContext) -> str:
    return _named("the deputy lead", ctx.deputy_name, ctx.deputy_phone)


def _trustee(ctx: DocumentContext) -> str:
    return _named("the designated trustee", ctx.trustee_name, ctx.trustee_phone)


def _parents_lead(ctx: DocumentContext) -> str:
    if ctx.lead_name:
        role = f", {t(ctx.lead_role)}" if ctx.lead_role else ""
        phone = f", on {pdf_kit.phone(ctx.lead_phone)}" if ctx.lead_phone else ""
        where = t(ctx.organisation_or_generic)
        return f"At {where} you can talk to <b>{t(ctx.lead_name)}</b>{role}{phone}."
    where = t(ctx.organisation) if ctx.organisation else "the group your child goes to"
    return f"At {where}, ask to speak to the designated safeguarding lead."


def _young_people_adult(ctx: DocumentContext) -> str:
    if ctx.lead_name:
        where = f" at {t(ctx.organisation)}" if ctx.organisation else " here"
        return (
            f"Talk to an adult you trust. Here, that could be <b>{t(ctx.lead_name)}</b>, "
            f"or any adult{where} you feel OK with."
        )
    return f"Talk to an adult you trust. Someone here you can talk to: {pdf_kit.BLANK}"

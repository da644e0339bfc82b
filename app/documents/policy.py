"""A sample child sexual exploitation policy for a community group, ready to adapt and agree.

The idea follows the sample school policies in the Northamptonshire toolkit's appendices,
rewritten in our own words for a voluntary group. The CSE definition is summarised from the
Department for Education's 2017 definition and says so; retention follows the NSPCC
guidance as summarised in the project's domain notes. Tier names and timescales come from
app/screening/vocabulary.py, so the policy says what the checklist and the route chart say.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.documents import pdf_kit
from app.documents.context import DocumentContext
from app.documents.pdf_kit import BLANK, SHORT_BLANK, Contact
from app.screening import vocabulary as v

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

t = pdf_kit.text
BODY_SIZE = 11.0
TITLE = "Child sexual exploitation policy"


def review_date(ctx: DocumentContext) -> date:
    """ctx.review_on, else a year after the document's date (29 February → 28th)."""
    if ctx.review_on:
        return ctx.review_on
    start = pdf_kit.made_on(ctx)
    try:
        return start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def build_policy(ctx: DocumentContext) -> bytes:
    """The policy, headed with the organisation's name, "Page x of y" on every page."""
    header, tail = (ctx.organisation, f": {TITLE}") if ctx.organisation else (TITLE, "")
    draw = pdf_kit.footer_drawer(
        pdf_kit.made_with(ctx),
        header=header,
        header_tail=tail,
        header_right=f"Review by {pdf_kit.day(review_date(ctx))}",
    )
    return pdf_kit.build(
        _story(ctx),
        title=TITLE,
        subject="Sample policy for a community group",
        draw=draw,
        top_mm=24,
    ).pdf


def _key_words_box(ctx: DocumentContext, style: ParagraphStyle, width: float) -> Flowable:
    """The letterbox check words, for the wall: a volunteer checks the Send screen's words
    against these. Left blank when printed with the records locked (app/keys/key_words)."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph

    words = f"<b>{t(ctx.key_words)}</b>" if ctx.key_words else BLANK
    return pdf_kit.boxed(
        [
            Paragraph(f"Letterbox check words: {words}", style),
            Paragraph(
                "When you send a concern, the toolkit shows six words. Check these words "
                "match the ones on this page. If they do not, tell the designated lead."
                + (
                    ""
                    if ctx.key_words
                    else " (Print this policy while the records are unlocked and the words "
                    "are filled in.)"
                ),
                style,
            ),
        ],
        width,
    )


def _story(ctx: DocumentContext) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    s = pdf_kit.styles(BODY_SIZE)
    width = pdf_kit.frame_width()
    org = t(pdf_kit.our_organisation(ctx))
    org_title = org[:1].upper() + org[1:]
    p = s["body"]

    def para(markup: str) -> Flowable:
        return Paragraph(markup, p)

    def heading(number: int, words: str) -> Flowable:
        return Paragraph(f"{number}. {words}", s["h1"])

    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"<b>{t(ctx.organisation)}</b>" if ctx.organisation else f"Organisation: {BLANK}",
            s["subtitle"],
        ),
        pdf_kit.boxed(
            [
                Paragraph(
                    "This is a sample policy from the Tackling CSE Toolkit. Read it with your "
                    "trustees, change anything that does not fit how you work, then agree "
                    "it and sign it (section 12).",
                    s["box"],
                ),
            ],
            width,
            shaded=True,
        ),
        Spacer(1, 4),
        heading(1, "Purpose and scope"),
        para(
            f"This policy says how {org} helps to protect children and young people from "
            "sexual exploitation, and what everyone here does if they are worried about a "
            "child. A child is anyone under 18."
        ),
        para(
            "It applies to all staff, volunteers and trustees, and to anyone who helps at our "
            "activities, including trips, events and online groups. It sits alongside our "
            "safeguarding (child protection) policy, and follows the procedures of the local "
            f"safeguarding children partnership{_area(ctx)}."
        ),
        heading(2, "What child sexual exploitation is"),
        para(
            "We use the Department for Education's definition (\u201cChild sexual "
            "exploitation: definition and guide for practitioners\u201d, 2017). In our words:"
        ),
        pdf_kit.boxed(
            [
                Paragraph(
                    "Child sexual exploitation is a form of child sexual abuse. A person or a "
                    "group uses their power over someone under 18 to pressure, trick or force "
                    "them into sexual activity. The young person may be given something they "
                    "need or want, or the abuser may gain money or status. It can be abuse even "
                    "when the young person seems to agree. It does not always involve physical "
                    "contact: it can happen online.",
                    s["box"],
                )
            ],
            width,
        ),
        Spacer(1, 6),
        para("We also keep in mind that:"),
        *pdf_kit.bullets(
            [
                "boys and young men are exploited too, and 16 and 17 year olds are still children;",
                "abusers can be adults or other young people, men or women, on their own or in "
                "groups;",
                "something is always given or promised: money, gifts, drugs, alcohol, a place to "
                "stay, attention, or \u201cprotection\u201d;",
                "young people often do not see themselves as victims, and may be afraid to tell;",
                "exploitation is not only sexual: young people are also made to carry drugs or "
                "money, sometimes to other towns (\u201ccounty lines\u201d). They are victims "
                "too, and we follow the same route;",
                "the young person is never to blame. We do not say that they \u201cput themselves "
                "at risk\u201d or were in a \u201cconsensual relationship\u201d.",
            ],
            s["item"],
        ),
        heading(3, "Our commitments"),
        para("We will:"),
        *pdf_kit.bullets(
            [
                "put the welfare of children and young people first;",
                "have a designated CSE lead, a deputy, and a trustee responsible for safeguarding;",
                "make sure everyone knows the signs of exploitation and what to do;",
                "listen to young people and take what they say seriously;",
                "record concerns carefully and keep records secure;",
                "share information with children's social care and the police when a child may "
                "be at risk;",
                "work with parents and carers, unless that would put the child at more risk;",
                "recruit staff and volunteers safely;",
                "review this policy every year.",
            ],
            s["item"],
        ),
        heading(4, "Roles"),
        roles_table(ctx, width, s),
        Spacer(1, 6),
        *pdf_kit.bullets(
            [
                "<b>The designated CSE lead</b> receives concerns, screens them with the toolkit's "
                "checklist, decides what happens next, makes referrals, keeps the records and "
                "makes sure people are trained.",
                f"<b>The deputy lead</b>{_named(ctx.deputy_name, ctx.deputy_phone, ',')} does "
                "this when the lead is away, or when a concern is about the lead.",
                "<b>The designated trustee</b> makes sure this policy is followed and reviewed. "
                "They hear about concerns involving the lead. They see numbers and overdue "
                "reviews, not the details of individual young people.",
                "<b>Everyone</b> knows the signs, acts on a concern the same day, and never keeps "
                "a worry to themselves.",
            ],
            s["item"],
        ),
        heading(5, "What to do if you are worried"),
        pdf_kit.boxed(
            [
                Paragraph("If a child is in danger right now, call 999.", s["big"]),
                Paragraph(f"Then tell the designated lead {v.STRAIGHT_AWAY}.", s["box"]),
            ],
            width,
            heavy=True,
        ),
        Spacer(1, 6),
        Paragraph("Anyone who is worried", s["h2"]),
        *pdf_kit.bullets(
            [
                "Listen. Stay calm. Do not ask leading questions or investigate.",
                "Do not promise to keep a secret. Say who you need to tell, and why.",
                f"Write down what you saw or heard {v.TODAY}, in the young person's own words. "
                "Add the date and time, and sign it.",
                f"Tell the designated lead {v.TODAY}. If it is a {_lower(v.label('3'))}, such as "
                f"a young person telling you about abuse, tell the lead {v.TIERS['3'].tell_lead}. "
                f"If you cannot reach the lead, tell {_deputy(ctx)}. If nobody is available, "
                "phone children's social care yourself.",
                "Do not confront the person you suspect. Never copy or forward a sexual image of "
                "a child: note that it exists and tell the lead.",
            ],
            s["item"],
            numbered=True,
        ),
        Paragraph("The designated lead", s["h2"]),
        para(
            "The lead screens the concern with the toolkit's checklist. What happens next "
            "depends on the result:"
        ),
        *pdf_kit.bullets(_tier_steps(), s["item"]),
        para(
            "For a young person under 13, or one with a learning disability, autism or "
            "other additional needs, a referral to children's social care is always "
            "recommended once there is any sign of exploitation. The referral route chart "
            "shows these steps on one page."
        ),
        heading(6, "Recording and keeping records"),
        *pdf_kit.bullets(
            [
                "Write facts, not opinions, and keep them apart. Use the young person's own "
                "words in quotation marks. Date and sign every entry.",
                "Never change an earlier entry. Add a new, dated one.",
                "Records are kept in the Tackling CSE Toolkit on our computer, encrypted. "
                "Volunteers can record a concern but cannot read records afterwards. Only the "
                "lead and the deputy can open them.",
                "Paper notes are kept locked away until they are added to the record. Keep the "
                "original rough notes.",
                "We keep records of concerns about a young person at least until their 25th "
                "birthday, then review them. We keep records of allegations about staff or "
                "volunteers until the person reaches pension age or for 10 years, whichever is "
                "longer.",
                "Records are never deleted automatically. Records that may be about child sexual "
                "abuse can be needed many years later. Destroying any record is a decision the "
                "lead writes down, with the reason.",
                f"If {org} closes, we agree with the local authority where the records go.",
            ],
            s["item"],
        ),
        _key_words_box(ctx, s["box"], width),
        heading(7, "Sharing information"),
        *pdf_kit.bullets(
            [
                "Data protection law does not stop us sharing information to keep a child safe.",
                "We share with children's social care and the police when a child may be at "
                "risk. We ask for consent when it is right to, but we share without it if asking "
                "would put the child at risk or cause delay.",
                "We share only what is needed, accurately, on time and securely. Referrals are "
                "marked OFFICIAL-SENSITIVE and sent only by a secure route.",
                "We write down what we shared, with whom and why, and also any decision not to "
                "share.",
                "If unsure, we ask the duty team or the NSPCC for advice, without naming the "
                "child.",
            ],
            s["item"],
        ),
        heading(8, "Training and awareness"),
        *pdf_kit.bullets(
            [
                "Every new member of staff and volunteer reads this policy and learns the signs "
                "and the route chart when they start.",
                "The lead and deputy take safeguarding training that covers exploitation, and "
                "refresh it regularly.",
                "We put up the route chart and the local phone numbers where people can see "
                "them, and give leaflets to parents, carers and young people.",
                "We talk with young people about healthy relationships and staying safe online, "
                "in ways that suit their age.",
            ],
            s["item"],
        ),
        heading(9, "Safer recruitment"),
        *pdf_kit.bullets(
            [
                "Everyone who works with young people fills in an application form, has an "
                "interview and gives two references, which we take up.",
                "We get a DBS (criminal record) check at the right level for the role.",
                "New people have an induction and a trial period, and know our code of conduct: "
                "for example, no private messaging with young people and no lifts alone.",
            ],
            s["item"],
        ),
        heading(10, "Concerns about staff, volunteers or trustees"),
        *pdf_kit.bullets(
            [
                f"Tell the designated lead {v.TODAY} about any worry about a member of staff, a "
                "volunteer or a trustee. If the worry is about the lead, tell "
                f"{_deputy(ctx)} or {_trustee(ctx)} instead.",
                f"The lead (or the deputy or trustee) tells {_lado(ctx)} {v.LADO_WHEN}, before "
                "doing anything else about the adult. If a child is in danger now, call 999.",
                "Do not tell the person the worry is about, do not question them, and do not "
                "investigate.",
                "The person may be asked to stay away while enquiries happen. This protects "
                "everyone and is not a punishment.",
            ],
            s["item"],
        ),
        heading(11, "Local contacts"),
        pdf_kit.contacts_table(
            [
                *pdf_kit.local_contacts(ctx),
                Contact(*pdf_kit.NSPCC),
                Contact(*pdf_kit.CHILDLINE),
                Contact(*pdf_kit.MISSING_PEOPLE),
                Contact("Online sexual abuse or grooming: CEOP Safety Centre", "ceop.police.uk"),
            ],
            width,
            s["cell"],
            s["cell_bold"],
        ),
        KeepTogether(
            [  # the signatures stay with the words they agree to
                heading(12, "Review and agreement"),
                para(
                    f"{org_title} reviews this policy by <b>{pdf_kit.day(review_date(ctx))}</b>, "
                    "or sooner if the law or local procedures change, or after a serious "
                    "incident."
                ),
                Spacer(1, 8),
                para(f"Agreed by the trustees on {SHORT_BLANK}"),
                Spacer(1, 10),
                para(f"Signed {BLANK}&nbsp;&nbsp; Name {BLANK}"),
                Spacer(1, 10),
                para(f"Role {BLANK}"),
            ]
        ),
    ]
    return story


def _tier_steps() -> list[str]:
    """One bullet a result: who is told by when, and the lead's first step, from the
    vocabulary (a test reads them back against every other document)."""
    x, serious, significant, early = (v.TIERS[tier] for tier in ("X", "3", "2", "1"))
    return [
        f"<b>{x.short}</b> (immediate danger): call 999, then the lead is told "
        f"{x.tell_lead}. The lead phones children's social care or the MASH {v.TODAY}, gives "
        f"the police reference number, and sends the written referral {v.WRITTEN_WITHIN}.",
        f"<b>{serious.label}:</b> the lead is told {serious.tell_lead}. The lead phones "
        f"children's social care or the MASH {v.TODAY}, tells the police on 101 (999 if "
        f"there is danger now), and sends the written referral {v.WRITTEN_WITHIN}.",
        f"<b>{significant.label}:</b> the lead is told {significant.tell_lead}. The lead "
        f"talks it through with the duty team or the MASH {v.CONSULT_WHEN}; a referral is "
        "likely. The lead tells the police on 101 what we know about adults, cars or "
        f"places, and looks at the concern again {v.RESCREEN_EARLY}.",
        f"<b>{early.label}:</b> the lead is told {early.tell_lead}. There is no referral "
        "yet: the lead adds it to the young person's chronology, thinks about early help "
        f"and advice from the duty team, and looks at it again {v.RESCREEN_EARLY}.",
        f"<b>{v.label('V')}:</b> background factors alone do not need an exploitation "
        "referral. The lead keeps them in mind, and follows our safeguarding procedure for "
        "any other worry.",
        "<b>No further action:</b> the lead writes down why, and keeps the record.",
    ]


def _lower(words: str) -> str:
    return words[:1].lower() + words[1:]


def _named(name: str, phone: str, after: str = "") -> str:
    """ ", <b>name</b> (phone)" when known, so a reader knows whom to ring; else nothing.
    `after` closes the aside in mid-sentence ("The deputy lead, Jo (phone), does")."""
    if not name:
        return ""
    return f", <b>{t(name)}</b>" + (f" ({pdf_kit.phone(phone)})" if phone else "") + after


def _deputy(ctx: DocumentContext) -> str:
    return "the deputy lead" + _named(ctx.deputy_name, ctx.deputy_phone)


def _trustee(ctx: DocumentContext) -> str:
    return "the designated trustee" + _named(ctx.trustee_name, ctx.trustee_phone)


def _lado(ctx: DocumentContext) -> str:
    phone = f" on {pdf_kit.phone(ctx.lado_phone)}" if ctx.lado_phone else ""
    return f"{v.LADO_NAME}{phone}"


def _area(ctx: DocumentContext) -> str:
    return f" for {t(ctx.area_name)}" if ctx.area_name else ""


def roles_table(
    ctx: DocumentContext,
    width: float,
    s: dict[str, ParagraphStyle],
    lead_title: str = "Designated CSE lead",
) -> Flowable:
    """Role, name and phone of the lead, the deputy and the trustee (the policy and the
    group templates); a line to write on where a detail is not known, as while locked."""
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    def cell(value: str) -> Paragraph:
        return Paragraph(t(value) if value else BLANK, s["cell_bold"])

    def phone_cell(value: str) -> Paragraph:
        return Paragraph(pdf_kit.phone(value) if value else SHORT_BLANK, s["cell_bold"])

    lead_role = f" ({t(ctx.lead_role)})" if ctx.lead_role else ""
    people = (
        (f"{lead_title}{lead_role}", ctx.lead_name, ctx.lead_phone),
        ("Deputy lead", ctx.deputy_name, ctx.deputy_phone),
        ("Designated trustee", ctx.trustee_name, ctx.trustee_phone),
    )
    rows = [[Paragraph(f"<b>{word}</b>", s["cell"]) for word in ("Role", "Name", "Phone")]]
    rows += [
        [Paragraph(role, s["cell"]), cell(name), phone_cell(phone)] for role, name, phone in people
    ]
    table = Table(rows, colWidths=[width * 0.34, width * 0.38, width * 0.28], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 1), (-1, -1), 10),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ]
        )
    )
    return table

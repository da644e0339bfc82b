"""Awareness sessions for the group's own young people (issue 16, item 7): one pack of
four short sessions for children aged about 7 to 10, one of five for 11 to 18 year olds.

The 2015 toolkit carried school CSE-awareness policies; for a voluntary group these
become sessions a leader runs. Our own words, from the facts in the project's domain
notes (the law from §4.1, images from §3.6, county lines from §3.8, confidentiality
from §6.3). The timescales come from app/screening/vocabulary.py, never typed here.
Printed in the training pack's house style; nothing here reads the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.documents import intro_slides, pdf_kit, training_pack
from app.documents.context import DocumentContext
from app.documents.pdf_kit import Contact
from app.screening import vocabulary as v

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

t = pdf_kit.text
BODY_SIZE = 11.0

UNDER_11_TITLE = "Awareness sessions for under-11s"
OVER_11_TITLE = "Awareness sessions for 11\u201318s"
CHILDLINE_WEB = "childline.org.uk"
# For the older group: where to report online abuse, or have an image taken down.
ONLINE_HELP = (
    Contact("Childline online; Report Remove for nude images", CHILDLINE_WEB),
    Contact("CEOP: report online sexual abuse or grooming", "ceop.police.uk"),
)


@dataclass(frozen=True)
class Session:
    name: str
    minutes: int
    aim: str
    need: tuple[str, ...]  # what the leader brings
    steps: tuple[str, ...]  # the activity, in order; mark-up allowed
    words: tuple[str, ...]  # words the leader can say, as they would say them


# -- the under-11s ----------------------------------------------------------------------
UNDER_11 = (
    Session(
        "My body belongs to me",
        35,
        "Children know their body belongs to them, which parts are private, and that they "
        "can say no and tell someone.",
        (
            "a large outline of a person drawn on flip-chart paper, and pens;",
            "two sheets headed \u201cSafe touch\u201d and \u201cUnsafe touch\u201d;",
            "cards of touches: a high five, a hug from a grown-up you love, a push, a "
            "tickle that will not stop.",
        ),
        (
            "Sit in a circle. Say that today is about keeping our bodies safe, and that "
            "nobody has to share anything about themselves.",
            "Look at the outline. Ask: which parts of your body are private? Agree: the "
            "parts a swimming costume covers. Use the right names if parents and carers agree.",
            "Sort the touch cards onto the two sheets. Talk about the touches that could go "
            "on either: a hug is fine, unless you do not want it.",
            "Teach the swimming costume rule: nobody should touch the private parts of your "
            "body, ask to see them, ask you to touch theirs or show you theirs. A doctor or "
            "nurse checking you, with your grown-up there, is different.",
            "Practise saying \u201cNo, stop, I don\u2019t like that\u201d in a strong voice. "
            "Ask: who would you tell? End with a calm game the group likes.",
        ),
        (
            "Your body belongs to you. You are the boss of your body.",
            "The parts your swimming costume covers are private.",
            "If a touch makes you feel sad, scared or confused, you can say no, and you "
            "should tell a grown-up you trust.",
            "It is never a child\u2019s fault if someone touches them in a way that is not "
            "OK. Even if you said yes, or did not say no.",
        ),
    ),
    Session(
        "Good secrets and bad secrets",
        30,
        "Children can tell a surprise from a secret that is not OK, and know no grown-up "
        "should ask them to keep a secret from their parents or carers.",
        (
            "a few short stories about secrets (some below), read out or on cards;",
            "two signs: a smiling face for \u201cSurprise\u201d, a worried face for "
            "\u201cSecret to tell\u201d.",
        ),
        (
            "Ask: what is a surprise? (Something nice that everyone finds out soon, like a "
            "birthday present.) What is a secret? (Something you are told never to tell.)",
            "Read each story and let the children hold up a sign. Examples: a present for "
            "Mum; a grown-up who gives you sweets and says \u201cdon\u2019t tell your dad\u201d; "
            "an older child who says \u201cif you tell, you will be in trouble\u201d.",
            "Talk about how a bad secret feels: a tummy ache, a worried feeling, not "
            "sleeping well.",
            "Agree the rule together: no grown-up should ask a child to keep a secret from "
            "their parents or carers. If one does, tell.",
            "Say that telling is never telling tales when someone asks you to keep a secret "
            "that makes you feel bad.",
        ),
        (
            "A surprise is fun, and everyone finds out soon. A secret that makes you feel "
            "worried is one to tell.",
            "No grown-up should ever ask you to keep a secret from your mum, dad or carer.",
            "You will not be in trouble for telling.",
        ),
    ),
    Session(
        "Safe online and in games",
        35,
        "Children know people online may not be who they say, never to share pictures of "
        "themselves, and to tell if someone asks.",
        (
            "a made-up chat from a game, printed large (\u201cHi, I\u2019m 9 too. What school "
            "do you go to? Send me a photo.\u201d);",
            "sticky notes, and a flip chart headed \u201cWhat would you do?\u201d.",
        ),
        (
            "Ask which games and apps the children use. Listen: do not judge or tell them "
            "off for using something meant for older people.",
            "Read the made-up chat. Ask: how do you know this person is 9? What could they "
            "really be? Agree that anyone can pretend online.",
            "Ask what is OK to share in a game (your game name, your score) and what is "
            "private (your real name, school, address, photos of you).",
            "Say the rule: never send a picture of yourself to someone online, and tell a "
            "grown-up you trust if anyone asks you to, or asks you to keep the chat secret.",
            "Write on sticky notes what you could do: stop playing, tell a grown-up, block "
            "and report. Stick them on the flip chart.",
            "End by saying that if something online already went wrong, it is not their "
            "fault, and telling will make it better, not worse.",
        ),
        (
            "People online are not always who they say they are.",
            "Never send a picture of yourself to someone online. If anyone asks, tell a "
            "grown-up you trust.",
            "If someone online says \u201ckeep this our secret\u201d, that is a secret to tell.",
            "You will not be in trouble, and you will not lose your game, for telling.",
        ),
    ),
    Session(
        "Who can I tell? A trusted-adults hand",
        30,
        "Every child can name five grown-ups they could tell, and knows Childline is there "
        "for children too.",
        (
            "paper and pens for everyone (draw round a hand);",
            "a poster or card with Childline\u2019s number, 0800 1111.",
        ),
        (
            "Everyone draws round one hand. On each finger they write or draw a grown-up "
            "they trust: someone at home, at school, here at the group, and others.",
            "Talk about what makes a grown-up trusted: they listen, they help, they keep you "
            "safe. A trusted grown-up would never ask you to keep a bad secret.",
            "Say that if the first grown-up does not listen, you tell the next finger, and "
            "keep telling until someone helps.",
            "Show Childline\u2019s number. Any child can call free, any time, on 0800 1111, "
            "or chat online at childline.org.uk.",
            "Let children take their hands home. Tell them who the designated lead is here, "
            "and that they can talk to you after any session.",
        ),
        (
            "If something worries you, tell a grown-up on your hand.",
            "If they do not listen, tell the next one, and keep telling.",
            "You can call Childline on 0800 1111. It is free, and it is for children.",
        ),
    ),
)


# -- the 11 to 18s --------------------------------------------------------------------
OVER_11 = (
    Session(
        "Healthy and unhealthy relationships",
        50,
        "Young people can tell what a healthy relationship looks like, and spot control, "
        "pressure and an unequal \u201crelationship\u201d.",
        (
            "a line on the floor (masking tape), one end \u201cHealthy\u201d, the other "
            "\u201cUnhealthy\u201d;",
            "statement cards (examples in the steps);",
            "a question box and slips of paper, for questions people do not want to ask aloud.",
        ),
        (
            "Agree the ground rules (see the first page). Put the question box out.",
            "Ask the group, in pairs, to list what makes a good friend or partner. Share a "
            "few answers: trust, respect, fun, feeling free to say no.",
            "Read the statement cards. Young people stand on the line where they think each "
            "one goes: \u201cchecks your phone\u201d, \u201cbuys you expensive things and then "
            "says you owe them\u201d, \u201cis much older and tells you to keep it quiet\u201d, "
            "\u201casks what you think\u201d, \u201cgets angry when you see friends\u201d.",
            "Talk about why an older boyfriend or girlfriend who gives gifts and wants "
            "secrecy is a warning sign, for boys as well as girls.",
            "Finish with where to get help (Childline 0800 1111, a trusted adult here) and "
            "answer what is in the question box.",
        ),
        (
            "In a healthy relationship you feel safe, respected and free to say no.",
            "Someone who makes you feel you owe them, cuts you off from friends or tells "
            "you to keep them secret is not treating you well.",
            "If it feels wrong, talk to someone. It is not your fault.",
        ),
    ),
    Session(
        "Consent and the law",
        50,
        "Young people know what consent means, what the law says, and that pressure to "
        "send images is a crime by the person doing it.",
        (
            "the law in short, written up large (see the steps);",
            "short made-up scenes on cards, for small groups to talk through.",
        ),
        (
            "Ask: what does consent mean? Agree: saying yes freely, with the freedom and "
            "the ability to choose. Not when drunk or high, scared, asleep or pressured. "
            "It can be taken back at any time.",
            "Go through the law in short. The age of consent is 16 for everyone, whatever "
            "their sex or who they fancy. A child under 13 can never consent in law.",
            "16 and 17 year olds are still children in law. Some adults in a position of "
            "trust, such as a teacher, a sports coach or a faith leader, commit a crime if "
            "they have sexual contact with a 16 or 17 year old in their care.",
            "Pressuring anyone under 18 to send a sexual image is a crime, by the person "
            "asking. The law is there to protect young people, not to punish them.",
            "Groups talk through the scenes: was there consent? What could the person do? "
            "Who could they tell?",
            "Close by saying that anyone who has been pressured can talk to a trusted adult "
            "or Childline, and it is not their fault.",
        ),
        (
            "Consent means a free yes. Nobody has to do anything they do not want to.",
            "Under 13, a child can never consent. Under 16, sex is against the law even if "
            "the young person agrees.",
            "An adult who pressures you, gives you things first or says you owe them is "
            "breaking the rules, not you.",
        ),
    ),
    Session(
        "Online safety and images",
        55,
        "Young people know how online grooming and image pressure work, and what to do if "
        "an image has been shared.",
        (
            "a made-up chat that moves from friendly to pressure, printed large;",
            f"the Report Remove details: Childline ({CHILDLINE_WEB}) and the Internet "
            "Watch Foundation.",
        ),
        (
            "Read the made-up chat. Ask the group to stop you at the first warning sign: "
            "moving to a private app, flattery, gifts, \u201ckeep this between us\u201d, a "
            "request for a picture, pressure to meet.",
            "Talk about threats: someone who says they will share a picture unless you send "
            "more or pay. Do not pay and do not send more. Tell an adult and report it.",
            "Explain Report Remove: a young person under 18 can ask Childline and the "
            f"Internet Watch Foundation to take a nude image of them down, at {CHILDLINE_WEB}.",
            "Say plainly: never forward or save a sexual image of someone under 18, even to "
            "show an adult. Tell an adult where it is instead.",
            "Show how to block and report in the apps the group uses, and how to report "
            "grooming to CEOP.",
            "End by saying that if it has already happened, it is not their fault, and "
            "there is help.",
        ),
        (
            "If someone online asks for a picture, or asks you to keep the chat secret, "
            "that is a warning sign.",
            "If a picture of you is out there, it can be taken down. You can ask Childline "
            f"and the IWF at {CHILDLINE_WEB}.",
            "You will not be in trouble for telling. The person who pressured you is the "
            "one breaking the law.",
        ),
    ),
    Session(
        "Grooming and exploitation",
        60,
        "Young people can spot grooming and exploitation, sexual or criminal (county "
        "lines), and know it is never the young person\u2019s fault.",
        (
            "four cards for the stages of grooming: picked out; made to feel special; cut "
            "off and in \u201cdebt\u201d; controlled with threats and secrets;",
            "a made-up story of a young person drawn into carrying drugs (a county line).",
        ),
        (
            "Put the four stage cards in the wrong order. Ask the group to sort them, and to "
            "say what the groomer might do at each stage.",
            "Say that groomers can be adults or other young people, men or women, and that "
            "boys and young men are groomed and exploited too.",
            "Read the county lines story. Explain: gangs use young people to carry drugs or "
            "money to other towns, often with a \u201cdebt\u201d, threats or violence.",
            "Talk about why it is hard to get out: fear, a debt, threats to family, feeling "
            "it is your own fault. It is never the young person\u2019s fault; a young person "
            "made to carry drugs is a victim.",
            "Ask: what could a friend notice? Going missing, new money or phones, older "
            "friends, being scared. What could they do?",
            "Close with who to tell, and say that you are there after the session.",
        ),
        (
            "Grooming often starts with kindness, gifts and attention.",
            "It is never the young person\u2019s fault. The people who exploit are the ones "
            "responsible.",
            "A young person made to carry drugs or money is a victim, and there is help to "
            "get out.",
        ),
    ),
    Session(
        "Who to tell and where to get help",
        45,
        "Every young person knows at least three people they could tell and how to reach "
        "Childline and the group\u2019s lead.",
        (
            "cards with the numbers on them (see the steps), one each;",
            "the question box from earlier sessions.",
        ),
        (
            "Ask: why might a young person not tell anyone? (Fear, shame, not being "
            "believed, loyalty to the person.) Agree that telling is brave.",
            "Each person writes, privately, three adults they could tell. They keep it.",
            "Go through where to get help: Childline 0800 1111 (free, any time, for anyone "
            "under 19); a trusted adult; the designated lead here. In danger right now: 999.",
            "Explain what happens when someone tells you here: you listen, you will not "
            "keep it secret if someone is at risk of harm, and you will tell them who you "
            "are telling and why.",
            "Answer what is in the question box. Hand out the cards.",
        ),
        (
            "Telling is not grassing. It is how people get help.",
            "Childline: 0800 1111, free, any time, for anyone under 19.",
            "If you or someone else is in danger right now, call 999.",
        ),
    ),
)


# -- the pieces of each pack ----------------------------------------------------------
def tell_lead_line(ctx: DocumentContext) -> str:
    """The one line about telling the lead, with the vocabulary's timescales."""
    lead = (
        f"the designated lead, <b>{t(ctx.lead_name)}</b>,"
        if ctx.lead_name
        else ("the designated lead")
    )
    return (
        f"Tell {lead} {v.TODAY}, not at the next session: {v.STRAIGHT_AWAY} if they have "
        "said someone is hurting them."
    )


def disclosure_steps(ctx: DocumentContext, young: bool) -> tuple[str, ...]:
    """What the leader does if a child tells them something, the same in every session."""
    who = "child" if young else "young person"
    return (
        "Stop and listen. Stay calm, and let them say it in their own way.",
        "Do not ask questions to find out more. Do not promise to keep it a secret.",
        "Say: \u201cThank you for telling me. It is not your fault. I need to tell someone "
        "whose job is to help.\u201d",
        f"Write down what the {who} said, in their own words, {v.TODAY}.",
        tell_lead_line(ctx),
        f"In danger right now? Call 999, then tell the designated lead {v.STRAIGHT_AWAY}.",
    )


def _session_story(
    ctx: DocumentContext,
    number: int,
    session: Session,
    young: bool,
    width: float,
    s: dict[str, ParagraphStyle],
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    who = "a child" if young else "a young person"
    # smaller than a document title, so a session fits on one side to copy on its own
    heading = ParagraphStyle(
        "session", s["title"], fontSize=BODY_SIZE * 1.55, leading=BODY_SIZE * 1.9
    )
    return [
        Paragraph(f"Session {number}: {session.name}", heading),
        Paragraph(
            f"<b>Time:</b> about {session.minutes} minutes. <b>Aim:</b> {session.aim}", s["body"]
        ),
        KeepTogether(
            [Paragraph("What you need", s["h1"]), *pdf_kit.bullets(session.need, s["item"])]
        ),
        Paragraph("What to do", s["h1"]),
        *pdf_kit.bullets(session.steps, s["item"], numbered=True),
        KeepTogether(
            [
                Paragraph("Words you can use", s["h1"]),
                pdf_kit.boxed(
                    [
                        Paragraph(pdf_kit.numbers_in_mono(f"\u201c{words}\u201d"), s["box"])
                        for words in session.words
                    ],
                    width,
                    shaded=True,
                ),
            ]
        ),
        Spacer(1, 6),
        KeepTogether(
            [
                Paragraph(f"If {who} tells you something", s["h1"]),
                pdf_kit.boxed(
                    pdf_kit.bullets(disclosure_steps(ctx, young), s["box"]), width, heavy=True
                ),
            ]
        ),
    ]


def _intro(
    ctx: DocumentContext,
    title: str,
    sessions: Sequence[Session],
    young: bool,
    width: float,
    s: dict[str, ParagraphStyle],
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import Paragraph, Spacer

    ages = "children aged about 7 to 10" if young else "young people aged 11 to 18"
    rules = (
        [
            "We listen when someone is talking, and we are kind.",
            "Nobody has to share anything about themselves. You can pass.",
            "No stories about people we know, so nobody is named.",
            "There are no silly questions.",
            "If something worries you, you can talk to a leader after the session.",
        ]
        if young
        else [
            "No names and no stories about real people: talk about \u201csomeone\u201d.",
            "Everyone can pass, and anyone can step out for a break.",
            "Respect other people\u2019s views; no question is stupid. Use the question box "
            "if you would rather not ask aloud.",
            "What is said here stays here, except that a leader cannot keep it secret if "
            "someone is at risk of harm. They will say who they are telling, and why.",
        ]
    )
    plan = ", ".join(f"{n}. {t(x.name)} ({x.minutes} min)" for n, x in enumerate(sessions, 1))
    return [
        Paragraph(title, s["title"]),
        Paragraph(
            f"Short sessions for a leader at <b>{t(pdf_kit.our_organisation(ctx))}</b> to run "
            f"with {ages}.",
            s["subtitle"],
        ),
        Paragraph(f"<b>The sessions:</b> {plan}.", s["body"]),
        Paragraph("Before you start", s["h1"]),
        *pdf_kit.bullets(
            [
                "Tell parents and carers what the sessions cover a week before, and let "
                "them see this pack.",
                "Have two adults in the room, and know who the designated lead is and how "
                "to reach them that day.",
                "Some in the group may have been hurt, or be being hurt now. Never ask "
                "anyone to share their own story.",
            ],
            s["item"],
        ),
        Paragraph("Ground rules to agree at the start", s["h1"]),
        *pdf_kit.bullets(rules, s["item"], numbered=True),
        pdf_kit.boxed(
            [
                Paragraph("Someone may tell you something during a session", s["big"]),
                Paragraph(
                    "These sessions help children and young people to speak up, so someone "
                    "may tell you in the room or just after. Gently stop them telling the "
                    "whole group (\u201cThat sounds important. Can we talk about it just us, "
                    "in a minute?\u201d), then talk somewhere quiet but in sight of others.",
                    s["box"],
                ),
            ],
            width,
            heavy=True,
        ),
        Spacer(1, 6),
        Paragraph("Our designated lead", s["h2"]),
        pdf_kit.contacts_table(
            pdf_kit.lead_details(ctx), width, s["cell"], s["cell_bold"], number_share=0.7
        ),
        Spacer(1, 4),
        pdf_kit.contacts_table(
            [
                Contact("Child in danger right now", "999"),
                Contact(*pdf_kit.CHILDLINE),
                *(() if young else ONLINE_HELP),
            ],
            width,
            s["cell"],
            s["cell_bold"],
        ),
    ]


def _pack(
    ctx: DocumentContext, title: str, sessions: Sequence[Session], young: bool
) -> list[Flowable]:
    # deferred: reportlab is heavy; it loads only when a PDF is made
    from reportlab.platypus import PageBreak

    s = pdf_kit.styles(BODY_SIZE)
    width = pdf_kit.frame_width()
    story = _intro(ctx, title, sessions, young, width, s)
    for number, session in enumerate(sessions, 1):
        story.append(PageBreak())  # each session on its own pages, to copy on its own
        story.extend(_session_story(ctx, number, session, young, width, s))
    return story


def build_under_11s(ctx: DocumentContext) -> bytes:
    """Four short sessions for children aged about 7 to 10."""
    story = _pack(ctx, UNDER_11_TITLE, UNDER_11, young=True)
    return training_pack._build(story, ctx, UNDER_11_TITLE, "Awareness sessions, under-11s")


def build_over_11s(ctx: DocumentContext) -> bytes:
    """Five sessions for young people aged 11 to 18."""
    story = _pack(ctx, OVER_11_TITLE, OVER_11, young=False)
    return training_pack._build(story, ctx, OVER_11_TITLE, "Awareness sessions, 11 to 18")


# The documents for the handouts dialog, after the training evening's:
# key: (title, file name, builder).
AWARENESS_DOCUMENTS = (
    (
        "awareness-under-11s",
        UNDER_11_TITLE,
        "cse-awareness-under-11s.pdf",
        build_under_11s,
    ),
    ("awareness-11-18s", OVER_11_TITLE, "cse-awareness-11-18s.pdf", build_over_11s),
    (
        "intro-slides",
        "Introductory slides, with speaker notes",
        "cse-introductory-slides.pdf",
        intro_slides.build_slides,
    ),
)

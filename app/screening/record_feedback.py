"""Feedback on how a practice concern was recorded (issue 16, item 1).

Checks the record against the recording good practice in cse-facts.md §5.3: the young
person's own words kept apart and in quotes, when and where, what the volunteer did,
facts rather than opinions, and the people, vehicles, places and online contacts the
story mentions. Wording that blames the child or states an opinion as fact is pointed
out kindly, with what to write instead.

Plain data in, plain data out: no Qt, nothing written, nothing logged. The volunteer's
free text must never reach a log, so this module does not log at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.errors import AppError
from app.intake.concern.model import Concern
from app.screening.checklist import Checklist, load_checklist

GOOD = "good"
MISSING = "missing"
WORDING = "wording"

# The form's own labels (ui/intake/concern_form/steps.py), without the & shortcut marks.
LABELS = {
    "happened_on": "Date it happened",
    "happened_time": "Time (if you know)",
    "happened_where": "Where",
    "told_by": "Who told you",
    "own_words": "The young person's own words",
    "observations": "What you saw or heard",
    "actions_taken": "What you did",
    "people": "People",
    "vehicles": "Vehicles",
    "places": "Places",
    "contacts": "Phone numbers and online names",
    "needs_details": "Additional needs: details",
    "home_contact_unsafe_reason": "Why contacting home could be unsafe",
    "details": "Details",
}


@dataclass(frozen=True)
class FeedbackPoint:
    kind: str  # GOOD, MISSING or WORDING
    field: str  # the form's own label for where it is
    text: str  # plain, kind, short: what was good, what to add, or what to write instead


@dataclass(frozen=True)
class Wording:
    """Words to point out, and what to write instead.

    `pattern` is a regular expression matched case-insensitively on whole words. In
    `why` and `instead`, {they}, {them}, {their} and {calls} become the young person's
    pronouns; {found} is the words as the volunteer wrote them."""

    name: str
    pattern: str
    why: str
    instead: str
    adult_only: bool = False  # only when the record says the other person is an adult


# Kept in one place so the list can be read and reviewed as a whole. Longer phrases come
# before the shorter ones they contain ("child prostitute" before "prostitute"), so the
# volunteer is shown the whole phrase.
WORDINGS: tuple[Wording, ...] = (
    Wording(
        "promiscuous",
        r"promiscuous|promiscuity",
        "'{found}' can sound as if {they} {are} to blame for what adults are doing.",
        "Write what you saw or were told instead, for example 'said {they} had met three "
        "men from an app'.",
    ),
    Wording(
        "lying",
        # "lying on the floor" is where someone is, not a judgement: positions are left out.
        r"(?:(?:she|he|they)(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were)\s+)?"
        r"(?:lying|liar|lies)(?!\s+(?:on|in|down|there|under|underneath|across|beside|"
        r"next|near|by|face|flat|asleep|awake|still|at|outside|around|against|behind|"
        r"inside|upstairs|downstairs|back|low)\b)",
        "'{found}' is an opinion, and it can stop {them} being believed next time.",
        "Write what {they} said and what you saw, side by side, for example 'said {they} "
        "had been at a friend's; I saw {them} get out of a car at 11 pm'.",
    ),
    Wording(
        "at risk",
        r"put(?:s|ting)?\s+(?:herself|himself|themselves|themself)\s+"
        r"(?:at\s+risk|in\s+danger)",
        "'{found}' can sound as if {they} {are} to blame.",
        "Write what happened instead, for example 'was seen getting into a car with two "
        "adult men'.",
    ),
    Wording(
        "consent",
        r"consented|consensual|consenting|(?:she|he|they)\s+agreed\s+to\s+(?:it|sex)",
        "'{found}' can sound as if {they} agreed to what happened. A child cannot "
        "consent to being exploited.",
        "Write what happened and what {they} said, in {their} own words.",
    ),
    Wording(
        "attention seeking",
        r"attention[\s-]seeking",
        "'{found}' judges {them} and can hide a cry for help.",
        "Write what you saw {them} do, for example 'cried and asked to talk to me twice'.",
    ),
    Wording(
        "asking for it",
        r"ask(?:ing|ed|s)\s+for\s+it",
        "'{found}' blames {them}. Nobody asks to be abused.",
        "Write what happened, who was there and what was said.",
    ),
    Wording(
        "sleeping around",
        r"sleep(?:ing|s)\s+around",
        "'{found}' judges {them} and hides who is harming {them}.",
        "Write what you know happened, with whom and when, for example 'said {they} "
        "had sex with a man {they} met at a party'.",
    ),
    Wording(
        "prostitute",
        r"child\s+prostitut(?:e|es|ion)|prostitut(?:e|es|ion|ing)|selling\s+(?:herself|"
        r"himself|themselves)",
        "'{found}' is a word for an adult's choice. A child in this position is being "
        "sexually exploited.",
        "Write 'being sexually exploited', and what you saw or were told.",
    ),
    Wording(
        "lifestyle choice",
        r"lifestyle\s+choice|(?:her|his|their)\s+own\s+choice|by\s+choice|streetwise",
        "'{found}' can sound as if {they} chose to be harmed.",
        "Write what you saw or were told, and leave out why you think it happened.",
    ),
    Wording(
        "sexting",
        r"sexting|sexted",
        "'{found}' can sound like a game between equals.",
        "Write 'sharing images', and who asked for them or sent them, if you know.",
    ),
    Wording(
        "boyfriend",
        r"boyfriend|girlfriend",
        "'{found}' can make it sound like an ordinary relationship when the other person "
        "is an adult or much older.",
        "Write 'an adult {they} {calls} {their} {found_noun}', and their age if you know it.",
        adult_only=True,
    ),
    Wording(
        "opinion",
        r"I\s+think|I\s+feel|I\s+reckon|I\s+believe|probably",
        "'{found}' gives your opinion.",
        "Say what you saw or heard first. If you add an opinion, say clearly that it is yours.",
    ),
)

_COMPILED = tuple((w, re.compile(r"\b(?:" + w.pattern + r")\b", re.IGNORECASE)) for w in WORDINGS)

# Spans inside double quotes, or curly single quotes, are someone's words as said, which
# should be kept exactly: they are never pointed out. (A straight ' is an apostrophe.)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’")
_QUOTE_MARKS = re.compile(r"[\"“”‘]")
# Speech in the first person ("I", "me", "he told me") looks like the child's own words.
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:I'm|I’m|I've|I’ve|me|my|we|us|our)\b", re.IGNORECASE)
# "She said that he…" is the volunteer's summary, even with an "I" later on.
_REPORTED = re.compile(
    r"^\s*(?:she|he|they)\s+(?:said|says|told\s+\w+|tells\s+\w+)\s+that\b", re.IGNORECASE
)
# The other person is an adult: the sentence says so, or gives an age of 18 or over.
_ADULT = re.compile(
    r"\b(?:adult|older|grown|man|men|woman|women|guy|bloke|aged?\s+(?:1[89]|[2-9]\d)|"
    r"(?<![:.])(?:1[89]|[2-9]\d)s?(?![:.]\d)|in\s+(?:his|her|their)\s+(?:20|30|40|50|60)s|twenties|thirties|"
    r"forties)\b",
    re.IGNORECASE,
)
_CALLED = re.compile(
    r"\b(?:calls?|called|so-called)\s+(?:(?:him|her|them)\s+)?(?:(?:her|his|their)\s+)?$", re.I
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
# Checklist items that mean an adult or much older person is involved with the child.
_ADULT_ITEMS = frozenset({"T2-02", "T3-07"})

# What the story mentions, for the optional "who else was involved" prompts.
_MENTIONS: dict[str, re.Pattern[str]] = {
    "people": re.compile(
        r"\b(?:man|men|woman|women|adult|adults|boyfriend|girlfriend|older|lads?|guy|"
        r"someone|somebody|friend|mate)\b",
        re.IGNORECASE,
    ),
    "vehicles": re.compile(
        r"\b(?:car(?!\s+park)|cars|van|taxi|cab|motorbike|moped|scooter|vehicle|registration)\b",
        re.IGNORECASE,
    ),
    "places": re.compile(
        r"\b(?:flat|house|hotel|park|address|party|takeaway|shop|station|street|road)\b",
        re.IGNORECASE,
    ),
    "contacts": re.compile(
        r"\b(?:phone|number|online|app|snapchat|instagram|tiktok|whatsapp|discord|"
        r"facebook|gaming|game|username|messages?|texts?|chat)\b",
        re.IGNORECASE,
    ),
}
_MENTION_TEXT = {
    "people": (
        "You recorded the people involved.",
        "The record mentions other people. Add anything you know about them: a name or "
        "nickname, what they look like, roughly how old.",
    ),
    "vehicles": (
        "You recorded the vehicle.",
        "The record mentions a vehicle. Add anything you saw: registration, make, colour.",
    ),
    "places": (
        "You recorded the places.",
        "The record mentions a place. Add the address, or describe where it is.",
    ),
    "contacts": (
        "You recorded the phone numbers or online names.",
        "The record mentions phones or going online. Add any number, username or app you know of.",
    ),
}


def record_feedback(concern: Concern, checklist: Checklist | None = None) -> list[FeedbackPoint]:
    """What was good and what was missing in a (practice) record, in the form's order.

    `checklist` names the ticked signs' details fields; it defaults to the concern's own
    checklist version."""
    points: list[FeedbackPoint] = []
    points += _when_and_where(concern)
    points += _own_words(concern)
    points += _facts(concern)
    points += _actions(concern)
    points += _involved(concern)
    points += wording_points(concern, checklist)
    return points


def _when_and_where(concern: Concern) -> list[FeedbackPoint]:
    points: list[FeedbackPoint] = []
    if concern.happened_on is None:
        points.append(
            FeedbackPoint(
                MISSING,
                LABELS["happened_on"],
                "Add the date it happened, or your best guess. A lead needs it to judge "
                "whether the worry is current.",
            )
        )
    elif concern.happened_time.strip():
        points.append(FeedbackPoint(GOOD, LABELS["happened_on"], "You wrote the date and time."))
    else:
        points.append(FeedbackPoint(GOOD, LABELS["happened_on"], "You wrote the date."))
        points.append(
            FeedbackPoint(
                MISSING,
                LABELS["happened_time"],
                "If you know roughly what time it was, add it, for example 19:30.",
            )
        )
    if concern.happened_where.strip():
        points.append(FeedbackPoint(GOOD, LABELS["happened_where"], "You wrote where it was."))
    else:
        points.append(
            FeedbackPoint(
                MISSING,
                LABELS["happened_where"],
                "Add where it happened: the room, the street, the place.",
            )
        )
    return points


def _own_words(concern: Concern) -> list[FeedbackPoint]:
    label = LABELS["own_words"]
    words = concern.own_words.strip()
    if not words:
        return [
            FeedbackPoint(
                MISSING,
                label,
                "If the young person said anything, write their exact words here, in "
                "quotes. If they said nothing, leave it empty.",
            )
        ]
    quoted = bool(_QUOTE_MARKS.search(words))
    speech = bool(_FIRST_PERSON.search(words)) and not _REPORTED.search(words)
    if quoted or speech:
        text = "You kept their own words apart, as they said them."
        if not quoted:
            text += " Putting them in quotes makes that clear to a reader."
        return [FeedbackPoint(GOOD, label, text)]
    return [
        FeedbackPoint(
            MISSING,
            label,
            "Write their exact words, in quotes, as they said them, for example "
            "\u201cHe said I owe him\u201d. Keep your own description for 'What you saw "
            "or heard'.",
        )
    ]


def _facts(concern: Concern) -> list[FeedbackPoint]:
    label = LABELS["observations"]
    if not concern.observations.strip():
        return [
            FeedbackPoint(
                MISSING,
                label,
                "Write what you saw or heard, and who was there.",
            )
        ]
    return []  # praised, or not, once the wording has been checked


def _actions(concern: Concern) -> list[FeedbackPoint]:
    label = LABELS["actions_taken"]
    if concern.actions_taken.strip():
        return [FeedbackPoint(GOOD, label, "You wrote what you did and who you told.")]
    return [
        FeedbackPoint(
            MISSING,
            label,
            "Write what you did: who you told and when, and whether you phoned 999 or 101.",
        )
    ]


def _involved(concern: Concern) -> list[FeedbackPoint]:
    story = " ".join(
        [concern.own_words, concern.observations] + [a.details for a in concern.indicators]
    )
    filled = {
        "people": any(p.name or p.nickname or p.description for p in concern.people),
        "vehicles": any(
            v.registration or v.make or v.colour or v.details for v in concern.vehicles
        ),
        "places": any(p.description for p in concern.places),
        "contacts": any(c.value for c in concern.contacts),
    }
    points: list[FeedbackPoint] = []
    for key, pattern in _MENTIONS.items():
        good, missing = _MENTION_TEXT[key]
        if filled[key]:
            points.append(FeedbackPoint(GOOD, LABELS[key], good))
        elif pattern.search(story):
            points.append(FeedbackPoint(MISSING, LABELS[key], missing))
    return points


# -- wording ------------------------------------------------------------------------------
def wording_points(concern: Concern, checklist: Checklist | None = None) -> list[FeedbackPoint]:
    """Opinion and blaming words in the volunteer's own free text, each with what to write
    instead. The young person's own words are never checked: they are kept as said."""
    pronouns = _pronouns(concern.young_person.gender)
    adult_known = bool({a.indicator_id for a in concern.indicators} & _ADULT_ITEMS) or any(
        _ADULT.search(p.approximate_age) for p in concern.people
    )
    points: list[FeedbackPoint] = []
    for label, text in _free_text(concern, checklist):
        seen: set[str] = set()
        for wording, found in _find(text, adult_known):
            if wording.name in seen:
                continue  # once per field is enough to make the point
            seen.add(wording.name)
            noun = "girlfriend" if "girlfriend" in found.lower() else "boyfriend"
            words = {**pronouns, "found": found, "found_noun": noun}
            points.append(
                FeedbackPoint(
                    WORDING,
                    label,
                    f"{wording.why.format(**words)} {wording.instead.format(**words)}",
                )
            )
    if concern.observations.strip() and not any(p.field == LABELS["observations"] for p in points):
        points.insert(
            0,
            FeedbackPoint(
                GOOD,
                LABELS["observations"],
                "You wrote facts: what you saw and heard, not opinions.",
            ),
        )
    return points


def find_wording(text: str, adult_known: bool = False) -> list[tuple[str, str]]:
    """(name, words as written) for each wording found in `text`, in order."""
    return [(w.name, found) for w, found in _find(text, adult_known)]


def _find(text: str, adult_known: bool) -> Iterator[tuple[Wording, str]]:
    # Blank out quoted speech, keeping offsets, so someone's exact words are left alone.
    plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    hits: list[tuple[int, Wording, str]] = []
    taken: list[tuple[int, int]] = []
    for wording, pattern in _COMPILED:
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue  # part of a longer phrase already found
            if wording.adult_only and not (adult_known or _adult_nearby(plain, start)):
                continue
            if wording.adult_only and _CALLED.search(plain[max(0, start - 30) : start]):
                continue  # "an adult she calls her boyfriend" is already the right words
            taken.append((start, end))
            hits.append((start, wording, match.group(0).strip()))
    for _start, wording, found in sorted(hits, key=lambda h: h[0]):
        yield wording, found


def _adult_nearby(text: str, at: int) -> bool:
    for sentence in _SENTENCE.finditer(text):
        if sentence.start() <= at < sentence.end():
            return bool(_ADULT.search(sentence.group(0)))
    return False


def _free_text(concern: Concern, checklist: Checklist | None) -> list[tuple[str, str]]:
    """(the form's label, the text) for each field the volunteer writes in their own words."""
    person = concern.young_person
    fields = [
        (LABELS["happened_where"], concern.happened_where),
        (LABELS["told_by"], concern.told_by),
        (LABELS["observations"], concern.observations),
        (LABELS["actions_taken"], concern.actions_taken),
        (LABELS["needs_details"], person.needs_details),
        (LABELS["home_contact_unsafe_reason"], person.home_contact_unsafe_reason),
    ]
    fields += [(LABELS["people"], p.description) for p in concern.people]
    fields += [(LABELS["vehicles"], v.details) for v in concern.vehicles]
    fields += [(LABELS["places"], p.description) for p in concern.places]
    fields += [
        (_details_label(a.indicator_id, concern, checklist), a.details) for a in concern.indicators
    ]
    return [(label, text) for label, text in fields if text.strip()]


def _details_label(indicator_id: str, concern: Concern, checklist: Checklist | None) -> str:
    """The details field of a ticked sign, named as the form names it."""
    try:
        found = checklist or load_checklist(concern.checklist_version)
        return f"{LABELS['details']}: {found.indicator(indicator_id).text}"
    except AppError:
        return LABELS["details"]


def _pronouns(gender: str) -> dict[str, str]:
    said = gender.strip().lower()
    if said in {"female", "f", "girl", "woman"}:
        return {"they": "she", "them": "her", "their": "her", "calls": "calls", "are": "is"}
    if said in {"male", "m", "boy", "man"}:
        return {"they": "he", "them": "him", "their": "his", "calls": "calls", "are": "is"}
    return {"they": "they", "them": "them", "their": "their", "calls": "call", "are": "are"}

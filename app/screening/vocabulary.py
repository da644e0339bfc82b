"""One vocabulary: the words and timescales for each screening tier, defined once.

Every screen, PDF, leaflet, policy, route chart and help page takes a tier's name, what
the volunteer does, what the lead does and by when from here (see design.md, "One
vocabulary"); tests/unit/screening/test_vocabulary_agreement.py reads every document and fails when
one states a different timescale for a tier. The checklist files (resources/checklists)
hold the items and rules only, never these words, so an old checklist version is shown
with today's wording and its tier never changes meaning.

Where the words come from: domain/cse-facts.md §8.1 (tiers), §8.4 (actions per tier, as
corrected), §8.3 rule 8 (a worry about an adult: the LADO route) and §3.8 (criminal
exploitation and the National Referral Mechanism).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from app.intake.concern.model import ABOUT_ADULT


class Tier(StrEnum):
    """A screening tier, lowest first. Each value is the code stored in the records and
    the checklists; "none" is a result only (nothing counts), never an item."""

    NONE = "none"
    V = "V"
    ONE = "1"
    TWO = "2"
    THREE = "3"
    X = "X"

    @property
    def words(self) -> str:
        """The short word, for a list, a table column or a count."""
        return short(self.value)


# Tiers from lowest to highest, as plain strings (the stored codes).
TIER_ORDER: tuple[str, ...] = tuple(tier.value for tier in Tier)
# Stand out in the lead's lists (bold, never by colour alone).
URGENT_TIERS = frozenset({Tier.THREE.value, Tier.X.value})


class TierWords(NamedTuple):
    tier: str
    label: str  # the name of the result, as the volunteer and the lead see it
    short: str  # the same, in a list or a table column
    meaning: str  # when a sign that counts is specifically sexual (or none counts)
    meaning_any: str  # when the signs that count are of exploitation, not only sexual
    tell_lead: str  # when the volunteer tells the designated lead; "" for no deadline
    lead_first: str  # the lead's first step, with its timescale
    volunteer_actions: tuple[str, ...]
    lead_actions: tuple[str, ...]
    rescreen: str


# The timescales, each said one way only. Documents use these phrases verbatim.
STRAIGHT_AWAY = "straight away"
TODAY = "today"
ONE_WORKING_DAY = "within 1 working day"
WRITTEN_WITHIN = "within 24 hours"  # the written referral after a phone referral
CONSULT_WHEN = "today or the next working day"
RESCREEN_EARLY = "within 4 to 6 weeks"


# The volunteer's "tell the lead" lines, each written once: a worry about an adult here
# replaces exactly these with the LADO route (rules._volunteer_actions).
def _tell(when: str) -> str:
    return f"Tell your designated lead {when}."


THEN_TELL = f"Then tell your designated lead {STRAIGHT_AWAY}."
STILL_WORRIED = (
    "If you are still worried, tell your designated lead: your worry matters "
    "more than the checklist."
)
TELLING_THE_LEAD = frozenset(
    {THEN_TELL, STILL_WORRIED, *(_tell(w) for w in (STRAIGHT_AWAY, TODAY, ONE_WORKING_DAY))}
)

TIERS: dict[str, TierWords] = {
    "X": TierWords(
        tier="X",
        label="Act now: immediate danger",
        short="Act now",
        meaning="Someone may be harmed now or very soon.",
        meaning_any="Someone may be harmed now or very soon.",
        tell_lead=STRAIGHT_AWAY,
        lead_first="Phone children's social care or the MASH today, with the police "
        "reference number.",
        volunteer_actions=(
            "Call 999 now.",
            "Stay with the young person, or keep them in sight, if it is safe to do so.",
            "Do not confront the person you suspect.",
            "Leave any evidence as it is, such as phones and messages.",
            "Never copy, forward or save a sexual image, not even to show someone.",
            THEN_TELL,
        ),
        lead_actions=(
            "Phone children's social care or the MASH today, and give the police reference number.",
            f"Send the written referral {WRITTEN_WITHIN}.",
            "Complete your area's exploitation risk assessment tool.",
            "Follow the plan agreed by the agencies involved.",
        ),
        rescreen="As the multi-agency plan says.",
    ),
    "3": TierWords(
        tier="3",
        label="Serious concern",
        short="Serious",
        meaning="The young person is probably being sexually exploited, or has told you "
        "about sexual abuse.",
        meaning_any="The young person is probably being exploited, or has told you about abuse.",
        tell_lead=STRAIGHT_AWAY,
        lead_first="Phone children's social care or the MASH today.",
        volunteer_actions=(
            _tell(STRAIGHT_AWAY),
            "Finish this record today, with the facts and the young person's own words.",
            "Do not promise to keep it secret.",
            "Do not ask more questions or try to find out more yourself.",
        ),
        lead_actions=(
            "Phone children's social care or the MASH today.",
            "Tell the police on 101, or 999 if there is immediate risk.",
            "You do not need anyone's consent to share this.",
            "Do not tell the parents or carers if that could put the young person at more "
            "risk or harm a police inquiry, and record why.",
            f"Send the written referral and your area's exploitation risk tool {WRITTEN_WITHIN}.",
            "If the abuse is online, think about a report to CEOP as well.",
        ),
        rescreen="As agreed at the strategy discussion or exploitation meeting, and at "
        "least every 3 months.",
    ),
    "2": TierWords(
        tier="2",
        label="Significant concern",
        short="Significant",
        meaning="There are signs strongly linked with grooming or sexual exploitation.",
        meaning_any="There are signs strongly linked with grooming or exploitation.",
        tell_lead=TODAY,
        lead_first=f"Talk it through with the children's social care duty team or the "
        f"MASH, {CONSULT_WHEN}.",
        volunteer_actions=(
            _tell(TODAY),
            "Finish this record today, with what you noticed.",
        ),
        lead_actions=(
            f"Talk it through with the children's social care duty team or the MASH, "
            f"{CONSULT_WHEN}.",
            "Complete your area's exploitation risk tool: it is likely to lead to a referral.",
            "Pass on what you know about adults, places and vehicles to the police, on 101 "
            "or through an intelligence report.",
            "Talk to the parents or carers, unless that would be unsafe.",
        ),
        rescreen=f"Again {RESCREEN_EARLY}, or sooner if anything changes.",
    ),
    "1": TierWords(
        tier="1",
        label="Early warning",
        short="Early warning",
        meaning="There are signs that can go with grooming, but no direct evidence yet.",
        meaning_any="There are signs that can go with grooming or exploitation, but no "
        "direct evidence yet.",
        tell_lead=ONE_WORKING_DAY,
        lead_first="Add it to the young person's chronology and think about early help.",
        volunteer_actions=(
            _tell(ONE_WORKING_DAY),
            "Keep the young person involved with your group.",
        ),
        lead_actions=(
            "Add it to the young person's chronology.",
            "Think about talking to the parents or carers, early help, or a call to the "
            "duty team for advice.",
            "Think about prevention work, such as healthy relationships and staying safe online.",
        ),
        rescreen=f"Again {RESCREEN_EARLY}.",
    ),
    "V": TierWords(
        tier="V",
        label="Vulnerable, no current signs of exploitation",
        short="Vulnerable",
        meaning="Only background factors are ticked. They give context but are not signs "
        "of exploitation on their own.",
        meaning_any="Only background factors are ticked. They give context but are not "
        "signs of exploitation on their own.",
        tell_lead="",
        lead_first="Keep it in mind and offer general safety information.",
        volunteer_actions=(
            "Keep watching and listening.",
            STILL_WORRIED,
        ),
        lead_actions=(
            "Keep it in mind.",
            "Offer general safety and prevention information.",
            "These factors alone do not need an exploitation referral, but follow your "
            "usual safeguarding procedure for any other worry.",
        ),
        rescreen="At the next concern, or each term.",
    ),
    "none": TierWords(
        tier="none",
        label="No current signs",
        short="No current signs",
        meaning="Nothing ticked counts as a current sign.",
        meaning_any="Nothing ticked counts as a current sign.",
        tell_lead="",
        lead_first="Keep any older signs in the young person's chronology.",
        volunteer_actions=(
            "Keep watching and listening.",
            STILL_WORRIED,
        ),
        lead_actions=("Keep any older signs in the young person's chronology.",),
        rescreen="At the next concern.",
    ),
}

assert tuple(reversed(TIERS)) == TIER_ORDER
__all__ = [
    "ABOUT_ADULT",
    "TIERS",
    "TIER_ORDER",
    "TIER_WORDS",
    "URGENT_TIERS",
    "Tier",
    "TierWords",
    "fill",
    "label",
    "short",
    "tier_rank",
]


def label(tier: str) -> str:
    """The result's name; an unknown code is shown as it is, never hidden."""
    return TIERS[tier].label if tier in TIERS else tier


def short(tier: str) -> str:
    return TIERS[tier].short if tier in TIERS else tier


def tier_rank(tier: str) -> int:
    """Position of a tier in TIER_ORDER: none < V < 1 < 2 < 3 < X."""
    return TIER_ORDER.index(tier)


# -- always refer (§8.3 rule 7) ---------------------------------------------------------
ALWAYS_REFER_ACTION = (
    "Refer to children's social care: for a young person under 13, or one with a learning "
    "disability, autism or other additional needs, a referral is always recommended once "
    "there is any sign of exploitation."
)

# -- a worry about an adult in the organisation (§8.3 rule 8) -----------------------------
# Who the worry is about, as said in a sentence ("The worry is about …").
ABOUT_ADULT_WHO = {
    "staff": "a member of staff, a volunteer or a trustee",
    "lead": "the designated lead",
}
# The answers as the form offers them.
ABOUT_ADULT_WORDS = {"no": "No", **{k: f"Yes: {v}" for k, v in ABOUT_ADULT_WHO.items()}}
ABOUT_ADULT_QUESTION = "Is your worry about someone who works or volunteers here?"
LADO_NAME = "the LADO (the council's Local Authority Designated Officer)"
LADO_WHEN = ONE_WORKING_DAY


def lado_volunteer_actions(about_adult: str, when: str = TODAY) -> tuple[str, ...]:
    """What the volunteer does when the worry is about an adult here. `when` is the
    tier's own "tell" timescale when that is sooner than today (act now, serious): the
    LADO route adds to the tier's urgency, never slows it."""
    if about_adult == "lead":
        return (
            f"Tell the deputy lead or the designated trustee {when}, not the designated lead.",
            f"Phone {LADO_NAME} {LADO_WHEN}: the number is on this page.",
            "Do not tell the designated lead, and do not question them.",
        )
    return (
        _tell(when),
        f"The LADO must be told {LADO_WHEN}.",
        "Do not tell the person the worry is about, and do not question them.",
    )


LADO_VOLUNTEER_ACTIONS = lado_volunteer_actions("staff")
LADO_ABOUT_LEAD_ACTIONS = lado_volunteer_actions("lead")
LADO_LEAD_ACTIONS = (
    f"Contact {LADO_NAME} {LADO_WHEN}, and before you do anything else about the adult.",
    "Do not tell the person the worry is about, and do not question or investigate them yourself.",
    "Record when you contacted the LADO, whom you spoke to and their reference.",
)
LADO_REASON = {
    "staff": "The worry is about a member of staff, a volunteer or a trustee, so the LADO "
    "route applies whatever the result.",
    "lead": "The worry is about the designated lead, so the LADO route applies whatever the "
    "result, and the deputy or the designated trustee acts instead of the lead.",
}

# -- exploitation beyond CSE (§3.8) ------------------------------------------------------
NRM_NOTE = (
    "Some signs here are of criminal exploitation, such as county lines. Tell children's "
    "social care: they and the police can refer the young person to the National Referral "
    "Mechanism (NRM) for victims of modern slavery. The young person is a victim first, "
    "even if they were made to carry drugs or commit crimes."
)

# -- shown with every result -------------------------------------------------------------
NOTES_ALWAYS = (
    "No signs ticked does not mean there is no exploitation.",
    "This does not replace talking to your designated lead.",
)
NOTES_EVERY_TIER = (
    "Children and young people can call Childline on 0800 1111, or Missing People on 116 000.",
    "Parents, carers and volunteers can call the NSPCC helpline on 0808 800 5000.",
)

# -- for lists, tables and counts ---------------------------------------------------------
# The short word for every tier, for record lists, the decision panel and the trustee's
# counts; app.casework.records and app.casework.decisions re-export it under the same name.
TIER_WORDS: dict[str, str] = {tier.value: tier.words for tier in Tier}

# -- placeholders in text files -----------------------------------------------------------
# Help pages (resources/help/*.md) and the route chart (resources/charts/route.json) say a
# tier's words or a timescale as a placeholder, so the file cannot drift from this module:
# {{tier.2.label}}, {{tier.1.tell_lead}}, {{when.consult}}. fill() expands them.
WHEN: dict[str, str] = {
    "straight_away": STRAIGHT_AWAY,
    "today": TODAY,
    "one_working_day": ONE_WORKING_DAY,
    "written": WRITTEN_WITHIN,
    "consult": CONSULT_WHEN,
    "rescreen": RESCREEN_EARLY,
    "lado": LADO_WHEN,
}
_TIER_FIELDS = ("label", "short", "meaning", "meaning_any", "tell_lead", "lead_first", "rescreen")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


class PlaceholderError(ValueError):
    """A text file names a tier, a field or a timescale the vocabulary does not have."""


def fill(text: str) -> str:
    """`text` with every {{tier.<tier>.<field>}} and {{when.<name>}} replaced by its words.

    An unknown placeholder, or a stray "{{" or "}}", raises PlaceholderError naming it:
    a help page or chart that printed "{{...}}" to a frightened volunteer would be worse.
    """

    def one(match: re.Match[str]) -> str:
        parts = match.group(1).split(".")
        if (
            parts[0] == "tier"
            and len(parts) == 3
            and parts[1] in TIERS
            and parts[2] in _TIER_FIELDS
        ):
            return str(getattr(TIERS[parts[1]], parts[2]))
        if parts[0] == "when" and len(parts) == 2 and parts[1] in WHEN:
            return WHEN[parts[1]]
        raise PlaceholderError(f"unknown placeholder {match.group(0)!r}")

    filled = _PLACEHOLDER.sub(one, text)
    if "{{" in filled or "}}" in filled:
        raise PlaceholderError("a '{{' or '}}' is not part of a placeholder")
    return filled

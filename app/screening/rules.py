"""The screening rule (domain/cse-facts.md §8.3): answers and recorded facts in, one tier
out, with the reasons in plain sentences. Pure and deterministic: the same answers always
give the same result, and nothing here reads the clock, the disk or the settings.

First match wins, top to bottom:
 1. any act-now item (from `danger`, or an X answer) -> act now;
 2. recency, with two dates kept apart (when it happened or was last seen, and when the
    recorder found out): an item marked as never decaying (every disclosure, images used
    to blackmail, an adult with sexual offending history, sexual activity under 13, a
    report by someone else, act-now items) always counts at its own tier. Any other
    item: within 6 months counts at its own tier, 6-12 months one tier lower (an
    early-warning sign then drops to history), over 12 months is history only; "not
    sure when" counts from the day the recorder found out, so a sign learned of lately
    is current. The background (V) items are context and never decay;
 3. any current serious sign -> serious;
 4. any current significant sign, or 5+ current early-warning signs -> significant;
 5. 1-4 current early-warning signs -> early warning;
 6. only background factors -> vulnerable; nothing that counts -> "none".
Then the floor rules: under 13, or a learning disability, autism or other needs (ticked,
or recorded about the young person), never rests at early warning, and a referral is
always recommended once there is any sign. Age 16 or 17 never lowers. A worry about an
adult in the organisation adds the LADO route whatever the tier (rule 8).
The lead may raise the result (`raise_tier`) with a reason, never lower it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from app.core.errors import AppError, InvalidInput
from app.intake.concern.model import ABOUT_ADULT, NEEDS, WHEN_LAST_SEEN, Concern, IndicatorAnswer
from app.screening import vocabulary
from app.screening.checklist import (
    NOT_KNOWN,
    TIER_ORDER,
    Checklist,
    FloorRule,
    Indicator,
    UnknownAnswer,
    load_checklist,
    tier_rank,
)
from app.screening.vocabulary import Tier

# How an item of each tier is named in a reason.
SIGN: dict[str, str] = {
    Tier.V: "a background factor",
    Tier.ONE: "an early-warning sign",
    Tier.TWO: "a significant sign",
    Tier.THREE: "a serious sign",
    Tier.X: "an act-now sign",
}
SIGNS: dict[str, str] = {
    Tier.ONE: "early-warning signs",
    Tier.TWO: "significant signs",
    Tier.THREE: "serious signs",
}
# One tier lower; None: history only. The values are the stored codes, plain strings.
_LOWER: dict[str, str | None] = {
    Tier.THREE: Tier.TWO.value,
    Tier.TWO: Tier.ONE.value,
    Tier.ONE: None,
    Tier.V: None,
}
REFERRAL = "a referral to children's social care is always recommended"
NEEDS_WORDS = {
    "learning-disability": "a learning disability",
    "autism": "autism",
    "other": "additional needs",
}


class TierTooLow(AppError):
    title = "The result cannot go lower"
    message = "The result cannot be set lower than the checklist worked out."
    next_step = (
        "You can raise it, with a reason. If you decide not to refer, record that as a "
        "decision, with your reasons."
    )
    help_topic = "screening-checklist"

    def __init__(self, computed_label: str, asked_label: str) -> None:
        self.computed_label = computed_label
        self.asked_label = asked_label
        super().__init__(
            f"The result cannot be set to {asked_label}: the checklist worked out "
            f"{computed_label}, and a result is never set lower than that."
        )


class ReasonNeeded(InvalidInput):
    title = "Give a reason"
    message = "Write why you are changing the result."
    next_step = "The reason is kept with the record."
    help_topic = "screening-checklist"
    FIELD = "override_reason"

    def __init__(self) -> None:
        super().__init__({self.FIELD: self.message})


@dataclass(frozen=True)
class ScreeningResult:
    tier: str  # one of TIER_ORDER: "X", "3", "2", "1", "V" or "none"
    label: str
    meaning: str
    reasons: tuple[str, ...]  # plain sentences: which answers, which rule
    history_only: tuple[str, ...]  # ids ticked but too old to count
    score: int  # SERAF-like, for information only; never decides the tier
    always_refer: bool  # a referral to children's social care is always recommended
    volunteer_actions: tuple[str, ...]
    lead_actions: tuple[str, ...]
    rescreen: str
    notes: tuple[str, ...]  # shown with every result
    computed_tier: str  # what the rule gave, before any change by the lead
    checklist_version: int
    checklist: Checklist = field(repr=False, compare=False)
    # The floor rules that hold for this young person, with their reason wording,
    # kept so that a tier the lead chooses is floored the same way.
    floors: tuple[tuple[FloorRule, str], ...] = field(repr=False)
    override_reason: str = ""  # the lead's reason, when they changed the tier
    about_adult: str = "no"  # from ABOUT_ADULT: "staff" or "lead" adds the LADO route
    nrm: bool = False  # a sign of criminal exploitation counts: the NRM note applies
    sexual: bool = True  # a sign that counts points to sexual exploitation specifically

    @property
    def changed_by_lead(self) -> bool:
        return self.tier != self.computed_tier

    @property
    def lado(self) -> bool:
        """The LADO route applies: the worry is about an adult in the organisation."""
        return self.about_adult != "no"


# -- evaluating ------------------------------------------------------------------------
def _when_words(checklist: Checklist, when: str) -> str:
    current, historic = checklist.current_months, checklist.historic_months
    return {
        "within-6-months": f"within the last {current} months",
        "6-12-months": f"{current}–{historic} months ago",
        "over-12-months": f"more than {historic} months ago",
    }[when]


def _named(item: Indicator) -> str:
    # Never the item's code: volunteers read these reasons.
    return f"'{item.short}'"


def _months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (0 when `earlier` is on or after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def _dated(answer: IndicatorAnswer, recorded_on: date, checklist: Checklist) -> str:
    """The answer's recency as one of the dated choices. "Not sure when" counts from the
    day the recorder found out (no earlier than that is known); no date, from the day
    it was recorded."""
    if answer.when_last_seen != NOT_KNOWN:
        return answer.when_last_seen
    found = answer.found_out_on or recorded_on
    months = _months_between(found, recorded_on)
    if months < checklist.current_months:
        return "within-6-months"
    if months < checklist.historic_months:
        return "6-12-months"
    return "over-12-months"


def _latest_answers(
    answers: Sequence[IndicatorAnswer], checklist: Checklist, recorded_on: date
) -> dict[str, tuple[str, IndicatorAnswer]]:
    """id -> (the most recent dated recency, its answer): a sign ticked twice counts
    once, as its newest sighting (so a duplicate can never lower or double-count)."""
    latest: dict[str, tuple[str, IndicatorAnswer]] = {}
    for answer in answers:
        checklist.indicator(answer.indicator_id)  # UnknownIndicator if not in this version
        when = answer.when_last_seen
        if when not in WHEN_LAST_SEEN or (when == NOT_KNOWN and checklist.version < 2):
            raise UnknownAnswer(
                f"An answer for {answer.indicator_id} has a 'when last seen' of "
                f"{str(when)[:20]!r}, which this version does not know."
            )
        dated = _dated(answer, recorded_on, checklist)
        before = latest.get(answer.indicator_id)
        if before is None or WHEN_LAST_SEEN.index(dated) < WHEN_LAST_SEEN.index(before[0]):
            latest[answer.indicator_id] = (dated, answer)
    return latest


def _effective_tier(item: Indicator, when: str, checklist: Checklist) -> str | None:
    """The tier an answer counts at now, or None when it is history only."""
    if not item.decays:
        return item.tier
    effect = checklist.recency_counts[when]
    if effect == "own-tier":
        return item.tier
    if effect == "one-tier-lower":
        return _LOWER[item.tier]
    return None


def _needs_words(needs: Collection[str]) -> str:
    words = [NEEDS_WORDS[n] for n in NEEDS if n in needs]
    return " and ".join(words) if len(words) < 3 else f"{words[0]}, {words[1]} and {words[2]}"


def _floor_condition(
    rule: FloorRule, age: int | None, ticked: set[str], needs: Collection[str], checklist: Checklist
) -> str | None:
    """The reason wording when the rule's condition holds for this young person."""
    if rule.age_under is not None:
        if age is not None and age < rule.age_under:
            return f"The young person is under {rule.age_under}"
        return None
    if rule.needs_recorded:
        if needs:
            return f"The young person has {_needs_words(needs)} recorded"
        return None
    if rule.indicator in ticked:
        return f"{_named(checklist.indicator(rule.indicator))} is ticked"
    return None


def _apply_floors(
    tier: str, floors: Sequence[tuple[FloorRule, str]], checklist: Checklist
) -> tuple[str, bool, list[str]]:
    """The floored tier, whether a referral is always recommended, and the reasons.
    Each rule is judged on the tier before any floor, so every rule that applies says so."""
    raised = tier
    refer = False
    reasons = []
    for rule, condition in floors:
        results: list[str] = []
        after = tier
        if tier == rule.raise_from:
            after = rule.raise_to
            results.append(
                f"a result of {checklist.results[rule.raise_from].label.lower()} is raised "
                f"to {checklist.results[rule.raise_to].label.lower()}"
            )
            if tier_rank(after) > tier_rank(raised):
                raised = after
        if tier_rank(after) >= tier_rank(rule.always_refer_from):
            refer = True
            results.append(REFERRAL)
        if results:
            reasons.append(f"{condition}, so {', and '.join(results)}.")
    return raised, refer, reasons


def _volunteer_actions(tier: str, about_adult: str) -> tuple[str, ...]:
    own = vocabulary.TIERS[tier].volunteer_actions
    if about_adult == "no":
        return own
    # The LADO route sets who is told: the tier's own "tell your lead" goes, and the
    # sooner of its timescale and "today" stays.
    sooner = vocabulary.TIERS[tier].tell_lead == vocabulary.STRAIGHT_AWAY
    route = vocabulary.lado_volunteer_actions(
        about_adult, vocabulary.STRAIGHT_AWAY if sooner else vocabulary.TODAY
    )
    kept = tuple(a for a in own if a not in vocabulary.TELLING_THE_LEAD)
    if tier == Tier.X:
        return (*kept[:1], *route, *kept[1:])  # 999 first, always
    return (*route, *kept)


def _lead_actions(
    tier: str, always_refer: bool, checklist: Checklist, about_adult: str, nrm: bool
) -> tuple[str, ...]:
    actions: tuple[str, ...] = vocabulary.TIERS[tier].lead_actions
    if always_refer:
        actions = (checklist.always_refer_action, *actions)
    if about_adult != "no":
        actions = (*vocabulary.LADO_LEAD_ACTIONS, *actions)
    if nrm:
        actions = (*actions, vocabulary.NRM_NOTE)
    return actions


def _meaning(tier: str, sexual: bool) -> str:
    words = vocabulary.TIERS[tier]
    return words.meaning if sexual else words.meaning_any


def evaluate(
    answers: Sequence[IndicatorAnswer],
    danger: Sequence[str],
    age: int | None,
    checklist: Checklist,
    *,
    needs: Collection[str] = (),
    about_adult: str = "no",
    recorded_on: date | None = None,
) -> ScreeningResult:
    """The screening result for these answers and facts (§8.3), explained.

    `danger` holds the act-now ids answered yes; `age` is the young person's age in
    whole years on the day, or None when not known; `needs` the additional needs
    recorded about the young person (from NEEDS); `about_adult` whether the worry is
    about an adult in the organisation (from ABOUT_ADULT); `recorded_on` the day the
    answers were given, which their "when last seen" counts back from (today when None).
    Raises UnknownAnswer for an id or a 'when last seen' this checklist version does not
    have: guessing could lower a result.
    """
    if about_adult not in ABOUT_ADULT:
        raise UnknownAnswer(
            "The answer to whether the worry is about an adult here is not one this version knows."
        )
    needs = frozenset(n for n in needs if n in NEEDS)
    recorded_on = recorded_on or date.today()
    latest = _latest_answers(answers, checklist, recorded_on)
    act_now: list[Indicator] = []
    for item_id in danger:
        item = checklist.indicator(item_id)
        if item.tier != Tier.X:
            raise UnknownAnswer(
                f"{item_id} was given as danger now, but it is not an act-now item."
            )
        if item not in act_now:
            act_now.append(item)

    # Rule 2, recency: what each answer counts as now.
    counted: list[tuple[Indicator, str, str | None, IndicatorAnswer]] = []
    for item in checklist.indicators:  # checklist order, so reasons read in a steady order
        found = latest.get(item.id)
        if found is None:
            continue
        when, answer = found
        if item.tier == Tier.X:
            # Rule 1 comes before recency: an act-now answer always counts.
            if item not in act_now:
                act_now.append(item)
            continue
        counted.append((item, when, _effective_tier(item, when, checklist), answer))

    count = {t: 0 for t in TIER_ORDER}
    for _item, _when, effective, _a in counted:
        if effective is not None:
            count[effective] += 1
    score = sum(checklist.score_weights[e] for _i, _w, e, _a in counted if e is not None)
    history = tuple(item.id for item, _w, effective, _a in counted if effective is None)
    signs = [item for item, _w, e, _a in counted if e is not None and e != Tier.V] + act_now
    # "Probably being sexually exploited" only when a sign that counts says so (§3.8).
    sexual = not signs or any(item.exploitation == "sexual" for item in signs)
    nrm = any(item.exploitation == "criminal" for item in signs)

    # Rules 1 and 3-6: first match wins. The highest tier that counts decides...
    # (The tier is kept as its stored code, a plain string: it goes into the records.)
    tier = (
        Tier.X.value
        if act_now
        else next(
            (t.value for t in (Tier.THREE, Tier.TWO, Tier.ONE, Tier.V) if count[t]),
            Tier.NONE.value,
        )
    )
    # ...unless enough signs of one tier together count for more (rule 4's "5 or more").
    esc = checklist.count_escalation
    escalates = (
        tier != Tier.X
        and count[esc.tier] >= esc.count_at_least
        and tier_rank(esc.becomes) >= tier_rank(tier)
    )
    if escalates:
        tier = esc.becomes

    rule_reasons: list[str] = []
    if tier == Tier.X:
        rule_reasons.append("Any act-now answer means acting now, whatever else is ticked.")
    elif tier in (Tier.THREE, Tier.TWO) and count[tier]:
        rule_reasons.append(
            f"Any {SIGN[tier].split(' ', 1)[1]} that counts now makes this "
            f"a {checklist.results[tier].label.lower()}."
        )
    if escalates:
        rule_reasons.append(
            f"{count[esc.tier]} {SIGNS[esc.tier]} together count as a "
            f"{checklist.results[esc.becomes].label.lower()}."
        )
    elif tier == Tier.ONE:
        n = count[Tier.ONE]
        rule_reasons.append(
            "1 early-warning sign counts now, which gives an early warning."
            if n == 1
            else f"{n} early-warning signs count now (fewer than {esc.count_at_least}), which "
            "gives an early warning."
        )
    elif tier == Tier.V:
        rule_reasons.append(
            "Only background factors are ticked, so there are no current signs of exploitation."
        )
    elif tier == Tier.NONE:
        rule_reasons.append(
            "Nothing ticked counts now: older signs are kept in the history only."
            if counted
            else "Nothing was ticked."
        )

    # Rule 7, the floors (after rules 3-6; an act-now result is never lowered by them).
    ticked = {item.id for item, _w, effective, _a in counted if effective is not None}
    floors = tuple(
        (rule, condition)
        for rule in checklist.floor_rules
        if (condition := _floor_condition(rule, age, ticked, needs, checklist)) is not None
    )
    computed, always_refer, floor_reasons = _apply_floors(tier, floors, checklist)
    if age is None:
        # Say what a known age would change, so the lead can check it.
        for rule in checklist.floor_rules:
            if rule.age_under is not None and rule.raise_from == computed:
                floor_reasons.append(
                    f"The young person's age is not known: if they are under "
                    f"{rule.age_under}, this is a "
                    f"{checklist.results[rule.raise_to].label.lower()}."
                )
    if about_adult != "no":
        floor_reasons.append(vocabulary.LADO_REASON[about_adult])

    info = checklist.results[computed]
    return ScreeningResult(
        tier=computed,
        label=info.label,
        meaning=_meaning(computed, sexual),
        reasons=tuple(
            rule_reasons + floor_reasons + _answer_reasons(act_now, danger, counted, checklist)
        ),
        history_only=history,
        score=score,
        always_refer=always_refer,
        volunteer_actions=_volunteer_actions(computed, about_adult),
        lead_actions=_lead_actions(computed, always_refer, checklist, about_adult, nrm),
        rescreen=info.rescreen,
        notes=checklist.notes,
        computed_tier=computed,
        checklist_version=checklist.version,
        checklist=checklist,
        floors=floors,
        about_adult=about_adult,
        nrm=nrm,
        sexual=sexual,
    )


def _answer_reasons(
    act_now: Sequence[Indicator],
    danger: Sequence[str],
    counted: Sequence[tuple[Indicator, str, str | None, IndicatorAnswer]],
    checklist: Checklist,
) -> list[str]:
    """One sentence per answer: the ones that count most first, history last."""
    reasons = [
        f"{_named(item)} was answered yes: {SIGN[Tier.X]}."
        if item.id in danger
        else f"{_named(item)} was ticked: {SIGN[Tier.X]}."
        for item in act_now
    ]
    ordered = sorted(counted, key=lambda c: -tier_rank(c[2]) if c[2] else 1)
    for item, when, effective, answer in ordered:
        if item.tier == Tier.V:
            reasons.append(
                f"{_named(item)} is {SIGN[item.tier]}: it gives context, but is "
                "not a sign of exploitation on its own."
            )
            continue
        if not item.decays:
            reasons.append(
                f"{_named(item)} is {SIGN[item.tier]} that counts however long ago it happened."
            )
            continue
        if answer.when_last_seen == NOT_KNOWN:
            found = answer.found_out_on
            seen = (
                f"{_named(item)} has no date, and was found out "
                + (f"on {found:%d/%m/%Y}" if found else "when this was recorded")
                + f", so it counts as seen {_when_words(checklist, when)}"
            )
        else:
            seen = f"{_named(item)} was seen {_when_words(checklist, when)}"
        if effective is None:
            reasons.append(f"{seen}, so it is kept in the history but not counted.")
        elif effective == item.tier:
            reasons.append(f"{seen}: {SIGN[item.tier]}.")
        else:
            reasons.append(f"{seen}, so it counts one level lower, as {SIGN[effective]}.")
    return reasons


# -- a whole concern -------------------------------------------------------------------
def screen_concern(
    concern: Concern, *, record_needs: Collection[str] = (), checklist: Checklist | None = None
) -> ScreeningResult:
    """The result for a concern, with the checklist version it names, its recorded age
    and needs, and (for a concern on a young person's record) the needs recorded there.

    The one way every route works a tier out: the form, a letter being imported, a
    concern the lead records directly, and the lead's review. Recency counts back from
    the day the concern was started, so the same concern gives the same result on any
    later day.
    """
    checklist = checklist or load_checklist(concern.checklist_version)
    recorded_on = concern.created_at.date()
    person = concern.young_person
    age = person.age_on(concern.happened_on or recorded_on)
    return evaluate(
        concern.indicators,
        concern.danger,
        age,
        checklist,
        needs=(*person.needs, *record_needs),
        about_adult=concern.about_adult,
        recorded_on=recorded_on,
    )


# -- the lead's judgement --------------------------------------------------------------
def raise_tier(result: ScreeningResult, new_tier: str, reason: str) -> ScreeningResult:
    """The lead's judgement (§8.3 rule 9): the result at `new_tier`, with their reason.

    Never below the computed tier (TierTooLow); a change needs a reason (ReasonNeeded);
    the same tier changes nothing. The floor rules still apply to the tier chosen.
    """
    if new_tier not in TIER_ORDER:
        raise ValueError(f"unknown tier {new_tier!r}")
    if new_tier == result.tier:
        return result
    checklist = result.checklist
    if tier_rank(new_tier) < tier_rank(result.computed_tier):
        raise TierTooLow(
            checklist.results[result.computed_tier].label, checklist.results[new_tier].label
        )
    reason = reason.strip()
    if not reason:
        raise ReasonNeeded()
    floored, always_refer, floor_reasons = _apply_floors(new_tier, result.floors, checklist)
    before = checklist.results[result.tier].label
    after = checklist.results[new_tier].label
    info = checklist.results[floored]
    return replace(
        result,
        tier=floored,
        label=info.label,
        meaning=_meaning(floored, result.sexual),
        reasons=(
            *result.reasons,
            f"The designated lead changed the result from '{before}' to '{after}'. "
            f"Their reason: {reason}",
            *(floor_reasons if floored != new_tier else ()),
        ),
        always_refer=always_refer,
        volunteer_actions=_volunteer_actions(floored, result.about_adult),
        lead_actions=_lead_actions(
            floored, always_refer, checklist, result.about_adult, result.nrm
        ),
        rescreen=info.rescreen,
        override_reason=reason,
    )

"""The screening rule (domain/cse-facts.md §8.3): answers in, one tier out, with the
reasons in plain sentences. Pure and deterministic: the same answers always give the
same result, and nothing here reads the clock, the disk or the settings.

First match wins, top to bottom:
 1. any act-now item (from `danger`, or an X answer) -> act now;
 2. recency: within 6 months counts at its own tier, 6-12 months one tier lower (an
    early-warning sign then drops to history), over 12 months is history only; the
    background (V) items are context and never decay;
 3. any current serious sign -> serious;
 4. any current significant sign, or 5+ current early-warning signs -> significant;
 5. 1-4 current early-warning signs -> early warning;
 6. only background factors -> vulnerable; nothing that counts -> "none".
Then the floor rules: under 13, or V05 ticked, never rests at early warning, and a
referral is always recommended once there is any sign. Age 16 or 17 never lowers.
The lead may raise the result (`raise_tier`) with a reason, never lower it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.concern.model import WHEN_LAST_SEEN, IndicatorAnswer
from app.errors import AppError, InvalidInput
from app.screening.checklist import (
    TIER_ORDER,
    Checklist,
    FloorRule,
    Indicator,
    TierInfo,
    UnknownAnswer,
    tier_rank,
)

# How an item of each tier is named in a reason.
SIGN = {
    "V": "a background factor",
    "1": "an early-warning sign",
    "2": "a significant sign",
    "3": "a serious sign",
    "X": "an act-now sign",
}
SIGNS = {"1": "early-warning signs", "2": "significant signs", "3": "serious signs"}
_LOWER = {"3": "2", "2": "1", "1": None, "V": None}  # one tier lower; None: history only
REFERRAL = "a referral to children's social care is always recommended"


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

    @property
    def changed_by_lead(self) -> bool:
        return self.tier != self.computed_tier


# -- evaluating ------------------------------------------------------------------------
def _when_words(checklist: Checklist, when: str) -> str:
    current, historic = checklist.current_months, checklist.historic_months
    return {
        "within-6-months": f"within the last {current} months",
        "6-12-months": f"{current}–{historic} months ago",
        "over-12-months": f"more than {historic} months ago",
    }[when]


def _named(item: Indicator) -> str:
    return f"{item.id} '{item.short}'"


def _latest_answers(answers: Sequence[IndicatorAnswer], checklist: Checklist
                    ) -> dict[str, str]:
    """id -> the most recent when_last_seen: a sign ticked twice counts once, as its
    newest sighting (so a duplicate can never lower or double-count anything)."""
    latest: dict[str, str] = {}
    for answer in answers:
        checklist.indicator(answer.indicator_id)  # UnknownIndicator if not in this version
        when = answer.when_last_seen
        if when not in WHEN_LAST_SEEN:
            raise UnknownAnswer(
                f"An answer for {answer.indicator_id} has a 'when last seen' of "
                f"{str(when)[:20]!r}, which this version does not know."
            )
        before = latest.get(answer.indicator_id)
        if before is None or WHEN_LAST_SEEN.index(when) < WHEN_LAST_SEEN.index(before):
            latest[answer.indicator_id] = when
    return latest


def _effective_tier(item: Indicator, when: str, checklist: Checklist) -> str | None:
    """The tier an answer counts at now, or None when it is history only."""
    if item.tier not in checklist.recency_tiers:
        return item.tier
    effect = checklist.recency_counts[when]
    if effect == "own-tier":
        return item.tier
    if effect == "one-tier-lower":
        return _LOWER[item.tier]
    return None


def _floor_condition(rule: FloorRule, age: int | None, ticked: set[str],
                     checklist: Checklist) -> str | None:
    """The reason wording when the rule's condition holds for this young person."""
    if rule.age_under is not None:
        if age is not None and age < rule.age_under:
            return f"The young person is under {rule.age_under}"
        return None
    if rule.indicator in ticked:
        return f"{_named(checklist.indicator(rule.indicator))} is ticked"
    return None


def _apply_floors(tier: str, floors: Sequence[tuple[FloorRule, str]], checklist: Checklist
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


def _actions(info: TierInfo, always_refer: bool, checklist: Checklist) -> tuple[str, ...]:
    if always_refer:
        return (checklist.always_refer_action, *info.lead_actions)
    return info.lead_actions


def evaluate(answers: Sequence[IndicatorAnswer], danger: Sequence[str], age: int | None,
             checklist: Checklist) -> ScreeningResult:
    """The screening result for these answers (§8.3), explained.

    `danger` holds the act-now ids answered yes; `age` is the young person's age in
    whole years on the day, or None when not known. Raises UnknownAnswer for an id or a
    'when last seen' this checklist version does not have: guessing could lower a result.
    """
    latest = _latest_answers(answers, checklist)
    act_now: list[Indicator] = []
    for item_id in danger:
        item = checklist.indicator(item_id)
        if item.tier != "X":
            raise UnknownAnswer(f"{item_id} was given as danger now, but it is not an "
                                "act-now item.")
        if item not in act_now:
            act_now.append(item)

    # Rule 2, recency: what each answer counts as now.
    counted: list[tuple[Indicator, str, str | None]] = []  # item, when, effective tier
    for item in checklist.indicators:  # checklist order, so reasons read in a steady order
        when = latest.get(item.id)
        if when is None:
            continue
        if item.tier == "X":
            # Rule 1 comes before recency: an act-now answer always counts.
            if item not in act_now:
                act_now.append(item)
            continue
        counted.append((item, when, _effective_tier(item, when, checklist)))

    count = {t: 0 for t in TIER_ORDER}
    for _item, _when, effective in counted:
        if effective is not None:
            count[effective] += 1
    score = sum(checklist.score_weights[e] for _i, _w, e in counted if e is not None)
    history = tuple(item.id for item, _w, effective in counted if effective is None)

    # Rules 1 and 3-6: first match wins. The highest tier that counts decides...
    tier = "X" if act_now else next((t for t in ("3", "2", "1", "V") if count[t]), "none")
    # ...unless enough signs of one tier together count for more (rule 4's "5 or more").
    esc = checklist.count_escalation
    escalates = (tier != "X" and count[esc.tier] >= esc.count_at_least
                 and tier_rank(esc.becomes) >= tier_rank(tier))
    if escalates:
        tier = esc.becomes

    rule_reasons: list[str] = []
    if tier == "X":
        rule_reasons.append("Any act-now answer means acting now, whatever else is ticked.")
    elif tier in ("3", "2") and count[tier]:
        rule_reasons.append(f"Any {SIGN[tier].split(' ', 1)[1]} that counts now makes this "
                            f"a {checklist.results[tier].label.lower()}.")
    if escalates:
        rule_reasons.append(f"{count[esc.tier]} {SIGNS[esc.tier]} together count as a "
                            f"{checklist.results[esc.becomes].label.lower()}.")
    elif tier == "1":
        n = count["1"]
        rule_reasons.append(
            "1 early-warning sign counts now, which gives an early warning." if n == 1 else
            f"{n} early-warning signs count now (fewer than {esc.count_at_least}), which "
            "gives an early warning."
        )
    elif tier == "V":
        rule_reasons.append("Only background factors are ticked, so there are no current "
                            "signs of exploitation.")
    elif tier == "none":
        rule_reasons.append("Nothing ticked counts now: older signs are kept in the history "
                            "only." if counted else "Nothing was ticked.")

    # Rule 7, the floors (after rules 3-6; an act-now result is never lowered by them).
    ticked = {item.id for item, _w, effective in counted if effective is not None}
    floors = tuple(
        (rule, condition) for rule in checklist.floor_rules
        if (condition := _floor_condition(rule, age, ticked, checklist)) is not None
    )
    computed, always_refer, floor_reasons = _apply_floors(tier, floors, checklist)
    if age is None:
        # Say what a known age would change, so the lead can check it.
        for rule in checklist.floor_rules:
            if rule.age_under is not None and rule.raise_from == computed:
                floor_reasons.append(
                    f"The young person's age is not known: if they are under "
                    f"{rule.age_under}, this is a "
                    f"{checklist.results[rule.raise_to].label.lower()}.")

    info = checklist.results[computed]
    return ScreeningResult(
        tier=computed,
        label=info.label,
        meaning=info.meaning,
        reasons=tuple(rule_reasons + floor_reasons
                      + _answer_reasons(act_now, danger, counted, checklist)),
        history_only=history,
        score=score,
        always_refer=always_refer,
        volunteer_actions=info.volunteer_actions,
        lead_actions=_actions(info, always_refer, checklist),
        rescreen=info.rescreen,
        notes=checklist.notes,
        computed_tier=computed,
        checklist_version=checklist.version,
        checklist=checklist,
        floors=floors,
    )


def _answer_reasons(act_now: Sequence[Indicator], danger: Sequence[str],
                    counted: Sequence[tuple[Indicator, str, str | None]],
                    checklist: Checklist) -> list[str]:
    """One sentence per answer: the ones that count most first, history last."""
    reasons = [
        f"{_named(item)} was answered yes: {SIGN['X']}." if item.id in danger else
        f"{_named(item)} was ticked: {SIGN['X']}."
        for item in act_now
    ]
    ordered = sorted(counted, key=lambda c: -tier_rank(c[2]) if c[2] else 1)
    for item, when, effective in ordered:
        if item.tier not in checklist.recency_tiers:
            reasons.append(f"{_named(item)} is {SIGN[item.tier]}: it gives context, but is "
                           "not a sign of exploitation on its own.")
            continue
        seen = f"{_named(item)} was seen {_when_words(checklist, when)}"
        if effective is None:
            reasons.append(f"{seen}, so it is kept in the history but not counted.")
        elif effective == item.tier:
            reasons.append(f"{seen}: {SIGN[item.tier]}.")
        else:
            reasons.append(f"{seen}, so it counts one level lower, as {SIGN[effective]}.")
    return reasons


# -- the lead's judgement --------------------------------------------------------------
def raise_tier(result: ScreeningResult, new_tier: str, reason: str) -> ScreeningResult:
    """The lead's judgement (§8.3 rule 8): the result at `new_tier`, with their reason.

    Never below the computed tier (TierTooLow); a change needs a reason (ReasonNeeded);
    the same tier changes nothing. The floor rules still apply to the tier chosen.
    """
    if new_tier not in TIER_ORDER:
        raise ValueError(f"unknown tier {new_tier!r}")
    if new_tier == result.tier:
        return result
    checklist = result.checklist
    if tier_rank(new_tier) < tier_rank(result.computed_tier):
        raise TierTooLow(checklist.results[result.computed_tier].label,
                         checklist.results[new_tier].label)
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
        meaning=info.meaning,
        reasons=(*result.reasons,
                 f"The designated lead changed the result from '{before}' to '{after}'. "
                 f"Their reason: {reason}",
                 *(floor_reasons if floored != new_tier else ())),
        always_refer=always_refer,
        volunteer_actions=info.volunteer_actions,
        lead_actions=_actions(info, always_refer, checklist),
        rescreen=info.rescreen,
        override_reason=reason,
    )

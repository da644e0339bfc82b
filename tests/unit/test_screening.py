"""The screening checklist file and the rule of domain/cse-facts.md §8.3.

Table rows pin each rule with an example; the property tests pin the safety promises
(more signs never lower the result, older signs never raise it, the floors hold, and the
lead can raise but never lower)."""

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.concern.model import WHEN_LAST_SEEN, IndicatorAnswer
from app.errors import AppError, InvalidInput
from app.screening.checklist import (
    TIER_ORDER,
    ChecklistError,
    UnknownAnswer,
    UnknownIndicator,
    checklist_path,
    help_topic_ids,
    load_checklist,
    parse_checklist,
    tier_rank,
)
from app.screening.rules import ReasonNeeded, TierTooLow, evaluate, raise_tier

ROOT = Path(__file__).parents[2]
CHECKLIST = load_checklist()
RAW = json.loads(checklist_path(1).read_text(encoding="utf-8"))
NOW, OLDER, OLD, NOT_SURE = WHEN_LAST_SEEN  # within 6, 6–12, over 12 months; not sure
NON_X = [i.id for i in CHECKLIST.indicators if i.tier != "X"]
X_IDS = [i.id for i in CHECKLIST.in_tier("X")]
T1 = [i.id for i in CHECKLIST.in_tier("1")]
# Words that blame the child, or describe abuse as a choice (as in test_help_content).
BLAMING = re.compile(r"prostitut|promiscu|risky lifestyle|bad choices|child consented|"
                     r"consented to", re.IGNORECASE)


def a(indicator_id, when=NOW):
    return IndicatorAnswer(indicator_id, when_last_seen=when)


def screen(answers=(), danger=(), age=14):
    return evaluate(list(answers), list(danger), age, CHECKLIST)


# -- the file --------------------------------------------------------------------------
def test_the_checklist_has_all_57_items_in_order():
    ids = [i.id for i in CHECKLIST.indicators]
    expected = ([f"V{n:02}" for n in range(1, 11)]
                + [f"T{t}-{n:02}" for t in (1, 2, 3) for n in range(1, 15)]
                + [f"X{n:02}" for n in range(1, 6)])
    assert ids == expected
    assert len(ids) == 57


def test_counts_per_tier():
    counts = {t: len(CHECKLIST.in_tier(t)) for t in ("V", "1", "2", "3", "X")}
    assert counts == {"V": 10, "1": 14, "2": 14, "3": 14, "X": 5}


def test_every_help_topic_exists_as_a_help_file():
    for item in CHECKLIST.indicators:
        assert (ROOT / "resources" / "help" / f"{item.help_topic}.md").is_file(), item.id


def test_items_are_written_for_volunteers():
    for item in CHECKLIST.indicators:
        assert item.text.endswith("."), item.id
        assert len(item.text) <= 160, item.id
        assert not BLAMING.search(item.text + item.hint), item.id
        assert item.domain in RAW["domains"]
    assert CHECKLIST.indicator("V05").hint, "V05 says that it raises early warning"


def test_every_tier_has_its_result_and_actions():
    labels = {t: CHECKLIST.results[t].label for t in TIER_ORDER}
    assert labels["X"] == "Act now: immediate danger"
    assert labels["3"] == "Serious concern"
    assert labels["2"] == "Significant concern"
    assert labels["1"] == "Early warning"
    assert labels["V"] == "Vulnerable, no current signs of exploitation"
    for tier in TIER_ORDER:
        info = CHECKLIST.results[tier]
        assert info.meaning and info.volunteer_actions and info.lead_actions and info.rescreen
        for text in (info.meaning, *info.volunteer_actions, *info.lead_actions):
            assert not BLAMING.search(text)
            # Area numbers come from Settings; only 999 and 101 are national.
            assert not re.search(r"\d{4}", text.replace("999", "").replace("101", "")), text
    assert any("999" in x for x in CHECKLIST.results["X"].volunteer_actions)
    assert any("101" in x for x in CHECKLIST.results["3"].lead_actions)
    assert any("copy" in x for x in CHECKLIST.results["X"].volunteer_actions)


def test_the_notes_shown_with_every_result():
    notes = " ".join(CHECKLIST.notes)
    for needed in ("No signs ticked does not mean there is no exploitation.",
                   "This does not replace talking to your designated lead.",
                   "LADO", "Childline", "0800 1111", "116 000", "NSPCC", "0808 800 5000"):
        assert needed in notes
    for tier_answers in ([], [a("V01")], [a("T1-01")], [a("T2-01")], [a("T3-01")]):
        assert screen(tier_answers).notes == CHECKLIST.notes


def test_the_rule_data_says_what_section_8_says():
    assert CHECKLIST.recency_counts == {NOW: "own-tier", OLDER: "one-tier-lower",
                                        OLD: "history-only"}
    assert CHECKLIST.recency_tiers == {"1", "2", "3"}  # V never decays
    esc = CHECKLIST.count_escalation
    assert (esc.tier, esc.count_at_least, esc.becomes) == ("1", 5, "2")
    floors = {(f.age_under, f.indicator, f.raise_from, f.raise_to)
              for f in CHECKLIST.floor_rules}
    assert floors == {(13, None, "1", "2"), (None, "V05", "1", "2")}
    assert dict(CHECKLIST.score_weights) == {"V": 1, "1": 1, "2": 3, "3": 5}


# -- loading by version, and malformed files -------------------------------------------
def test_loading_is_cached_and_by_version():
    assert load_checklist(1) is load_checklist()
    assert CHECKLIST.version == 1


def test_an_old_version_stays_loadable_by_number(tmp_path):
    shutil.copy(checklist_path(1), tmp_path / "cse-screening-v1.json")
    newer = copy.deepcopy(RAW)
    newer["version"] = 2
    (tmp_path / "cse-screening-v2.json").write_text(json.dumps(newer), encoding="utf-8")
    assert load_checklist(1, tmp_path).version == 1
    assert load_checklist(2, tmp_path).version == 2
    # A stored answer is evaluated against the version it was given with.
    assert evaluate([a("T1-01")], [], 14, load_checklist(1, tmp_path)).checklist_version == 1


def test_a_missing_version_is_a_clear_error(tmp_path):
    with pytest.raises(ChecklistError, match="version 7 is not installed"):
        load_checklist(7, tmp_path)


def test_a_file_claiming_another_version_is_refused(tmp_path):
    shutil.copy(checklist_path(1), tmp_path / "cse-screening-v3.json")
    with pytest.raises(ChecklistError, match="says it is version 1, not version 3"):
        load_checklist(3, tmp_path)


def test_broken_json_is_a_clear_error(tmp_path):
    (tmp_path / "cse-screening-v4.json").write_text('{"version": 4,', encoding="utf-8")
    with pytest.raises(ChecklistError, match="not valid JSON"):
        load_checklist(4, tmp_path)


def _item(data, item_id):
    return next(i for i in data["indicators"] if i["id"] == item_id)


def _duplicate(d):
    d["indicators"].append(dict(_item(d, "T2-01")))


def _drop_result(d):
    del d["results"]["V"]


MALFORMED = [
    ("duplicate id", _duplicate, "T2-01: this id is used twice"),
    ("unknown tier", lambda d: _item(d, "T2-01").update(tier="4"), "unknown tier '4'"),
    ("id and tier disagree", lambda d: _item(d, "T2-01").update(tier="3"),
     "does not match tier '3'"),
    ("missing help topic", lambda d: _item(d, "T1-01").update(help_topic="no-such-page"),
     "help topic 'no-such-page' does not exist"),
    ("misspelt key", lambda d: _item(d, "T1-01").update(hlep="x"), "unknown key hlep"),
    ("missing text", lambda d: _item(d, "T1-01").pop("text"), "missing text"),
    ("empty text", lambda d: _item(d, "T1-01").update(text="  "), "should be some text"),
    ("unknown domain", lambda d: _item(d, "T1-01").update(domain="misc"), "domain 'misc'"),
    ("missing tier result", _drop_result, "results: missing V"),
    ("phone number in an action",
     lambda d: d["results"]["2"]["lead_actions"].append("Phone 0116 454 1004."),
     "phone numbers"),
    ("unknown recency effect",
     lambda d: d["recency"]["counts"].update({"6-12-months": "half"}), "unknown effect"),
    ("older counts for more",
     lambda d: d["recency"]["counts"].update({"within-6-months": "one-tier-lower",
                                              "6-12-months": "own-tier"}),
     "older answer would count for more"),
    ("floor on an unknown item",
     lambda d: d["floor_rules"][1]["when"].update(indicator="V99"), "no item 'V99'"),
    ("floor that lowers", lambda d: d["floor_rules"][0].update(raise_to="V"),
     "must raise the tier"),
    ("escalation that lowers", lambda d: d["count_escalation"].update(becomes="1"),
     "must raise the tier"),
    ("no act-now items",
     lambda d: d.update(indicators=[i for i in d["indicators"] if i["tier"] != "X"]),
     "no item in tier 'X'"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _n, c, m in MALFORMED],
                         ids=[n for n, _c, _m in MALFORMED])
def test_a_malformed_checklist_is_refused_with_a_clear_error(change, message):
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(ChecklistError, match=re.escape(message)) as caught:
        parse_checklist(data, help_topics=help_topic_ids(), name="test.json")
    assert str(caught.value).startswith("test.json: ")
    assert isinstance(caught.value, AppError)


def test_the_shipped_file_parses_unchanged():
    assert parse_checklist(copy.deepcopy(RAW), help_topics=help_topic_ids()).version == 1


# -- the rule, one row per step of §8.3 ------------------------------------------------
RULES = [
    # (name, answers, danger, age, tier, a fragment of the reasons)
    ("1: act now from the danger step", [], ["X01"], 14, "X", "Any act-now answer"),
    ("1: act now from an X answer", [a("X03")], [], 14, "X", "X03"),
    ("1: act now before recency", [a("X04", OLD)], [], 14, "X", "act-now sign"),
    ("1: act now beats serious", [a("T3-01")], ["X05"], 15, "X", "whatever else is ticked"),
    ("2: serious 6-12 months counts as significant", [a("T3-04", OLDER)], [], 14, "2",
     "T3-04 'Goes missing repeatedly…' was seen 6–12 months ago, so it counts one level "
     "lower, as a significant sign."),
    ("2: significant 6-12 months counts as early warning", [a("T2-01", OLDER)], [], 14, "1",
     "counts one level lower, as an early-warning sign"),
    ("2: early warning 6-12 months is history only", [a("T1-01", OLDER)], [], 14, "none",
     "kept in the history but not counted"),
    ("2: serious over 12 months is history only", [a("T3-01", OLD)], [], 14, "none",
     "more than 12 months ago"),
    ("2: background factors never decay", [a("V02", OLD)], [], 14, "V",
     "Only background factors"),
    ("3: a current serious sign", [a("T3-14")], [], 14, "3",
     "Any serious sign that counts now makes this a serious concern."),
    ("3: serious beats many early-warning signs", [a("T3-02"), *map(a, T1[:6])], [], 14,
     "3", "a serious sign"),
    ("4: a current significant sign", [a("T2-01")], [], 14, "2",
     "T2-01 'Has gone missing from home or care…' was seen within the last 6 months: "
     "a significant sign."),
    ("4: five early-warning signs", [*map(a, T1[:5])], [], 14, "2",
     "5 early-warning signs together count as a significant concern."),
    ("4: a decayed significant sign makes the fifth", [*map(a, T1[:4]), a("T2-07", OLDER)],
     [], 14, "2", "5 early-warning signs together"),
    ("4: history does not make the fifth", [*map(a, T1[:4]), a("T1-05", OLDER)], [], 14,
     "1", "4 early-warning signs count now (fewer than 5)"),
    ("5: one early-warning sign", [a("T1-07")], [], 14, "1",
     "1 early-warning sign counts now"),
    ("5: four early-warning signs", [*map(a, T1[:4])], [], 14, "1", "fewer than 5"),
    ("6: only background factors", [a("V01"), a("V07")], [], 14, "V",
     "is a background factor: it gives context"),
    ("6: background plus history", [a("V03"), a("T2-05", OLD)], [], 14, "V",
     "T2-05 'Has more than one phone or SIM…' was seen more than 12 months ago"),
    ("nothing ticked", [], [], 14, "none", "Nothing was ticked."),
    ("7: under 13 raises early warning", [a("T1-01")], [], 12, "2",
     "The young person is under 13, so a result of early warning is raised to significant "
     "concern"),
    ("7: 13 is not under 13", [a("T1-01")], [], 13, "1", "1 early-warning sign"),
    ("7: V05 raises early warning", [a("V05"), a("T1-01")], [], 15, "2",
     "V05 'Has a learning disability…' is ticked, so a result of early warning is raised"),
    ("7: V05 counts however long ago", [a("V05", OLD), a("T1-01")], [], 15, "2", "V05"),
    ("7: the floor does not touch vulnerable only", [a("V05")], [], 11, "V",
     "Only background factors"),
    ("7: the floor does not touch nothing", [], [], 9, "none", "Nothing was ticked."),
    ("7: under 13 with a significant sign", [a("T2-02")], [], 12, "2",
     "a referral to children's social care is always recommended"),
    ("7: age 16 never lowers serious", [a("T3-07")], [], 16, "3", "a serious sign"),
    ("7: age 17 never lowers early warning", [a("T1-12")], [], 17, "1", "early-warning"),
    ("7: age unknown is said", [a("T1-12")], [], None, "1",
     "The young person's age is not known: if they are under 13, this is a significant "
     "concern."),
]


@pytest.mark.parametrize(("answers", "danger", "age", "tier", "fragment"),
                         [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_the_rule(answers, danger, age, tier, fragment):
    result = screen(answers, danger, age)
    assert result.tier == tier
    assert result.computed_tier == tier
    assert result.label == CHECKLIST.results[tier].label
    assert fragment in " ".join(result.reasons), result.reasons


REFERRALS = [
    # (name, answers, danger, age, always_refer)
    ("under 13, early warning", [a("T1-01")], [], 12, True),
    ("under 13, serious", [a("T3-01")], [], 10, True),
    ("under 13, act now", [], ["X02"], 12, True),
    ("V05, significant", [a("V05"), a("T2-01")], [], 15, True),
    ("under 13, background only", [a("V02")], [], 12, False),
    ("V05 alone", [a("V05")], [], 15, False),
    ("under 13, only history", [a("T2-01", OLD)], [], 12, False),
    ("14, early warning", [a("T1-01")], [], 14, False),
    ("age unknown, early warning", [a("T1-01")], [], None, False),
]


@pytest.mark.parametrize(("answers", "danger", "age", "refer"), [r[1:] for r in REFERRALS],
                         ids=[r[0] for r in REFERRALS])
def test_always_refer(answers, danger, age, refer):
    result = screen(answers, danger, age)
    assert result.always_refer is refer
    assert (CHECKLIST.always_refer_action in result.lead_actions) is refer
    assert ("always recommended" in " ".join(result.reasons)) is refer


def test_history_and_score():
    result = screen([a("V01"), a("T1-01"), a("T1-02", OLDER), a("T2-01"), a("T2-02", OLDER),
                     a("T3-01", OLDER), a("T3-02", OLD)])
    assert result.history_only == ("T1-02", "T3-02")
    # V 1 + T1 1 + T2 3 + (T2 as T1) 1 + (T3 as T2) 3; history scores nothing.
    assert result.score == 9
    assert result.tier == "2"


def test_the_score_never_decides():
    # Six background factors score 6, more than a significant sign's 3, and stay vulnerable.
    assert screen([a(f"V0{n}") for n in range(1, 7)]).tier == "V"


def test_a_sign_ticked_twice_counts_once_at_its_newest():
    result = screen([a("T3-01", OLD), a("T3-01", NOW)])
    assert result.tier == "3" and result.score == 5 and result.history_only == ()
    assert screen([a("T1-01"), a("T1-01"), a("T1-01"), a("T1-01"), a("T1-01")]).tier == "1"


def test_actions_follow_the_tier():
    for answers, danger, tier in (([], ["X01"], "X"), ([a("T3-01")], [], "3"),
                                  ([a("T2-01")], [], "2"), ([a("T1-01")], [], "1"),
                                  ([a("V01")], [], "V"), ([], [], "none")):
        result = screen(answers, danger)
        info = CHECKLIST.results[tier]
        assert result.volunteer_actions == info.volunteer_actions
        assert result.lead_actions == info.lead_actions
        assert result.rescreen == info.rescreen and result.meaning == info.meaning


def test_unknown_answers_are_refused_not_skipped():
    with pytest.raises(UnknownIndicator, match="T9-99"):
        screen([a("T9-99")])
    with pytest.raises(UnknownAnswer, match="not an act-now item"):
        screen([], ["T3-01"])
    with pytest.raises(UnknownAnswer, match="when last seen"):
        screen([a("T1-01", "last-week")])


# -- the lead's judgement --------------------------------------------------------------
def test_the_lead_can_raise_with_a_reason():
    computed = screen([a("T1-01")])
    raised = raise_tier(computed, "3", "  Seen getting into a car with two adult men.  ")
    assert raised.tier == "3" and raised.computed_tier == "1"
    assert raised.label == "Serious concern"
    assert raised.override_reason == "Seen getting into a car with two adult men."
    assert raised.changed_by_lead and not computed.changed_by_lead
    assert raised.reasons[:-1] == computed.reasons
    assert "from 'Early warning' to 'Serious concern'" in raised.reasons[-1]
    assert raised.lead_actions == CHECKLIST.results["3"].lead_actions


def test_the_lead_cannot_lower():
    computed = screen([a("T2-01")])
    with pytest.raises(TierTooLow) as caught:
        raise_tier(computed, "1", "They seem fine now.")
    assert isinstance(caught.value, AppError)
    assert "cannot be set to Early warning" in caught.value.message
    assert caught.value.help_topic == "screening-checklist"
    raised = raise_tier(computed, "3", "A reason.")
    with pytest.raises(TierTooLow):
        raise_tier(raised, "1", "Changed my mind.")  # still judged against the computed tier


def test_a_change_needs_a_reason_and_the_same_tier_is_a_no_op():
    computed = screen([a("T1-01")])
    for empty in ("", "   ", "\n"):
        with pytest.raises(ReasonNeeded) as caught:
            raise_tier(computed, "2", empty)
        assert isinstance(caught.value, InvalidInput)
        assert ReasonNeeded.FIELD in caught.value.fields
    assert raise_tier(computed, "1", "") is computed


def test_the_floor_applies_to_the_tier_the_lead_chooses():
    computed = screen([a("V02")], age=11)
    raised = raise_tier(computed, "1", "Older men hang around the club at closing time.")
    assert raised.tier == "2" and raised.always_refer


# -- properties ------------------------------------------------------------------------
answers_st = st.dictionaries(st.sampled_from(NON_X), st.sampled_from(WHEN_LAST_SEEN),
                             max_size=20)
danger_st = st.lists(st.sampled_from(X_IDS), max_size=1)
age_st = st.none() | st.integers(min_value=0, max_value=17)


def _evaluate(answers: dict[str, str], danger, age):
    return evaluate([a(i, w) for i, w in answers.items()], danger, age, CHECKLIST)


@given(answers_st, danger_st, age_st, st.data())
def test_ticking_one_more_item_never_lowers_the_tier(answers, danger, age, data):
    before = _evaluate(answers, danger, age)
    extra = data.draw(st.sampled_from([i.id for i in CHECKLIST.indicators
                                       if i.id not in answers]))
    when = data.draw(st.sampled_from(WHEN_LAST_SEEN))
    after = _evaluate({**answers, extra: when}, danger, age)
    assert tier_rank(after.tier) >= tier_rank(before.tier)
    more_danger = _evaluate(answers, [*danger, data.draw(st.sampled_from(X_IDS))], age)
    assert more_danger.tier == "X"


@given(answers_st.filter(bool), danger_st, age_st, st.data())
def test_an_older_sighting_never_raises_the_tier(answers, danger, age, data):
    item = data.draw(st.sampled_from(sorted(answers)))
    newer = WHEN_LAST_SEEN.index(answers[item])
    older = data.draw(st.sampled_from(WHEN_LAST_SEEN[newer:]))
    before = _evaluate(answers, danger, age)
    after = _evaluate({**answers, item: older}, danger, age)
    assert tier_rank(after.tier) <= tier_rank(before.tier)
    assert after.score <= before.score


@given(answers_st, danger_st, st.integers(min_value=0, max_value=12))
def test_under_13_never_rests_at_early_warning(answers, danger, age):
    assert _evaluate(answers, danger, age).tier != "1"


@given(answers_st, danger_st, age_st, st.sampled_from(WHEN_LAST_SEEN))
def test_v05_never_rests_at_early_warning(answers, danger, age, when):
    assert _evaluate({**answers, "V05": when}, danger, age).tier != "1"


@given(answers_st, danger_st, st.integers(min_value=13, max_value=17))
def test_age_13_to_17_never_lowers(answers, danger, age):
    unknown = _evaluate(answers, danger, None)
    assert _evaluate(answers, danger, age).tier == unknown.tier


@given(answers_st, danger_st, age_st, st.randoms())
def test_the_order_of_answers_does_not_matter(answers, danger, age, rnd):
    shuffled = list(answers.items())
    rnd.shuffle(shuffled)
    assert _evaluate(dict(shuffled), danger, age) == _evaluate(answers, danger, age)


@given(answers_st, danger_st, age_st, st.sampled_from(TIER_ORDER), st.text(max_size=30))
def test_raise_tier_never_goes_below_computed_and_needs_a_reason(answers, danger, age,
                                                                  target, reason):
    computed = _evaluate(answers, danger, age)
    if target == computed.tier:
        assert raise_tier(computed, target, reason) is computed
    elif tier_rank(target) < tier_rank(computed.tier):
        with pytest.raises(TierTooLow):
            raise_tier(computed, target, reason)
    elif not reason.strip():
        with pytest.raises(ReasonNeeded):
            raise_tier(computed, target, reason)
    else:
        raised = raise_tier(computed, target, reason)
        assert tier_rank(raised.tier) >= tier_rank(target) > tier_rank(computed.tier)
        assert raised.computed_tier == computed.tier
        assert raised.override_reason == reason.strip()
        assert raised.always_refer >= computed.always_refer

"""The screening checklist files and the rule of domain/cse-facts.md §8.3 (as corrected).

Table rows pin each rule with an example on the newest checklist; the property tests pin
the safety promises (more signs never lower the result, older signs never raise it,
disclosures never fade, the floors hold, a worry about an adult always adds the LADO
route, and the lead can raise but never lower). Version 1 is pinned too: an old record's
result never changes silently. The situations a volunteer meets are in
tests/unit/screening/."""

import copy
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import AppError, InvalidInput
from app.intake.concern.model import WHEN_LAST_SEEN, IndicatorAnswer
from app.screening import vocabulary
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

ROOT = Path(__file__).parents[3]
CHECKLIST = load_checklist()
V1 = load_checklist(1)
RAW = json.loads(checklist_path(CHECKLIST.version).read_text(encoding="utf-8"))
RAW1 = json.loads(checklist_path(1).read_text(encoding="utf-8"))
NOW, OLDER, OLD, NOT_SURE = WHEN_LAST_SEEN  # within 6, 6–12, over 12 months; not sure
DATED = (NOW, OLDER, OLD)
DAY = date(2026, 12, 2)  # the day the answers are given
# Never fade, whatever their date (§8.3 rule 2): disclosures, image blackmail, an adult
# with sexual offending history, sexual activity under 13, a report by someone else.
NEVER_DECAY = ("T3-01", "T3-02", "T3-03", "T3-08", "T3-12", "T3-13", "T3-14")
NON_X = [i.id for i in CHECKLIST.indicators if i.tier != "X"]
X_IDS = [i.id for i in CHECKLIST.in_tier("X")]
T1 = [i.id for i in CHECKLIST.in_tier("1")]
# Words that blame the child, or describe abuse as a choice (as in test_help_content).
BLAMING = re.compile(
    r"prostitut|promiscu|risky lifestyle|bad choices|child consented|"
    r"consented to",
    re.IGNORECASE,
)


def a(indicator_id, when=NOW, found_out_on=None):
    return IndicatorAnswer(indicator_id, when_last_seen=when, found_out_on=found_out_on)


def screen(answers=(), danger=(), age=14, checklist=CHECKLIST, **facts):
    return evaluate(list(answers), list(danger), age, checklist, recorded_on=DAY, **facts)


# -- the file --------------------------------------------------------------------------
V1_IDS = (
    [f"V{n:02}" for n in range(1, 11)]
    + [f"T{t}-{n:02}" for t in (1, 2, 3) for n in range(1, 15)]
    + [f"X{n:02}" for n in range(1, 6)]
)


def test_version_1_has_its_57_items_in_order():
    assert [i.id for i in V1.indicators] == V1_IDS
    counts = {t: len(V1.in_tier(t)) for t in ("V", "1", "2", "3", "X")}
    assert counts == {"V": 10, "1": 14, "2": 14, "3": 14, "X": 5}


def test_the_newest_version_keeps_every_item_of_version_1_at_its_tier():
    # So an old record can be screened again with the same answers.
    assert CHECKLIST.version == 2
    for old in V1.indicators:
        assert CHECKLIST.indicator(old.id).tier == old.tier, old.id
    ids = [i.id for i in CHECKLIST.indicators]
    assert [i for i in ids if i in V1_IDS] == V1_IDS  # in the same order


def test_what_never_decays_is_marked_so():
    for item_id in NEVER_DECAY:
        assert not CHECKLIST.indicator(item_id).decays, item_id
    for item in CHECKLIST.indicators:
        if item.domain == "disclosure" or item.tier in ("X", "V"):
            assert not item.decays, item.id
    assert CHECKLIST.indicator("T3-04").decays and CHECKLIST.indicator("T1-01").decays


def test_every_item_carries_its_sources():
    for item in CHECKLIST.indicators:
        assert item.source_refs, item.id
        for ref in item.source_refs:
            assert ref.split(":")[0] in CHECKLIST.source_names, (item.id, ref)


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
    # The words come from the vocabulary, whatever the version.
    for tier in TIER_ORDER:
        assert V1.results[tier] == CHECKLIST.results[tier]
        assert CHECKLIST.results[tier].label == vocabulary.label(tier)
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
    for needed in (
        "No signs ticked does not mean there is no exploitation.",
        "This does not replace talking to your designated lead.",
        "Childline",
        "0800 1111",
        "116 000",
        "NSPCC",
        "0808 800 5000",
    ):
        assert needed in notes
    for tier_answers in ([], [a("V01")], [a("T1-01")], [a("T2-01")], [a("T3-01")]):
        assert screen(tier_answers).notes == CHECKLIST.notes


def test_the_rule_data_says_what_section_8_says():
    for checklist in (V1, CHECKLIST):
        assert checklist.recency_counts == {
            NOW: "own-tier",
            OLDER: "one-tier-lower",
            OLD: "history-only",
        }
        esc = checklist.count_escalation
        assert (esc.tier, esc.count_at_least, esc.becomes) == ("1", 5, "2")
        assert dict(checklist.score_weights) == {"V": 1, "1": 1, "2": 3, "3": 5}
    floors = {
        (f.age_under, f.indicator, f.needs_recorded, f.raise_from, f.raise_to)
        for f in CHECKLIST.floor_rules
    }
    assert floors == {
        (13, None, False, "1", "2"),
        (None, "V05", False, "1", "2"),
        (None, None, True, "1", "2"),
    }
    # Version 1 as it was: signs of tiers 1-3 decay, with no exception.
    assert {i.tier for i in V1.indicators if i.decays} == {"1", "2", "3"}
    assert all(i.decays for i in V1.indicators if i.tier in ("1", "2", "3"))


# -- loading by version, and malformed files -------------------------------------------
def test_loading_is_cached_and_by_version():
    assert load_checklist(2) is load_checklist()
    assert load_checklist(1) is V1 and V1.version == 1


def test_an_old_version_stays_loadable_by_number(tmp_path):
    shutil.copy(checklist_path(1), tmp_path / "cse-screening-v1.json")
    shutil.copy(checklist_path(2), tmp_path / "cse-screening-v2.json")
    newer = copy.deepcopy(RAW)
    newer["version"] = 3
    (tmp_path / "cse-screening-v3.json").write_text(json.dumps(newer), encoding="utf-8")
    assert load_checklist(1, tmp_path).version == 1
    assert load_checklist(3, tmp_path).version == 3
    # A stored answer is evaluated against the version it was given with.
    assert evaluate([a("T1-01")], [], 14, load_checklist(1, tmp_path)).checklist_version == 1


def test_an_old_record_keeps_its_result():
    # Version 1 let a disclosure age out. Its records keep that result until the lead
    # screens them again (app/casework/amendments.py); the newest version never does.
    old = screen([a("T3-01", OLD)], checklist=V1)
    assert old.tier == "none" and old.checklist_version == 1
    assert screen([a("T3-01", OLD)]).tier == "3"
    # Needs recorded and the question about an adult were not in version 1's rule.
    assert screen([a("T1-01")], checklist=V1, needs=["autism"]).tier == "1"
    with pytest.raises(UnknownAnswer, match="when last seen"):
        screen([a("T1-01", NOT_SURE)], checklist=V1)


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


def _decaying_disclosure(d):
    _item(d, "T3-01")["decays"] = True


MALFORMED = [
    ("duplicate id", _duplicate, "T2-01: this id is used twice"),
    ("unknown tier", lambda d: _item(d, "T2-01").update(tier="4"), "unknown tier '4'"),
    (
        "id and tier disagree",
        lambda d: _item(d, "T2-01").update(tier="3"),
        "does not match tier '3'",
    ),
    (
        "missing help topic",
        lambda d: _item(d, "T1-01").update(help_topic="no-such-page"),
        "help topic 'no-such-page' does not exist",
    ),
    ("misspelt key", lambda d: _item(d, "T1-01").update(hlep="x"), "unknown key hlep"),
    ("missing text", lambda d: _item(d, "T1-01").pop("text"), "missing text"),
    ("empty text", lambda d: _item(d, "T1-01").update(text="  "), "should be some text"),
    ("unknown domain", lambda d: _item(d, "T1-01").update(domain="misc"), "domain 'misc'"),
    ("a disclosure that decays", _decaying_disclosure, "disclosures never decay"),
    ("an act-now item that decays", lambda d: _item(d, "X01").update(decays=True), "never decay"),
    (
        "decays not yes or no",
        lambda d: _item(d, "T1-01").update(decays="no"),
        "should be true or false",
    ),
    ("no sources", lambda d: _item(d, "T1-01").update(source_refs=[]), "should be a list of texts"),
    (
        "a source not in the list",
        lambda d: _item(d, "T1-01").update(source_refs=["Nope:high"]),
        "does not name a source",
    ),
    (
        "unknown exploitation",
        lambda d: _item(d, "T1-01").update(exploitation="other"),
        "should be one of sexual, criminal, any",
    ),
    (
        "a floor on needs that is not true",
        lambda d: d["floor_rules"][2]["when"].update(needs_recorded=False),
        "should be true",
    ),
    ("version 1 words in version 2", lambda d: d.update(results={}), "unknown key results"),
    (
        "unknown recency effect",
        lambda d: d["recency"]["counts"].update({"6-12-months": "half"}),
        "unknown effect",
    ),
    (
        "older counts for more",
        lambda d: d["recency"]["counts"].update(
            {"within-6-months": "one-tier-lower", "6-12-months": "own-tier"}
        ),
        "older answer would count for more",
    ),
    (
        "floor on an unknown item",
        lambda d: d["floor_rules"][1]["when"].update(indicator="V99"),
        "no item 'V99'",
    ),
    (
        "floor that lowers",
        lambda d: d["floor_rules"][0].update(raise_to="V"),
        "must raise the tier",
    ),
    (
        "escalation that lowers",
        lambda d: d["count_escalation"].update(becomes="1"),
        "must raise the tier",
    ),
    (
        "no act-now items",
        lambda d: d.update(indicators=[i for i in d["indicators"] if i["tier"] != "X"]),
        "no item in tier 'X'",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _n, c, m in MALFORMED], ids=[n for n, _c, _m in MALFORMED]
)
def test_a_malformed_checklist_is_refused_with_a_clear_error(change, message):
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(ChecklistError, match=re.escape(message)) as caught:
        parse_checklist(data, help_topics=help_topic_ids(), name="test.json")
    assert str(caught.value).startswith("test.json: ")
    assert isinstance(caught.value, AppError)


def test_version_1_is_still_checked_for_its_shape():
    data = copy.deepcopy(RAW1)
    _drop_result(data)
    with pytest.raises(ChecklistError, match="results: missing V"):
        parse_checklist(data, help_topics=help_topic_ids(), name="v1.json")


def test_the_shipped_files_parse_unchanged():
    assert parse_checklist(copy.deepcopy(RAW), help_topics=help_topic_ids()).version == 2
    assert parse_checklist(copy.deepcopy(RAW1), help_topics=help_topic_ids()).version == 1


# -- the rule, one row per step of §8.3 ------------------------------------------------
RULES = [
    # (name, answers, danger, age, tier, a fragment of the reasons)
    ("1: act now from the danger step", [], ["X01"], 14, "X", "Any act-now answer"),
    (
        "1: act now from an X answer",
        [a("X03")],
        [],
        14,
        "X",
        "'The young person has just told you about a sexual…' was ticked: an act-now sign.",
    ),
    ("1: act now before recency", [a("X04", OLD)], [], 14, "X", "act-now sign"),
    ("1: act now beats serious", [a("T3-01")], ["X05"], 15, "X", "whatever else is ticked"),
    (
        "2: serious 6-12 months counts as significant",
        [a("T3-04", OLDER)],
        [],
        14,
        "2",
        "'Goes missing repeatedly…' was seen 6–12 months ago, so it counts one level "
        "lower, as a significant sign.",
    ),
    (
        "2: significant 6-12 months counts as early warning",
        [a("T2-01", OLDER)],
        [],
        14,
        "1",
        "counts one level lower, as an early-warning sign",
    ),
    (
        "2: early warning 6-12 months is history only",
        [a("T1-01", OLDER)],
        [],
        14,
        "none",
        "kept in the history but not counted",
    ),
    (
        "2: serious over 12 months is history only",
        [a("T3-04", OLD)],
        [],
        14,
        "none",
        "more than 12 months ago",
    ),
    (
        "2: a disclosure never decays",
        [a("T3-01", OLD)],
        [],
        15,
        "3",
        "is a serious sign that counts however long ago it happened",
    ),
    (
        "2: nor an adult with sexual offending history",
        [a("T3-12", OLDER)],
        [],
        15,
        "3",
        "counts however long ago",
    ),
    (
        "2: not sure when, found out today, is current",
        [a("T2-01", NOT_SURE, DAY)],
        [],
        14,
        "2",
        "has no date, and was found out on 02/12/2026, so it counts as seen within the "
        "last 6 months",
    ),
    (
        "2: not sure when, found out 8 months ago",
        [a("T2-01", NOT_SURE, date(2026, 4, 1))],
        [],
        14,
        "1",
        "counts one level lower",
    ),
    (
        "2: not sure when, found out 2 years ago",
        [a("T2-01", NOT_SURE, date(2024, 11, 1))],
        [],
        14,
        "none",
        "kept in the history",
    ),
    (
        "2: not sure when, with no date found out",
        [a("T1-01", NOT_SURE)],
        [],
        14,
        "1",
        "found out when this was recorded",
    ),
    ("2: background factors never decay", [a("V02", OLD)], [], 14, "V", "Only background factors"),
    (
        "3: a current serious sign",
        [a("T3-14")],
        [],
        14,
        "3",
        "Any serious sign that counts now makes this a serious concern.",
    ),
    (
        "3: serious beats many early-warning signs",
        [a("T3-02"), *map(a, T1[:6])],
        [],
        14,
        "3",
        "a serious sign",
    ),
    (
        "4: a current significant sign",
        [a("T2-01")],
        [],
        14,
        "2",
        "'Has gone missing from home or care…' was seen within the last 6 months: "
        "a significant sign.",
    ),
    (
        "4: five early-warning signs",
        [*map(a, T1[:5])],
        [],
        14,
        "2",
        "5 early-warning signs together count as a significant concern.",
    ),
    (
        "4: a decayed significant sign makes the fifth",
        [*map(a, T1[:4]), a("T2-07", OLDER)],
        [],
        14,
        "2",
        "5 early-warning signs together",
    ),
    (
        "4: history does not make the fifth",
        [*map(a, T1[:4]), a("T1-05", OLDER)],
        [],
        14,
        "1",
        "4 early-warning signs count now (fewer than 5)",
    ),
    ("5: one early-warning sign", [a("T1-07")], [], 14, "1", "1 early-warning sign counts now"),
    ("5: four early-warning signs", [*map(a, T1[:4])], [], 14, "1", "fewer than 5"),
    (
        "6: only background factors",
        [a("V01"), a("V07")],
        [],
        14,
        "V",
        "is a background factor: it gives context",
    ),
    (
        "6: background plus history",
        [a("V03"), a("T2-05", OLD)],
        [],
        14,
        "V",
        "'Has more than one phone or SIM…' was seen more than 12 months ago",
    ),
    ("nothing ticked", [], [], 14, "none", "Nothing was ticked."),
    (
        "7: under 13 raises early warning",
        [a("T1-01")],
        [],
        12,
        "2",
        "The young person is under 13, so a result of early warning is raised to significant "
        "concern",
    ),
    ("7: 13 is not under 13", [a("T1-01")], [], 13, "1", "1 early-warning sign"),
    (
        "7: V05 raises early warning",
        [a("V05"), a("T1-01")],
        [],
        15,
        "2",
        "'Has a learning disability…' is ticked, so a result of early warning is raised",
    ),
    (
        "7: V05 counts however long ago",
        [a("V05", OLD), a("T1-01")],
        [],
        15,
        "2",
        "'Has a learning disability…' is ticked",
    ),
    (
        "7: the floor does not touch vulnerable only",
        [a("V05")],
        [],
        11,
        "V",
        "Only background factors",
    ),
    ("7: the floor does not touch nothing", [], [], 9, "none", "Nothing was ticked."),
    (
        "7: under 13 with a significant sign",
        [a("T2-02")],
        [],
        12,
        "2",
        "a referral to children's social care is always recommended",
    ),
    ("7: age 16 never lowers serious", [a("T3-07")], [], 16, "3", "a serious sign"),
    ("7: age 17 never lowers early warning", [a("T1-12")], [], 17, "1", "early-warning"),
    (
        "7: age unknown is said",
        [a("T1-12")],
        [],
        None,
        "1",
        "The young person's age is not known: if they are under 13, this is a significant concern.",
    ),
]


@pytest.mark.parametrize(
    ("answers", "danger", "age", "tier", "fragment"),
    [r[1:] for r in RULES],
    ids=[r[0] for r in RULES],
)
def test_the_rule(answers, danger, age, tier, fragment):
    result = screen(answers, danger, age)
    assert result.tier == tier
    assert result.computed_tier == tier
    assert result.label == CHECKLIST.results[tier].label
    assert fragment in " ".join(result.reasons), result.reasons
    # Volunteers read the reasons: never an item's code.
    assert not re.search(r"\b(T[123]-\d\d|V\d\d|X\d\d)\b", " ".join(result.reasons))


NEEDS = [
    # (name, needs, answers, age, tier, a fragment of the reasons)
    (
        "a learning disability recorded, not ticked",
        ["learning-disability"],
        [a("T1-01")],
        15,
        "2",
        "The young person has a learning disability recorded, so a result of early "
        "warning is raised to significant concern, and a referral to children's social care "
        "is always recommended.",
    ),
    ("autism recorded", ["autism"], [a("T1-03")], 16, "2", "has autism recorded"),
    ("other needs recorded", ["other"], [a("T1-03")], 16, "2", "additional needs recorded"),
    (
        "two needs",
        ["autism", "learning-disability"],
        [a("T1-03")],
        16,
        "2",
        "a learning disability and autism recorded",
    ),
    ("needs with background only", ["autism"], [a("V02")], 16, "V", "Only background"),
    (
        "needs with a serious sign",
        ["autism"],
        [a("T3-07")],
        16,
        "3",
        "a referral to children's social care is always recommended",
    ),
]


@pytest.mark.parametrize(
    ("needs", "answers", "age", "tier", "fragment"),
    [r[1:] for r in NEEDS],
    ids=[r[0] for r in NEEDS],
)
def test_recorded_needs_lift_the_floor(needs, answers, age, tier, fragment):
    result = screen(answers, (), age, needs=needs)
    assert result.tier == tier
    assert fragment in " ".join(result.reasons), result.reasons
    assert result.always_refer is (tier != "V")


def test_needs_the_form_does_not_know_are_ignored_not_trusted():
    assert screen([a("T1-01")], needs=["made-up"]).tier == "1"


# -- a worry about an adult in the organisation (rule 8) ------------------------------
@pytest.mark.parametrize("answers", [[], [a("V01")], [a("T1-12")], [a("T3-01")]])
def test_a_worry_about_staff_always_adds_the_lado_route(answers):
    plain = screen(answers)
    result = screen(answers, about_adult="staff")
    assert result.tier == plain.tier and result.lado and not plain.lado
    when = "straight away" if plain.tier in ("3", "X") else "today"
    assert result.volunteer_actions[:3] == vocabulary.lado_volunteer_actions("staff", when)
    assert f"Tell your designated lead {when}." in result.volunteer_actions
    assert not any(
        vocabulary.ONE_WORKING_DAY in x and "lead" in x for x in result.volunteer_actions
    )
    assert result.lead_actions[:3] == vocabulary.LADO_LEAD_ACTIONS
    assert vocabulary.LADO_REASON["staff"] in result.reasons


def test_a_worry_about_the_lead_goes_to_the_deputy_or_trustee():
    result = screen([a("T1-12")], about_adult="lead")
    words = " ".join(result.volunteer_actions)
    assert "deputy lead or the designated trustee today" in words
    assert "Tell your designated lead" not in words
    assert vocabulary.LADO_REASON["lead"] in result.reasons


def test_in_danger_now_999_comes_first_even_about_an_adult():
    result = screen([], ["X05"], about_adult="staff")
    assert result.tier == "X" and result.volunteer_actions[0] == "Call 999 now."


def test_an_unknown_answer_about_an_adult_is_refused():
    with pytest.raises(UnknownAnswer):
        screen([a("T1-01")], about_adult="maybe")


# -- exploitation beyond CSE (§3.8) ----------------------------------------------------
def test_signs_that_are_not_specifically_sexual_say_may_be_exploited():
    result = screen([a("T3-04")])  # going missing repeatedly
    assert result.tier == "3" and not result.sexual
    assert result.meaning == vocabulary.TIERS["3"].meaning_any
    assert "sexually" not in result.meaning
    assert screen([a("T3-01")]).meaning == vocabulary.TIERS["3"].meaning


def test_a_sign_of_criminal_exploitation_adds_the_nrm_note():
    criminal = [i.id for i in CHECKLIST.indicators if i.exploitation == "criminal"]
    assert criminal, "version 2 has criminal-exploitation items (county lines)"
    result = screen([a(criminal[0])])
    assert result.nrm and vocabulary.NRM_NOTE in result.lead_actions
    assert "sexually" not in result.meaning
    assert not screen([a("T3-01")]).nrm


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


@pytest.mark.parametrize(
    ("answers", "danger", "age", "refer"), [r[1:] for r in REFERRALS], ids=[r[0] for r in REFERRALS]
)
def test_always_refer(answers, danger, age, refer):
    result = screen(answers, danger, age)
    assert result.always_refer is refer
    assert (CHECKLIST.always_refer_action in result.lead_actions) is refer
    assert ("always recommended" in " ".join(result.reasons)) is refer


def test_history_and_score():
    result = screen(
        [
            a("V01"),
            a("T1-01"),
            a("T1-02", OLDER),
            a("T2-01"),
            a("T2-02", OLDER),
            a("T3-04", OLDER),
            a("T3-05", OLD),
        ]
    )
    assert result.history_only == ("T1-02", "T3-05")
    # V 1 + T1 1 + T2 3 + (T2 as T1) 1 + (T3 as T2) 3; history scores nothing.
    assert result.score == 9
    assert result.tier == "2"


def test_the_score_never_decides():
    # Six background factors score 6, more than a significant sign's 3, and stay vulnerable.
    assert screen([a(f"V0{n}") for n in range(1, 7)]).tier == "V"


def test_a_sign_ticked_twice_counts_once_at_its_newest():
    result = screen([a("T3-04", OLD), a("T3-04", NOW)])
    assert result.tier == "3" and result.score == 5 and result.history_only == ()
    assert screen([a("T1-01"), a("T1-01"), a("T1-01"), a("T1-01"), a("T1-01")]).tier == "1"


def test_actions_follow_the_tier():
    for answers, danger, tier in (
        ([], ["X01"], "X"),
        ([a("T3-01")], [], "3"),
        ([a("T2-01")], [], "2"),
        ([a("T1-01")], [], "1"),
        ([a("V01")], [], "V"),
        ([], [], "none"),
    ):
        result = screen(answers, danger)
        info = CHECKLIST.results[tier]
        assert result.volunteer_actions == info.volunteer_actions
        assert result.lead_actions == info.lead_actions
        assert result.rescreen == info.rescreen
        assert result.meaning in (info.meaning, vocabulary.TIERS[tier].meaning_any)
        # Someone already on the form is never told to write it down on a form.
        assert not any("concern form" in x for x in result.volunteer_actions)


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
answers_st = st.dictionaries(st.sampled_from(NON_X), st.sampled_from(DATED), max_size=20)
danger_st = st.lists(st.sampled_from(X_IDS), max_size=1)
age_st = st.none() | st.integers(min_value=0, max_value=17)


def _evaluate(answers: dict[str, str], danger, age, **facts):
    return evaluate(
        [a(i, w) for i, w in answers.items()], danger, age, CHECKLIST, recorded_on=DAY, **facts
    )


@given(answers_st, danger_st, age_st, st.data())
def test_ticking_one_more_item_never_lowers_the_tier(answers, danger, age, data):
    before = _evaluate(answers, danger, age)
    extra = data.draw(st.sampled_from([i.id for i in CHECKLIST.indicators if i.id not in answers]))
    when = data.draw(st.sampled_from(DATED))
    after = _evaluate({**answers, extra: when}, danger, age)
    assert tier_rank(after.tier) >= tier_rank(before.tier)
    more_danger = _evaluate(answers, [*danger, data.draw(st.sampled_from(X_IDS))], age)
    assert more_danger.tier == "X"


@given(answers_st.filter(bool), danger_st, age_st, st.data())
def test_an_older_sighting_never_raises_the_tier(answers, danger, age, data):
    item = data.draw(st.sampled_from(sorted(answers)))
    newer = DATED.index(answers[item])
    older = data.draw(st.sampled_from(DATED[newer:]))
    before = _evaluate(answers, danger, age)
    after = _evaluate({**answers, item: older}, danger, age)
    assert tier_rank(after.tier) <= tier_rank(before.tier)
    assert after.score <= before.score


@given(answers_st, danger_st, st.integers(min_value=0, max_value=12))
def test_under_13_never_rests_at_early_warning(answers, danger, age):
    assert _evaluate(answers, danger, age).tier != "1"


@given(answers_st, danger_st, age_st, st.sampled_from(DATED))
def test_v05_never_rests_at_early_warning(answers, danger, age, when):
    assert _evaluate({**answers, "V05": when}, danger, age).tier != "1"


needs_st = st.lists(
    st.sampled_from(("learning-disability", "autism", "other")), min_size=1, unique=True
)


@given(answers_st, danger_st, age_st, needs_st)
def test_recorded_needs_never_rest_at_early_warning_and_never_lower(answers, danger, age, needs):
    plain = _evaluate(answers, danger, age)
    with_needs = _evaluate(answers, danger, age, needs=needs)
    assert with_needs.tier != "1"
    assert tier_rank(with_needs.tier) >= tier_rank(plain.tier)


@given(
    answers_st,
    danger_st,
    age_st,
    st.sampled_from(NEVER_DECAY + tuple(X_IDS)),
    st.sampled_from(WHEN_LAST_SEEN),
    st.dates(max_value=DAY),
)
def test_what_never_decays_counts_at_its_tier_at_any_age_or_date(
    answers, danger, age, item_id, when, found
):
    # Done means: no disclosure or never-decaying item can produce a result below its
    # own tier at any age or date.
    tier = CHECKLIST.indicator(item_id).tier
    result = evaluate(
        [*(a(i, w) for i, w in answers.items() if i != item_id), a(item_id, when, found)],
        danger,
        age,
        CHECKLIST,
        recorded_on=DAY,
    )
    assert tier_rank(result.tier) >= tier_rank(tier)


@given(answers_st, danger_st, age_st, st.sampled_from(("staff", "lead")))
def test_a_worry_about_an_adult_never_lowers_and_always_shows_the_lado(answers, danger, age, who):
    plain = _evaluate(answers, danger, age)
    result = _evaluate(answers, danger, age, about_adult=who)
    assert result.tier == plain.tier and result.lado
    assert set(vocabulary.LADO_LEAD_ACTIONS) <= set(result.lead_actions)
    when = "straight away" if plain.tier in ("3", "X") else "today"
    assert set(vocabulary.lado_volunteer_actions(who, when)) <= set(result.volunteer_actions)


@given(
    st.sampled_from([i.id for i in CHECKLIST.indicators if i.tier != "X" and i.decays]),
    st.dates(max_value=DAY),
    st.dates(max_value=DAY),
)
def test_finding_out_later_never_lowers_a_sign_of_unknown_date(item_id, one, other):
    earlier, later = sorted((one, other))
    before = evaluate([a(item_id, NOT_SURE, earlier)], [], 14, CHECKLIST, recorded_on=DAY)
    after = evaluate([a(item_id, NOT_SURE, later)], [], 14, CHECKLIST, recorded_on=DAY)
    assert tier_rank(after.tier) >= tier_rank(before.tier)


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
def test_raise_tier_never_goes_below_computed_and_needs_a_reason(
    answers, danger, age, target, reason
):
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

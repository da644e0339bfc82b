"""The made-up practice cases (issue 16, item 2): every case is screened by the real
rules and must give the tier and actions its "why" teaches; the file is checked on its
own terms (ids, checklist items, words that blame the child, lengths) and the loader
says plainly what is wrong with a broken one.

Each case is turned into a screening vignette (`vignettes.py`) and run through the same
checks as the scenario suite (`test_scenarios.py`), which builds the concern itself: so
a case that teaches the wrong tier or action fails here, not in front of a volunteer.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date

import pytest

from app.core.errors import AppError
from app.core.paths import resource_dir
from app.screening import vocabulary as vocab
from app.screening.checklist import load_checklist
from app.screening.practice_cases import (
    BLAMING,
    PracticeCase,
    PracticeCaseError,
    blaming_words,
    load_practice_cases,
    parse_practice_cases,
    practice_concern,
)
from app.screening.rules import screen_concern

from . import test_scenarios as scenarios
from .vignettes import RECORDED, Expect, Tick, Vignette

CASES_FILE = resource_dir() / "practice" / "cases.json"
RAW = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES = load_practice_cases()
CHECKLIST = load_checklist()
CHECKLIST_ITEMS = {i.id: i for i in CHECKLIST.indicators}


def as_vignette(case: PracticeCase) -> Vignette:
    e = case.expect
    return Vignette(
        name=case.id,
        situation=case.title + ".",
        age=case.age,
        gender=case.gender,
        needs=case.needs,
        about_adult=case.about_adult,
        danger=case.danger,
        ticks=tuple(Tick(t.item, t.when, found_out=t.found_out, how=t.how) for t in case.ticks),
        expect=Expect(
            e.tier,
            call_999=e.call_999,
            refer=e.refer,
            always_refer=e.always_refer,
            lado=e.lado,
            nrm=e.nrm,
        ),
        source=f"resources/practice/cases.json, case {case.id}: its 'why'.",
    )


def ids(case: PracticeCase) -> str:
    return case.id


def all_text(value: object) -> list[str]:
    """Every string in the raw file, wherever it is."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_text(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_text(v)]
    return []


# -- what the issue asks for ----------------------------------------------------------
def test_at_least_ten_cases_with_unique_ids():
    raw_ids = [c["id"] for c in RAW["cases"]]
    assert len(raw_ids) >= 10
    assert len(raw_ids) == len(set(raw_ids)), "case ids must be unique"
    assert [c.id for c in CASES] == raw_ids


def test_the_cases_the_issue_names_are_there():
    """Issue 16 item 2: each kind of case, recognised by its answers, not its title."""

    def has(case: PracticeCase, item: str, when: str | None = None) -> bool:
        return any(t.item == item and (when is None or t.when == when) for t in case.ticks)

    kinds = {
        "act now (the chapter 7 style case)": lambda c: c.expect.tier == vocab.Tier.X,
        "a boy groomed online": lambda c: c.gender == "male" and has(c, "T1-12"),
        "sextortion": lambda c: has(c, "T3-08"),
        "a learning disability": lambda c: "learning-disability" in c.needs,
        "criminal and sexual exploitation together": lambda c: (
            c.expect.nrm and any(CHECKLIST_ITEMS[t.item].exploitation == "sexual" for t in c.ticks)
        ),
        "a worry about a volunteer": lambda c: c.about_adult == "staff" and c.expect.lado,
        "a disclosure from years ago": lambda c: has(c, "T3-01", "over-12-months"),
        "an image shared by peers": lambda c: has(c, "T2-07") and c.expect.tier == "2",
        "a 16-year-old with a much older boyfriend": lambda c: c.age == 16 and has(c, "T2-02"),
        "background only, no referral": lambda c: (
            c.expect.tier == vocab.Tier.V and not c.expect.refer
        ),
    }
    missing = [k for k, found in kinds.items() if not any(found(c) for c in CASES)]
    assert not missing


def test_every_ticked_item_is_in_the_current_checklist():
    for case in RAW["cases"]:
        for tick in case["ticks"]:
            item = CHECKLIST_ITEMS.get(tick["item"])
            assert item is not None, (case["id"], tick["item"])
            assert item.tier != "X", f"{case['id']}: act-now items go in danger"
        for item in case["danger"]:
            assert CHECKLIST_ITEMS[item].tier == "X", (case["id"], item)


# -- the real screening rules -----------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_each_case_agrees_with_itself(case):
    scenarios.test_each_vignette_says_the_same_thing_twice(as_vignette(case))


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_each_case_reaches_its_tier(case):
    scenarios.test_the_tier(as_vignette(case))


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_each_case_gives_its_actions(case):
    """999, the referral, the always-refer rule, the LADO route and the NRM note."""
    scenarios.test_the_actions(as_vignette(case))


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_the_practice_concern_screens_the_same(case):
    """What practice mode will screen is what the scenario suite screened."""
    ours = screen_concern(practice_concern(case, RECORDED, CHECKLIST.version))
    theirs = scenarios.screen(as_vignette(case))
    assert ours.tier == theirs.tier == case.expect.tier
    assert ours.volunteer_actions == theirs.volunteer_actions
    assert ours.lead_actions == theirs.lead_actions
    assert ours.reasons == theirs.reasons


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_the_why_names_the_tier_it_teaches(case):
    assert vocab.TIERS[case.expect.tier].short.lower() in case.why.lower()
    if case.expect.call_999:
        assert "999" in case.why
    if case.expect.lado:
        assert "LADO" in case.why
    if case.expect.nrm:
        assert "National Referral Mechanism" in case.why


def test_the_cases_do_not_depend_on_the_day_they_are_read():
    """Practice mode screens on today's date: the answers are relative, so any day gives
    the same result."""
    for case in CASES:
        for day in (date(2026, 1, 1), date(2031, 2, 28)):
            r = screen_concern(practice_concern(case, day, CHECKLIST.version))
            assert r.tier == case.expect.tier, (case.id, day)


# -- the words ----------------------------------------------------------------------------
def test_no_words_that_blame_the_child():
    found = {s[:40]: blaming_words(s) for s in all_text(RAW) if blaming_words(s)}
    assert not found


@pytest.mark.parametrize(
    "text",
    [
        "She is promiscuous.",
        "He keeps Putting himself at risk.",
        "I think she is lying about it.",
        "She was consenting.",
    ],
)
def test_the_blaming_check_finds_planted_words(text):
    assert blaming_words(text)


def test_the_blaming_check_leaves_ordinary_words_alone():
    assert blaming_words("She was flying to Spain; a child under 13 cannot consent.") == []
    assert len(BLAMING) == len(set(BLAMING))


def test_lengths():
    for case in RAW["cases"]:
        assert 120 <= len(case["story"].split()) <= 250, case["id"]
        assert len(case["why"].split()) <= 120, case["id"]
        assert len(case["title"]) <= 60, case["id"]
        assert 2 <= len(case["questions"]) <= 5, case["id"]
        for q in case["questions"]:
            assert q["question"].strip().endswith("?"), (case["id"], q["question"])
            assert 10 <= len(q["model_answer"].split()) <= 120, case["id"]


def test_no_item_codes_in_what_people_read():
    """A volunteer never sees an item code (issue 11, build 8)."""
    for case in RAW["cases"]:
        shown = [case["title"], case["story"], case["why"], *all_text(case["questions"])]
        for text in shown:
            assert not scenarios.CODE.search(text), (case["id"], text[:60])


# -- a broken file is refused plainly -------------------------------------------------------
def broken(change) -> str:
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(PracticeCaseError) as caught:
        parse_practice_cases(data, checklist=CHECKLIST, name="cases.json")
    assert isinstance(caught.value, AppError)
    return str(caught.value)


def first(data):
    return data["cases"][0]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: first(d)["ticks"][0].update(item="T9-99"), r"tick 1 item: is 'T9-99'"),
        (lambda d: first(d)["ticks"][0].update(item="X01"), r"tick 1 item: is 'X01'"),
        (lambda d: d["cases"][1].update(id=first(d)["id"]), r"is used twice"),
        (lambda d: first(d)["expect"].update(tier="4"), r"expect tier: is '4'"),
        (lambda d: first(d)["expect"].update(call_999=False), r"call_999 should be true"),
        (lambda d: first(d).update(about_adult="staff"), r"lado should be true"),
        (lambda d: first(d)["expect"].update(refer=False), r"refer should be true"),
        (lambda d: first(d).update(story="Too short."), r"story: is 2 words"),
        (lambda d: first(d).update(why=first(d)["why"] + " She is promiscuous."), r"promiscuous"),
        (lambda d: first(d).pop("why"), r"missing why"),
        (lambda d: first(d).update(extra=1), r"unknown key extra"),
        (lambda d: first(d)["young_person"].update(age=18), r"age: should be a whole number"),
        (lambda d: first(d)["ticks"][0].update(when="last week"), r"when: is 'last week'"),
        (
            lambda d: first(d).update(questions=first(d)["questions"][:1]),
            r"questions: should be a list of 2 to 5",
        ),
    ],
)
def test_a_broken_file_says_which_case_and_what_is_wrong(change, said):
    message = broken(change)
    assert re.search(said, message), message
    assert message.startswith("cases.json: ")
    assert "Traceback" not in message


def test_a_missing_or_damaged_file_is_said_plainly(tmp_path):
    with pytest.raises(PracticeCaseError, match=r"nope\.json is missing"):
        load_practice_cases(tmp_path / "nope.json")
    bad = tmp_path / "cases.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(PracticeCaseError, match=r"not valid JSON \(line 1"):
        load_practice_cases(bad)


# -- the help page that lists them -------------------------------------------------------
def test_the_help_page_lists_every_case_with_its_tier():
    """resources/help/practice-cases.md names each case and the result it teaches; the
    page and the data must not drift apart."""
    from app.help.topics import HelpLibrary
    from app.screening.practice_quiz import load_quiz

    page = (resource_dir() / "help" / "practice-cases.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- \*\*(.+?)\*\*(.*)$", page, re.MULTILINE)
    assert [title for title, _ in listed] == [c.title for c in CASES]
    for case, (_, rest) in zip(CASES, listed, strict=True):
        tiers = re.findall(r"\{\{tier\.(\w+)\.label\}\}", rest)
        assert tiers == [case.expect.tier], case.id
        assert ("LADO" in rest) == case.expect.lado, case.id
        assert ("National Referral Mechanism" in rest) == case.expect.nrm, case.id
        assert ("always recommended" in rest) == case.expect.always_refer, case.id
    assert f"quiz of {len(load_quiz())} questions" in page
    assert "ten made-up cases" in page and len(CASES) == 10
    assert HelpLibrary.load().has("practice-cases")

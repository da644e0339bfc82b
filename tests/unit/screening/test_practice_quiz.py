"""Spot the signs (issue 16, item 3): the quiz file is complete and checked, every
question can be answered right and wrong, every answer comes with its reason, what it
teaches about a sign agrees with the screening checklist, and nothing is stored."""

from __future__ import annotations

import copy
import inspect
import json
import os
import re

import pytest

from app.core.paths import resource_dir
from app.screening import practice_quiz
from app.screening import vocabulary as vocab
from app.screening.checklist import load_checklist
from app.screening.practice_quiz import (
    QuizError,
    QuizQuestion,
    check_answer,
    load_quiz,
    parse_quiz,
)

QUIZ_FILE = resource_dir() / "practice" / "quiz.json"
RAW = json.loads(QUIZ_FILE.read_text(encoding="utf-8"))
QUESTIONS = load_quiz()
ITEMS = {i.id: i for i in load_checklist().indicators}


def ids(q: QuizQuestion) -> str:
    return q.id


def test_at_least_20_questions_with_unique_ids_covering_the_signs():
    raw_ids = [q["id"] for q in RAW["questions"]]
    assert len(raw_ids) >= 20
    assert len(raw_ids) == len(set(raw_ids))
    assert [q.id for q in QUESTIONS] == raw_ids
    topics = {q.topic for q in QUESTIONS}
    assert {"signs", "boys", "online", "missing", "criminal"} <= topics
    for topic in ("boys", "online", "missing", "criminal"):
        assert sum(q.topic == topic for q in QUESTIONS) >= 3, topic


@pytest.mark.parametrize("q", QUESTIONS, ids=ids)
def test_the_right_answer_is_right_and_gives_the_reason(q):
    right, reason = check_answer(q.id, q.right)
    assert right
    assert reason == q.reason
    # The order chosen does not matter.
    assert check_answer(q.id, sorted(q.right, reverse=True))[0]
    if q.pick == "one":
        # One choice given on its own, as a group's single answer would be.
        assert check_answer(q.id, next(iter(q.right)))[0]


@pytest.mark.parametrize("q", QUESTIONS, ids=ids)
def test_every_wrong_answer_is_wrong_and_still_gives_the_reason(q):
    wrong = [c.id for c in q.choices if c.id not in q.right]
    assert wrong, "every question needs at least one wrong choice"
    for choice in wrong:
        assert check_answer(q.id, [choice]) == (False, q.reason)
        # A right answer with a wrong one added is not right.
        assert check_answer(q.id, [*q.right, choice]) == (False, q.reason)
    assert check_answer(q.id, []) == (False, q.reason)
    if q.pick == "all":
        for missing in q.right:
            assert not check_answer(q.id, sorted(q.right - {missing}))[0]


@pytest.mark.parametrize("q", QUESTIONS, ids=ids)
def test_reasons_are_present_and_say_more_than_the_answer(q):
    assert 10 <= len(q.reason.split()) <= 80
    assert q.reason.endswith(".")
    for c in q.choices:
        assert q.reason.lower() != c.text.lower()


# What a question says about a sign's weight must match the checklist's tier for it.
TAUGHT = {
    "missing-once": ("T2-01", "significant"),
    "car-pickups": ("T2-03", "significant"),
    "online-late": ("T1-12", "early warning"),
    "sextortion": ("T3-08", "serious"),
    "under-13": ("T3-13", "serious"),
    "disclosure-old": ("T3-01", "serious"),
    "disclosure-withdrawn": ("T3-03", "serious"),
    "gifts": ("T1-03", None),
}


@pytest.mark.parametrize(("qid", "taught"), TAUGHT.items())
def test_what_the_quiz_teaches_agrees_with_the_checklist(qid, taught):
    item, words = taught
    q = next(q for q in QUESTIONS if q.id == qid)
    tier = vocab.TIERS[ITEMS[item].tier].short.lower()
    if words is not None:
        assert tier == words, f"{qid}: the checklist puts {item} at {tier!r}"
        said = " ".join([q.reason] + [c.text for c in q.choices if c.id in q.right]).lower()
        assert words in said, qid
    # And a wrong choice never names the checklist's own tier for the sign.
    for c in q.choices:
        if c.id not in q.right:
            assert tier not in c.text.lower(), (qid, c.text)


def test_the_act_now_question_matches_the_act_now_items():
    q = next(q for q in QUESTIONS if q.id == "act-now")
    act_now = " ".join(i.text.lower() for i in ITEMS.values() if i.tier == "X")
    for c in q.choices:
        key = {"a": "about to go off", "b": "sexual assault", "d": "violence right now"}.get(c.id)
        if c.id in q.right:
            assert key and key in act_now and key in c.text.lower(), c.text


# -- nothing stored -------------------------------------------------------------------
def test_check_answer_takes_no_name():
    assert list(inspect.signature(check_answer).parameters) == ["question_id", "chosen"]


def test_the_quiz_text_holds_no_names():
    """Questions speak of "a young person", never a named one (made up or not)."""
    allowed = {
        "CEOP",
        "Childline",
        "Choose",
        "Report",
        "Remove",
        "Serious",
        "Significant",
        "Early",
        "National",
        "Referral",
        "Mechanism",
        "Internet",
        "Watch",
        "Foundation",
        "I",
        "At",
        "SIM",
    }
    text = json.dumps(RAW["questions"], ensure_ascii=False)
    # A capitalised word that does not start a sentence or a quotation.
    found = set(re.findall(r"(?<=[a-z,;] )([A-Z][a-z]+|[A-Z]{2,})\b", text))
    assert found <= allowed, found - allowed


def test_running_the_whole_quiz_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for var in ("HOME", "TMPDIR", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path))
    practice_quiz._installed.cache_clear()  # load again, under the canary
    for q in QUESTIONS:
        check_answer(q.id, q.right)
        check_answer(q.id, [q.choices[-1].id])
    assert list(tmp_path.rglob("*")) == [], os.listdir(tmp_path)


# -- plain errors -------------------------------------------------------------------------
def test_an_unknown_question_or_choice_is_said_plainly():
    with pytest.raises(QuizError, match="no quiz question called 'nope'"):
        check_answer("nope", ["a"])
    with pytest.raises(QuizError, match=r"'gifts' has no choice z \(its choices are a, b, c\)"):
        check_answer("gifts", ["z"])
    with pytest.raises(QuizError, match=r"has no choice ab "):
        check_answer("gifts", "ab")


def first(data):
    return data["questions"][0]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: first(d).update(right=["d"]), r"names a choice that is not there"),
        (lambda d: first(d).update(right=["a", "b"]), r"a 'one' question has one right"),
        (lambda d: first(d).update(right=[]), r"should list the ids"),
        (lambda d: d["questions"][1].update(id=first(d)["id"]), r"is used twice"),
        (lambda d: first(d).update(topic="weather"), r"topic: is 'weather'"),
        (lambda d: first(d).update(reason="Yes."), r"reason: is 1 words"),
        (lambda d: first(d).update(reason=first(d)["reason"] + " She was lying."), r"lying"),
        (lambda d: first(d)["choices"][1].update(id="x"), r"choice 2: id should be 'b'"),
        (lambda d: first(d).update(choices=first(d)["choices"][:1]), r"2 to 5 choices"),
        (lambda d: first(d).pop("reason"), r"missing reason"),
        (lambda d: first(d).update(name="Sam"), r"unknown key name"),
    ],
)
def test_a_broken_file_says_which_question_and_what_is_wrong(change, said):
    data = copy.deepcopy(RAW)
    change(data)
    with pytest.raises(QuizError) as caught:
        parse_quiz(data, name="quiz.json")
    message = str(caught.value)
    assert re.search(said, message), message
    assert message.startswith("quiz.json: ")


def test_a_missing_or_damaged_file_is_said_plainly(tmp_path):
    with pytest.raises(QuizError, match=r"quiz\.json is missing"):
        load_quiz(tmp_path / "quiz.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[", encoding="utf-8")
    with pytest.raises(QuizError, match="not valid JSON"):
        load_quiz(bad)

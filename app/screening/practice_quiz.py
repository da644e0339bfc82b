"""Spot the signs: a short quiz for one volunteer or a group on a projector (issue 16,
item 3).

The questions live in resources/practice/quiz.json and are checked strictly when
loaded. `check_answer` says whether a choice is right and always gives the reason, so a
wrong answer still teaches. Nothing is stored: no names, no scores, no answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.errors import AppError
from app.core.paths import resource_dir
from app.screening.practice_cases import blaming_words

FILE_VERSION = 1
TOPICS = (
    "signs",
    "grooming",
    "boys",
    "online",
    "missing",
    "criminal",
    "vulnerability",
    "what-to-do",
)
PICK = ("one", "all")  # one right answer, or "choose all that apply"
CHOICES = (2, 5)
QUESTION_CHARS = 200
CHOICE_CHARS = 120
REASON_WORDS = (10, 80)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CHOICE_ID = re.compile(r"^[a-e]$")


class QuizError(AppError):
    """The quiz file is missing or wrong, or an answer names something not in it."""

    title = "Quiz problem"
    message = "The Spot the signs quiz could not be loaded."
    next_step = "Reinstall the toolkit. If it keeps happening, tell whoever installed it."


@dataclass(frozen=True)
class Choice:
    id: str  # "a" to "e", shown beside the choice
    text: str


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    topic: str  # from TOPICS
    question: str
    pick: str  # from PICK
    choices: tuple[Choice, ...]
    right: frozenset[str]  # the ids of the right choices
    reason: str  # why, in a few plain sentences; shown whatever was chosen


def quiz_path() -> Path:
    return resource_dir() / "practice" / "quiz.json"


def load_quiz(path: Path | None = None) -> tuple[QuizQuestion, ...]:
    """Every question, checked, in the order the file gives."""
    path = path or quiz_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuizError(f"{path.name} is missing.") from None
    except OSError as exc:
        raise QuizError(f"{path.name} could not be read ({exc.strerror}).") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise QuizError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    return parse_quiz(data, name=path.name)


@lru_cache(maxsize=1)
def _installed() -> dict[str, QuizQuestion]:
    # The installed file never changes while the app runs.
    return {q.id: q for q in load_quiz()}


def check_answer(question_id: str, chosen: Collection[str]) -> tuple[bool, str]:
    """(right, reason): right only when exactly the right choices are chosen."""
    question = _installed().get(question_id)
    if question is None:
        raise QuizError(f"There is no quiz question called {question_id!r}.")
    return mark(question, chosen)


def mark(question: QuizQuestion, chosen: Collection[str]) -> tuple[bool, str]:
    # One choice given as a bare string is one choice, not a set of letters.
    picked = {chosen} if isinstance(chosen, str) else set(chosen)
    known = {c.id for c in question.choices}
    unknown = sorted(picked - known)
    if unknown:
        raise QuizError(
            f"Question {question.id!r} has no choice {', '.join(unknown)} "
            f"(its choices are {', '.join(sorted(known))})."
        )
    return picked == question.right, question.reason


# -- checking --------------------------------------------------------------------------
def _fail(name: str, where: str, problem: str) -> QuizError:
    return QuizError(f"{name}: {where}: {problem}.")


def _obj(value: Any, name: str, where: str, keys: Collection[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(name, where, "should be an object")
    missing = sorted(set(keys) - set(value))
    if missing:
        raise _fail(name, where, f"missing {', '.join(missing)}")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise _fail(name, where, f"unknown key {', '.join(unknown)}")
    return value


def _text(
    value: Any, name: str, where: str, *, chars: int = 0, words: tuple[int, int] | None = None
) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, where, "should be some text")
    if value != value.strip() or "\n" in value:
        raise _fail(name, where, "has spaces at the ends or a line break")
    found = blaming_words(value)
    if found:
        raise _fail(name, where, f"uses words that blame the child ({', '.join(found)})")
    if chars and len(value) > chars:
        raise _fail(name, where, f"is {len(value)} characters; keep it to {chars}")
    if words and not words[0] <= len(value.split()) <= words[1]:
        raise _fail(name, where, f"is {len(value.split())} words; keep it to {words[0]}-{words[1]}")
    return value


def parse_quiz(data: Any, *, name: str) -> tuple[QuizQuestion, ...]:
    top = _obj(data, name, "the file", {"version", "note", "questions"})
    if top["version"] != FILE_VERSION:
        raise _fail(name, "version", f"is {top['version']!r}; this toolkit reads {FILE_VERSION}")
    _text(top["note"], name, "note")
    raw_questions = top["questions"]
    if not isinstance(raw_questions, list) or not raw_questions:
        raise _fail(name, "questions", "should be a list of questions")
    out: list[QuizQuestion] = []
    seen: set[str] = set()
    keys = {"id", "topic", "question", "pick", "choices", "right", "reason"}
    for n, raw in enumerate(raw_questions):
        at = f"question {n + 1}"
        q = _obj(raw, name, at, keys)
        qid = q["id"]
        if not isinstance(qid, str) or not _ID.match(qid):
            raise _fail(name, at, "id should be lower-case words joined by hyphens")
        if qid in seen:
            raise _fail(name, at, f"id {qid!r} is used twice")
        seen.add(qid)
        at = f"question {qid!r}"
        if q["topic"] not in TOPICS:
            raise _fail(name, f"{at} topic", f"is {q['topic']!r}; expected one of {TOPICS}")
        if q["pick"] not in PICK:
            raise _fail(name, f"{at} pick", f"is {q['pick']!r}; expected 'one' or 'all'")
        raw_choices = q["choices"]
        if not isinstance(raw_choices, list) or not CHOICES[0] <= len(raw_choices) <= CHOICES[1]:
            raise _fail(name, f"{at} choices", f"should be {CHOICES[0]} to {CHOICES[1]} choices")
        choices: list[Choice] = []
        for k, c in enumerate(raw_choices):
            where = f"{at} choice {k + 1}"
            c = _obj(c, name, where, {"id", "text"})
            expected = "abcde"[k]
            if c["id"] != expected:
                raise _fail(name, where, f"id should be {expected!r} (choices go a, b, c...)")
            choices.append(Choice(expected, _text(c["text"], name, where, chars=CHOICE_CHARS)))
        right = q["right"]
        ids = {c.id for c in choices}
        if (
            not isinstance(right, list)
            or not right
            or not all(isinstance(r, str) and _CHOICE_ID.match(r) for r in right)
            or len(set(right)) != len(right)
        ):
            raise _fail(name, f"{at} right", "should list the ids of the right choices")
        if not set(right) <= ids:
            raise _fail(name, f"{at} right", f"names a choice that is not there ({right})")
        if (q["pick"] == "one") != (len(right) == 1):
            raise _fail(
                name, f"{at} right", "a 'one' question has one right choice, an 'all' one more"
            )
        question = _text(q["question"], name, at, chars=QUESTION_CHARS)
        if not question.endswith("?") and not question.endswith("apply."):
            raise _fail(name, at, "should end with a question mark")
        if q["pick"] == "all" and "Choose all that apply." not in question:
            raise _fail(name, at, 'should say "Choose all that apply."')
        out.append(
            QuizQuestion(
                id=qid,
                topic=q["topic"],
                question=question,
                pick=q["pick"],
                choices=tuple(choices),
                right=frozenset(right),
                reason=_text(q["reason"], name, f"{at} reason", words=REASON_WORDS),
            )
        )
    return tuple(out)

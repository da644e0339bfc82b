"""Made-up cases for practice and training (issue 16, item 2).

Each case is a short story of what a volunteer saw or heard, the answers they would give
on the concern form, the result a designated lead would expect from the checklist, why,
and questions with model answers for a training evening. The cases live in
resources/practice/cases.json and are checked strictly when loaded, so a mistake in the
file is reported plainly (which case, which field, what is wrong) instead of teaching
the wrong thing. Nothing here is a real person or a real record; nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from app.core.errors import AppError
from app.core.paths import resource_dir
from app.intake.concern.model import (
    ABOUT_ADULT,
    HOW_KNOWN,
    NEEDS,
    WHEN_LAST_SEEN,
    Concern,
    IndicatorAnswer,
    YoungPerson,
)
from app.screening.checklist import Checklist, load_checklist
from app.screening.vocabulary import TIER_ORDER, Tier

FILE_VERSION = 1
STORY_WORDS = (120, 250)  # long enough to hold a pattern, short enough to read aloud
WHY_WORDS = (20, 120)
ANSWER_WORDS = (10, 120)
TITLE_CHARS = 60
QUESTIONS = (2, 5)
GENDERS = ("female", "male", "non-binary", "")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Words that blame the child or hide what is happening to them (cse-facts.md §3.8
# "Language" and the recording guidance in §5.3). The practice material must never use
# them; the practice-mode feedback points them out in a volunteer's own record.
BLAMING = (
    "promiscuous",
    "putting herself at risk",
    "putting himself at risk",
    "putting themselves at risk",
    "putting themself at risk",
    "lying",
    "liar",
    "consenting",
    "consented",
    "asked for it",
    "lifestyle choice",
    "by choice",
    "sleeping around",
    "streetwise",
    "prostitute",
    "prostitution",
    "drug dealer",
    "gang member",
    "attention seeking",
    "attention-seeking",
)
_BLAMING = re.compile(r"\b(" + "|".join(re.escape(w) for w in BLAMING) + r")\b", re.IGNORECASE)

_TOP_KEYS = {"version", "note", "cases"}
_CASE_KEYS = {
    "id",
    "title",
    "story",
    "young_person",
    "about_adult",
    "danger",
    "ticks",
    "expect",
    "why",
    "questions",
}
_PERSON_KEYS = {"age", "gender", "needs"}
_TICK_KEYS = {"item", "when", "found_out", "how"}
_EXPECT_KEYS = {"tier", "call_999", "refer", "always_refer", "lado", "nrm"}
_QUESTION_KEYS = {"question", "model_answer"}


class PracticeCaseError(AppError):
    """The practice cases file is missing or wrong. Said with the file's name, the case
    and the first problem found, for whoever maintains the file. Made-up data only."""

    title = "Practice cases problem"
    message = "The made-up practice cases could not be loaded."
    next_step = "Reinstall the toolkit. If it keeps happening, tell whoever installed it."


@dataclass(frozen=True)
class PracticeTick:
    """A checklist item ticked, as on the form: when it happened or was last seen, how
    many days before the recording day the volunteer found out, and how they know."""

    item: str
    when: str  # from WHEN_LAST_SEEN
    found_out: int  # days before the recording day; 0 = the same day
    how: str  # from HOW_KNOWN


@dataclass(frozen=True)
class PracticeExpect:
    """What a designated lead would expect the checklist to give."""

    tier: str  # from TIER_ORDER
    call_999: bool
    refer: bool  # a referral to children's social care is recommended
    always_refer: bool  # the under-13 / additional needs rule applies
    lado: bool  # the worry is about an adult here: the LADO route
    nrm: bool  # criminal exploitation counts: the National Referral Mechanism note


@dataclass(frozen=True)
class PracticeQuestion:
    question: str
    model_answer: str


@dataclass(frozen=True)
class PracticeCase:
    id: str
    title: str
    story: str
    age: int
    gender: str
    needs: tuple[str, ...]
    about_adult: str
    danger: tuple[str, ...]  # act-now items (X01…X05) answered yes on step 1
    ticks: tuple[PracticeTick, ...]
    expect: PracticeExpect
    why: str
    questions: tuple[PracticeQuestion, ...]


def blaming_words(text: str) -> list[str]:
    """The blaming words found in `text`, as written, in order."""
    return [m.group(0) for m in _BLAMING.finditer(text)]


def cases_path() -> Path:
    return resource_dir() / "practice" / "cases.json"


def load_practice_cases(
    path: Path | None = None, checklist: Checklist | None = None
) -> tuple[PracticeCase, ...]:
    """Every practice case, checked against the checklist the form uses."""
    path = path or cases_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PracticeCaseError(f"{path.name} is missing.") from None
    except OSError as exc:
        raise PracticeCaseError(f"{path.name} could not be read ({exc.strerror}).") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise PracticeCaseError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    return parse_practice_cases(data, checklist=checklist or load_checklist(), name=path.name)


def practice_case(case_id: str, cases: Collection[PracticeCase] | None = None) -> PracticeCase:
    for case in load_practice_cases() if cases is None else cases:
        if case.id == case_id:
            return case
    raise PracticeCaseError(f"There is no practice case called {case_id!r}.")


def practice_concern(case: PracticeCase, recorded_on: date, checklist_version: int) -> Concern:
    """The concern a volunteer would record for this case, on `recorded_on`.

    Made up and never saved: the name says so, and the reference is not a real one."""
    return Concern(
        id="PRACTICE",
        checklist_version=checklist_version,
        created_at=datetime.combine(recorded_on, time(19, 30), tzinfo=UTC),
        danger=case.danger,
        about_adult=case.about_adult,
        young_person=YoungPerson(
            name="Practice only",
            approximate_age=case.age,
            gender=case.gender,
            needs=case.needs,
        ),
        indicators=[
            IndicatorAnswer(
                t.item,
                when_last_seen=t.when,
                how_known=t.how,
                found_out_on=recorded_on - timedelta(days=t.found_out),
            )
            for t in case.ticks
        ],
    )


# -- checking --------------------------------------------------------------------------
class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> PracticeCaseError:
        return PracticeCaseError(f"{self.name}: {where}: {problem}.")

    def obj(self, value: Any, where: str, keys: Collection[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "should be an object")
        missing = sorted(set(keys) - set(value))
        if missing:
            raise self.fail(where, f"missing {', '.join(missing)}")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise self.fail(where, f"unknown key {', '.join(unknown)}")
        return value

    def text(
        self, value: Any, where: str, *, words: tuple[int, int] | None = None, chars: int = 0
    ) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "should be some text")
        if value != value.strip() or "\n" in value:
            raise self.fail(where, "has spaces at the ends or a line break")
        found = blaming_words(value)
        if found:
            raise self.fail(where, f"uses words that blame the child ({', '.join(found)})")
        if chars and len(value) > chars:
            raise self.fail(where, f"is {len(value)} characters; keep it to {chars}")
        if words:
            n = len(value.split())
            if not words[0] <= n <= words[1]:
                raise self.fail(where, f"is {n} words; keep it to {words[0]}-{words[1]}")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, "should be true or false")
        return value

    def one_of(self, value: Any, where: str, allowed: Collection[str]) -> str:
        if value not in allowed:
            shown = ", ".join(repr(a) for a in allowed)
            raise self.fail(where, f"is {value!r}; expected one of {shown}")
        return str(value)

    def whole(self, value: Any, where: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(where, f"should be a whole number from {low} to {high}")
        return value

    def items(self, value: Any, where: str, least: int = 0, most: int = 100) -> list[Any]:
        if not isinstance(value, list) or not least <= len(value) <= most:
            raise self.fail(where, f"should be a list of {least} to {most}")
        return value


def parse_practice_cases(data: Any, *, checklist: Checklist, name: str) -> tuple[PracticeCase, ...]:
    r = _Reader(name)
    top = r.obj(data, "the file", _TOP_KEYS)
    if top["version"] != FILE_VERSION:
        raise r.fail("version", f"is {top['version']!r}; this toolkit reads {FILE_VERSION}")
    r.text(top["note"], "note")
    items = {i.id: i for i in checklist.indicators}
    act_now = sorted(i for i, item in items.items() if item.tier == Tier.X)
    signs = [i for i, item in items.items() if item.tier != Tier.X]
    cases: list[PracticeCase] = []
    seen: set[str] = set()
    for n, raw in enumerate(r.items(top["cases"], "cases", least=1)):
        at = f"case {n + 1}"
        c = r.obj(raw, at, _CASE_KEYS)
        case_id = c["id"]
        if not isinstance(case_id, str) or not _ID.match(case_id):
            raise r.fail(at, "id should be lower-case words joined by hyphens")
        if case_id in seen:
            raise r.fail(at, f"id {case_id!r} is used twice")
        seen.add(case_id)
        at = f"case {case_id!r}"
        person = r.obj(c["young_person"], f"{at} young_person", _PERSON_KEYS)
        needs = r.items(person["needs"], f"{at} needs", most=len(NEEDS))
        ticks = []
        ticked: set[str] = set()
        for k, t in enumerate(r.items(c["ticks"], f"{at} ticks", most=len(signs))):
            where = f"{at} tick {k + 1}"
            t = r.obj(t, where, _TICK_KEYS)
            item = r.one_of(t["item"], f"{where} item", signs)
            if item in ticked:
                raise r.fail(where, f"{item} is ticked twice")
            ticked.add(item)
            ticks.append(
                PracticeTick(
                    item=item,
                    when=r.one_of(t["when"], f"{where} when", WHEN_LAST_SEEN),
                    found_out=r.whole(t["found_out"], f"{where} found_out", 0, 3650),
                    how=r.one_of(t["how"], f"{where} how", HOW_KNOWN),
                )
            )
        danger = tuple(
            r.one_of(d, f"{at} danger", act_now) for d in r.items(c["danger"], f"{at} danger")
        )
        if len(set(danger)) != len(danger):
            raise r.fail(f"{at} danger", "names an item twice")
        if not ticks and not danger:
            raise r.fail(at, "ticks nothing; a case needs at least one answer")
        e = r.obj(c["expect"], f"{at} expect", _EXPECT_KEYS)
        expect = PracticeExpect(
            tier=r.one_of(e["tier"], f"{at} expect tier", TIER_ORDER),
            **{k: r.flag(e[k], f"{at} expect {k}") for k in sorted(_EXPECT_KEYS - {"tier"})},
        )
        about_adult = r.one_of(c["about_adult"], f"{at} about_adult", ABOUT_ADULT)
        # The expectations must agree with each other, so a slip in one is caught here.
        if expect.call_999 != (expect.tier == Tier.X):
            raise r.fail(f"{at} expect", "call_999 should be true for Act now, and only then")
        if expect.lado != (about_adult != "no"):
            raise r.fail(f"{at} expect", "lado should be true exactly when about_adult is not 'no'")
        if expect.refer != (expect.tier in (Tier.X, Tier.THREE) or expect.always_refer):
            raise r.fail(
                f"{at} expect", "refer should be true for Act now, Serious or always_refer"
            )
        questions = []
        for k, q in enumerate(r.items(c["questions"], f"{at} questions", *QUESTIONS)):
            where = f"{at} question {k + 1}"
            q = r.obj(q, where, _QUESTION_KEYS)
            questions.append(
                PracticeQuestion(
                    question=r.text(q["question"], where, chars=200),
                    model_answer=r.text(q["model_answer"], f"{where} answer", words=ANSWER_WORDS),
                )
            )
        cases.append(
            PracticeCase(
                id=case_id,
                title=r.text(c["title"], f"{at} title", chars=TITLE_CHARS),
                story=r.text(c["story"], f"{at} story", words=STORY_WORDS),
                age=r.whole(person["age"], f"{at} age", 0, 17),
                gender=r.one_of(person["gender"], f"{at} gender", GENDERS),
                needs=tuple(r.one_of(x, f"{at} needs", NEEDS) for x in needs),
                about_adult=about_adult,
                danger=danger,
                ticks=tuple(ticks),
                expect=expect,
                why=r.text(c["why"], f"{at} why", words=WHY_WORDS),
                questions=tuple(questions),
            )
        )
    return tuple(cases)

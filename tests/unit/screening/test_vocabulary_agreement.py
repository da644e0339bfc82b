"""One vocabulary: every document gives each tier the timescales the vocabulary gives it.

The documents are read as a person reads them: the policy, the three leaflets and the
route chart as PDF text (built in memory, read back with pypdf), the route chart as the
screen reader hears it, every help page as rendered (blocks, screen HTML and printed PDF),
the screening results the form and the records show, every string in app/ and ui/, and
the made-up cases and quiz for practice and training (resources/practice).

For each sentence that names a tier ("Significant concern", "early warning", "act now",
"serious", "vulnerable") or the LADO route, every timescale in it ("straight away",
"today", "the same day", "within 1 working day", "within 24 hours", "within 4 to 6
weeks", "within <n> …") is read together with what it is the time for: telling the lead,
the lead's call to children's social care, the written referral, telling the LADO or
looking again. That must be what app/screening/vocabulary.py says for that tier; a
sentence that names no tier inherits the tier of an earlier sentence in the same
paragraph or list item, or of its heading on a help page. The expected timescales are
read out of the vocabulary with the same reader, so the vocabulary is the one source.
"""

from __future__ import annotations

import ast
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import leaflets, policy, route_chart_pdf
from app.documents.charts import route_chart
from app.documents.context import DocumentContext
from app.documents.group_templates import GROUP_TEMPLATES
from app.documents.help_topic_pdf import build_topic_pdf
from app.documents.training_pack import TRAINING_DOCUMENTS
from app.help import markdown
from app.help.page_html import topic_html
from app.help.search import HelpIndex
from app.help.topics import HelpLibrary, library
from app.intake.concern.model import IndicatorAnswer
from app.screening import vocabulary as v
from app.screening.checklist import load_checklist
from app.screening.rules import evaluate

ROOT = Path(__file__).parents[3]

CONTEXT = DocumentContext(
    organisation="Riverside Youth Club",
    lead_name="Sam Okafor",
    lead_role="Youth Leader",
    lead_phone="01604 555 0101",
    deputy_name="Jo Bloggs",
    deputy_phone="01604 555 0303",
    trustee_name="Priya Shah",
    trustee_phone="01604 555 0202",
    area_name="Northamptonshire",
    duty_team_label="Northamptonshire MASH",
    duty_team_phone="0300 126 7000",
    out_of_hours_phone="01604 626938",
    lado_phone="0300 126 7000",
    made_on=date(2025, 3, 1),
)
PDF_BUILDERS = {
    "policy": policy.build_policy,
    "staff leaflet": leaflets.build_staff_leaflet,
    "parents leaflet": leaflets.build_parents_leaflet,
    "young people's leaflet": leaflets.build_young_people_leaflet,
    "route chart (printed)": route_chart_pdf.build_route_chart,
    # The session plans (the attendance sheet is blank). The made-up cases and the quiz are left
    # out: their stories say what a person in the story did ("tells the lead straight
    # away", sooner than a tier asks), which this reader takes for a tier's timescale.
    **{
        f"training: {title}": build
        for key, title, _name, build in TRAINING_DOCUMENTS
        if key in {"plan-60", "plan-90"}
    },
    **{f"template: {title}": build for _key, title, _name, build in GROUP_TEMPLATES},
}

# -- reading a sentence ------------------------------------------------------------------
ADULT = "A"  # not a tier: a worry about an adult who works or volunteers here (LADO route)
NAMES = {
    "X": r"\bact[- ]now\b",
    "3": r"\bserious\b(?!\s+(?:offence|self-harm|crime|incident|injur|harm|assault))",
    "2": r"\bsignificant\b(?!\s+harm)",
    "1": r"\bearly[- ]warning\b",
    "V": r"\bvulnerable\b(?!\s+adults)",
    ADULT: r"\bLADO\b|\bworks or volunteers\b|\bmember of staff\b",
}
_NAMES = {tier: re.compile(pattern, re.IGNORECASE) for tier, pattern in NAMES.items()}

# Each way of saying a timescale, longest first, and the vocabulary phrase it means.
# Anything else said "within …" is kept as written, so it can only disagree.
_TIMES = [
    (
        r"(?:today|the same day) or (?:on )?the next working day"
        r"|the same or (?:the )?next working day",
        v.CONSULT_WHEN,
    ),
    (r"within (?:1|one) working day", v.ONE_WORKING_DAY),
    (r"within 24 hours", v.WRITTEN_WITHIN),
    (r"(?:within )?(?:4|four) (?:to|-|–) (?:6|six) weeks", v.RESCREEN_EARLY),
    (r"straight away|immediately|right away|at once", v.STRAIGHT_AWAY),
    (r"\btoday\b|\b(?:the )?same (?:day|evening)\b|\btonight\b", v.TODAY),
    (r"\bnext working day\b", None),
    (r"\bwithin (?:\d+|one|two|three|four|five|six|a) [\w-]+(?: [\w-]+)?", None),
]
_TIME = re.compile("|".join(f"({pattern})" for pattern, _ in _TIMES), re.IGNORECASE)

# What a timescale is for, from the words before it (the nearest wins).
_KINDS = [
    ("written", r"\bwritten\b|\bin writing\b|\bMARF\b"),
    (
        "tell lead",
        r"\btell(?:s|ing)?\b(?:\s+\S+){0,3}?\s+(?:lead|deputy|trustee)\b"
        r"|\b(?:lead|deputy|trustee)\s+(?:is|are|must be)\s+told\b"
        r"|\btells? (?:you|them)\b",
    ),
    ("LADO", r"\bLADO\b"),
    ("look again", r"\bagain\b|\bre-?screen|\breview\b"),
    (
        "contact",
        r"\bphon|\bcall(?:s|ed)?\b|\brefer|\bconsult|\btalks? it through\b|\badvice\b"
        r"|\bMASH\b|\bduty team\b|children's social care",
    ),
]
_KIND = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _KINDS]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[A-Z0-9\"“(])")


def tiers_named(sentence: str) -> frozenset[str]:
    return frozenset(tier for tier, pattern in _NAMES.items() if pattern.search(sentence))


def _phrase(match: re.Match[str]) -> str:
    for index, (_pattern, meaning) in enumerate(_TIMES, 1):
        if match.group(index):
            return meaning or " ".join(match.group(index).lower().split())
    raise AssertionError("unreachable")


def _kind(before: str, after: str) -> str | None:
    found = [(m.end(), kind) for kind, pattern in _KIND for m in pattern.finditer(before)]
    if found:
        kind = max(found)[1]
        # "send the written referral within 24 hours" is about the written referral, and
        # "contact the LADO through children's social care" about the LADO.
        for special in ("written", "LADO"):
            if kind == "contact" and any(k == special for _end, k in found):
                return special
        return kind
    later = [(m.start(), kind) for kind, pattern in _KIND for m in pattern.finditer(after)]
    return min(later)[1] if later else None


def timescales(sentence: str) -> Iterator[tuple[str, str | None]]:
    """(the vocabulary phrase it means, what it is for) for each timescale in `sentence`."""
    start = 0
    matches = list(_TIME.finditer(sentence))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(sentence)
        yield _phrase(match), _kind(sentence[start : match.start()], sentence[match.end() : end])
        start = match.end()


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


# A block is a paragraph, a list item or a box: (the tiers its heading names, its text).
Block = tuple[frozenset[str], str]


def statements(blocks: Iterable[Block]) -> Iterator[tuple[frozenset[str], str, str, str | None]]:
    """(tiers, sentence, timescale, what it is for) for each timescale said about a tier."""
    for heading, text in blocks:
        current = heading
        for sentence in sentences(text):
            current = tiers_named(sentence) or current
            if not current:
                continue
            for phrase, kind in timescales(sentence):
                yield current, sentence, phrase, kind


# -- what the vocabulary says --------------------------------------------------------------
def vocabulary_blocks() -> dict[str, list[Block]]:
    blocks: dict[str, list[Block]] = {}
    for tier, words in v.TIERS.items():
        said = [words.lead_first, *words.volunteer_actions, *words.lead_actions]
        if words.tell_lead:
            said.append(f"Tell your designated lead {words.tell_lead}.")
        said.append(f"Look again: {words.rescreen}")
        blocks[tier] = [(frozenset({tier}), text) for text in said]
    blocks[ADULT] = [(frozenset({ADULT}), text) for text in (*_lado_lines(), *v.LADO_LEAD_ACTIONS)]
    return blocks


def _lado_lines() -> set[str]:
    """What a volunteer is told on the LADO route: the lead (or deputy or trustee) today,
    or sooner when the tier says so (act now, serious), never later."""
    sooner = {v.TODAY, *(v.TIERS[tier].tell_lead for tier in ("X", "3"))}
    return {
        line
        for about in ("staff", "lead")
        for when in sooner
        for line in v.lado_volunteer_actions(about, when)
    }


@cache
def expected() -> dict[str, dict[str, frozenset[str]]]:
    """For each tier (and the LADO route): what each timescale is for -> the phrases."""
    found: dict[str, dict[str, set[str]]] = {}
    for tier, blocks in vocabulary_blocks().items():
        kinds = found.setdefault(tier, {})
        for _tiers, _sentence, phrase, kind in statements(blocks):
            if kind is not None:
                kinds.setdefault(kind, set()).add(phrase)
    return {tier: {k: frozenset(p) for k, p in kinds.items()} for tier, kinds in found.items()}


def disagreements(blocks: Iterable[Block]) -> list[str]:
    wanted = expected()
    problems = []
    for tiers, sentence, phrase, kind in statements(blocks):
        if kind is None:  # "finish this record today": not one of the tier's timescales
            continue
        for tier in sorted(tiers):
            allowed = wanted[tier].get(kind, frozenset())
            if phrase not in allowed:
                said = " or ".join(sorted(allowed)) or "no timescale"
                problems.append(
                    f"{_name(tier)}, {kind}: says {phrase!r}, the vocabulary "
                    f"says {said}: {sentence!r}"
                )
    problems += _always_refer_problems(blocks)
    return problems


def _name(tier: str) -> str:
    return "a worry about an adult here" if tier == ADULT else v.label(tier)


_ALWAYS_REFER = re.compile(r"always\b.{0,60}\brefer|\brefer\w*\b.{0,60}\balways", re.I)
_UNDER_13_OR_NEEDS = re.compile(r"under[- ]13|learning disabilit", re.I)
_ANY_SIGN = re.compile(r"\bany (?:current )?sign|\bonce there is\b", re.I)


def _always_refer_problems(blocks: Iterable[Block]) -> list[str]:
    """Under 13 or additional needs: a referral is always recommended once there is any
    sign of exploitation (ALWAYS_REFER_ACTION), never "always referred" on its own."""
    return [
        f"always refer, without 'once there is any sign': {sentence!r}"
        for _heading, text in blocks
        for sentence in sentences(text)
        if _UNDER_13_OR_NEEDS.search(sentence)
        and _ALWAYS_REFER.search(sentence)
        and not _ANY_SIGN.search(sentence)
    ]


# -- reading the documents ------------------------------------------------------------------
def pdf_blocks(pdf: bytes) -> list[Block]:
    """The PDF's text, cut at bullets and numbered items (pypdf keeps line breaks)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("\xa0", " ")
    parts = re.split(r"\n(?=\s*(?:•|\d+ [A-Z]))|\n\s*\n", text)
    return [(frozenset(), part.lstrip("• ")) for part in parts if part.strip()]


def help_blocks(
    blocks: Iterable[markdown.Block], heading: frozenset[str] = frozenset()
) -> list[Block]:
    """Blocks of a help page; a heading that names a tier covers what follows it."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, markdown.Heading):
            heading = tiers_named(block.text)
            out.append((frozenset(), markdown.plain(block.text)))
        elif isinstance(block, (markdown.Paragraph, markdown.Notice)):
            out.append((heading, markdown.plain(block.text)))
        elif isinstance(block, markdown.ListBlock):
            out += [(heading, markdown.plain(item)) for item in block.items]
        elif isinstance(block, markdown.Quote):
            out.append((heading, markdown.plain(block.text)))
        elif isinstance(block, markdown.Reveal):
            out.append((frozenset(), markdown.plain(block.question)))
            out += help_blocks(block.answer, heading)
    return out


def screen_blocks() -> list[Block]:
    """What the form's result page and the lead's record show, for every tier."""
    checklist = load_checklist()
    first = {
        tier: next(i.id for i in checklist.indicators if i.tier == tier)
        for tier in ("V", "1", "2", "3", "X")
    }
    out: list[Block] = []
    lado = _lado_lines() | set(v.LADO_LEAD_ACTIONS) | set(v.LADO_REASON.values())
    for tier in ("none", "V", "1", "2", "3", "X"):
        for about in v.ABOUT_ADULT:
            answers = [] if tier in ("none", "X") else [IndicatorAnswer(first[tier])]
            danger = [first["X"]] if tier == "X" else []
            result = evaluate(answers, danger, 15, checklist, about_adult=about)
            assert result.tier == tier
            out += [
                (frozenset({ADULT if line in lado else tier}), line)
                for line in (
                    result.label,
                    result.meaning,
                    *result.volunteer_actions,
                    *result.lead_actions,
                    *result.reasons,
                    result.rescreen,
                )
            ]
    return out


def code_blocks() -> list[Block]:
    """Every string written in app/ and ui/ (an f-string's gaps read as "…")."""
    out: list[Block] = []
    for path in sorted([*(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        if path == ROOT / "app" / "screening" / "vocabulary.py":
            continue  # the source itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        inside_fstring = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in docstrings or id(node) in inside_fstring:
                continue  # a docstring explains the code; it is never shown
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append((frozenset(), node.value))
            elif isinstance(node, ast.JoinedStr):
                out.append(
                    (
                        frozenset(),
                        "".join(
                            part.value if isinstance(part, ast.Constant) else "…"
                            for part in node.values
                        ),
                    )
                )
    return out


def practice_blocks() -> dict[str, list[Block]]:
    """The made-up cases and the quiz (resources/practice), as practice mode and the
    training pack show them: each case's "why" and its questions with their model
    answers, read under the tier the case expects (a sentence that names another tier
    speaks for that one); each quiz question with its right answers, and why they are
    right. Not the stories (what a person in the story did is not a tier's timescale)
    and not the wrong answers (made to be wrong)."""
    folder = ROOT / "resources" / "practice"
    cases = json.loads((folder / "cases.json").read_text(encoding="utf-8"))["cases"]
    quiz = json.loads((folder / "quiz.json").read_text(encoding="utf-8"))["questions"]
    out: dict[str, list[Block]] = {}
    for case in cases:
        tier = frozenset({case["expect"]["tier"]})
        out[f"practice case: {case['id']}"] = [
            (tier, case["why"]),
            *((tier, f"{q['question']} {q['model_answer']}") for q in case.get("questions", ())),
        ]
    for question in quiz:
        right = [c["text"] for c in question["choices"] if c["id"] in question["right"]]
        out[f"quiz: {question['id']}"] = [
            (frozenset(), question["question"]),
            *((frozenset(), text) for text in right),
            (frozenset(), question["reason"]),
        ]
    return out


@cache
def documents() -> dict[str, list[Block]]:
    docs: dict[str, list[Block]] = {
        name: pdf_blocks(build(CONTEXT)) for name, build in PDF_BUILDERS.items()
    }
    docs["route chart (on screen)"] = [(frozenset(), line) for line in route_chart.outline()]
    for topic in library().topics():
        docs[f"help: {topic.id}"] = help_blocks(topic.blocks)
    docs["screening results"] = screen_blocks()
    docs.update(practice_blocks())
    docs["strings in app/ and ui/"] = code_blocks()
    return docs


# -- the tests ----------------------------------------------------------------------------
def test_the_vocabulary_gives_each_tier_its_timescales():
    """The reader understands the vocabulary: a check that the checks below can bite."""
    wanted = expected()
    assert wanted["X"]["tell lead"] == {v.STRAIGHT_AWAY}
    assert wanted["X"]["contact"] == {v.TODAY} == wanted["3"]["contact"]
    assert wanted["X"]["written"] == {v.WRITTEN_WITHIN} == wanted["3"]["written"]
    assert wanted["3"]["tell lead"] == {v.STRAIGHT_AWAY}
    assert wanted["2"]["tell lead"] == {v.TODAY}
    assert wanted["2"]["contact"] == {v.CONSULT_WHEN}
    assert wanted["2"]["look again"] == {v.RESCREEN_EARLY} == wanted["1"]["look again"]
    assert wanted["1"]["tell lead"] == {v.ONE_WORKING_DAY}
    assert "contact" not in wanted["1"] and "contact" not in wanted["V"]
    assert wanted[ADULT]["tell lead"] == {v.TODAY, v.STRAIGHT_AWAY}  # never slower
    assert wanted[ADULT]["LADO"] == {v.ONE_WORKING_DAY}
    assert disagreements([b for bs in vocabulary_blocks().values() for b in bs]) == []


@pytest.mark.parametrize(
    "wrong",
    [
        "Significant concern: phone referral the same day.",
        "Act now, serious or significant: phones children's social care the same day.",
        "Early warning: tell the lead today.",
        "Early warning: phone the MASH within 1 working day.",
        "Serious concern: tell the designated lead the same day.",
        "Significant concern: look again within 6 to 8 weeks.",
        "Act now: send the written referral within 48 hours.",
        "If the worry is about a member of staff, the lead tells the LADO within 2 working days.",
        "A child under 13, or a child with a learning disability, is always referred.",
        # As the policy and the route chart help said before the vocabulary:
        "Act now, serious or significant: phones children's social care (the MASH or duty team) "
        "the same day, and sends the written referral within 24 hours.",
        "Act now or serious concern: the lead phones the children's social care duty team or "
        "MASH straight away, the same day.",
        "The worry is about a member of staff. The lead contacts the LADO through children's "
        "social care, within two working days.",
    ],
)
def test_a_sentence_that_disagrees_is_found(wrong):
    assert disagreements([(frozenset(), wrong)]), wrong


def test_a_heading_or_an_earlier_sentence_names_the_tier():
    assert disagreements([(frozenset({"2"}), "Phone the MASH the same day.")])
    assert disagreements([(frozenset(), "Significant concern. The lead phones the MASH today.")])
    assert not disagreements(
        [(frozenset({"2"}), "Tell the lead today. Look again within four to six weeks.")]
    )


@pytest.mark.slow  # reads every document
def test_every_document_agrees_with_the_vocabulary():
    problems = [
        f"{name}: {problem}"
        for name, blocks in documents().items()
        for problem in disagreements(blocks)
    ]
    assert not problems, "\n".join(problems)


# The timescales each main document must state, so the check above cannot pass by a
# document saying nothing at all.
MUST_SAY = {
    "policy": {
        ("X", "tell lead"),
        ("X", "contact"),
        ("X", "written"),
        ("3", "tell lead"),
        ("3", "contact"),
        ("3", "written"),
        ("2", "tell lead"),
        ("2", "contact"),
        ("2", "look again"),
        ("1", "tell lead"),
        ("1", "look again"),
        (ADULT, "tell lead"),
        (ADULT, "LADO"),
    },
    "staff leaflet": {("3", "tell lead"), (ADULT, "tell lead"), (ADULT, "LADO")},
    "template: whistleblowing procedure": {(ADULT, "LADO")},
    "template: volunteer code of conduct": {(ADULT, "LADO")},
    "route chart (printed)": {
        ("X", "contact"),
        ("3", "contact"),
        ("X", "written"),
        ("2", "contact"),
        (ADULT, "tell lead"),
        (ADULT, "LADO"),
    },
    "route chart (on screen)": {("3", "contact"), ("2", "contact"), (ADULT, "LADO")},
    "help: route-chart": {
        ("X", "tell lead"),
        ("3", "contact"),
        ("2", "contact"),
        ("1", "look again"),
        (ADULT, "tell lead"),
        (ADULT, "LADO"),
    },
    "help: screening-checklist": {
        ("X", "tell lead"),
        ("X", "contact"),
        ("X", "written"),
        ("3", "tell lead"),
        ("3", "contact"),
        ("3", "written"),
        ("2", "tell lead"),
        ("2", "contact"),
        ("2", "look again"),
        ("1", "tell lead"),
        ("1", "look again"),
        (ADULT, "tell lead"),
        (ADULT, "LADO"),
    },
    "help: what-to-do": {
        ("3", "tell lead"),
        ("2", "tell lead"),
        ("1", "tell lead"),
        (ADULT, "tell lead"),
        (ADULT, "LADO"),
    },
}


def test_the_practice_cases_and_quiz_are_read_and_state_timescales():
    """The check above reads them: every case and question is there, and between them
    they say when the lead is told for more than one tier."""
    blocks = practice_blocks()
    cases = json.loads((ROOT / "resources" / "practice" / "cases.json").read_text("utf-8"))
    quiz = json.loads((ROOT / "resources" / "practice" / "quiz.json").read_text("utf-8"))
    assert len(blocks) == len(cases["cases"]) + len(quiz["questions"])
    said = {
        (tier, kind)
        for each in blocks.values()
        for tiers, _s, _p, kind in statements(each)
        for tier in tiers
    }
    assert {("2", "tell lead"), ("2", "contact"), (ADULT, "LADO")} <= said
    # A case that said an early warning goes to the lead the same day would be found.
    wrong = [(frozenset({"1"}), "Asha tells the lead the same day.")]
    assert disagreements(wrong)


@pytest.mark.parametrize("name", sorted(MUST_SAY))
def test_the_main_documents_state_the_timescales(name):
    said = {(tier, kind) for tiers, _s, _p, kind in statements(documents()[name]) for tier in tiers}
    missing = MUST_SAY[name] - said
    assert not missing, f"{name} does not say: {sorted(missing)}"


def test_help_placeholders_are_filled_on_screen_in_print_and_in_search():
    topic = library().topic("screening-checklist")
    assert "{{" not in topic.body and v.CONSULT_WHEN in topic.text
    page = html.unescape(topic_html(topic))
    assert "{{" not in page and v.CONSULT_WHEN in page
    printed = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(build_topic_pdf(topic, []))).pages
    )
    assert "{{" not in printed and v.CONSULT_WHEN in printed and v.label("2") in printed
    found = HelpIndex(library()).search("next working day")
    assert "screening-checklist" in [r.topic_id for r in found]
    for each in library().topics():
        assert "{{" not in each.text and "}}" not in each.text, each.id


def test_an_unknown_placeholder_stops_the_help_loading(tmp_path):
    import shutil

    from app.core.paths import resource_dir
    from app.help.topics import HelpContentError

    shutil.copytree(resource_dir() / "help", tmp_path / "help")
    page = tmp_path / "help" / "route-chart.md"
    page.write_text(page.read_text("utf-8") + "\n{{tier.7.label}}\n", "utf-8")
    with pytest.raises(HelpContentError, match=r"route-chart\.md.*tier\.7\.label"):
        HelpLibrary.load(tmp_path / "help")


def test_an_unknown_placeholder_stops_the_route_chart_loading(tmp_path):
    chart = tmp_path / "route.json"
    chart.write_text(
        route_chart.chart_path().read_text("utf-8").replace("{{when.today}}", "{{when.soonish}}"),
        "utf-8",
    )
    with pytest.raises(route_chart.ChartError, match=r"when\.soonish"):
        route_chart.load_chart(chart)


def test_the_route_chart_file_takes_its_tiers_and_timescales_from_the_vocabulary():
    raw = re.sub(r"\{\{[^}]*\}\}", "", route_chart.chart_path().read_text("utf-8"))
    for words in (
        "Significant concern",
        "Early warning",
        "Serious concern",
        "within 24 hours",
        "today",
        "working day",
        "straight away",
    ):
        assert words not in raw, f"route.json types {words!r}: use a placeholder"
    shown = " ".join(route_chart.outline())
    for words in (v.label("2"), v.label("3"), v.label("1"), v.CONSULT_WHEN, v.WRITTEN_WITHIN):
        assert words in shown


def test_the_deputy_and_trustee_are_named_where_a_document_names_them():
    for name, build in PDF_BUILDERS.items():
        if name in ("parents leaflet", "young people's leaflet"):
            continue  # they send families to the lead, not the deputy
        if name == "template: information sharing rules and record":
            continue  # advice comes from the lead or deputy; the trustee sees no details
        text = " ".join(
            " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(build(CONTEXT))).pages
        )
        for who in ("Jo Bloggs", "01604 555 0303", "Priya Shah"):
            assert who in text, f"{name} does not print {who}"
    unnamed = replace(CONTEXT, deputy_name="", deputy_phone="")
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(leaflets.build_staff_leaflet(unnamed))).pages
    )
    assert "the deputy lead" in " ".join(text.split())


def test_the_tier_words_in_lists_are_the_vocabulary_s():
    from app.casework import decisions, records

    assert records.TIER_WORDS is v.TIER_WORDS is decisions.TIER_WORDS
    assert records.TIER_ORDER == v.TIER_ORDER
    assert {tier: v.short(tier) for tier in v.TIER_ORDER} == v.TIER_WORDS


def test_nothing_tells_someone_on_the_form_to_fill_in_a_concern_form():
    said = [
        text
        for blocks in documents().values()
        for _h, text in blocks
        if re.search(r"(?:write|record)\w*[^.]{0,40}\bon a concern form", text, re.I)
    ]
    assert not said

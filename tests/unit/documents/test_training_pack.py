"""The training evening in a box: every PDF builds, carries its pages and headings, names
the lead and the local numbers, uses no blaming words, and holds every made-up case and
every quiz question. Text is read back out of the real PDFs with pypdf."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.documents import pdf_kit, training_pack
from app.documents.context import DocumentContext
from app.screening.practice_cases import blaming_words, load_practice_cases
from app.screening.practice_quiz import load_quiz

FULL = DocumentContext(
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
    made_on=date(2025, 3, 1),
)
BUILDERS = {key: build for key, _title, _name, build in training_pack.TRAINING_DOCUMENTS}


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " ")) for page in reader.pages]


def flat(value: str) -> str:
    return re.sub(r"\s+", " ", value)


@pytest.fixture(scope="module")
def built() -> dict[str, list[str]]:
    return {key: pages(build(FULL)) for key, build in BUILDERS.items()}


@pytest.mark.parametrize("key", BUILDERS)
def test_each_document_is_headed_numbered_and_free_of_blaming_words(built, key):
    found = built[key]
    for number, page in enumerate(found, 1):
        assert "Riverside Youth Club" in page
        assert f"Page {number} of {len(found)}" in page
    assert blaming_words(" ".join(found)) == []


@pytest.mark.parametrize("minutes", [60, 90])
def test_session_plan_has_every_timed_section_the_definition_and_who_to_tell(built, minutes):
    text = " ".join(built[f"plan-{minutes}"])
    assert f"A {minutes}-minute training evening" in text
    assert sum(training_pack.MINUTES[minutes]) == minutes
    start = 0
    for number, (name, length) in enumerate(
        zip(training_pack.SECTIONS, training_pack.MINUTES[minutes], strict=True), 1
    ):
        clock = training_pack._clock(start, length)
        assert f"{number}. {name} ({clock}, {length} minutes)" in text, name
        start += length
    assert training_pack._clock(start - length, length).endswith(
        f"{minutes // 60}:{minutes % 60:02d}"
    )
    assert flat(training_pack.DEFINITION) in text  # quoted whole, word for word
    for detail in ("Sam Okafor", "Youth Leader", "01604 555 0101", "Jo Bloggs", "Priya Shah"):
        assert detail in text, detail
    for number in ("999", "0300 126 7000", "01604 626938", "0808 800 5000"):
        assert number in text, number
    cases = load_practice_cases()[: training_pack.CASES_IN[minutes]]
    for case in cases:  # the plan names the cases it has time for
        assert case.title in text
    assert 3 <= len(built[f"plan-{minutes}"]) <= 7


def test_the_longer_plan_says_more():
    assert len(" ".join(pages(training_pack.build_session_plan_90(FULL)))) > len(
        " ".join(pages(training_pack.build_session_plan_60(FULL)))
    )
    with pytest.raises(ValueError):
        training_pack.build_session_plan(FULL, 45)


def body(found: list[str], title: str) -> str:
    """The pages' text without the page furniture, so text running over a page is whole."""
    furniture = re.compile(
        rf"\s*(Made with the Tackling CSE Toolkit for Riverside Youth Club Page \d+ of \d+"
        rf"|1 March 2025|Riverside Youth Club: {re.escape(title)})\s*"
    )
    return " ".join(furniture.sub(" ", page).strip() for page in found)


def test_every_case_its_questions_and_model_answers_are_in_the_pack(built):
    text = body(built["cases"], training_pack.CASES_TITLE)
    answers_from = text.index("Model answers")
    cases = load_practice_cases()
    assert len(cases) >= 10
    for number, case in enumerate(cases, 1):
        heading = f"Case {number}: {case.title}"
        assert text.index(heading) < answers_from < text.rindex(heading)
        assert flat(case.story) in text, case.id
        for question in case.questions:
            assert text.count(flat(question.question)) == 2, question.question  # asked, answered
            assert flat(question.model_answer) in text[answers_from:]
        assert flat(case.why) in text[answers_from:]


def test_every_quiz_question_is_on_the_quiz_and_the_answer_sheet(built):
    quiz = body(built["quiz"], training_pack.QUIZ_TITLE)
    answers = body(built["quiz-answers"], training_pack.ANSWERS_TITLE)
    questions = load_quiz()
    assert len(questions) >= 20
    for number, question in enumerate(questions, 1):
        assert f"{number}. {flat(question.question)}" in quiz
        assert f"{number}. {flat(question.question)}" in answers
        for choice in question.choices:
            assert flat(choice.text) in quiz
        assert flat(question.reason) in answers
        for choice in question.choices:
            if choice.id in question.right:
                assert flat(choice.text) in answers
    assert "Answer:" not in quiz and "Why:" not in quiz  # no answers on the handout


def test_attendance_sheet_is_one_blank_page(built):
    (page,) = built["attendance"]
    for heading in (
        "Training attendance sheet",
        "Date:",
        "Topic:",
        "Led by:",
        "Name Role Signature",
    ):
        assert heading in page
    assert "Sam Okafor" not in page  # nothing filled in from the records
    assert "1 March 2025" not in page  # the printing date is not the session's date


@pytest.mark.parametrize("key", BUILDERS)
def test_generic_context_builds_with_lines_for_the_lead(key):
    text = " ".join(pages(BUILDERS[key](DocumentContext())))
    assert "Riverside" not in text
    if key.startswith("plan"):
        assert "the designated lead" in text
        assert "our organisation" in text


def test_metadata_carries_no_names():
    for build in BUILDERS.values():
        info = PdfReader(io.BytesIO(build(FULL))).metadata
        assert "Riverside" not in str(dict(info)) and "Sam" not in str(dict(info))
    assert pdf_kit.BLANK  # the blank line the sheets use
